"""Words → terms: Italian and English stems, accents folded, stop words gone, any query parsed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ponte.library.search.stemming import MAX_QUERY_WORDS, document_terms, query_words, term


def test_a_document_is_stemmed_in_its_own_language() -> None:
    assert term("fatture", "it") == term("fattura", "it")
    assert term("spreadsheets", "en") == term("spreadsheet", "en")
    assert document_terms("Le fatture dei clienti", "it").split() == [term("fatture", "it"), term("clienti", "it")]


def test_accents_are_folded_after_stemming() -> None:
    assert term("perché", "it") == term("perche", "it")
    assert term("città", "it") == term("citta", "it")
    assert document_terms("Perché", "it").isascii()


def test_stop_words_of_both_languages_leave_no_term() -> None:
    assert document_terms("il la the and of è", "it") == ""
    assert query_words("the di e and") == []


def test_markdown_link_targets_and_inline_html_are_not_indexed() -> None:
    terms = document_terms("Vedi [la guida](https://intranet.example/guida-fatture) e <b>altro</b>", "it")
    assert term("guida", "it") in terms.split()
    assert "intranet" not in terms
    assert "b" not in terms.split()


def test_a_query_word_matches_in_either_language() -> None:
    (word,) = query_words("spreadsheets ")
    assert {term("spreadsheets", "it"), term("spreadsheets", "en")} <= word.terms


def test_an_irregular_participle_finds_its_verb_and_back() -> None:
    (verb,) = query_words("condividere ")
    (participle,) = query_words("condiviso ")
    assert term("condiviso", "it") in verb.terms
    assert term("condividere", "it") in participle.terms


def test_only_the_word_being_typed_is_a_prefix() -> None:
    first, last = query_words("fatture spreadsh")
    assert first.prefix is None
    assert last.prefix == "spreadsh"
    assert query_words("spreadsh ")[-1].prefix is None
    assert query_words("fa")[-1].prefix is None


def test_query_syntax_of_either_engine_is_only_a_separator() -> None:
    words = query_words('"fatture" AND NOT clienti* OR (spreadsheet) NEAR/3 col:x & | ! :*')
    assert all(text.isalnum() for word in words for text in word.terms)
    assert len(query_words("parola " * 5000)) == 1
    assert len(query_words(" ".join(f"word{n}" for n in range(100)))) == MAX_QUERY_WORDS


@given(st.text())
def test_any_text_parses_into_plain_terms(text: str) -> None:
    for word in query_words(text):
        assert word.terms
        assert all(variant.isalnum() and "_" not in variant for variant in word.terms)
        assert word.prefix is None or word.prefix.isalnum()
