"""The dashboards' routes. The reports app is mounted at the site root, so they carry their own
``reports/`` prefix (a bare ``programs/<id>/`` would shadow the program page)."""

from django.urls import URLPattern, path

from . import dashboard_views

urlpatterns: list[URLPattern] = [
    path("reports/dashboard/", dashboard_views.org_dashboard, name="org-dashboard"),
    path("reports/programs/<int:program_id>/", dashboard_views.program_dashboard, name="program-dashboard"),
]
