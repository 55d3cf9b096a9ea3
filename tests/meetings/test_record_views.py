"""The meeting page: the pair's two people record the outcome, notes and actions; private notes
never reach anyone but their author; managers get 403, colleagues and other tenants 404; bad
input answers 400 and writes nothing; reading the page writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ponte.meetings.models import ActionItem, Meeting, MeetingStatus, PrivateNote
from ponte.meetings.records import action_item_add, meeting_shared_notes_save, private_note_save
from ponte.meetings.services import meeting_cancel
from ponte.pairs.models import Pair
from ponte.people.models import Person

from .conftest import AGENDA_CANARY, book
from .test_records import started

pytestmark = pytest.mark.django_db

#: Private notes only their author may ever read.
PRIVATE_CANARY = "Zxqprivate only mine"


def _url(name: str, obj: Meeting | ActionItem) -> str:
    return reverse(f"meetings:{name}", args=[obj.pk])


def _detail(meeting: Meeting) -> str:
    return _url("meeting-detail", meeting)


def _item(meeting: Meeting, by: Person, text: str = "Try the new dashboard") -> ActionItem:
    return action_item_add(meeting=meeting, by=by, owner=by, text=text)


def _snapshot() -> tuple:
    meetings = list(Meeting.objects.values_list("status", "shared_notes", "shared_notes_version", "outcome_by"))
    notes = list(PrivateNote.objects.values_list("author", "text"))
    items = list(ActionItem.objects.values_list("text", "owner", "due_on", "done_at"))
    return meetings, notes, items


# The page


def test_a_person_of_the_pair_sees_the_meeting_and_its_records(login, pair: Pair, acme_junior, acme_senior) -> None:
    meeting = started(pair, acme_junior)
    meeting_shared_notes_save(meeting=meeting, by=acme_senior, text="Shared: pivot tables", version=0)
    _item(meeting, acme_senior, "Send the file")
    response = login(acme_junior).get(_detail(meeting))
    assert response.status_code == 200
    body = response.content.decode()
    assert AGENDA_CANARY in body and "Shared: pivot tables" in body and "Send the file" in body
    assert "Did this meeting take place?" in body
    assert "Last changed by Sergio" in body
    assert reverse("meetings:meeting-outcome", args=[meeting.pk]) in body
    assert reverse("feedback:meeting-feedback", args=[meeting.pk]) not in body


def test_before_the_meeting_notes_and_actions_can_be_prepared_but_not_the_outcome(login, pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    response = login(acme_junior).get(_detail(meeting))
    body = response.content.decode()
    assert response.context["outcome_form"] is None
    assert "Did this meeting take place?" not in body
    assert response.context["notes_form"] is not None and response.context["action_form"] is not None


def test_the_private_notes_section_says_who_can_read_them(login, pair: Pair, acme_junior) -> None:
    body = login(acme_junior).get(_detail(book(pair, acme_junior))).content.decode()
    assert "Only you can read these — not your partner, not HR." in body


def test_the_meetings_list_links_each_meeting_to_its_page(login, pair: Pair, acme_junior) -> None:
    upcoming = book(pair, acme_junior)
    past = started(pair, acme_junior, hours_ago=5)
    body = login(acme_junior).get(reverse("meetings:pair-meetings", args=[pair.pk])).content.decode()
    assert body.count("Notes, actions and feedback") == 2
    assert _detail(upcoming) in body
    assert f'{_detail(past)}#outcome">Tell us how it went' in body
    assert f'{_detail(upcoming)}#outcome"' not in body


def test_a_recorded_past_meeting_no_longer_asks_how_it_went(login, pair: Pair, acme_junior) -> None:
    past = started(pair, acme_junior, hours_ago=5)
    client = login(acme_junior)
    client.post(_url("meeting-outcome", past), {"outcome": "held"})
    body = client.get(reverse("meetings:pair-meetings", args=[pair.pk])).content.decode()
    assert "Tell us how it went" not in body


def test_reading_the_page_writes_nothing(login, pair: Pair, acme_junior) -> None:
    meeting = started(pair, acme_junior)
    _item(meeting, acme_junior)
    before = (_snapshot(), list(Meeting.objects.values_list("updated_at", flat=True)))
    assert login(acme_junior).get(_detail(meeting)).status_code == 200
    assert (_snapshot(), list(Meeting.objects.values_list("updated_at", flat=True))) == before


def test_the_page_reads_a_constant_number_of_queries(
    login, pair: Pair, acme_junior, acme_senior, django_assert_max_num_queries
) -> None:
    meeting = started(pair, acme_junior)
    meeting_outcome_client = login(acme_junior)
    meeting_outcome_client.post(_url("meeting-outcome", meeting), {"outcome": "held"})
    _item(meeting, acme_junior)
    private_note_save(meeting=meeting, by=acme_junior, text="mine")
    with CaptureQueriesContext(connection) as few:
        assert meeting_outcome_client.get(_detail(meeting)).status_code == 200
    for n in range(12):
        _item(meeting, acme_senior if n % 2 else acme_junior, f"Action {n}")
    private_note_save(meeting=meeting, by=acme_senior, text="his")
    meeting_shared_notes_save(meeting=meeting, by=acme_senior, text="both", version=0)
    with django_assert_max_num_queries(len(few)):
        assert meeting_outcome_client.get(_detail(meeting)).status_code == 200


# Outcome


def test_the_outcome_is_recorded_and_the_person_comes_back_to_it(login, pair: Pair, acme_senior) -> None:
    meeting = started(pair, acme_senior)
    response = login(acme_senior).post(_url("meeting-outcome", meeting), {"outcome": "no_show"})
    assert response.status_code == 302
    assert response["Location"] == f"{_detail(meeting)}#outcome"
    meeting.refresh_from_db()
    assert (meeting.status, meeting.outcome_by) == (MeetingStatus.NO_SHOW, acme_senior)


def test_the_outcome_before_the_start_answers_400_and_writes_nothing(login, pair: Pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    response = login(acme_junior).post(_url("meeting-outcome", meeting), {"outcome": "held"})
    assert response.status_code == 400
    assert "once it has started" in response.content.decode()
    assert Meeting.objects.get().status == MeetingStatus.SCHEDULED


@pytest.mark.parametrize("data", [{}, {"outcome": "cancelled"}, {"outcome": "maybe"}])
def test_a_bad_outcome_answers_400_and_writes_nothing(login, pair: Pair, acme_junior, data: dict) -> None:
    meeting = started(pair, acme_junior)
    assert login(acme_junior).post(_url("meeting-outcome", meeting), data).status_code == 400
    assert Meeting.objects.get().status == MeetingStatus.SCHEDULED


def test_a_cancelled_meeting_offers_no_outcome_and_refuses_one(login, pair: Pair, acme_junior) -> None:
    meeting = meeting_cancel(meeting=started(pair, acme_junior), by=acme_junior)
    client = login(acme_junior)
    assert client.get(_detail(meeting)).context["outcome_form"] is None
    assert client.post(_url("meeting-outcome", meeting), {"outcome": "held"}).status_code == 400
    assert Meeting.objects.get().status == MeetingStatus.CANCELLED


# Shared notes


def test_shared_notes_are_saved_from_the_page(login, pair: Pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    response = login(acme_junior).post(_url("meeting-notes", meeting), {"text": "Bring questions", "version": "0"})
    assert response.status_code == 302
    assert response["Location"].endswith("#shared-notes")
    meeting.refresh_from_db()
    assert (meeting.shared_notes, meeting.shared_notes_version) == ("Bring questions", 1)


def test_a_stale_save_shows_the_partners_text_and_keeps_mine(login, pair: Pair, acme_junior, acme_senior) -> None:
    meeting = book(pair, acme_junior)
    meeting_shared_notes_save(meeting=meeting, by=acme_senior, text="Sergio wrote this", version=0)
    response = login(acme_junior).post(
        _url("meeting-notes", meeting), {"text": "Giulia's unsaved text", "version": "0"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Your partner changed the shared notes meanwhile" in body
    assert "Sergio wrote this" in body and "Giulia&#x27;s unsaved text" in body
    form = response.context["notes_form"]
    assert (form["text"].value(), str(form["version"].value())) == ("Giulia's unsaved text", "1")
    assert Meeting.objects.values_list("shared_notes", "shared_notes_version").get() == ("Sergio wrote this", 1)


def test_saving_again_after_reading_the_partners_version_replaces_it(
    login, pair: Pair, acme_junior, acme_senior
) -> None:
    meeting = book(pair, acme_junior)
    meeting_shared_notes_save(meeting=meeting, by=acme_senior, text="Sergio wrote this", version=0)
    client = login(acme_junior)
    client.post(_url("meeting-notes", meeting), {"text": "Merged notes", "version": "0"})
    assert client.post(_url("meeting-notes", meeting), {"text": "Merged notes", "version": "1"}).status_code == 302
    assert Meeting.objects.values_list("shared_notes", "shared_notes_version").get() == ("Merged notes", 2)


@pytest.mark.parametrize(
    "data", [{"text": "x" * 10001, "version": "0"}, {"text": "ok"}, {"text": "ok", "version": "minus one"}]
)
def test_bad_shared_notes_answer_400_and_write_nothing(login, pair: Pair, acme_junior, data: dict) -> None:
    meeting = book(pair, acme_junior)
    assert login(acme_junior).post(_url("meeting-notes", meeting), data).status_code == 400
    assert Meeting.objects.values_list("shared_notes", "shared_notes_version").get() == ("", 0)


# Private notes


def test_a_private_note_is_saved_for_its_author(login, pair: Pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    response = login(acme_junior).post(_url("meeting-private-note", meeting), {"text": PRIVATE_CANARY})
    assert response.status_code == 302
    assert response["Location"].endswith("#private-notes")
    assert PrivateNote.objects.values_list("author", "text").get() == (acme_junior.pk, PRIVATE_CANARY)
    assert PRIVATE_CANARY in login(acme_junior).get(_detail(meeting)).content.decode()


def test_a_too_long_private_note_answers_400_and_writes_nothing(login, pair: Pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    assert login(acme_junior).post(_url("meeting-private-note", meeting), {"text": "x" * 10001}).status_code == 400
    assert not PrivateNote.objects.exists()


def test_a_private_note_never_reaches_the_partner(login, pair: Pair, acme_junior, acme_senior) -> None:
    meeting = started(pair, acme_junior)
    private_note_save(meeting=meeting, by=acme_junior, text=PRIVATE_CANARY)
    client = login(acme_senior)
    for url in (
        _detail(meeting),
        reverse("meetings:pair-meetings", args=[pair.pk]),
        reverse("pairs:pair-detail", args=[pair.pk]),
        reverse("pairs:my-pairs"),
        reverse("feedback:meeting-feedback", args=[meeting.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert PRIVATE_CANARY not in response.content.decode(), url


def test_a_private_note_never_reaches_a_program_manager(login, pair: Pair, acme_junior, acme_manager) -> None:
    meeting = started(pair, acme_junior)
    private_note_save(meeting=meeting, by=acme_junior, text=PRIVATE_CANARY)
    client = login(acme_manager)
    for url in (
        _detail(meeting),
        reverse("meetings:pair-meetings", args=[pair.pk]),
        reverse("pairs:pair-detail", args=[pair.pk]),
        reverse("feedback:program-checkins", args=[pair.program_id]),
    ):
        response = client.get(url)
        assert response.status_code in {200, 403}, url
        assert PRIVATE_CANARY not in response.content.decode(), url


# Action items


def test_an_action_is_added_from_the_page_for_the_partner(login, pair: Pair, acme_junior, acme_senior) -> None:
    meeting = book(pair, acme_junior)
    due = timezone.localdate() + timedelta(days=3)
    data = {"text": "Try the AI assistant", "owner": str(acme_senior.pk), "due_on": due.isoformat()}
    response = login(acme_junior).post(_url("action-create", meeting), data)
    assert response.status_code == 302
    assert response["Location"].endswith("#actions")
    item = ActionItem.objects.get()
    assert (item.text, item.owner, item.due_on, item.created_by) == (
        "Try the AI assistant",
        acme_senior,
        due,
        acme_junior,
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"text": ""},
        {"text": "x" * 301},
        {"owner": "forged"},
        {"due_on": "yesterday"},
        {"due_on": (timezone.localdate() - timedelta(days=2)).isoformat()},
    ],
)
def test_a_bad_action_answers_400_and_writes_nothing(login, pair: Pair, acme_junior, fields: dict) -> None:
    meeting = book(pair, acme_junior)
    data = {"text": "Read the guide", "owner": str(acme_junior.pk), "due_on": ""} | fields
    assert login(acme_junior).post(_url("action-create", meeting), data).status_code == 400
    assert not ActionItem.objects.exists()


def test_an_action_cannot_be_given_to_someone_outside_the_pair(
    login, pair: Pair, acme_junior, acme_participant
) -> None:
    meeting = book(pair, acme_junior)
    data = {"text": "Do my work", "owner": str(acme_participant.pk)}
    assert login(acme_junior).post(_url("action-create", meeting), data).status_code == 400
    assert not ActionItem.objects.exists()


def test_the_partner_ticks_an_action_done_and_back(login, pair: Pair, acme_junior, acme_senior) -> None:
    item = _item(book(pair, acme_junior), acme_junior)
    client = login(acme_senior)
    response = client.post(_url("action-done", item), {"done": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith("#actions")
    assert ActionItem.objects.get().is_done
    client.post(_url("action-done", item), {"done": "0"})
    assert not ActionItem.objects.get().is_done


@pytest.mark.parametrize("data", [{}, {"done": "yes please"}])
def test_a_bad_tick_answers_400_and_writes_nothing(login, pair: Pair, acme_junior, data: dict) -> None:
    item = _item(book(pair, acme_junior), acme_junior)
    assert login(acme_junior).post(_url("action-done", item), data).status_code == 400
    assert ActionItem.objects.get().done_at is None


def test_the_partner_removes_an_action(login, pair: Pair, acme_junior, acme_senior) -> None:
    item = _item(book(pair, acme_junior), acme_junior)
    response = login(acme_senior).post(_url("action-delete", item))
    assert response.status_code == 302
    assert not ActionItem.objects.exists()


def test_actions_of_a_cancelled_meeting_cannot_change(login, pair: Pair, acme_junior) -> None:
    meeting = book(pair, acme_junior)
    item = _item(meeting, acme_junior)
    meeting_cancel(meeting=meeting, by=acme_junior)
    client = login(acme_junior)
    assert client.post(_url("action-done", item), {"done": "1"}).status_code == 400
    assert client.post(_url("action-delete", item)).status_code == 400
    data = {"text": "More", "owner": str(acme_junior.pk)}
    assert client.post(_url("action-create", meeting), data).status_code == 400
    assert ActionItem.objects.values_list("text", "done_at").get() == ("Try the new dashboard", None)


# Who may open and change what


def _writes(meeting: Meeting, item: ActionItem, owner: Person) -> list[tuple[str, dict]]:
    return [
        (_url("meeting-outcome", meeting), {"outcome": "held"}),
        (_url("meeting-notes", meeting), {"text": "intruder", "version": "0"}),
        (_url("meeting-private-note", meeting), {"text": "intruder"}),
        (_url("action-create", meeting), {"text": "intruder", "owner": str(owner.pk)}),
        (_url("action-done", item), {"done": "1"}),
        (_url("action-delete", item), {}),
    ]


@pytest.mark.parametrize(
    ("intruder", "status"), [("acme_manager", 403), ("acme_admin", 403), ("acme_participant", 404)]
)
def test_people_outside_the_pair_can_neither_open_nor_change_the_meeting(
    request, login, pair: Pair, acme_junior, intruder: str, status: int
) -> None:
    meeting = started(pair, acme_junior)
    item = _item(meeting, acme_junior)
    private_note_save(meeting=meeting, by=acme_junior, text=PRIVATE_CANARY)
    before = _snapshot()
    client = login(request.getfixturevalue(intruder))
    response = client.get(_detail(meeting))
    assert response.status_code == status
    assert AGENDA_CANARY not in response.content.decode()
    for url, data in _writes(meeting, item, acme_junior):
        assert client.post(url, data).status_code == status, url
    assert _snapshot() == before


@pytest.mark.parametrize("intruder", ["globex_admin", "globex_participant"])
def test_another_organisation_gets_404_on_every_meeting_record_route(
    request, login, pair: Pair, acme_junior, intruder: str
) -> None:
    meeting = started(pair, acme_junior)
    item = _item(meeting, acme_junior)
    before = _snapshot()
    client = login(request.getfixturevalue(intruder))
    response = client.get(_detail(meeting))
    assert response.status_code == 404
    assert AGENDA_CANARY not in response.content.decode()
    for url, data in _writes(meeting, item, acme_junior):
        assert client.post(url, data).status_code == 404, url
    assert _snapshot() == before


def test_the_record_routes_refuse_get_for_writes(login, pair: Pair, acme_junior) -> None:
    meeting = started(pair, acme_junior)
    item = _item(meeting, acme_junior)
    client = login(acme_junior)
    for url, _data in _writes(meeting, item, acme_junior):
        assert client.get(url).status_code == 405, url
    assert client.post(_detail(meeting)).status_code == 405
