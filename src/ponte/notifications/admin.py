from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["title", "recipient", "organization", "kind", "created_at", "read_at"]
    list_filter = ["organization", "kind"]
    search_fields = ["title", "recipient__email"]
