from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("invitation/<str:token>/", views.invitation_accept_view, name="invitation-accept"),
    path("language/", views.language_set, name="language-set"),
]
