"""Cell parsers, with Hypothesis properties for dates and languages."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ponte.people.importing.values import (
    ValueProblem,
    language_index,
    parse_channels,
    parse_date,
    parse_languages,
    parse_time_zone,
)

dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(dates)
def test_every_accepted_date_format_round_trips(day: date) -> None:
    for text in (
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day.day:02d}-{day.month:02d}-{day.year}",
        day.isoformat(),
    ):
        assert parse_date(text) == day
    assert parse_date(datetime(day.year, day.month, day.day)) == day


@given(st.text(max_size=20))
def test_date_parser_returns_a_date_or_a_clear_problem(text: str) -> None:
    try:
        result = parse_date(text)
    except ValueProblem as problem:
        assert problem.code in {"date_format", "date_invalid"}
    else:
        assert isinstance(result, date)


def test_impossible_dates_are_refused() -> None:
    with pytest.raises(ValueProblem) as problem:
        parse_date("31/02/2020")
    assert problem.value.code == "date_invalid"


codes = st.lists(st.sampled_from(["it", "en", "fr", "de", "es", "pt"]), min_size=1, max_size=5)


@given(codes, st.sampled_from([", ", ";", " / ", " e ", " and "]))
def test_languages_as_codes_keep_order_and_drop_duplicates(chosen: list[str], separator: str) -> None:
    expected = list(dict.fromkeys(chosen))
    assert parse_languages(separator.join(chosen)) == expected
    assert parse_languages(separator.join(code.upper() for code in chosen)) == expected


@given(codes)
def test_languages_by_english_or_italian_name(chosen: list[str]) -> None:
    english = {"it": "Italian", "en": "English", "fr": "French", "de": "German", "es": "Spanish", "pt": "Portuguese"}
    italian = {
        "it": "italiano",
        "en": "inglese",
        "fr": "francese",
        "de": "tedesco",
        "es": "spagnolo",
        "pt": "portoghese",
    }
    expected = list(dict.fromkeys(chosen))
    assert parse_languages(", ".join(english[code] for code in chosen)) == expected
    assert parse_languages("; ".join(italian[code] for code in chosen)) == expected


@given(st.text(max_size=30))
def test_language_parser_returns_known_codes_or_names_the_unknown_item(text: str) -> None:
    try:
        result = parse_languages(text)
    except ValueProblem as problem:
        assert problem.code == "language_unknown"
        assert problem.params["item"]
    else:
        assert set(result) <= set(language_index().values())


def test_examples_from_hr_exports() -> None:
    assert parse_languages("Italiano, inglese") == ["it", "en"]
    assert parse_languages("it;en") == ["it", "en"]
    assert parse_languages("English") == ["en"]
    assert parse_channels("Videochiamata, telefono; in presenza") == ["video", "phone", "in_person"]
    assert parse_channels("Email, chat") == ["email", "chat"]
    assert parse_time_zone("europe/rome") == "Europe/Rome"
    with pytest.raises(ValueProblem):
        parse_channels("piccione viaggiatore")
    with pytest.raises(ValueProblem):
        parse_time_zone("Mars/Olympus")
