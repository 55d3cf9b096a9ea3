from django.urls import URLPattern, path

from . import export_views

urlpatterns: list[URLPattern] = [
    path("reports/export/<str:kind>.<str:fmt>", export_views.export, name="export"),
    path("reports/programs/<int:program_id>/report.pdf", export_views.program_pdf, name="program-pdf"),
]
