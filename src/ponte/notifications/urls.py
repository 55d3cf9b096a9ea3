from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("<int:notification_id>/open/", views.notification_open, name="notification-open"),
    path("read-all/", views.notification_read_all, name="notification-read-all"),
    path("preferences/", views.notification_preferences, name="preferences"),
]
