from django.contrib import admin

from .models import AvailabilityWindow, ImportJob, Person, SkillOffer, SkillWant


class AvailabilityInline(admin.TabularInline[AvailabilityWindow, Person]):
    model = AvailabilityWindow
    extra = 0


class OfferInline(admin.TabularInline[SkillOffer, Person]):
    model = SkillOffer
    extra = 0
    raw_id_fields = ["skill"]


class WantInline(admin.TabularInline[SkillWant, Person]):
    model = SkillWant
    extra = 0
    raw_id_fields = ["skill"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["last_name", "first_name", "email", "organization", "department", "is_active"]
    list_filter = ["organization", "is_active"]
    search_fields = ["first_name", "last_name", "email", "employee_number"]
    raw_id_fields = ["user", "manager", "department"]
    inlines = [AvailabilityInline, OfferInline, WantInline]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    list_display = ["original_name", "organization", "status", "total_rows", "created_at"]
    list_filter = ["organization", "status"]
    readonly_fields = ["errors", "summary", "headers", "mapping"]
