"""Explanations and reasons in words, in the viewer's language, from stored ids and levels."""

from __future__ import annotations

import pytest
from django.utils import translation

from ponte.matching.presentation import explanation_parts, explanation_text, score_label, skill_names, unmatched_reason

from .conftest import digcomp, entrecomp

pytestmark = pytest.mark.django_db


def facts(dig: int, ent: int) -> dict:
    return {
        "v": 1,
        "junior_teaches": [{"skill": dig, "teacher": 6, "from": 2, "to": 5, "target": 5}],
        "senior_teaches": [{"skill": ent, "teacher": 7, "from": 3, "to": 5, "target": 6}],
        "channels": ["video", "chat"],
        "favourite_channel": True,
        "languages": ["it"],
        "hours": 4,
        "different_departments": True,
        "excluded_by": [],
    }


def render(dig: int, ent: int) -> str:
    return explanation_text(facts(dig, ent), junior="Giulia", senior="Marco", names=skill_names([dig, ent]))


def test_the_explanation_names_both_directions_channels_hours_and_departments() -> None:
    dig, ent = digcomp(1)[0], entrecomp(1)[0]
    with translation.override("en"):
        text = render(dig.pk, ent.pk)
    assert text.startswith(f"Giulia can take Marco from level 2 to 5 in {dig.name_en}")
    assert f"Marco can coach Giulia on {ent.name_en} (3 → 5)" in text
    assert "both prefer video calls" in text and "4 hours a week in common" in text
    assert "different departments" in text and text.endswith(".")


def test_the_same_facts_read_in_italian() -> None:
    dig, ent = digcomp(1)[0], entrecomp(1)[0]
    with translation.override("it"):
        italian = render(dig.pk, ent.pk)
    with translation.override("en"):
        english = render(dig.pk, ent.pk)
    assert dig.name_it in italian and ent.name_it in italian
    assert "italiano" in italian.lower() and "Italian" in english
    if dig.name_it != dig.name_en:
        assert dig.name_en not in italian


def test_the_junior_reads_the_explanation_in_the_second_person() -> None:
    dig, ent = digcomp(1)[0], entrecomp(1)[0]
    with translation.override("en"):
        text = explanation_text(
            facts(dig.pk, ent.pk), junior="Giulia", senior="Marco", names=skill_names([dig.pk, ent.pk]), viewer="junior"
        )
    assert text.startswith(f"You can take Marco from level 2 to 5 in {dig.name_en}")
    assert f"Marco can coach you on {ent.name_en} (3 → 5)" in text
    assert "Giulia" not in text


def test_the_senior_reads_the_explanation_in_the_second_person() -> None:
    dig, ent = digcomp(2), entrecomp(1)[0]
    data = facts(dig[0].pk, ent.pk)
    data["junior_teaches"].append({"skill": dig[1].pk, "teacher": 6, "from": 1, "to": 4, "target": 4})
    names = skill_names([dig[0].pk, dig[1].pk, ent.pk])
    with translation.override("en"):
        parts = explanation_parts(data, junior="Tom", senior="Susan", names=names, viewer="senior")
    assert parts[0] == (f"Tom can take you from level 2 to 5 in {dig[0].name_en}, and in {dig[1].name_en} (1 → 4)")
    assert parts[1] == f"You can coach Tom on {ent.name_en} (3 → 5)"
    assert not any("Susan" in part for part in parts)


@pytest.mark.parametrize("viewer", ["junior", "senior"])
def test_the_second_person_reads_in_italian_too(viewer: str) -> None:
    dig, ent = digcomp(1)[0], entrecomp(1)[0]
    with translation.override("it"):
        parts = explanation_parts(
            facts(dig.pk, ent.pk), junior="Giulia", senior="Marco", names=skill_names([dig.pk, ent.pk]), viewer=viewer
        )
    me = "Giulia" if viewer == "junior" else "Marco"
    assert dig.name_it in parts[0] and ent.name_it in parts[1]
    assert not any(me in part for part in parts[:2])


def test_private_wishes_never_appear_in_words() -> None:
    data = facts(digcomp(1)[0].pk, entrecomp(1)[0].pk) | {"components": {"wish": 1.0}}
    text = explanation_text(data, junior="Giulia", senior="Marco", names={})
    assert "wish" not in text.lower()
    reason = unmatched_reason("no_allowed_partner", {"partners": 3, "excluded": {"AVOID_WISH": 3}})
    assert "wish" not in reason.lower() and "decision" in reason


def test_unmatched_reasons_in_words() -> None:
    with translation.override("en"):
        no_partner = unmatched_reason(
            "no_allowed_partner", {"partners": 4, "excluded": {"SAME_DEPARTMENT": 3, "REPORTING_LINE": 1}}
        )
        assert no_partner == (
            "No compatible partner: everybody else is in the same department or in the same reporting line."
        )
        assert unmatched_reason("capacity_taken", {}) == "Places were taken by pairs that fit better."
        assert unmatched_reason("all_below_threshold", {}) == "No partner reached the minimum score."


def test_scores_have_a_text_label() -> None:
    assert score_label(0.7) != score_label(0.2)
