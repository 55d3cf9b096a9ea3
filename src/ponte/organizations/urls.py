from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("departments/", views.department_list, name="department-list"),
    path("departments/new/", views.department_create, name="department-create"),
    path("departments/<int:department_id>/", views.department_edit, name="department-edit"),
    path("departments/<int:department_id>/delete/", views.department_delete_view, name="department-delete"),
]
