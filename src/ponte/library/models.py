"""Experience pills: what people teach each other, kept, findable and reusable.

A pill is addressed to one audience when it is written (a person, a pair, a program or the whole
organisation) and can later be shared more widely. Each grant is its own column, so widening
never takes access away from someone who already had it: the person a pill was recorded for
keeps it when the author shares it with their program. Organisation-wide visibility needs the
author's consent (``org_consent_at``) and a program manager's approval (``org_status``).

Media files live in the ``library`` storage under server-generated names and are never given a
public URL: views in ``player_views`` serve them after the gate in ``access``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ponte.core.models import TenantQuerySet
from ponte.organizations.models import Organization, OrganizationOwned

if TYPE_CHECKING:
    from ponte.organizations.models import Membership
    from ponte.people.models import Person


def library_storage() -> Storage:
    """The storage of pill media, thumbnails and captions (filesystem or S3, per settings)."""
    return storages["library"]


class PillKind(models.TextChoices):
    TEXT = "text", _("Text")
    VIDEO = "video", _("Video")
    AUDIO = "audio", _("Audio")
    IMAGE = "image", _("Image")
    PDF = "pdf", _("PDF document")
    LINK = "link", _("Link")


class Audience(models.TextChoices):
    PERSON = "person", _("One person")
    PAIR = "pair", _("A pair")
    PROGRAM = "program", _("A program")
    ORGANIZATION = "organization", _("The whole organisation")


#: Widest last: a pill's ``audience`` only ever moves to the right.
AUDIENCE_ORDER = [Audience.PERSON, Audience.PAIR, Audience.PROGRAM, Audience.ORGANIZATION]


class OrgStatus(models.TextChoices):
    NOT_REQUESTED = "not_requested", _("Not shared with the organisation")
    PENDING = "pending", _("Waiting for a program manager's approval")
    APPROVED = "approved", _("Shared with the whole organisation")
    DECLINED = "declined", _("Not approved for the whole organisation")


class Tag(OrganizationOwned):
    """A free tag, shared by the organisation's pills; ``slug`` keeps "Excel" and "excel" one tag."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("short name"), max_length=60, allow_unicode=True)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "slug"], name="tag_unique_slug_per_org")]

    def __str__(self) -> str:
        return self.name


class PillQuerySet(TenantQuerySet):
    def visible_to(self, membership: Membership, person: Person | None) -> PillQuerySet:
        """The pills this member may see, search and download, in their organisation only.

        The author, the person it was recorded for, the pair's two people, the program's approved
        participants and its managers, and — once approved — everyone. Program managers also see
        pills waiting for their approval (the author consented to the organisation seeing them).
        Admins get no more than this: a pill addressed to one person stays between the two.
        """
        from ponte.pairs.models import Pair
        from ponte.programs.models import Enrolment, EnrolmentStatus

        rows = self.filter(organization_id=membership.organization_id)
        grants = Q(org_status=OrgStatus.APPROVED)
        if membership.can_manage_programs:
            grants |= Q(org_status=OrgStatus.PENDING) | Q(program__isnull=False)
        if person is not None:
            # A person has a handful of pairs and programs: plain id lists keep the search
            # engine's join cheap, where correlated subqueries would run for every match.
            pair_ids = list(
                Pair.objects.filter(organization_id=membership.organization_id)
                .filter(Q(junior=person) | Q(senior=person))
                .values_list("pk", flat=True)
            )
            program_ids = list(
                Enrolment.objects.filter(person=person, status=EnrolmentStatus.APPROVED).values_list(
                    "program_id", flat=True
                )
            )
            grants |= Q(author=person) | Q(recipient=person)
            if pair_ids:
                grants |= Q(pair_id__in=pair_ids)
            if program_ids:
                grants |= Q(program_id__in=program_ids)
        return rows.filter(grants)

    def awaiting_review(self) -> PillQuerySet:
        return self.filter(org_status=OrgStatus.PENDING)


def _media_path(instance: Any, filename: str) -> str:
    # Never reached with a person's file name: services save under names from media.storage_name().
    return filename


class Pill(OrganizationOwned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="pills")
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"), max_length=20000, blank=True, help_text=_("Markdown."))
    body_html = models.TextField(editable=False, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=PillKind.choices, default=PillKind.TEXT)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="it")
    external_url = models.URLField(_("link"), max_length=500, blank=True)
    skills = models.ManyToManyField("skills.Skill", related_name="+", blank=True, verbose_name=_("skills"))
    tags = models.ManyToManyField(Tag, related_name="pills", blank=True, verbose_name=_("tags"))

    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.PERSON)
    recipient = models.ForeignKey(
        "people.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pills_received",
        verbose_name=_("for"),
    )
    pair = models.ForeignKey(
        "pairs.Pair", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("pair")
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("program"),
    )
    org_status = models.CharField(
        _("organisation-wide"), max_length=20, choices=OrgStatus.choices, default=OrgStatus.NOT_REQUESTED
    )
    org_consent_at = models.DateTimeField(_("author consented on"), null=True, blank=True)
    org_reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    org_reviewed_by = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    org_review_note = models.CharField(_("note to the author"), max_length=500, blank=True)

    media = models.FileField(
        _("media file"), storage=library_storage, upload_to=_media_path, max_length=255, blank=True
    )
    media_mime = models.CharField(max_length=100, blank=True, editable=False)
    media_size = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    duration_seconds = models.FloatField(_("duration (seconds)"), null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    thumbnail = models.FileField(storage=library_storage, upload_to=_media_path, max_length=255, blank=True)
    captions = models.FileField(
        _("captions"), storage=library_storage, upload_to=_media_path, max_length=255, blank=True
    )
    transcript = models.TextField(_("transcript"), max_length=200000, blank=True)

    views_count = models.PositiveIntegerField(_("views"), default=0, editable=False)
    helpful_count = models.PositiveIntegerField(_("found it helpful"), default=0, editable=False)
    published_at = models.DateTimeField(_("published on"), default=timezone.now, db_index=True)

    objects = PillQuerySet.as_manager()

    class Meta:
        verbose_name = _("experience pill")
        verbose_name_plural = _("experience pills")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "org_status", "published_at"], name="pill_org_status_published"),
            models.Index(fields=["organization", "author"], name="pill_org_author"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(org_status=OrgStatus.NOT_REQUESTED) | Q(org_consent_at__isnull=False),
                name="pill_org_sharing_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_org_wide(self) -> bool:
        return self.org_status == OrgStatus.APPROVED

    @property
    def has_media(self) -> bool:
        return bool(self.media)


class PillView(OrganizationOwned):
    """One person opened the pill: counted once per person, however often they come back."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pill = models.ForeignKey(Pill, on_delete=models.CASCADE, related_name="views")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    last_viewed_at = models.DateTimeField(default=timezone.now)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("pill view")
        verbose_name_plural = _("pill views")
        constraints = [models.UniqueConstraint(fields=["pill", "person"], name="pill_view_once_per_person")]


class PillReaction(OrganizationOwned):
    """ "This helped me": one per person and pill."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pill = models.ForeignKey(Pill, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("“this helped me”")
        verbose_name_plural = _("“this helped me”")
        constraints = [models.UniqueConstraint(fields=["pill", "person"], name="pill_reaction_once_per_person")]


class PillComment(OrganizationOwned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    pill = models.ForeignKey(Pill, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("comment"), max_length=2000)

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]


class Collection(OrganizationOwned):
    """An ordered set of pills — a learning path — that program managers can assign to programs."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    created_by = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    programs = models.ManyToManyField(
        "programs.Program", through="CollectionAssignment", related_name="+", blank=True, verbose_name=_("programs")
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    pill = models.ForeignKey(Pill, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("pill in a learning path")
        verbose_name_plural = _("pills in a learning path")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "pill"], name="collection_item_pill_once"),
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}#{self.position}: {self.pill_id}"


class CollectionAssignment(OrganizationOwned):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="assignments")
    program = models.ForeignKey("programs.Program", on_delete=models.CASCADE, related_name="+")
    assigned_by = models.ForeignKey("people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("learning path of a program")
        verbose_name_plural = _("learning paths of programs")
        constraints = [
            models.UniqueConstraint(fields=["collection", "program"], name="collection_assigned_once_per_program"),
        ]
