from django.contrib import admin

from .models import Pair


# Status changes go through the services (events, notifications, re-matching): read-only here.
@admin.register(Pair)
class PairAdmin(admin.ModelAdmin[Pair]):
    list_display = ["junior", "senior", "program", "status", "junior_response", "senior_response", "respond_by"]
    list_filter = ["organization", "status"]
    search_fields = ["junior__first_name", "junior__last_name", "senior__first_name", "senior__last_name"]
    raw_id_fields = ["program", "junior", "senior", "proposal", "proposed_by"]
    readonly_fields = [
        "status",
        "junior_response",
        "senior_response",
        "junior_responded_at",
        "senior_responded_at",
        "reminder_sent_at",
        "started_on",
    ]
