from django.urls import include, path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person-list"),
    path("new/", views.person_create_view, name="person-create"),
    path("me/", views.profile, name="profile"),
    path("me/edit/", views.profile_edit, name="profile-edit"),
    path("me/availability/", views.availability_edit, name="availability-edit"),
    path("me/photo/", views.photo_edit, name="photo-edit"),
    path("me/skills/", include("ponte.people.skill_urls")),
    path("import/", include("ponte.people.import_urls")),
    path("<int:person_id>/", views.person_detail, name="person-detail"),
    path("<int:person_id>/edit/", views.person_edit, name="person-edit"),
    path("<int:person_id>/invite/", views.person_invite_view, name="person-invite"),
    path("<int:person_id>/photo/", views.person_photo, name="person-photo"),
]
