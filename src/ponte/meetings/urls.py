from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("pair/<int:pair_id>/", views.pair_meetings, name="pair-meetings"),
    path("pair/<int:pair_id>/new/", views.meeting_create, name="meeting-create"),
    path("<int:meeting_id>/change/", views.meeting_change, name="meeting-change"),
    path("<int:meeting_id>/cancel/", views.meeting_cancel_view, name="meeting-cancel"),
    path("<int:meeting_id>/invite.ics", views.meeting_ics, name="meeting-ics"),
    path("calendar/", views.my_calendar, name="calendar"),
    path("calendar/new/", views.calendar_feed_new, name="calendar-new"),
    path("calendar/revoke/", views.calendar_feed_stop, name="calendar-revoke"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
]
