from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("programs/<int:program_id>/", views.program_matching, name="program-matching"),
    path("programs/<int:program_id>/run/", views.run_start, name="run-start"),
    path("runs/<int:run_id>/", views.run_detail, name="run-detail"),
    path("proposals/<int:proposal_id>/pin/", views.proposal_pin, name="proposal-pin"),
    path("proposals/<int:proposal_id>/forbid/", views.proposal_forbid, name="proposal-forbid"),
]
