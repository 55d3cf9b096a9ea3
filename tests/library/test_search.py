"""The pill search engine, on whichever database the suite runs (CI runs it on both)."""

from __future__ import annotations

from itertools import count
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ponte.library.models import OrgStatus, Pill, PillKind, Tag
from ponte.library.search import COUNT_CAP, has_terms, index_pills, rebuild_index, remove_pills, search_pills
from ponte.organizations.models import Membership
from ponte.people.models import Person
from ponte.skills.models import Framework, Skill, SkillArea

pytestmark = pytest.mark.django_db

_serial = count(1)


def pill(author: Person, *, index: bool = True, **fields: Any) -> Pill:
    tags = fields.pop("tags", [])
    skills = fields.pop("skills", [])
    values: dict[str, Any] = {
        "organization": author.organization,
        "author": author,
        "title": f"Untitled {next(_serial)}",
        "language": "it",
        "org_status": OrgStatus.APPROVED,
        "org_consent_at": "2026-01-01T00:00:00Z",
    }
    created = Pill.objects.create(**(values | fields))
    for name in tags:
        tag, _created = Tag.objects.get_or_create(organization=author.organization, slug=name.lower(), name=name)
        created.tags.add(tag)
    created.skills.set(skills)
    if index:
        index_pills([created.pk])
    return created


def visible(person: Person) -> Any:
    membership = Membership.objects.get(organization=person.organization, user=person.user)
    return Pill.objects.visible_to(membership, person)


def found(text: str, viewer: Person, **kwargs: Any) -> list[Pill]:
    return [result.pill for result in search_pills(text, candidates=visible(viewer), **kwargs).results]


def test_an_italian_word_finds_another_inflection_in_a_transcript(acme_junior, acme_participant) -> None:
    wanted = pill(acme_junior, title="Video per Sergio", transcript="Oggi guardiamo le fatture del mese")
    pill(acme_junior, title="Altro", transcript="Oggi guardiamo il bilancio")
    assert found("fattura", acme_participant) == [wanted]


def test_an_irregular_participle_is_found_by_its_verb(acme_junior, acme_participant) -> None:
    wanted = pill(acme_junior, title="Riunione", transcript="Abbiamo condiviso lo schermo con tutti")
    assert found("condividere", acme_participant) == [wanted]


def test_english_stemming_and_every_word_required(acme_junior, acme_participant) -> None:
    wanted = pill(acme_junior, language="en", title="Shared spreadsheets for the team")
    pill(acme_junior, language="en", title="Spreadsheet shortcuts")
    assert found("spreadsheet shared", acme_participant) == [wanted]


def test_accents_do_not_matter_either_way(acme_junior, acme_participant) -> None:
    accented = pill(acme_junior, title="Perché archiviare le email")
    plain = pill(acme_junior, title="Perche usare le cartelle")
    assert set(found("perche", acme_participant)) == {accented, plain}
    assert set(found("perché", acme_participant)) == {accented, plain}


@pytest.mark.parametrize("field", ["title", "summary", "body", "transcript"])
def test_each_text_field_is_searchable(field: str, acme_junior, acme_participant) -> None:
    wanted = pill(acme_junior, **{field: "Zanzibar " + ("titolo" if field == "title" else "testo")})
    assert found("zanzibar", acme_participant) == [wanted]


def test_tags_and_skill_names_in_the_pills_language_are_searchable(acme, acme_junior, acme_participant) -> None:
    framework = Framework.objects.create(organization=acme, code="ours", name="Ours")
    area = SkillArea.objects.create(framework=framework, code="1", name="Office")
    skill = Skill.objects.create(area=area, code="x1", name_it="Contabilità", name_en="Bookkeeping")
    italian = pill(acme_junior, title="Primo", skills=[skill])
    english = pill(acme_junior, title="Second", language="en", skills=[skill], tags=["Quickwins"])
    assert found("contabilita", acme_participant) == [italian]
    assert found("bookkeeping", acme_participant) == [english]
    assert found("quickwins", acme_participant) == [english]


def test_a_title_hit_ranks_before_a_body_hit(acme_junior, acme_participant) -> None:
    in_body = pill(acme_junior, title="Note sparse", body="Qui si parla anche di budget, tra le altre cose")
    in_title = pill(acme_junior, title="Il budget trimestrale", body="Come si prepara")
    assert found("budget", acme_participant) == [in_title, in_body]


def test_whole_word_hits_come_before_prefix_hits(acme_junior, acme_participant) -> None:
    longer = pill(acme_junior, title="Macroistruzioni", body="macroistruzioni macroistruzioni macroistruzioni")
    exact = pill(acme_junior, title="Appunti", body="Una macro")
    assert found("macro", acme_participant) == [exact, longer]
    assert found("macro ", acme_participant) == [exact]  # a finished word is no prefix
    assert found("macroistr", acme_participant) == [longer]


def test_filters_given_as_candidates_are_respected(acme_junior, acme_participant) -> None:
    video = pill(acme_junior, title="Fatture in video", kind=PillKind.VIDEO)
    pill(acme_junior, title="Fatture per iscritto", kind=PillKind.TEXT)
    english = pill(acme_junior, title="Invoices, fatture", language="en")
    page = search_pills("fatture", candidates=visible(acme_participant).filter(kind=PillKind.VIDEO))
    assert [result.pill for result in page.results] == [video]
    assert page.total == 1
    in_english = search_pills("fatture", candidates=visible(acme_participant).filter(language="en"))
    assert [result.pill for result in in_english.results] == [english]


def test_a_pill_outside_the_candidates_is_never_returned(
    acme_junior, acme_senior, acme_participant, globex_participant
) -> None:
    private = pill(
        acme_junior,
        title="Segreto segreto segreto",
        summary="segreto",
        org_status=OrgStatus.NOT_REQUESTED,
        org_consent_at=None,
        recipient=acme_senior,
    )
    public = pill(acme_junior, title="Un altro", body="un segreto")
    assert found("segreto", acme_participant) == [public]
    assert found("segreto", acme_senior) == [private, public]
    assert found("segreto", globex_participant) == []
    assert search_pills("segreto", candidates=visible(acme_participant)).total == 1


def test_an_edit_is_found_after_reindexing_and_a_removed_pill_is_gone(acme_junior, acme_participant) -> None:
    edited = pill(acme_junior, title="Vecchio titolo")
    edited.title = "Nuovo argomento"
    edited.save()
    index_pills([edited.pk])
    assert found("vecchio", acme_participant) == []
    assert found("argomento", acme_participant) == [edited]
    remove_pills([edited.pk])
    assert found("argomento", acme_participant) == []


def test_indexing_a_deleted_pill_forgets_it(acme_junior, acme_participant) -> None:
    gone = pill(acme_junior, title="Pillola cancellata")
    gone_id = gone.pk
    gone.delete()
    index_pills([gone_id])
    kept = pill(acme_junior, title="Pillola rimasta")
    assert found("pillola", acme_participant) == [kept]


def test_indexing_takes_a_constant_number_of_queries(acme_junior) -> None:
    first = [pill(acme_junior, index=False, tags=["Uno"]) for _ in range(2)]
    with CaptureQueriesContext(connection) as few:
        index_pills([p.pk for p in first])
    more = [pill(acme_junior, index=False, tags=["Due", "Tre"]) for _ in range(8)]
    with CaptureQueriesContext(connection) as many:
        index_pills([p.pk for p in first + more])
    assert len(many) == len(few)


def test_rebuild_indexes_everything_and_the_command_too(acme_junior, acme_participant) -> None:
    pills = [pill(acme_junior, index=False, title=f"Ricostruito {n}") for n in range(3)]
    assert found("ricostruito", acme_participant) == []
    assert rebuild_index(acme_junior.organization_id) == 3
    assert set(found("ricostruito", acme_participant)) == set(pills)
    remove_pills([p.pk for p in pills])
    call_command("rebuild_pill_index", verbosity=0)
    assert set(found("ricostruito", acme_participant)) == set(pills)


def test_results_come_with_their_author_in_constant_queries(acme_junior, acme_participant) -> None:
    for n in range(6):
        pill(acme_junior, title=f"Caricamento {n}", tags=["Uno", f"Tag{n}"])
    candidates = visible(acme_participant)
    with CaptureQueriesContext(connection) as queries:
        page = search_pills("caricamento", candidates=candidates)
        for result in page.results:
            assert result.pill.author.first_name
    first = len(queries)
    with CaptureQueriesContext(connection) as queries:
        search_pills("caricamento", candidates=candidates, per_page=2)
    assert len(page.results) == 6
    assert first == len(queries)


def test_snippets_escape_the_source_and_mark_the_matching_words(acme_junior, acme_participant) -> None:
    pill(
        acme_junior,
        title="Fatture <b>urgenti</b>",
        transcript="Prima parte. <script>alert('x')</script> Poi le fatture dei clienti & i fornitori.",
    )
    (result,) = search_pills("fattura clienti", candidates=visible(acme_participant)).results
    assert "<script>" not in result.snippet
    assert "&lt;script&gt;" in result.snippet
    assert "<mark>fatture</mark>" in result.snippet
    assert "<mark>clienti</mark>" in result.snippet
    assert "&amp;" in result.snippet
    assert "fornitori" in result.snippet and "<mark>fornitori" not in result.snippet
    assert str(result.title_html) == "<mark>Fatture</mark> &lt;b&gt;urgenti&lt;/b&gt;"


def test_a_snippet_is_a_window_around_the_first_match(acme_junior, acme_participant) -> None:
    words = [f"parola{n}" for n in range(200)]
    words[150] = "ornitorinco"
    pill(acme_junior, title="Lungo", body=" ".join(words))
    (result,) = search_pills("ornitorinco", candidates=visible(acme_participant)).results
    assert "<mark>ornitorinco</mark>" in result.snippet
    assert result.snippet.startswith("… ") and result.snippet.endswith(" …")
    assert len(result.snippet.split()) <= 35


def test_a_snippet_keeps_ten_words_before_the_match_and_fills_thirty(acme_junior, acme_participant) -> None:
    words = [f"w{n}" for n in range(100)]
    words[40] = "ornitorinco"
    words[38] = "x" * 60  # an overlong token is kept in the text but not counted as a word
    pill(acme_junior, title="Finestra", body=" ".join(words))
    (result,) = search_pills("ornitorinco", candidates=visible(acme_participant)).results
    expected = [*words[29:40], "<mark>ornitorinco</mark>", *words[41:60]]
    assert str(result.snippet) == "… " + " ".join(expected) + " …"


def test_a_match_near_the_start_takes_the_next_words_instead(acme_junior, acme_participant) -> None:
    words = [f"w{n}" for n in range(31)]
    words[2] = "ornitorinco"
    pill(acme_junior, title="Inizio", body=" ".join(words))
    (result,) = search_pills("ornitorinco", candidates=visible(acme_participant)).results
    assert str(result.snippet) == "w0 w1 <mark>ornitorinco</mark> " + " ".join(words[3:30]) + " …"


def test_only_whole_words_are_marked(acme_junior, acme_participant) -> None:
    pill(acme_junior, title="Parole", body="Le fatture_nuove, superfatture e FATTURE.")
    (result,) = search_pills("fattura", candidates=visible(acme_participant)).results
    # A snippet ends with its last word, so without the full stop.
    assert str(result.snippet) == "Le <mark>fatture</mark>_nuove, superfatture e <mark>FATTURE</mark>"


def test_pages_split_the_ranked_matches(acme_junior, acme_participant) -> None:
    pills = {pill(acme_junior, title=f"Elenco {n}").pk for n in range(5)}
    first = search_pills("elenco", candidates=visible(acme_participant), per_page=2)
    third = search_pills("elenco", candidates=visible(acme_participant), page=3, per_page=2)
    second = search_pills("elenco", candidates=visible(acme_participant), page=2, per_page=2)
    assert (first.total, first.num_pages, first.has_next, first.has_previous) == (5, 3, True, False)
    assert (third.has_next, third.has_previous, len(third.results)) == (False, True, 1)
    assert {r.pill.pk for page in (first, second, third) for r in page.results} == pills
    assert search_pills("elenco", candidates=visible(acme_participant), page=9, per_page=2).results == []
    assert COUNT_CAP >= 1000


def test_pages_run_on_from_whole_words_into_prefix_matches(acme_junior, acme_participant) -> None:
    whole = {pill(acme_junior, title=f"Report {n}").pk for n in range(3)}
    prefixed = {pill(acme_junior, title=f"Reportistica {n}").pk for n in range(3)}
    pages = [search_pills("report", candidates=visible(acme_participant), page=n, per_page=2) for n in (1, 2, 3)]
    ranked = [result.pill.pk for page in pages for result in page.results]
    assert set(ranked[:3]) == whole
    assert set(ranked[3:]) == prefixed
    assert [page.total for page in pages] == [6, 6, 6]


def test_beyond_the_window_only_the_newest_matches_are_ranked(monkeypatch, acme_junior, acme_participant) -> None:
    monkeypatch.setattr("ponte.library.search.backends.COUNT_CAP", 2)
    monkeypatch.setattr("ponte.library.search.backends.RANK_WINDOW", 2)
    oldest_but_best = pill(acme_junior, title="Scadenze scadenze scadenze")
    newer = [pill(acme_junior, title=f"Note {n}", body="le scadenze") for n in range(3)]
    page = search_pills("scadenze", candidates=visible(acme_participant))
    assert {result.pill for result in page.results} == set(newer)
    assert oldest_but_best not in [result.pill for result in page.results]
    assert page.total == 3  # the cap + 1: "more than 2"


def test_empty_and_stop_word_queries_have_no_terms_and_no_hits(acme_junior, acme_participant) -> None:
    pill(acme_junior, title="Il e la di the and")
    for text in ("", "   ", "il la", "the and", "*", '""', "\x00"):
        assert not has_terms(text)
        assert search_pills(text, candidates=visible(acme_participant)).results == []
    assert has_terms("fatture")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text())
def test_any_query_text_runs_without_error(text: str, acme_junior, acme_participant) -> None:
    search_pills(text, candidates=visible(acme_participant))


@pytest.mark.parametrize(
    "text",
    [
        '"unbalanced',
        "fatture OR",
        "NOT AND NEAR(",
        "col:fatture",
        "fatture*",
        "^fatture",
        "a & b | !c :* <-> ''",
        "'; DROP TABLE library_pill; --",
        "fatture\x00clienti",
        "😀 fatture 🎉",
        "x" * 10_000,
        "fatture " * 2000,
        "¼ ㈠ ﬁ",
    ],
)
def test_hostile_queries_never_raise(text: str, acme_junior, acme_participant) -> None:
    pill(acme_junior, title="Fatture dei clienti")
    page = search_pills(text, candidates=visible(acme_participant))
    assert page.page == 1


def _index_exists() -> bool:
    table = "library_pill_search" if connection.vendor == "postgresql" else "library_pill_fts"
    return table in connection.introspection.table_names()


def test_the_index_exists_after_migrating() -> None:
    assert _index_exists()


def test_deleting_a_pill_takes_it_out_of_the_index(acme_junior, acme_participant) -> None:
    doomed = pill(acme_junior, title="Effimero")
    doomed_id = doomed.pk
    doomed.delete()  # without remove_pills: an organisation's deletion cascades the same way
    assert Pill.objects.filter(pk=doomed_id).count() == 0
    table, key = (
        ("library_pill_search", "pill_id") if connection.vendor == "postgresql" else ("library_pill_fts", "rowid")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table} WHERE {key} = %s", [doomed_id])  # noqa: S608
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_the_index_migration_reverses_and_applies_again() -> None:
    try:
        call_command("migrate", "library", "0001", verbosity=0)
        assert not _index_exists()
    finally:
        call_command("migrate", "library", verbosity=0)
    assert _index_exists()
