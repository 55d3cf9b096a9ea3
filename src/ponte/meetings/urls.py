from django.urls import path

from . import record_views, views

app_name = "meetings"
urlpatterns = [
    path("pair/<int:pair_id>/", views.pair_meetings, name="pair-meetings"),
    path("pair/<int:pair_id>/new/", views.meeting_create, name="meeting-create"),
    path("<int:meeting_id>/", record_views.meeting_detail, name="meeting-detail"),
    path("<int:meeting_id>/outcome/", record_views.meeting_outcome, name="meeting-outcome"),
    path("<int:meeting_id>/notes/", record_views.meeting_notes, name="meeting-notes"),
    path("<int:meeting_id>/private-note/", record_views.meeting_private_note, name="meeting-private-note"),
    path("<int:meeting_id>/actions/", record_views.action_create, name="action-create"),
    path("actions/<int:action_id>/done/", record_views.action_done, name="action-done"),
    path("actions/<int:action_id>/delete/", record_views.action_delete, name="action-delete"),
    path("<int:meeting_id>/change/", views.meeting_change, name="meeting-change"),
    path("<int:meeting_id>/cancel/", views.meeting_cancel_view, name="meeting-cancel"),
    path("<int:meeting_id>/invite.ics", views.meeting_ics, name="meeting-ics"),
    path("calendar/", views.my_calendar, name="calendar"),
    path("calendar/new/", views.calendar_feed_new, name="calendar-new"),
    path("calendar/revoke/", views.calendar_feed_stop, name="calendar-revoke"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
