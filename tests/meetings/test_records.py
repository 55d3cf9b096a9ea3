"""Meeting records: the outcome once a meeting started (corrections allowed, repeats silent),
shared notes that refuse a stale save, private notes per author, and action items."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from ponte.core.errors import DomainError
from ponte.meetings import events
from ponte.meetings.models import ActionItem, Meeting, MeetingStatus, PrivateNote
from ponte.meetings.records import (
    action_item_add,
    action_item_delete,
    action_item_set_done,
    meeting_outcome_record,
    meeting_shared_notes_save,
    private_note_save,
)
from ponte.meetings.services import meeting_cancel
from ponte.pairs.models import Pair, PairStatus
from ponte.people.models import Person

from .conftest import book

pytestmark = pytest.mark.django_db


def started(pair: Pair, by: Person, *, hours_ago: float = 2) -> Meeting:
    """A meeting that started ``hours_ago`` hours ago (booked the day before)."""
    now = timezone.now()
    return book(pair, by, starts_at=now - timedelta(hours=hours_ago), now=now - timedelta(days=1, hours=hours_ago))


@pytest.fixture
def outcomes() -> Iterator[list[int]]:
    """Meeting ids announced by ``meeting_outcome_recorded``."""
    sent: list[int] = []

    def receiver(sender: object, meeting_id: int, **kwargs: object) -> None:
        sent.append(meeting_id)

    events.meeting_outcome_recorded.connect(receiver, dispatch_uid="test-outcomes")
    yield sent
    events.meeting_outcome_recorded.disconnect(dispatch_uid="test-outcomes")


# Outcome


def test_a_person_of_the_pair_records_that_the_meeting_took_place(
    pair: Pair, acme_senior, outcomes, django_capture_on_commit_callbacks
) -> None:
    meeting = started(pair, acme_senior)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_outcome_record(meeting=meeting, by=acme_senior, held=True)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.outcome_by) == (MeetingStatus.HELD, acme_senior)
    assert meeting.outcome_at is not None
    assert outcomes == [meeting.pk]


def test_the_outcome_cannot_be_recorded_before_the_meeting_starts(pair: Pair, acme_junior, outcomes) -> None:
    meeting = book(pair, acme_junior)
    with pytest.raises(DomainError) as refused:
        meeting_outcome_record(meeting=meeting, by=acme_junior, held=True)
    assert refused.value.code == "not_yet"
    assert Meeting.objects.get().status == MeetingStatus.SCHEDULED
    assert outcomes == []


def test_a_cancelled_meeting_gets_no_outcome(pair: Pair, acme_junior) -> None:
    meeting = started(pair, acme_junior)
    meeting_cancel(meeting=meeting, by=acme_junior)
    with pytest.raises(DomainError) as refused:
        meeting_outcome_record(meeting=meeting, by=acme_junior, held=True)
    assert refused.value.code == "cancelled"
    assert Meeting.objects.get().status == MeetingStatus.CANCELLED


def test_the_partner_corrects_held_into_no_show_and_back(
    pair: Pair, acme_junior, acme_senior, outcomes, django_capture_on_commit_callbacks
) -> None:
    meeting = started(pair, acme_junior)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_outcome_record(meeting=meeting, by=acme_junior, held=True)
        corrected = meeting_outcome_record(meeting=meeting, by=acme_senior, held=False)
    assert (corrected.status, corrected.outcome_by) == (MeetingStatus.NO_SHOW, acme_senior)
    with django_capture_on_commit_callbacks(execute=True):
        again = meeting_outcome_record(meeting=meeting, by=acme_junior, held=True)
    assert again.status == MeetingStatus.HELD
    assert outcomes == [meeting.pk, meeting.pk, meeting.pk]


def test_the_same_answer_twice_changes_nothing_and_is_announced_once(
    pair: Pair, acme_junior, acme_senior, outcomes, django_capture_on_commit_callbacks
) -> None:
    meeting = started(pair, acme_junior)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_outcome_record(meeting=meeting, by=acme_junior, held=False)
    first = Meeting.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_outcome_record(meeting=meeting, by=acme_senior, held=False)
    second = Meeting.objects.get()
    assert (second.status, second.outcome_by, second.outcome_at) == (
        MeetingStatus.NO_SHOW,
        acme_junior,
        first.outcome_at,
    )
    assert outcomes == [meeting.pk]


def test_someone_outside_the_pair_cannot_record_the_outcome(pair: Pair, acme_junior, acme_participant) -> None:
    meeting = started(pair, acme_junior)
    with pytest.raises(DomainError) as refused:
        meeting_outcome_record(meeting=meeting, by=acme_participant, held=True)
    assert refused.value.code == "not_in_pair"
    assert Meeting.objects.get().status == MeetingStatus.SCHEDULED


@pytest.mark.parametrize("status", [PairStatus.COMPLETED, PairStatus.ENDED_EARLY])
def test_an_ended_pair_still_records_its_past_meetings(pair: Pair, acme_junior, status: str) -> None:
    meeting = started(pair, acme_junior)
    Pair.objects.filter(pk=pair.pk).update(status=status)
    meeting = Meeting.objects.select_related("pair").get(pk=meeting.pk)
    assert meeting_outcome_record(meeting=meeting, by=acme_junior, held=True).status == MeetingStatus.HELD


def test_a_paused_pair_still_records_its_past_meetings(pair: Pair, acme_junior) -> None:
    meeting = started(pair, acme_junior)
    Pair.objects.filter(pk=pair.pk).update(paused_at=timezone.now())
    meeting = Meeting.objects.select_related("pair").get(pk=meeting.pk)
    assert meeting_outcome_record(meeting=meeting, by=acme_junior, held=False).status == MeetingStatus.NO_SHOW


@pytest.mark.parametrize("status", [PairStatus.PROPOSED, PairStatus.DECLINED])
def test_a_pair_that_never_started_records_nothing(pair: Pair, acme_junior, status: str) -> None:
    meeting = started(pair, acme_junior)
    Pair.objects.filter(pk=pair.pk).update(status=status)
    meeting = Meeting.objects.select_related("pair").get(pk=meeting.pk)
    with pytest.raises(DomainError) as refused:
        meeting_outcome_record(meeting=meeting, by=acme_junior, held=True)
    assert refused.value.code == "not_started"
    assert Meeting.objects.get().status == MeetingStatus.SCHEDULED


# Shared notes


def test_shared_notes_are_saved_and_their_version_grows(pair: Pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    saved = meeting_shared_notes_save(meeting=meeting, by=acme_junior, text="  Questions on pivot tables  ", version=0)
    assert (saved.shared_notes, saved.shared_notes_version, saved.shared_notes_by) == (
        "Questions on pivot tables",
        1,
        acme_junior,
    )
    assert saved.shared_notes_at is not None


def test_a_stale_save_is_refused_and_keeps_the_partners_text(pair: Pair, acme_junior, acme_senior) -> None:
    meeting = book(pair, acme_junior)
    stale_copy = Meeting.objects.get(pk=meeting.pk)
    meeting_shared_notes_save(meeting=meeting, by=acme_senior, text="Sergio's notes", version=0)
    with pytest.raises(DomainError) as refused:
        meeting_shared_notes_save(meeting=stale_copy, by=acme_junior, text="Giulia's notes", version=0)
    assert refused.value.code == "stale"
    current = Meeting.objects.get()
    assert (current.shared_notes, current.shared_notes_version, current.shared_notes_by) == (
        "Sergio's notes",
        1,
        acme_senior,
    )


def test_shared_notes_longer_than_the_limit_are_refused(pair: Pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    with pytest.raises(DomainError) as refused:
        meeting_shared_notes_save(meeting=meeting, by=acme_junior, text="x" * 10001, version=0)
    assert refused.value.code == "too_long"
    assert Meeting.objects.get().shared_notes_version == 0


def test_shared_notes_cannot_be_written_on_a_cancelled_meeting(pair: Pair, acme_junior) -> None:
    meeting = meeting_cancel(meeting=book(pair, acme_junior), by=acme_junior)
    with pytest.raises(DomainError) as refused:
        meeting_shared_notes_save(meeting=meeting, by=acme_junior, text="Late", version=0)
    assert refused.value.code == "cancelled"
    assert Meeting.objects.get().shared_notes == ""


def test_someone_outside_the_pair_cannot_write_shared_notes(pair: Pair, acme_junior, acme_participant) -> None:
    meeting = book(pair, acme_junior)
    with pytest.raises(DomainError) as refused:
        meeting_shared_notes_save(meeting=meeting, by=acme_participant, text="Hello", version=0)
    assert refused.value.code == "not_in_pair"


# Private notes


def test_each_person_keeps_one_private_note_per_meeting(pair: Pair, acme_junior, acme_senior) -> None:
    meeting = book(pair, acme_junior)
    private_note_save(meeting=meeting, by=acme_junior, text="first")
    private_note_save(meeting=meeting, by=acme_junior, text=" second ")
    private_note_save(meeting=meeting, by=acme_senior, text="his own")
    notes = dict(PrivateNote.objects.values_list("author_id", "text"))
    assert notes == {acme_junior.pk: "second", acme_senior.pk: "his own"}


def test_a_private_note_longer_than_the_limit_is_refused(pair: Pair, acme_junior) -> None:
    with pytest.raises(DomainError) as refused:
        private_note_save(meeting=book(pair, acme_junior), by=acme_junior, text="x" * 10001)
    assert refused.value.code == "too_long"
    assert not PrivateNote.objects.exists()


def test_someone_outside_the_pair_cannot_keep_a_private_note_on_it(pair: Pair, acme_junior, acme_manager) -> None:
    with pytest.raises(DomainError):
        private_note_save(meeting=book(pair, acme_junior), by=acme_manager, text="spying")
    assert not PrivateNote.objects.exists()


# Action items


def test_an_action_is_added_for_the_partner_with_a_due_date(pair: Pair, acme_junior, acme_senior) -> None:
    meeting = book(pair, acme_junior)
    due = timezone.localdate() + timedelta(days=7)
    item = action_item_add(meeting=meeting, by=acme_junior, owner=acme_senior, text=" Try Copilot ", due_on=due)
    assert (item.owner, item.text, item.due_on, item.created_by, item.pair) == (
        acme_senior,
        "Try Copilot",
        due,
        acme_junior,
        pair,
    )
    assert not item.is_done


def test_an_action_belongs_to_one_of_the_two(pair: Pair, acme_junior, acme_participant) -> None:
    with pytest.raises(DomainError) as refused:
        action_item_add(meeting=book(pair, acme_junior), by=acme_junior, owner=acme_participant, text="Do it")
    assert refused.value.code == "owner"
    assert not ActionItem.objects.exists()


@pytest.mark.parametrize(("text", "code"), [("   ", "text_required"), ("x" * 301, "too_long")])
def test_an_action_needs_a_short_text(pair: Pair, acme_junior, text: str, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        action_item_add(meeting=book(pair, acme_junior), by=acme_junior, owner=acme_junior, text=text)
    assert refused.value.code == code
    assert not ActionItem.objects.exists()


def test_a_due_date_in_the_past_is_refused_on_the_actors_clock(pair: Pair, acme_junior) -> None:
    acme_junior.time_zone = "Pacific/Kiritimati"
    acme_junior.save()
    meeting = book(pair, acme_junior)
    # Noon UTC is already the next day on Kiritimati (UTC+14).
    now = datetime(2031, 6, 10, 12, 0, tzinfo=UTC)
    with pytest.raises(DomainError) as refused:
        action_item_add(
            meeting=meeting, by=acme_junior, owner=acme_junior, text="Read", due_on=date(2031, 6, 10), now=now
        )
    assert refused.value.code == "past"
    item = action_item_add(
        meeting=meeting, by=acme_junior, owner=acme_junior, text="Read", due_on=date(2031, 6, 11), now=now
    )
    assert item.due_on == date(2031, 6, 11)


def test_no_action_is_added_to_a_cancelled_meeting(pair: Pair, acme_junior) -> None:
    meeting = meeting_cancel(meeting=book(pair, acme_junior), by=acme_junior)
    with pytest.raises(DomainError) as refused:
        action_item_add(meeting=meeting, by=acme_junior, owner=acme_junior, text="Too late")
    assert refused.value.code == "cancelled"
    assert not ActionItem.objects.exists()


def test_either_person_ticks_and_unticks_an_action(pair: Pair, acme_junior, acme_senior) -> None:
    item = action_item_add(meeting=book(pair, acme_junior), by=acme_junior, owner=acme_junior, text="Share slides")
    ticked = action_item_set_done(item=item, by=acme_senior, done=True)
    assert ticked.is_done
    first_time = ticked.done_at
    assert action_item_set_done(item=item, by=acme_junior, done=True).done_at == first_time
    assert not action_item_set_done(item=item, by=acme_junior, done=False).is_done


def test_either_person_deletes_an_action(pair: Pair, acme_junior, acme_senior) -> None:
    item = action_item_add(meeting=book(pair, acme_junior), by=acme_junior, owner=acme_junior, text="Share slides")
    action_item_delete(item=item, by=acme_senior)
    assert not ActionItem.objects.exists()


def test_someone_outside_the_pair_cannot_tick_or_delete_an_action(pair: Pair, acme_junior, acme_participant) -> None:
    item = action_item_add(meeting=book(pair, acme_junior), by=acme_junior, owner=acme_junior, text="Share slides")
    with pytest.raises(DomainError):
        action_item_set_done(item=item, by=acme_participant, done=True)
    with pytest.raises(DomainError):
        action_item_delete(item=item, by=acme_participant)
    assert ActionItem.objects.get().done_at is None


def test_actions_of_a_cancelled_meeting_stay_as_they_were(pair: Pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    item = action_item_add(meeting=meeting, by=acme_junior, owner=acme_junior, text="Share slides")
    meeting_cancel(meeting=meeting, by=acme_junior)
    item = ActionItem.objects.select_related("meeting", "pair").get(pk=item.pk)
    with pytest.raises(DomainError):
        action_item_set_done(item=item, by=acme_junior, done=True)
    with pytest.raises(DomainError):
        action_item_delete(item=item, by=acme_junior)
    assert ActionItem.objects.get().done_at is None
