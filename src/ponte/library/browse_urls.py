from django.urls import URLPattern, path

from . import browse_views

urlpatterns: list[URLPattern] = [
    path("", browse_views.pill_home, name="home"),
    path("for-me/", browse_views.pill_for_me, name="for-me"),
]
