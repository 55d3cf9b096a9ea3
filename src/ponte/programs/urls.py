from django.urls import path

from . import invitation_views, views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="program-list"),
    path("new/", views.program_create_view, name="program-create"),
    path("<int:program_id>/", views.program_detail, name="program-detail"),
    path("<int:program_id>/edit/", views.program_edit, name="program-edit"),
    path("<int:program_id>/transition/", views.program_transition_view, name="program-transition"),
    path("<int:program_id>/duplicate/", views.program_duplicate_view, name="program-duplicate"),
    path("<int:program_id>/close-enrolment/", views.program_close_enrolment_view, name="program-close-enrolment"),
    path("<int:program_id>/invite/", invitation_views.program_invite_view, name="program-invite"),
    path("<int:program_id>/enrolments/", views.enrolment_list, name="enrolment-list"),
    path("<int:program_id>/enrolments/approve-all/", views.enrolment_approve_all_view, name="enrolment-approve-all"),
    path("<int:program_id>/enrol/", views.enrolment_create_view, name="enrolment-create"),
    path("enrolments/<int:enrolment_id>/", views.enrolment_detail, name="enrolment-detail"),
    path("enrolments/<int:enrolment_id>/edit/", views.enrolment_edit, name="enrolment-edit"),
    path("enrolments/<int:enrolment_id>/withdraw/", views.enrolment_withdraw_view, name="enrolment-withdraw"),
    path("enrolments/<int:enrolment_id>/approve/", views.enrolment_approve_view, name="enrolment-approve"),
]
