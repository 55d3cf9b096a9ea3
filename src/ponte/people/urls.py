from django.urls import include, path

from . import views

app_name = "people"
urlpatterns = [
    path("me/skills/", include("ponte.people.skill_urls")),
    path("import/", include("ponte.people.import_urls")),
]
