from django.urls import path

from . import views

app_name = "skills"
urlpatterns = [
    path("", views.framework_list, name="framework-list"),
    path("new/", views.skill_create, name="skill-create"),
    path("<int:skill_id>/edit/", views.skill_edit, name="skill-edit"),
]
