"""The authoring pages: the author writes, edits, shares and deletes; the rest of the audience gets
403, anyone else 404 (other organisations too); program managers review; bad input is a 400 with
its message and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from ponte.demo import samples
from ponte.library.models import Audience, OrgStatus, Pill, PillKind, Tag
from ponte.library.services import Target, pill_create, pill_share
from ponte.people.models import Person

from .test_services import data, enrol, for_person, make_pair, make_program, upload

pytestmark = pytest.mark.django_db


def _url(name: str, pill: Pill) -> str:
    return reverse(f"library:{name}", kwargs={"pill_id": pill.pk})


def _post(**fields: Any) -> dict[str, Any]:
    return {
        "title": "Sharing invoices",
        "summary": "In three steps",
        "body": "**First** open the file.",
        "language": "it",
        "tags": "Excel, fatture",
        "external_url": "",
    } | fields


@pytest.fixture
def pill(acme_junior, acme_senior) -> Pill:
    """Giulia's pill for Sergio: Sergio is its audience, not its author."""
    return pill_create(author=acme_junior, data=data(for_person(acme_senior)), media=None, captions=None)


AUTHOR_ROUTES = ["pill-edit", "pill-share", "pill-delete"]


# -- who may open what ----------------------------------------------------------------------------


@pytest.mark.parametrize("route", AUTHOR_ROUTES)
def test_the_author_opens_every_authoring_page(login, pill: Pill, acme_junior, route: str) -> None:
    assert login(acme_junior).get(_url(route, pill)).status_code == 200


@pytest.mark.parametrize("route", AUTHOR_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_organisations_get_404(login, pill: Pill, globex_admin, globex_participant, route: str, method: str):
    for person in (globex_admin, globex_participant):
        response = getattr(login(person), method)(_url(route, pill))
        assert response.status_code == 404
        assert pill.title not in response.content.decode()


@pytest.mark.parametrize("route", AUTHOR_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_colleagues_outside_the_audience_get_404(login, pill: Pill, acme_participant, acme_admin, route, method):
    for person in (acme_participant, acme_admin):
        assert getattr(login(person), method)(_url(route, pill)).status_code == 404


@pytest.mark.parametrize("route", AUTHOR_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_audience_who_is_not_the_author_gets_403(login, pill: Pill, acme_senior, route: str, method: str):
    assert getattr(login(acme_senior), method)(_url(route, pill), _post()).status_code == 403
    pill.refresh_from_db()
    assert pill.title == "Sharing invoices"


# -- create ---------------------------------------------------------------------------------------


def test_the_form_offers_partners_first_and_defaults_to_my_language(login, acme_junior, acme_senior) -> None:
    make_pair(acme_junior, acme_senior)
    acme_junior.user.language = "en"
    acme_junior.user.save()
    response = login(acme_junior).get(reverse("library:pill-create"))
    assert response.status_code == 200
    form = response.context["audience_form"]
    assert form.choices.partners == [acme_senior]
    assert response.context["form"].fields["language"].initial == "en"
    body = response.content.decode()
    assert "data-recorder" in body and "library/recorder.js" in body
    assert 'enctype="multipart/form-data"' in body


def test_for_and_pair_preselect_the_audience(login, acme_junior, acme_senior) -> None:
    pair = make_pair(acme_junior, acme_senior)
    client = login(acme_junior)
    form = client.get(reverse("library:pill-create"), {"for": acme_senior.pk}).context["audience_form"]
    assert form.initial == {"audience": Audience.PERSON, "recipient": str(acme_senior.pk)}
    form = client.get(reverse("library:pill-create"), {"pair": pair.pk}).context["audience_form"]
    assert form.initial == {"audience": Audience.PAIR, "pair": str(pair.pk)}


def test_a_foreign_person_in_the_query_string_is_ignored(login, acme_junior, globex_participant) -> None:
    response = login(acme_junior).get(reverse("library:pill-create"), {"for": globex_participant.pk, "pair": "x"})
    assert response.status_code == 200
    assert response.context["audience_form"].initial == {}
    assert globex_participant.full_name not in response.content.decode()


def test_a_text_pill_for_a_colleague_is_published(login, acme_junior, acme_senior) -> None:
    response = login(acme_junior).post(
        reverse("library:pill-create"), _post(audience="person", recipient=acme_senior.pk)
    )
    pill = Pill.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/library/pills/{pill.pk}/"
    assert (pill.author, pill.recipient, pill.kind) == (acme_junior, acme_senior, PillKind.TEXT)
    assert "<strong>First</strong>" in pill.body_html
    assert sorted(pill.tags.values_list("slug", flat=True)) == ["excel", "fatture"]


def test_a_video_upload_with_captions_makes_a_video_pill(login, acme_junior, acme_senior) -> None:
    response = login(acme_junior).post(
        reverse("library:pill-create"),
        _post(
            audience="person",
            recipient=acme_senior.pk,
            media_file=upload("recording.webm", samples.video("webm"), "video/webm"),
            captions=upload("recording.vtt", samples.VTT.encode(), "text/vtt"),
        ),
    )
    assert response.status_code == 302
    pill = Pill.objects.get()
    assert pill.kind == PillKind.VIDEO and pill.captions and pill.transcript


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"audience": ""}, "audience", "This field is required."),
        ({"audience": "person", "recipient": ""}, "recipient", "Choose the colleague this pill is for."),
        ({"audience": "organization"}, "consent", "Tick the box to agree"),
        ({"external_url": "javascript:alert(1)"}, "external_url", "Enter a link that starts with https://"),
        ({"tags": ",".join(f"t{n}" for n in range(11))}, "tags", "at most 10 tags"),
        ({"captions": "file"}, "captions", "Captions go with a video or an audio file."),
    ],
)
def test_bad_input_answers_400_with_its_message_and_writes_nothing(
    login, acme_junior, acme_senior, fields: dict[str, Any], field: str, message: str
) -> None:
    if fields.get("captions") == "file":
        fields = {"captions": upload("c.vtt", samples.VTT.encode(), "text/vtt")}
    posted = _post(audience="person", recipient=acme_senior.pk) | fields
    response = login(acme_junior).post(reverse("library:pill-create"), posted)
    assert response.status_code == 400
    forms = [response.context["form"], response.context["audience_form"]]
    errors = " ".join(str(error) for form in forms for error in form.errors.get(field, []))
    assert message in errors
    assert "error-summary" in response.content.decode()
    assert not Pill.objects.exists() and not Tag.objects.exists()


@pytest.mark.parametrize("audience", ["person", "pair", "program"])
def test_foreign_audience_ids_are_form_errors(login, acme_junior, globex_participant, globex_admin, audience) -> None:
    foreign_program = make_program(globex_participant.organization)
    foreign_pair = make_pair(globex_participant, globex_admin, foreign_program)
    ids = {"person": ("recipient", globex_participant.pk), "pair": ("pair", foreign_pair.pk)}
    name, value = ids.get(audience, ("program", foreign_program.pk))
    response = login(acme_junior).post(reverse("library:pill-create"), _post(audience=audience, **{name: value}))
    assert response.status_code == 400
    assert not Pill.objects.exists()


def test_an_admin_without_a_profile_cannot_write(login, acme_admin) -> None:
    user = acme_admin.user
    acme_admin.delete()
    client = login(Person(user=user))
    assert client.get(reverse("library:pill-create")).status_code == 404


# -- edit -----------------------------------------------------------------------------------------


def test_the_author_edits_the_text_and_the_audience_stays(login, pill: Pill, acme_junior, acme_senior) -> None:
    response = login(acme_junior).post(_url("pill-edit", pill), _post(title="Invoices, better", audience="program"))
    assert response.status_code == 302
    pill.refresh_from_db()
    assert (pill.title, pill.recipient, pill.audience) == ("Invoices, better", acme_senior, Audience.PERSON)


def test_the_edit_form_starts_from_the_pill(login, pill: Pill, acme_junior) -> None:
    response = login(acme_junior).get(_url("pill-edit", pill))
    assert response.context["form"]["title"].value() == "Sharing invoices"
    assert "audience_form" not in response.context


def test_a_bad_edit_answers_400_and_changes_nothing(login, pill: Pill, acme_junior) -> None:
    response = login(acme_junior).post(_url("pill-edit", pill), _post(title="", tags="x" * 61))
    assert response.status_code == 400
    assert response.context["form"].errors.keys() >= {"title", "tags"}
    pill.refresh_from_db()
    assert pill.title == "Sharing invoices" and not Tag.objects.exists()


# -- share ----------------------------------------------------------------------------------------


def test_the_share_page_offers_only_wider_audiences(login, pill: Pill, acme_junior, acme_senior) -> None:
    make_pair(acme_junior, acme_senior)
    form = login(acme_junior).get(_url("pill-share", pill)).context["form"]
    assert [value for value, _label in form.fields["audience"].choices] == ["pair", "organization"]


def test_sharing_with_the_pair_keeps_the_recipient(login, pill: Pill, acme_junior, acme_senior) -> None:
    pair = make_pair(acme_junior, acme_senior)
    response = login(acme_junior).post(_url("pill-share", pill), {"audience": "pair", "pair": pair.pk})
    assert response.status_code == 302
    pill.refresh_from_db()
    assert (pill.pair, pill.recipient, pill.audience) == (pair, acme_senior, Audience.PAIR)


def test_sharing_with_everyone_without_consent_is_a_400(login, pill: Pill, acme_junior) -> None:
    response = login(acme_junior).post(_url("pill-share", pill), {"audience": "organization"})
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    pill.refresh_from_db()
    assert pill.org_status == OrgStatus.NOT_REQUESTED


def test_a_narrower_audience_posted_by_hand_is_a_400(login, acme_junior, acme_senior) -> None:
    program = make_program(acme_junior.organization)
    enrol(acme_junior, program)
    pill = pill_create(
        author=acme_junior, data=data(Target(audience=Audience.PROGRAM, program=program)), media=None, captions=None
    )
    response = login(acme_junior).post(_url("pill-share", pill), {"audience": "person", "recipient": acme_senior.pk})
    assert response.status_code == 400
    pill.refresh_from_db()
    assert pill.recipient is None


def test_the_author_shares_with_everyone_and_takes_it_back(login, pill: Pill, acme_junior) -> None:
    client = login(acme_junior)
    response = client.post(_url("pill-share", pill), {"audience": "organization", "consent": "on"})
    assert response.status_code == 302
    pill.refresh_from_db()
    assert pill.org_status == OrgStatus.PENDING
    assert client.post(_url("pill-share", pill), {"action": "withdraw"}).status_code == 302
    pill.refresh_from_db()
    assert (pill.org_status, pill.org_consent_at) == (OrgStatus.NOT_REQUESTED, None)
    assert client.post(_url("pill-share", pill), {"action": "withdraw"}).status_code == 400


# -- delete ---------------------------------------------------------------------------------------


def test_the_author_deletes_after_confirming(login, pill: Pill, acme_junior) -> None:
    client = login(acme_junior)
    page = client.get(_url("pill-delete", pill))
    assert page.status_code == 200 and Pill.objects.filter(pk=pill.pk).exists()
    response = client.post(_url("pill-delete", pill))
    assert response.status_code == 302 and response["Location"] == reverse("library:my-pills")
    assert not Pill.objects.filter(pk=pill.pk).exists()


# -- review ---------------------------------------------------------------------------------------


@pytest.fixture
def pending(pill: Pill, acme_junior) -> Pill:
    return pill_share(pill=pill, by=acme_junior, audience=Audience.ORGANIZATION, consent=True)


def test_managers_see_pending_pills_oldest_first(login, pending: Pill, acme_junior, acme_manager) -> None:
    newer = pill_create(
        author=acme_junior,
        data=data(Target(audience=Audience.ORGANIZATION, consent=True), title="Newer one"),
        media=None,
        captions=None,
    )
    response = login(acme_manager).get(reverse("library:review-queue"))
    assert response.status_code == 200
    assert [row.pill for row in response.context["rows"]] == [pending, newer]
    body = response.content.decode()
    assert pending.summary in body and acme_junior.full_name in body
    assert _url("pill-detail", pending) in body


def test_participants_get_403_on_the_review_pages(login, pending: Pill, acme_junior, acme_senior) -> None:
    for person in (acme_junior, acme_senior):
        client = login(person)
        assert client.get(reverse("library:review-queue")).status_code == 403
        assert client.post(_url("pill-review", pending), {"decision": "approve"}).status_code == 403
    pending.refresh_from_db()
    assert pending.org_status == OrgStatus.PENDING


def test_other_organisations_neither_list_nor_review(login, pending: Pill, globex_admin) -> None:
    client = login(globex_admin)
    response = client.get(reverse("library:review-queue"))
    assert response.status_code == 200 and response.context["rows"] == []
    assert client.post(_url("pill-review", pending), {"decision": "approve"}).status_code == 404
    pending.refresh_from_db()
    assert pending.org_status == OrgStatus.PENDING


def test_a_manager_approves(login, pending: Pill, acme_manager) -> None:
    response = login(acme_manager).post(_url("pill-review", pending), {"decision": "approve"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.org_status == OrgStatus.APPROVED


def test_declining_without_a_note_is_a_400(login, pending: Pill, acme_manager) -> None:
    response = login(acme_manager).post(_url("pill-review", pending), {"decision": "decline", "note": " "})
    assert response.status_code == 400
    assert "Tell the author why" in response.content.decode()
    pending.refresh_from_db()
    assert pending.org_status == OrgStatus.PENDING


def test_a_manager_declines_with_a_note(login, pending: Pill, acme_manager) -> None:
    response = login(acme_manager).post(
        _url("pill-review", pending), {"decision": "decline", "note": "It shows a customer's name."}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.org_status, pending.org_review_note) == (OrgStatus.DECLINED, "It shows a customer's name.")


def test_reviewing_a_pill_that_is_not_pending_is_a_400(login, pill: Pill, acme_manager) -> None:
    program = make_program(pill.organization)
    pill.program = program
    pill.save()
    response = login(acme_manager).post(_url("pill-review", pill), {"decision": "approve"})
    assert response.status_code == 400
    assert "no longer waiting for approval" in response.content.decode()
    pill.refresh_from_db()
    assert pill.org_status == OrgStatus.NOT_REQUESTED


def test_a_manager_outside_the_audience_of_a_private_pill_gets_404(login, pill: Pill, acme_manager) -> None:
    assert login(acme_manager).post(_url("pill-review", pill), {"decision": "approve"}).status_code == 404


# -- my pills -------------------------------------------------------------------------------------


def test_my_pills_lists_what_i_made_and_what_was_made_for_me(
    login, pill: Pill, acme_junior, acme_senior, acme_participant
) -> None:
    pair = make_pair(acme_participant, acme_senior)
    for_pair = pill_create(
        author=acme_participant,
        data=data(Target(audience=Audience.PAIR, pair=pair), title="For our pair"),
        media=None,
        captions=None,
    )
    unrelated = pill_create(
        author=acme_participant, data=data(for_person(acme_junior), title="Not for Sergio"), media=None, captions=None
    )
    response = login(acme_senior).get(reverse("library:my-pills"))
    assert response.status_code == 200
    assert response.context["written"] == []
    assert set(response.context["received"]) == {pill, for_pair}
    assert unrelated.title not in response.content.decode()
    mine = login(acme_junior).get(reverse("library:my-pills"))
    assert mine.context["written"] == [pill]
    body = mine.content.decode()
    assert _url("pill-edit", pill) in body and _url("pill-share", pill) in body
    assert "For Sergio Senior" in body


def test_my_pills_never_lists_another_organisations_pills(login, pill: Pill, globex_participant) -> None:
    response = login(globex_participant).get(reverse("library:my-pills"))
    assert response.context["written"] == [] and response.context["received"] == []
