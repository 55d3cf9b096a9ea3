"""Other organisations never see, change or even detect another tenant's objects.

Every route of ours that takes an object id is requested by users of another organisation
(admin included), with GET and POST: the answer is always 404 (or 405 for a method the route
does not accept) and never contains the victim's canary text. A route whose parameter has no
builder below fails the meta-test, so new routes cannot skip the sweep.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.utils import timezone

from ponte.feedback.models import CheckIn, ClosingSurvey
from ponte.library.models import Audience, Collection, CollectionItem, Pill, PillComment
from ponte.matching.models import MatchRun, Proposal, RunStatus
from ponte.meetings.models import ActionItem, Meeting
from ponte.notifications.models import Notification
from ponte.organizations.models import Organization
from ponte.pairs.models import Pair
from ponte.people.models import ImportJob, Person
from ponte.programs.models import Enrolment, Program, ProgramStatus
from ponte.skills.models import Framework, Skill, SkillArea
from tests.factories import DepartmentFactory, PersonFactory

from .routes import ponte_routes

pytestmark = pytest.mark.django_db

CANARY = "Zxqvcanary"
_serial = itertools.count()


def _person(org: Organization) -> int:
    return PersonFactory(
        organization=org, first_name=CANARY, last_name=CANARY, email=f"canary{next(_serial)}@acme.test"
    ).pk


def _department(org: Organization) -> int:
    return DepartmentFactory(organization=org, name=f"{CANARY}{next(_serial)}").pk


def _notification(org: Organization) -> int:
    person = Person.objects.filter(organization=org, user__isnull=False).first()
    assert person is not None and person.user is not None
    return Notification.objects.create(organization=org, recipient=person.user, kind="test", title=CANARY).pk


def _skill(org: Organization) -> int:
    framework = Framework.objects.get_or_create(organization=org, code="org", defaults={"name": CANARY})[0]
    area = SkillArea.objects.get_or_create(framework=framework, code="1", defaults={"name": CANARY})[0]
    return Skill.objects.create(area=area, code=f"c{next(_serial)}", name=CANARY).pk


def _import_job(org: Organization) -> int:
    return ImportJob.objects.create(organization=org, original_name=f"{CANARY}.csv", file_format="csv", file="x.csv").pk


def _program(org: Organization) -> int:
    serial = next(_serial)
    return Program.objects.create(
        organization=org, name=CANARY, slug=f"canary-{serial}", description=CANARY, status=ProgramStatus.ENROLLING
    ).pk


def _enrolment(org: Organization) -> int:
    program = Program.objects.get(pk=_program(org))
    person = Person.objects.get(pk=_person(org))
    return Enrolment.objects.create(
        organization=org, program=program, person=person, role="junior", motivation=CANARY
    ).pk


def _pair(org: Organization) -> int:
    program = Program.objects.get(pk=_program(org))
    return Pair.objects.create(
        organization=org,
        program=program,
        junior=Person.objects.get(pk=_person(org)),
        senior=Person.objects.get(pk=_person(org)),
        decline_note=CANARY,
    ).pk


def _run(org: Organization) -> int:
    program = Program.objects.get(pk=_program(org))
    return MatchRun.objects.create(organization=org, program=program, status=RunStatus.DONE, error=CANARY).pk


def _proposal(org: Organization) -> int:
    run = MatchRun.objects.get(pk=_run(org))
    junior = Enrolment.objects.get(pk=_enrolment(org))
    senior = Enrolment.objects.create(
        organization=org, program=junior.program, person=Person.objects.get(pk=_person(org)), role="senior"
    )
    return Proposal.objects.create(
        organization=org, run=run, junior=junior, senior=senior, score=0.5, facts={"note": CANARY}
    ).pk


def _meeting(org: Organization) -> int:
    pair = Pair.objects.get(pk=_pair(org))
    return Meeting.objects.create(
        organization=org,
        pair=pair,
        starts_at=timezone.now() + timedelta(days=3),
        duration_minutes=60,
        channel="in_person",
        location=CANARY,
        agenda=CANARY,
    ).pk


def _action_item(org: Organization) -> int:
    meeting = Meeting.objects.get(pk=_meeting(org))
    return ActionItem.objects.create(
        organization=org, pair=meeting.pair, meeting=meeting, owner=meeting.pair.junior, text=CANARY
    ).pk


def _checkin(org: Organization) -> int:
    pair = Pair.objects.get(pk=_pair(org))
    return CheckIn.objects.create(
        organization=org,
        pair=pair,
        person=pair.junior,
        due_on=timezone.localdate(),
        sent_at=timezone.now(),
        answered_at=timezone.now(),
        satisfaction=3,
        learning=3,
        comment=CANARY,
        contact_hr=True,
    ).pk


def _closing_survey(org: Organization) -> int:
    pair = Pair.objects.get(pk=_pair(org))
    Pair.objects.filter(pk=pair.pk).update(status="completed", end_note=CANARY)
    return ClosingSurvey.objects.create(organization=org, pair=pair, person=pair.junior, comment=CANARY).pk


def _pill(org: Organization) -> int:
    # Shared with the whole organisation: the widest audience, so only tenancy can hide it.
    return Pill.objects.create(
        organization=org,
        author=Person.objects.get(pk=_person(org)),
        title=CANARY,
        summary=CANARY,
        body=CANARY,
        audience=Audience.ORGANIZATION,
        org_status="approved",
        org_consent_at=timezone.now(),
    ).pk


def _pill_comment(org: Organization) -> int:
    pill = Pill.objects.get(pk=_pill(org))
    return PillComment.objects.create(organization=org, pill=pill, author=pill.author, body=CANARY).pk


def _collection(org: Organization) -> int:
    collection = Collection.objects.create(organization=org, title=CANARY, description=CANARY)
    CollectionItem.objects.create(collection=collection, pill_id=_pill(org), position=0)
    return collection.pk


BUILDERS: dict[str, Callable[[Organization], int]] = {
    "person_id": _person,
    "department_id": _department,
    "notification_id": _notification,
    "skill_id": _skill,
    "job_id": _import_job,
    "program_id": _program,
    "enrolment_id": _enrolment,
    "run_id": _run,
    "proposal_id": _proposal,
    "pair_id": _pair,
    "meeting_id": _meeting,
    "checkin_id": _checkin,
    "survey_id": _closing_survey,
    "action_id": _action_item,
    "pill_id": _pill,
    "comment_id": _pill_comment,
    "collection_id": _collection,
}


# Invitation tokens are unguessable secrets handed to one person, not object ids; their rules
# (single use, expiry, revocation) are tested in tests/accounts.
SECRET_PARAMS = {"token"}

# Parameters that choose what to download (``reports:export``), not an object. The export's
# ``?program=<id>`` is swept against other organisations in tests/reports/test_exports.py.
FORMAT_PARAMS = {"kind", "fmt"}


def _object_routes() -> list:
    return [
        route for route in ponte_routes() if set(route.params) - FORMAT_PARAMS and not set(route.params) & SECRET_PARAMS
    ]


def test_every_object_route_parameter_has_a_builder() -> None:
    missing = {param for route in _object_routes() for param in route.params} - set(BUILDERS)
    assert not missing, f"Add a builder for {missing} so the cross-organisation sweep covers it."


@pytest.mark.parametrize("intruder", ["globex_admin", "globex_participant"])
def test_other_organisation_gets_404_everywhere(request, login, acme_admin, intruder: str) -> None:
    client = login(request.getfixturevalue(intruder))
    org = acme_admin.organization
    failures = []
    routes = _object_routes()
    assert routes
    for route in routes:
        values = {param: BUILDERS[param](org) for param in route.params}
        url = route.path(values)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            body = response.content.decode(errors="replace")
            if response.status_code not in {404, 405} or CANARY in body:
                failures.append(f"{method.upper()} {url} ({route.name}) → {response.status_code}")
    assert not failures, "\n".join(failures)
