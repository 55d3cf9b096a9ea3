"""Explanations in words, rendered in the viewer's language when a page is displayed.

Proposals and pairs store their facts as JSON of ids and levels (see :func:`facts_of`), never text,
so the same pair reads in Italian for one person and in English for another. Private wishes are never
put into words: they only ever move a score.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ponte.people.choices import language_name
from ponte.skills.models import Skill

from .explain import PairExplanation, SkillGain
from .types import CHANNELS, Cohort

FACTS_VERSION = 1

#: Whose point of view the sentences take: None (a manager) names both people; "junior" or "senior"
#: speaks to that person as "you".
Viewer = Literal["junior", "senior"] | None
#: The viewer's part in one direction of teaching, or None when the viewer is a third party.
Part = Literal["teacher", "learner"] | None

#: How a channel reads after "both prefer …" / "both accept …".
CHANNEL_PHRASES = {
    "in_person": gettext_lazy("meeting in person"),
    "video": gettext_lazy("video calls"),
    "phone": gettext_lazy("phone calls"),
    "chat": gettext_lazy("chat"),
    "email": gettext_lazy("email"),
}

#: Why pairs were excluded, as the end of "every possible partner is …". Wishes and managers'
#: decisions are folded into one phrase so nobody learns that a colleague asked to avoid them.
REASON_PHRASES = {
    "SAME_DEPARTMENT": gettext_lazy("in the same department"),
    "REPORTING_LINE": gettext_lazy("in the same reporting line"),
    "NO_SHARED_LANGUAGE": gettext_lazy("without a language in common"),
    "NO_AVAILABILITY_OVERLAP": gettext_lazy("without hours in common"),
    "TIME_ZONE_DISTANCE": gettext_lazy("too many time zones away"),
    "AVOID_WISH": gettext_lazy("excluded by a decision"),
    "FORBIDDEN": gettext_lazy("excluded by a decision"),
}

#: Short rule names for refusals ("This pair breaks a rule: same department.").
RULE_NAMES = {
    "SAME_DEPARTMENT": gettext_lazy("same department"),
    "REPORTING_LINE": gettext_lazy("one reports to the other (reporting line)"),
    "NO_SHARED_LANGUAGE": gettext_lazy("no language in common"),
    "NO_AVAILABILITY_OVERLAP": gettext_lazy("no hours in common"),
    "TIME_ZONE_DISTANCE": gettext_lazy("time zones too far apart"),
    "AVOID_WISH": gettext_lazy("excluded by a decision"),  # never reveal that a colleague asked
    "FORBIDDEN": gettext_lazy("forbidden by a program manager"),
    "BELOW_MIN_SCORE": gettext_lazy("below the minimum score"),
}

SCORE_LABELS = (
    (0.6, gettext_lazy("Excellent fit")),
    (0.45, gettext_lazy("Good fit")),
    (0.3, gettext_lazy("Fair fit")),
    (float("-inf"), gettext_lazy("Weak fit")),
)


def score_label(score: float) -> str:
    """A text label for a score in [0, 1], so the figure is never conveyed by a colour alone."""
    for threshold, label in SCORE_LABELS:
        if score >= threshold:
            return str(label)
    return str(SCORE_LABELS[-1][1])


# --------------------------------------------------------------------------------------------------
# Facts (stored) — ids and levels only
# --------------------------------------------------------------------------------------------------


def _gain(gain: SkillGain, skill_ids: list[int]) -> dict[str, int]:
    return {
        "skill": skill_ids[gain.skill],
        "teacher": gain.teacher_level,
        "from": gain.from_level,
        "to": gain.to_level,
        "target": gain.target_level,
    }


def facts_of(
    explanation: PairExplanation, cohort: Cohort, skill_ids: list[int], languages: list[str]
) -> dict[str, Any]:
    """The JSON facts of a pair: skills both ways (ids, levels), channels, languages, hours, departments."""
    j, s = explanation.junior, explanation.senior
    channels = [CHANNELS[c] for c in explanation.shared_channels]
    favourite = bool(
        explanation.shared_channels
        and cohort.juniors.channels[j, explanation.shared_channels[0]] == 1
        and cohort.seniors.channels[s, explanation.shared_channels[0]] == 1
    )
    return {
        "v": FACTS_VERSION,
        "junior_teaches": [_gain(g, skill_ids) for g in explanation.junior_teaches],
        "senior_teaches": [_gain(g, skill_ids) for g in explanation.senior_teaches],
        "channels": channels,
        "favourite_channel": favourite,
        "languages": [languages[i] for i in explanation.shared_languages if i < len(languages)],
        "hours": int(explanation.overlap_hours),
        "different_departments": bool(explanation.different_departments),
        "excluded_by": [name for name in explanation.excluded_by if name != "BELOW_MIN_SCORE"],
        "components": {k: round(float(v), 4) for k, v in explanation.components.items() if np.isfinite(v)},
    }


def skill_ids_in(facts_list: Iterable[Mapping[str, Any]]) -> set[int]:
    ids: set[int] = set()
    for facts in facts_list:
        for key in ("junior_teaches", "senior_teaches"):
            ids.update(int(g["skill"]) for g in facts.get(key, []))
    return ids


def skill_names(ids: Iterable[int]) -> dict[int, str]:
    """Skill id → name in the active language (one query)."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {skill.pk: str(skill.name) for skill in Skill.objects.filter(pk__in=wanted).only("pk", "name")}


# --------------------------------------------------------------------------------------------------
# Words (rendered) — in the active language
# --------------------------------------------------------------------------------------------------


def _and(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _or(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s or %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _skill(names: Mapping[int, str], gain: Mapping[str, Any]) -> str:
    return names.get(int(gain["skill"]), _("a skill"))


def _part(viewer: Viewer, teacher_side: str) -> Part:
    if viewer is None:
        return None
    return "teacher" if viewer == teacher_side else "learner"


# Whole sentences for each point of view, never a "you" slotted into a name's place: in Italian the
# verb changes with the person ("può" / "puoi"), so translators need each sentence on its own.
def _take_sentence(part: Part) -> str:
    if part == "teacher":
        return _("You can take %(learner)s from level %(from)s to %(to)s in %(skill)s")
    if part == "learner":
        return _("%(teacher)s can take you from level %(from)s to %(to)s in %(skill)s")
    return _("%(teacher)s can take %(learner)s from level %(from)s to %(to)s in %(skill)s")


def _coach_sentence(part: Part) -> str:
    if part == "teacher":
        return _("You can coach %(learner)s on %(skills)s")
    if part == "learner":
        return _("%(teacher)s can coach you on %(skills)s")
    return _("%(teacher)s can coach %(learner)s on %(skills)s")


def _first_direction(
    teacher: str, learner: str, gains: list[Mapping[str, Any]], names: Mapping[int, str], part: Part = None
) -> str:
    first, rest = gains[0], gains[1:]
    text = _take_sentence(part) % {
        "teacher": teacher,
        "learner": learner,
        "from": first["from"],
        "to": first["to"],
        "skill": _skill(names, first),
    }
    if rest:
        more = [
            _("%(skill)s (%(from)s → %(to)s)") % {"skill": _skill(names, g), "from": g["from"], "to": g["to"]}
            for g in rest
        ]
        text = _("%(text)s, and in %(more)s") % {"text": text, "more": _and(more)}
    return text


def _back_direction(
    teacher: str, learner: str, gains: list[Mapping[str, Any]], names: Mapping[int, str], part: Part = None
) -> str:
    items = [
        _("%(skill)s (%(from)s → %(to)s)") % {"skill": _skill(names, g), "from": g["from"], "to": g["to"]}
        for g in gains
    ]
    return _coach_sentence(part) % {
        "teacher": teacher,
        "learner": learner,
        "skills": _and(items),
    }


def explanation_parts(
    facts: Mapping[str, Any], *, junior: str, senior: str, names: Mapping[int, str], viewer: Viewer = None
) -> list[str]:
    """The sentences explaining a pair, most important first.

    ``viewer`` is the side of the person reading, who is then addressed as "you" ("Tom can take you
    from level 1 to 4 …"); None, for a manager, names both people.
    """
    parts: list[str] = []
    forward = list(facts.get("junior_teaches", []))
    back = list(facts.get("senior_teaches", []))
    if forward:
        parts.append(_first_direction(junior, senior, forward, names, _part(viewer, "junior")))
    if back:
        parts.append(_back_direction(senior, junior, back, names, _part(viewer, "senior")))
    if not forward and not back:
        parts.append(_("no skills in common yet"))
    channels = [c for c in facts.get("channels", []) if c in CHANNEL_PHRASES]
    if channels:
        phrase = str(CHANNEL_PHRASES[channels[0]])
        if facts.get("favourite_channel"):
            parts.append(_("both prefer %(channel)s") % {"channel": phrase})
        else:
            parts.append(_("both accept %(channel)s") % {"channel": phrase})
    else:
        parts.append(_("no communication channel in common"))
    hours = int(facts.get("hours", 0))
    if hours:
        parts.append(
            ngettext("%(count)s hour a week in common", "%(count)s hours a week in common", hours) % {"count": hours}
        )
    languages = [language_name(code) for code in facts.get("languages", [])]
    if languages:
        parts.append(_("both speak %(languages)s") % {"languages": _and(languages)})
    if facts.get("different_departments"):
        parts.append(_("different departments"))
    exceptions = [str(RULE_NAMES[name]) for name in facts.get("excluded_by", []) if name in RULE_NAMES]
    if exceptions:
        parts.append(_("kept by a manager despite: %(rules)s") % {"rules": _and(exceptions)})
    return parts


def explanation_text(
    facts: Mapping[str, Any], *, junior: str, senior: str, names: Mapping[int, str], viewer: Viewer = None
) -> str:
    """One sentence: "Giulia can take Marco from level 2 to 5 in …; Marco can coach Giulia on …; …"."""
    parts = explanation_parts(facts, junior=junior, senior=senior, names=names, viewer=viewer)
    text = "; ".join(parts)
    return (text[:1].upper() + text[1:] + ".") if text else ""


def rules_broken(names: Iterable[str]) -> str:
    """ "same department and no language in common" for a refusal message."""
    return _and([str(RULE_NAMES[name]) for name in names if name in RULE_NAMES])


def unmatched_reason(reason: str, details: Mapping[str, Any]) -> str:
    """Why a person got no proposal, in words (never revealing a colleague's private wish)."""
    if reason == "no_allowed_partner":
        if not details.get("partners"):
            return _("No compatible partner: nobody is enrolled on the other side.")
        excluded: Mapping[str, int] = details.get("excluded", {})
        phrases: list[str] = []
        for name, _count in sorted(excluded.items(), key=lambda item: (-item[1], item[0])):
            phrase = REASON_PHRASES.get(name)
            if phrase is not None and str(phrase) not in phrases:
                phrases.append(str(phrase))
        if phrases:
            return _("No compatible partner: everybody else is %(reasons)s.") % {"reasons": _or(phrases[:3])}
        return _("No compatible partner.")
    if reason == "all_below_threshold":
        return _("No partner reached the minimum score.")
    if reason == "capacity_taken":
        return _("Places were taken by pairs that fit better.")
    if reason == "decision":
        return _("A program manager excluded the proposed pair: run matching again to find another partner.")
    return reason
