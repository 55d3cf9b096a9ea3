"""The pill page and its private files: player, transcript, counts, comments, related pills."""

from __future__ import annotations

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ponte.library.models import Audience, OrgStatus, PillComment, PillKind, PillReaction
from tests.factories import PersonFactory

from .test_engagement import (
    enrol,
    make_pair,
    make_pill,
    make_program,
    make_skill,
    org_pill,
    store_files,
)

pytestmark = pytest.mark.django_db


def _detail(pill) -> str:  # type: ignore[no-untyped-def]
    return reverse("library:pill-detail", args=[pill.pk])


def _url(name: str, pill) -> str:  # type: ignore[no-untyped-def]
    return reverse(f"library:{name}", args=[pill.pk])


def _content(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


# -- the page ------------------------------------------------------------------------------------


def test_a_video_pill_plays_with_captions_poster_and_transcript(login, acme_junior, acme_senior) -> None:
    pill = store_files(make_pill(acme_junior, recipient=acme_senior, title="Le fatture"), kind=PillKind.VIDEO)
    response = login(acme_senior).get(_detail(pill))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'controls preload="metadata"' in body
    assert f'poster="{_url("pill-thumbnail", pill)}"' in body
    assert f'<source src="{_url("pill-media", pill)}" type="video/webm">' in body
    assert f'<track kind="captions" srclang="it" label="Italian" src="{_url("pill-captions", pill)}" default>' in body
    # The transcript: one button per cue, with its time, readable without JavaScript.
    assert 'data-start="1.500"' in body
    assert "Poi apriamo insieme il foglio di calcolo." in body
    assert '<span class="cue__time">0:02</span>' in body or '<span class="cue__time">0:01</span>' in body
    assert "library/player.js" in body


def test_an_audio_pill_has_an_audio_player(login, acme_junior, acme_senior) -> None:
    pill = store_files(make_pill(acme_junior, recipient=acme_senior), kind=PillKind.AUDIO)
    body = login(acme_senior).get(_detail(pill)).content.decode()
    assert '<audio id="pill-player"' in body
    assert 'kind="captions"' in body


def test_an_image_is_shown_with_its_title_as_text(login, acme_junior, acme_senior) -> None:
    pill = store_files(make_pill(acme_junior, recipient=acme_senior, title="Il nuovo schema"), kind=PillKind.IMAGE)
    body = login(acme_senior).get(_detail(pill)).content.decode()
    assert f'src="{_url("pill-media", pill)}" alt="Il nuovo schema"' in body


def test_a_pdf_opens_in_the_browser_or_downloads(login, acme_junior, acme_senior) -> None:
    pill = store_files(make_pill(acme_junior, recipient=acme_senior), kind=PillKind.PDF)
    body = login(acme_senior).get(_detail(pill)).content.decode()
    assert "Open the PDF" in body
    assert f"{_url('pill-media', pill)}?download=1" in body


def test_a_link_pill_names_the_site_and_sends_no_referrer(login, acme_junior, acme_senior) -> None:
    pill = make_pill(
        acme_junior, recipient=acme_senior, kind=PillKind.LINK, external_url="https://docs.example.org/guide?x=1"
    )
    body = login(acme_senior).get(_detail(pill)).content.decode()
    assert 'href="https://docs.example.org/guide?x=1" rel="noopener noreferrer"' in body
    assert "<strong>docs.example.org</strong>" in body


def test_a_text_pill_shows_its_sanitised_html_and_escapes_everything_else(login, acme_junior, acme_senior) -> None:
    pill = make_pill(
        acme_junior,
        recipient=acme_senior,
        title="<script>alert(1)</script>",
        summary="<b>bold?</b>",
        body_html="<p>Step <strong>one</strong></p>",
    )
    body = login(acme_senior).get(_detail(pill)).content.decode()
    assert "<p>Step <strong>one</strong></p>" in body
    assert "<script>alert(1)</script>" not in body
    assert "&lt;b&gt;bold?&lt;/b&gt;" in body


def test_the_metadata_lists_skills_as_filters_tags_and_the_audience(login, acme_junior, acme_senior) -> None:
    skill = make_skill(acme_junior.organization, "Fatturazione")
    pill = make_pill(acme_junior, recipient=acme_senior, skills=[skill])
    pill.tags.create(organization=pill.organization, name="Excel", slug="excel")
    body = login(acme_senior).get(_detail(pill)).content.decode()
    assert f"{reverse('library:home')}?skill={skill.pk}" in body
    assert "#Excel" in body
    assert "Only for you" in body
    assert "Giulia Junior" in body


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"audience": Audience.ORGANIZATION, "org_status": OrgStatus.APPROVED}, "Whole organisation"),
        ({"org_status": OrgStatus.PENDING}, "Waiting for approval"),
    ],
)
def test_the_audience_badge(login, acme_junior, fields, label) -> None:
    pill = make_pill(acme_junior, **fields)
    assert label in login(acme_junior).get(_detail(pill)).content.decode()


def test_pair_and_program_badges(login, acme_junior, acme_senior) -> None:
    program = make_program(acme_junior.organization, "Ponte 2027")
    pair = make_pair(program, acme_junior, acme_senior)
    pair_pill = make_pill(acme_junior, audience=Audience.PAIR, pair=pair)
    program_pill = make_pill(acme_junior, audience=Audience.PROGRAM, program=program)
    client = login(acme_senior)
    assert "Your pair" in client.get(_detail(pair_pill)).content.decode()
    enrol(program, acme_senior)
    assert "Program Ponte 2027" in client.get(_detail(program_pill)).content.decode()


def test_opening_the_page_counts_a_view_once_and_not_for_the_author(login, acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    login(acme_junior).get(_detail(pill))
    client = login(acme_senior)
    client.get(_detail(pill))
    body = client.get(_detail(pill)).content.decode()
    pill.refresh_from_db()
    assert pill.views_count == 1
    assert "Opened by 1 person" in body


def test_the_author_sees_edit_share_and_delete(login, acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    mine = login(acme_junior).get(_detail(pill)).content.decode()
    theirs = login(acme_senior).get(_detail(pill)).content.decode()
    for name in ("pill-edit", "pill-share", "pill-delete"):
        assert _url(name, pill) in mine
        assert _url(name, pill) not in theirs


def test_other_organisations_and_people_outside_the_audience_get_404(
    login, acme_junior, acme_senior, acme_participant, globex_admin
) -> None:
    pill = store_files(make_pill(acme_junior, recipient=acme_senior), kind=PillKind.VIDEO)
    for person in (acme_participant, globex_admin):
        client = login(person)
        for name in ("pill-detail", "pill-media", "pill-thumbnail", "pill-captions"):
            assert client.get(_url(name, pill)).status_code == 404, (person, name)
        for name in ("pill-helpful", "comment-add"):
            assert client.post(_url(name, pill), {"body": "hi"}).status_code == 404, (person, name)


# -- the files -----------------------------------------------------------------------------------


def test_the_media_is_served_to_the_audience_inline_or_as_a_download(login, acme_junior, acme_senior) -> None:
    pill = store_files(make_pill(acme_junior, recipient=acme_senior, title="Le fatture"), kind=PillKind.VIDEO)
    client = login(acme_senior)
    inline = client.get(_url("pill-media", pill))
    assert inline.status_code == 200
    assert inline["Content-Type"] == "video/webm"
    assert inline["X-Content-Type-Options"] == "nosniff"
    assert _content(inline) == storages["library"].open(pill.media.name).read()
    download = client.get(_url("pill-media", pill), {"download": "1"})
    assert download["Content-Disposition"].startswith("attachment")
    assert "le-fatture.webm" in download["Content-Disposition"]


def test_thumbnail_and_captions_have_their_types(login, acme_junior, acme_senior) -> None:
    pill = store_files(make_pill(acme_junior, recipient=acme_senior), kind=PillKind.VIDEO)
    client = login(acme_senior)
    thumbnail = client.get(_url("pill-thumbnail", pill))
    assert thumbnail.status_code == 200
    assert thumbnail["Content-Type"] == "image/jpeg"
    captions = client.get(_url("pill-captions", pill))
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert client.head(_url("pill-captions", pill)).status_code == 200
    assert _content(captions).decode().startswith("WEBVTT")


def test_missing_files_are_404(login, acme_junior, acme_senior) -> None:
    text = make_pill(acme_junior, recipient=acme_senior)
    client = login(acme_senior)
    for name in ("pill-media", "pill-thumbnail", "pill-captions"):
        assert client.get(_url(name, text)).status_code == 404, name
    lost = store_files(make_pill(acme_junior, recipient=acme_senior), kind=PillKind.VIDEO)
    storages["library"].delete(lost.media.name)
    storages["library"].delete(lost.captions.name)
    assert client.get(_url("pill-media", lost)).status_code == 404
    assert client.get(_url("pill-captions", lost)).status_code == 404
    # The page itself still opens, without a transcript.
    assert client.get(_detail(lost)).status_code == 200


def test_a_download_is_never_a_write(login, acme_junior, acme_senior) -> None:
    pill = store_files(make_pill(acme_junior, recipient=acme_senior), kind=PillKind.VIDEO)
    login(acme_senior).get(_url("pill-media", pill))
    pill.refresh_from_db()
    assert pill.views_count == 0


# -- this helped me ------------------------------------------------------------------------------


def test_helpful_with_htmx_returns_the_pressed_button(login, acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    client = login(acme_senior)
    response = client.post(_url("pill-helpful", pill), headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-pressed="true"' in body
    assert "1 person found this helpful" in body
    assert "<html" not in body
    again = client.post(_url("pill-helpful", pill), headers={"HX-Request": "true"}).content.decode()
    assert 'aria-pressed="false"' in again
    assert not PillReaction.objects.exists()


def test_helpful_without_htmx_redirects_to_the_pill(login, acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    client = login(acme_senior)
    response = client.post(_url("pill-helpful", pill))
    assert response.status_code == 302
    assert response["Location"].startswith(_detail(pill))
    assert 'aria-pressed="true"' in client.get(_detail(pill)).content.decode()


def test_the_author_cannot_mark_their_pill_helpful(login, acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    client = login(acme_junior)
    assert "aria-pressed" not in client.get(_detail(pill)).content.decode()
    assert client.post(_url("pill-helpful", pill)).status_code == 403
    assert not PillReaction.objects.exists()


def test_helpful_and_comments_refuse_get(login, acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    client = login(acme_senior)
    assert client.get(_url("pill-helpful", pill)).status_code == 405
    assert client.get(_url("comment-add", pill)).status_code == 405


# -- comments ------------------------------------------------------------------------------------


def test_a_comment_is_added_and_shown(login, acme_junior, acme_senior) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    client = login(acme_senior)
    response = client.post(_url("comment-add", pill), {"body": "  Chiarissimo, grazie!  "})
    comment = PillComment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.body == "Chiarissimo, grazie!"
    assert "Chiarissimo, grazie!" in client.get(_detail(pill)).content.decode()


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001])
def test_an_empty_or_long_comment_is_a_400_with_the_message(login, acme_junior, acme_senior, body) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    response = login(acme_senior).post(_url("comment-add", pill), {"body": body})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert not PillComment.objects.exists()


def test_comment_removal_by_its_author_a_manager_not_others(
    login, acme_junior, acme_senior, acme_participant, acme_manager
) -> None:
    pill = org_pill(acme_junior)
    first = PillComment.objects.create(organization=pill.organization, pill=pill, author=acme_senior, body="One")
    second = PillComment.objects.create(organization=pill.organization, pill=pill, author=acme_senior, body="Two")
    delete = "library:comment-delete"
    other = login(acme_participant)
    assert reverse(delete, args=[first.pk]) not in other.get(_detail(pill)).content.decode()
    assert reverse(delete, args=[first.pk]) in login(acme_manager).get(_detail(pill)).content.decode()
    assert other.post(reverse(delete, args=[first.pk])).status_code == 403
    assert login(acme_senior).post(reverse(delete, args=[first.pk])).status_code == 302
    assert login(acme_manager).post(reverse(delete, args=[second.pk])).status_code == 302
    assert not PillComment.objects.exists()


def test_a_comment_on_a_pill_outside_ones_audience_is_404(
    login, acme_junior, acme_senior, acme_participant, globex_admin
) -> None:
    pill = make_pill(acme_junior, recipient=acme_senior)
    comment = PillComment.objects.create(organization=pill.organization, pill=pill, author=acme_senior, body="Mine")
    for person in (acme_participant, globex_admin):
        assert login(person).post(reverse("library:comment-delete", args=[comment.pk])).status_code == 404
    assert PillComment.objects.filter(pk=comment.pk).exists()


# -- related pills -------------------------------------------------------------------------------


def test_related_pills_share_skills_or_tags_same_language_first_and_visible_only(
    login, acme_junior, acme_senior, acme_participant
) -> None:
    org = acme_junior.organization
    excel = make_skill(org, "Excel")
    pill = org_pill(acme_junior, skills=[excel], language="it")
    english = org_pill(acme_senior, skills=[excel], language="en", title="English sibling")
    italian = org_pill(acme_senior, skills=[excel], language="it", title="Italian sibling")
    tagged = org_pill(acme_senior, language="it", title="Tagged sibling")
    tag = pill.tags.create(organization=org, name="Fatture", slug="fatture")
    tagged.tags.add(tag)
    make_pill(acme_junior, recipient=acme_senior, skills=[excel], title="Private sibling")
    org_pill(acme_senior, title="Unrelated")
    body = login(acme_participant).get(_detail(pill)).content.decode()
    related = body[body.index('id="related-heading"') :]
    assert related.index(italian.title) < related.index(english.title)
    assert tagged.title in related
    assert "Private sibling" not in body
    assert "Unrelated" not in related


def test_at_most_five_related_pills(login, acme_junior, acme_participant) -> None:
    excel = make_skill(acme_junior.organization, "Excel")
    pill = org_pill(acme_junior, skills=[excel])
    for _ in range(7):
        org_pill(acme_junior, skills=[excel])
    body = login(acme_participant).get(_detail(pill)).content.decode()
    assert body[body.index('id="related-heading"') :].count('class="pill-card"') == 5


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_query_count_does_not_grow_with_comments_skills_or_related(login, acme_junior, acme_senior) -> None:
    org = acme_junior.organization
    skills = [make_skill(org, f"Skill {n}") for n in range(4)]
    pill = store_files(org_pill(acme_junior, skills=skills[:1]), kind=PillKind.VIDEO)
    client = login(acme_senior)
    client.get(_detail(pill))  # the first view inserts; later ones only update

    def grow(count: int) -> None:
        for n in range(count):
            author = PersonFactory(organization=org)
            PillComment.objects.create(organization=org, pill=pill, author=author, body=f"Comment {n}")
            org_pill(author, skills=skills[: n % 4 + 1])

    grow(1)
    few = _queries(client, _detail(pill))
    pill.skills.set(skills)
    grow(8)
    assert _queries(client, _detail(pill)) == few
