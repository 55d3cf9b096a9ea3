from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditLog, CheckIn


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin[CheckIn]):
    """Schedule only: answers are confidential and never shown here."""

    list_display = ("pair", "person", "due_on", "sent_at", "answered_at")
    raw_id_fields = ("pair", "person")
    fields = ("organization", "pair", "person", "due_on", "sent_at", "answered_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin[AuditLog]):
    """Read-only: the audit log is only ever appended to."""

    list_display = ("created_at", "organization", "actor", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    readonly_fields = ("created_at", "organization", "actor", "action", "object_type", "object_id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
