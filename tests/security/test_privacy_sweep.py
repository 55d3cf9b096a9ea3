"""Private words never leak: every page of ours, opened by the partner, the program team, an admin,
an unrelated colleague or another organisation, is searched for the canaries people wrote privately.

Giulia (junior) and Sergio (senior) are an active pair. Giulia writes a private meeting note, a
check-in comment (without asking HR to call), what she learned in her meeting feedback, a closing
survey comment (on an earlier, completed pair with Sergio), and a note to HR when she ended a
third pair. Every route of ours is requested with GET, its ids filled with those objects.

She also records an experience pill for Sergio alone (its transcript holds a canary).

Who may read what (product.md): the pill — Giulia and Sergio only, until she shares it; her
private note and feedback text — nobody but Giulia; her check-in and closing answers — nobody
but Giulia (HR only in aggregates); her notes to HR — the program team, never the partner or
colleagues. A route parameter the sweep cannot fill fails the meta-test, so new pages cannot
skip it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from ponte.feedback.models import CheckIn, ClosingSurvey, MeetingFeedback
from ponte.library.models import Audience, Pill
from ponte.library.search import index_pills
from ponte.meetings.models import ActionItem, Meeting, MeetingStatus, PrivateNote
from ponte.notifications.models import Notification
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import ImportJob, Person
from ponte.programs.models import Enrolment, Program, ProgramStatus
from tests.factories import DepartmentFactory, PersonFactory

from .routes import ponte_routes

pytestmark = pytest.mark.django_db

PRIVATE_NOTE = "Zxqprivnote"
LEARNED = "Zxqlearned"
CHECKIN = "Zxqcheckin"
CLOSING = "Zxqclosing"
NOTE_TO_HR = "Zxqhrnote"
PILL = "Zxqpill"

#: What each viewer must never read. The program team reads notes to HR, by design.
NEVER = {
    "acme_senior": {PRIVATE_NOTE, LEARNED, CHECKIN, CLOSING, NOTE_TO_HR},
    "acme_manager": {PRIVATE_NOTE, LEARNED, CHECKIN, CLOSING, PILL},
    "acme_admin": {PRIVATE_NOTE, LEARNED, CHECKIN, CLOSING, PILL},
    "acme_participant": {PRIVATE_NOTE, LEARNED, CHECKIN, CLOSING, NOTE_TO_HR, PILL},
    "globex_admin": {PRIVATE_NOTE, LEARNED, CHECKIN, CLOSING, NOTE_TO_HR, PILL},
}


@pytest.fixture
def scene(acme: Organization, acme_junior: Person, acme_senior: Person, acme_manager: Person) -> dict[str, int]:
    program = Program.objects.create(organization=acme, name="Bridge", slug="bridge", status=ProgramStatus.RUNNING)
    pair = Pair.objects.create(
        organization=acme,
        program=program,
        junior=acme_junior,
        senior=acme_senior,
        status=PairStatus.ACTIVE,
        started_on=timezone.localdate() - timedelta(days=60),
    )
    meeting = Meeting.objects.create(
        organization=acme,
        pair=pair,
        starts_at=timezone.now() - timedelta(days=2),
        duration_minutes=45,
        channel="video",
        status=MeetingStatus.HELD,
        shared_notes="We looked at prompts together",
    )
    PrivateNote.objects.create(organization=acme, meeting=meeting, author=acme_junior, text=PRIVATE_NOTE)
    MeetingFeedback.objects.create(
        organization=acme,
        meeting=meeting,
        pair=pair,
        author=acme_junior,
        recipient=acme_senior,
        rating=2,
        learned=LEARNED,
        kudos="Thank you for the patience",
    )
    action = ActionItem.objects.create(organization=acme, pair=pair, meeting=meeting, owner=acme_senior, text="Try it")
    checkin = CheckIn.objects.create(
        organization=acme,
        pair=pair,
        person=acme_junior,
        due_on=timezone.localdate(),
        sent_at=timezone.now(),
        answered_at=timezone.now(),
        satisfaction=1,
        learning=1,
        comment=CHECKIN,
    )
    earlier = Program.objects.create(organization=acme, name="Earlier", slug="earlier", status=ProgramStatus.CLOSED)
    done = Pair.objects.create(
        organization=acme, program=earlier, junior=acme_junior, senior=acme_senior, status=PairStatus.COMPLETED
    )
    survey = ClosingSurvey.objects.create(
        organization=acme,
        pair=done,
        person=acme_junior,
        answered_at=timezone.now(),
        satisfaction=2,
        learning=2,
        recommend=False,
        most_valuable=CLOSING,
        comment=CLOSING,
    )
    other = Program.objects.create(organization=acme, name="Other", slug="other", status=ProgramStatus.RUNNING)
    ended = Pair.objects.create(
        organization=acme,
        program=other,
        junior=acme_junior,
        senior=acme_senior,
        status=PairStatus.ENDED_EARLY,
        ended_by=acme_junior,
        end_reason="not_working",
        end_note=NOTE_TO_HR,
        decline_note=NOTE_TO_HR,
    )
    enrolment = Enrolment.objects.create(
        organization=acme, program=program, person=acme_junior, role="junior", motivation="Curious"
    )
    assert acme_junior.user is not None
    notification = Notification.objects.create(organization=acme, recipient=acme_junior.user, kind="x", title="t")
    job = ImportJob.objects.create(organization=acme, original_name="people.csv", file_format="csv", file="x.csv")
    pill = Pill.objects.create(
        organization=acme,
        author=acme_junior,
        recipient=acme_senior,
        audience=Audience.PERSON,
        title=f"Shortcuts {PILL}",
        summary=PILL,
        transcript=f"Today we learn {PILL}",
    )
    index_pills([pill.pk])
    return {
        "pair_id": pair.pk,
        "ended_pair_id": ended.pk,
        "meeting_id": meeting.pk,
        "action_id": action.pk,
        "checkin_id": checkin.pk,
        "survey_id": survey.pk,
        "program_id": program.pk,
        "other_program_id": other.pk,
        "enrolment_id": enrolment.pk,
        "person_id": acme_junior.pk,
        "notification_id": notification.pk,
        "job_id": job.pk,
        "department_id": DepartmentFactory(organization=acme).pk,
        "pill_id": pill.pk,
    }


#: Ids that need no private object of their own: any valid one will do.
def _any_skill(scene: dict[str, int]) -> int:
    from ponte.skills.models import Skill

    skill = Skill.objects.first()
    assert skill is not None
    return skill.pk


def _any_run(scene: dict[str, int]) -> int:
    from ponte.matching.models import MatchRun, RunStatus

    return MatchRun.objects.create(
        organization_id=Program.objects.get(pk=scene["program_id"]).organization_id,
        program_id=scene["program_id"],
        status=RunStatus.DONE,
    ).pk


def _any_proposal(scene: dict[str, int]) -> int:
    from ponte.matching.models import Proposal

    program = Program.objects.get(pk=scene["program_id"])
    senior = Enrolment.objects.create(
        organization=program.organization, program=program, person=PersonFactory(organization=program.organization)
    )
    return Proposal.objects.create(
        organization=program.organization,
        run_id=_any_run(scene),
        junior_id=scene["enrolment_id"],
        senior=senior,
        score=0.5,
    ).pk


def _any_comment(scene: dict[str, int]) -> int:
    from ponte.library.models import PillComment

    pill = Pill.objects.get(pk=scene["pill_id"])
    return PillComment.objects.create(
        organization_id=pill.organization_id, pill=pill, author_id=pill.recipient_id, body="Thank you"
    ).pk


def _any_collection(scene: dict[str, int]) -> int:
    from ponte.library.models import Collection, CollectionItem

    pill = Pill.objects.get(pk=scene["pill_id"])
    collection = Collection.objects.create(organization_id=pill.organization_id, title="Getting started")
    CollectionItem.objects.create(collection=collection, pill=pill)
    return collection.pk


FILLERS: dict[str, Callable[[dict[str, int]], int]] = {
    "comment_id": _any_comment,
    "collection_id": _any_collection,
    "skill_id": _any_skill,
    "run_id": _any_run,
    "proposal_id": _any_proposal,
}

#: Routes whose id has another meaning than the scene's main object: they are swept with each value.
ALTERNATIVES = {"pair_id": ("pair_id", "ended_pair_id"), "program_id": ("program_id", "other_program_id")}

#: Parameters that choose what to download, not an object: swept with every choice.
CHOICES: dict[str, tuple[str, ...]] = {"kind": ("pairs", "meetings", "checkins"), "fmt": ("csv", "xlsx")}

SECRET_PARAMS = {"token"}


def _routes() -> list[Any]:
    return [route for route in ponte_routes() if not set(route.params) & SECRET_PARAMS]


def _values(route: Any, scene: dict[str, int]) -> list[dict[str, object]]:
    choices: list[dict[str, object]] = [{}]
    for param in route.params:
        if param not in scene and param in FILLERS:
            scene[param] = FILLERS[param](scene)  # built once, before any page is read
        options: list[object] = (
            list(CHOICES[param]) if param in CHOICES else [scene[key] for key in ALTERNATIVES.get(param, (param,))]
        )
        choices = [{**chosen, param: option} for chosen in choices for option in options]
    return choices


def _read(response: Any) -> str:
    """What the viewer gets: a streamed download read to its end, a workbook's sheets unzipped."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(raw)) as workbook:
            raw = b"".join(workbook.read(name) for name in workbook.namelist())
    return raw.decode(errors="replace")


def test_every_route_parameter_can_be_filled() -> None:
    known = (
        set(FILLERS)
        | set(ALTERNATIVES)
        | set(CHOICES)
        | {
            "meeting_id",
            "action_id",
            "checkin_id",
            "survey_id",
            "enrolment_id",
            "person_id",
            "notification_id",
            "job_id",
            "department_id",
            "pill_id",
        }
    )
    missing = {param for route in _routes() for param in route.params} - known
    assert not missing, f"Teach the privacy sweep to fill {missing}."


@pytest.mark.parametrize("viewer", sorted(NEVER))
def test_no_page_shows_private_words_to_anyone_but_their_author(
    request, login, scene: dict[str, int], viewer: str
) -> None:
    client = login(request.getfixturevalue(viewer))
    forbidden = NEVER[viewer]
    leaks = []
    for route in _routes():
        for values in _values(route, scene):
            url = route.path(values)
            body = _read(client.get(url))
            found = sorted(word for word in forbidden if word in body)
            if found:
                leaks.append(f"{url} ({route.name}) shows {found}")
    assert not leaks, "\n".join(leaks)


def test_the_author_does_read_her_own_private_words(login, scene: dict[str, int], acme_junior: Person) -> None:
    """The canaries are real: the same sweep as Giulia finds each of them somewhere."""
    client = login(acme_junior)
    seen: set[str] = set()
    for route in _routes():
        for values in _values(route, scene):
            body = _read(client.get(route.path(values)))
            seen |= {word for word in (PRIVATE_NOTE, LEARNED, PILL) if word in body}
    assert seen == {PRIVATE_NOTE, LEARNED, PILL}


def _snapshot() -> str:
    from django.apps import apps
    from django.core import serializers

    # The writes a read makes, on purpose: the audit log (who opened which confidential answer)
    # and a pill's view count (who has watched it).
    reads = {"feedback.AuditLog", "library.PillView"}
    models = [
        model for model in apps.get_models() if model.__module__.startswith("ponte.") and model._meta.label not in reads
    ]
    return "".join(
        serializers.serialize("json", model._default_manager.order_by("pk"), fields=_fields(model)) for model in models
    )


def _fields(model: Any) -> list[str] | None:
    if model._meta.label != "library.Pill":
        return None
    return [field.name for field in model._meta.concrete_fields if field.name not in {"views_count", "id"}]


@pytest.mark.parametrize("viewer", ["acme_junior", "acme_senior", "acme_manager"])
def test_opening_every_page_changes_nothing(request, login, scene: dict[str, int], viewer: str) -> None:
    client = login(request.getfixturevalue(viewer))
    for route in _routes():
        _values(route, scene)
    before = _snapshot()
    for route in _routes():
        for values in _values(route, scene):
            _read(client.get(route.path(values)))
    assert _snapshot() == before
