from django.urls import path

from . import closure_views, meeting_feedback_views, views

app_name = "feedback"
urlpatterns = [
    path("", views.my_checkins, name="my-checkins"),
    path("<int:checkin_id>/", views.checkin_answer_view, name="checkin-answer"),
    path("<int:checkin_id>/read/", views.checkin_detail, name="checkin-detail"),
    path("program/<int:program_id>/", views.program_checkins, name="program-checkins"),
    path("meeting/<int:meeting_id>/", meeting_feedback_views.meeting_feedback, name="meeting-feedback"),
    path("closure/<int:survey_id>/", closure_views.closure_answer_view, name="closure-answer"),
]
