"""The managers' summary of meeting feedback: the average only from 5 distinct people, what they
learned only from 10 who wrote it (in text order), kudos only as a count; never another program's."""

from __future__ import annotations

from datetime import timedelta
from statistics import mean

import pytest
from django.urls import reverse
from django.utils import timezone

from ponte.core.privacy import K_ANONYMITY, K_ANONYMITY_TEXT
from ponte.feedback.feedback_selectors import program_feedback_summary
from ponte.feedback.models import MeetingFeedback
from ponte.meetings.models import Meeting, MeetingStatus
from ponte.programs.models import Program, ProgramStatus
from tests.factories import PersonFactory

from .conftest import make_pair

pytestmark = pytest.mark.django_db

KUDOS_CANARY = "Zxqkudos for the partner only"


def _feedback(program: Program, people: int, *, learned: int = 0, per_person: int = 1) -> list[MeetingFeedback]:
    """``people`` distinct juniors each give ``per_person`` feedback; the first ``learned`` write what they learned."""
    rows = []
    for i in range(people):
        org = program.organization
        pair = make_pair(program, PersonFactory(organization=org), PersonFactory(organization=org))
        for n in range(per_person):
            meeting = Meeting.objects.create(
                organization=org,
                pair=pair,
                starts_at=timezone.now() - timedelta(days=n + 1),
                duration_minutes=60,
                channel="video",
                status=MeetingStatus.HELD,
            )
            rows.append(
                MeetingFeedback.objects.create(
                    organization=org,
                    meeting=meeting,
                    pair=pair,
                    author=pair.junior,
                    recipient=pair.senior,
                    rating=1 + (i + n) % 5,
                    learned=f"Learned {chr(ord('z') - i)}" if i < learned else "",
                    kudos=KUDOS_CANARY if i % 2 else "",
                )
            )
    return rows


def test_fewer_than_k_people_hide_the_average(program: Program) -> None:
    _feedback(program, K_ANONYMITY - 1)
    summary = program_feedback_summary(program)
    assert (summary.given, summary.authors, summary.rating) == (K_ANONYMITY - 1, K_ANONYMITY - 1, None)


def test_k_people_show_the_average(program: Program) -> None:
    rows = _feedback(program, K_ANONYMITY)
    summary = program_feedback_summary(program)
    assert summary.authors == K_ANONYMITY
    assert summary.rating == round(mean(row.rating for row in rows), 1)


def test_many_answers_from_few_people_still_hide_the_average(program: Program) -> None:
    _feedback(program, K_ANONYMITY - 1, per_person=3)
    summary = program_feedback_summary(program)
    assert (summary.given, summary.authors, summary.rating) == (3 * (K_ANONYMITY - 1), K_ANONYMITY - 1, None)


def test_what_people_learned_stays_hidden_below_the_text_threshold(program: Program) -> None:
    _feedback(program, K_ANONYMITY_TEXT + 2, learned=K_ANONYMITY_TEXT - 1)
    summary = program_feedback_summary(program)
    assert summary.rating is not None
    assert summary.learned is None


def test_what_people_learned_appears_from_the_text_threshold_in_text_order(program: Program) -> None:
    rows = _feedback(program, K_ANONYMITY_TEXT, learned=K_ANONYMITY_TEXT)
    summary = program_feedback_summary(program)
    assert summary.learned == sorted(row.learned for row in rows)
    assert summary.learned != [row.learned for row in rows]


def test_kudos_are_only_counted(program: Program) -> None:
    rows = _feedback(program, K_ANONYMITY_TEXT, learned=K_ANONYMITY_TEXT)
    summary = program_feedback_summary(program)
    assert summary.kudos == sum(1 for row in rows if row.kudos)
    assert KUDOS_CANARY not in repr(summary)


def test_another_programs_feedback_is_not_counted(program: Program) -> None:
    other = Program.objects.create(
        organization=program.organization, name="Other", slug="other", status=ProgramStatus.RUNNING
    )
    _feedback(other, K_ANONYMITY)
    summary = program_feedback_summary(program)
    assert (summary.given, summary.authors, summary.rating, summary.kudos) == (0, 0, None, 0)


# The manager's page


def _page(login, manager, program: Program) -> str:
    response = login(manager).get(reverse("feedback:program-checkins", args=[program.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_hides_the_average_of_four_people(login, program: Program, acme_manager) -> None:
    _feedback(program, K_ANONYMITY - 1)
    body = _page(login, acme_manager, program)
    assert "Meeting feedback" in body
    assert f"Hidden: fewer than {K_ANONYMITY} people gave feedback" in body


def test_the_page_shows_the_average_of_five_people(login, program: Program, acme_manager) -> None:
    rows = _feedback(program, K_ANONYMITY)
    body = _page(login, acme_manager, program)
    assert f"Hidden: fewer than {K_ANONYMITY} people gave feedback" not in body
    assert f"<dd>{mean(row.rating for row in rows):.1f}</dd>" in body
    assert KUDOS_CANARY not in body


def test_the_page_shows_what_ten_people_learned_but_not_nine(login, program: Program, acme_manager) -> None:
    rows = _feedback(program, K_ANONYMITY_TEXT, learned=K_ANONYMITY_TEXT - 1)
    body = _page(login, acme_manager, program)
    assert f"Hidden: fewer than {K_ANONYMITY_TEXT} people wrote what they learned." in body
    assert not any(row.learned in body for row in rows if row.learned)
    MeetingFeedback.objects.filter(learned="").update(learned="Learned late")
    body = _page(login, acme_manager, program)
    assert all(row.learned in body for row in rows if row.learned)
    assert KUDOS_CANARY not in body


def test_a_participant_cannot_open_the_summary(login, program: Program, acme_participant) -> None:
    _feedback(program, K_ANONYMITY)
    response = login(acme_participant).get(reverse("feedback:program-checkins", args=[program.pk]))
    assert response.status_code in {403, 404}
