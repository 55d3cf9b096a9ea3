from django.urls import path

from . import import_views

urlpatterns = [
    path("", import_views.import_start, name="import-start"),
    path("<int:job_id>/", import_views.import_detail, name="import-detail"),
    path("<int:job_id>/columns/", import_views.import_mapping, name="import-mapping"),
    path("<int:job_id>/confirm/", import_views.import_confirm, name="import-confirm"),
    path("<int:job_id>/errors.csv", import_views.import_errors, name="import-errors"),
]
