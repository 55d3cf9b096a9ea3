from django.contrib import admin

from .models import Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["title", "recipient", "organization", "kind", "created_at", "read_at", "in_app", "emailed"]
    list_filter = ["organization", "kind", "in_app", "emailed"]
    search_fields = ["title", "recipient__email"]


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin[NotificationPreference]):
    list_display = ["user", "organization", "kind", "email", "in_app"]
    list_filter = ["organization", "kind"]
    search_fields = ["user__email"]
