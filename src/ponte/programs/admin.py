from django.contrib import admin

from .models import Enrolment, EnrolmentSkill, Program


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin[Program]):
    list_display = ["name", "organization", "status", "starts_on", "ends_on"]
    list_filter = ["organization", "status"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["created_by"]
    filter_horizontal = ["junior_skills", "senior_skills"]


class EnrolmentSkillInline(admin.TabularInline[EnrolmentSkill, Enrolment]):
    model = EnrolmentSkill
    extra = 0
    raw_id_fields = ["skill"]


# Private wishes are deliberately not shown here: only the matching engine reads them.
@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    list_display = ["person", "program", "role", "status", "organization"]
    list_filter = ["organization", "status", "role"]
    search_fields = ["person__first_name", "person__last_name", "program__name"]
    raw_id_fields = ["person", "program", "approved_by"]
    inlines = [EnrolmentSkillInline]
