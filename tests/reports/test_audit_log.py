"""Organisation admins review the audit log: every read of a confidential answer, by whom, when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ponte.feedback.models import AuditLog, CheckIn
from ponte.pairs.models import Pair, PairStatus
from ponte.programs.models import Program, ProgramStatus

pytestmark = pytest.mark.django_db

URL = reverse("reports:audit-log")


def _contact_request(acme, junior, senior) -> CheckIn:  # type: ignore[no-untyped-def]
    program = Program.objects.create(organization=acme, name="Bridge", slug="bridge", status=ProgramStatus.RUNNING)
    pair = Pair.objects.create(
        organization=acme, program=program, junior=junior, senior=senior, status=PairStatus.ACTIVE
    )
    return CheckIn.objects.create(
        organization=acme,
        pair=pair,
        person=junior,
        due_on=timezone.localdate(),
        sent_at=timezone.now(),
        answered_at=timezone.now(),
        satisfaction=2,
        learning=2,
        comment="Zxqaudit private",
        contact_hr=True,
    )


def test_a_managers_read_of_an_answer_appears_in_the_admins_audit_log(
    login, acme, acme_admin, acme_manager, acme_junior, acme_senior
) -> None:
    checkin = _contact_request(acme, acme_junior, acme_senior)
    assert login(acme_manager).get(reverse("feedback:checkin-detail", args=[checkin.pk])).status_code == 200
    body = login(acme_admin).get(URL).content.decode()
    assert "Marta Manager" in body and "Opened a check-in answer" in body
    assert "Check-in of Giulia Junior, Bridge" in body
    assert "Zxqaudit private" not in body  # the log says who read what, never the answer itself


@pytest.mark.parametrize("persona", ["acme_manager", "acme_junior"])
def test_only_admins_read_the_audit_log(request, login, persona: str) -> None:
    assert login(request.getfixturevalue(persona)).get(URL).status_code == 403


def test_another_organisations_admin_sees_none_of_its_entries(
    login, acme, acme_manager, acme_junior, acme_senior, globex_admin
) -> None:
    checkin = _contact_request(acme, acme_junior, acme_senior)
    login(acme_manager).get(reverse("feedback:checkin-detail", args=[checkin.pk]))
    body = login(globex_admin).get(URL).content.decode()
    assert "Marta Manager" not in body and "Giulia" not in body


def test_filters_narrow_the_log_and_a_reversed_range_is_refused(
    login, acme, acme_admin, acme_manager, acme_junior, acme_senior
) -> None:
    checkin = _contact_request(acme, acme_junior, acme_senior)
    login(acme_manager).get(reverse("feedback:checkin-detail", args=[checkin.pk]))
    client = login(acme_admin)
    today = timezone.localdate()
    assert "Marta Manager" in client.get(URL, {"since": today.isoformat()}).content.decode()
    later = (today + timedelta(days=1)).isoformat()
    assert "Marta Manager" not in client.get(URL, {"since": later}).content.decode()
    refused = client.get(URL, {"since": later, "until": today.isoformat()})
    assert refused.status_code == 400 and "on or before" in refused.content.decode()
    assert client.get(URL, {"since": "not-a-date", "action": "forged"}).status_code == 400


def test_the_audit_log_page_reads_a_constant_number_of_queries(
    login, acme, acme_admin, acme_manager, acme_junior, acme_senior
) -> None:
    checkin = _contact_request(acme, acme_junior, acme_senior)
    assert acme_manager.user is not None
    client = login(acme_admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(URL)
        return len(captured)

    AuditLog.objects.create(
        organization=acme,
        actor=acme_manager.user,
        action="read_checkin_answer",
        object_type="checkin",
        object_id=checkin.pk,
    )
    few = queries()
    AuditLog.objects.bulk_create(
        AuditLog(
            organization=acme,
            actor=acme_manager.user,
            action="read_checkin_answer",
            object_type="checkin",
            object_id=checkin.pk,
        )
        for _ in range(30)
    )
    assert queries() == few
