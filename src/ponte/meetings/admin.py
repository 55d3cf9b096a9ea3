from django.contrib import admin

from .models import CalendarFeed, Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin[Meeting]):
    list_display = ("pair", "starts_at", "duration_minutes", "channel", "status", "sequence")
    list_filter = ("status", "channel")
    raw_id_fields = ("pair", "created_by")
    exclude = ("agenda",)


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin[CalendarFeed]):
    list_display = ("user", "organization", "created_at", "revoked_at")
    raw_id_fields = ("user",)
    exclude = ("token_hash",)
