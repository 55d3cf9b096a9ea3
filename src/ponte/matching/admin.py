from django.contrib import admin

from .models import MatchRun, PairDecision, Proposal


@admin.register(MatchRun)
class MatchRunAdmin(admin.ModelAdmin[MatchRun]):
    list_display = ["pk", "program", "kind", "status", "progress", "created_at", "organization"]
    list_filter = ["organization", "status", "kind"]
    raw_id_fields = ["program", "created_by"]
    readonly_fields = ["parameters", "metrics", "error"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin[Proposal]):
    list_display = ["pk", "run", "junior", "senior", "score", "pinned", "manual"]
    list_filter = ["organization", "pinned", "manual"]
    raw_id_fields = ["run", "junior", "senior"]


@admin.register(PairDecision)
class PairDecisionAdmin(admin.ModelAdmin[PairDecision]):
    list_display = ["program", "junior", "senior", "kind", "reason", "decided_by", "created_at"]
    list_filter = ["organization", "kind"]
    raw_id_fields = ["program", "junior", "senior", "decided_by"]
