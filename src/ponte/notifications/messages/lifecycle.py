"""Messages about a running pair: nudges to meet, pauses, early endings, and the alert to program
managers about a pair at risk.

Each link carries the moment it is about (``#paused-202703011030``): the same pair can be paused,
nudged or flagged again later, and each occurrence is one message, sent once.

Privacy: ending early is no-fault. Nothing here says why a pair ended or repeats a note written
for HR, and the pair's two people never receive the alert about their own pair.
"""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ponte.pairs.agreements import current_agreement
from ponte.pairs.models import Pair, RiskReason
from ponte.people.models import Person
from ponte.programs.models import ProgramStatus

from .delivery import pair_url, send, send_about_pair


def _stamp(moment: datetime | None, pattern: str) -> str:
    return moment.astimezone(UTC).strftime(pattern) if moment is not None else ""


def _cadence_days(pair: Pair) -> int:
    agreement = current_agreement(pair)
    return agreement.cadence_days if agreement is not None else pair.program.cadence_days


def _count(value: object) -> int:
    """A positive whole number from the risk details, 0 for anything else: they are JSON."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0


def risk_in_words(pair: Pair) -> str:
    """Why the pair is at risk, in the active language."""
    details = pair.risk_details if isinstance(pair.risk_details, dict) else {}
    if pair.risk_reason == RiskReason.NO_MEETING:
        days, cadence = _count(details.get("days")), _count(details.get("cadence_days"))
        if days and cadence:
            return _("No meeting for %(days)d days; they agreed to meet every %(cadence)d days.") % {
                "days": days,
                "cadence": cadence,
            }
    if pair.risk_reason == RiskReason.NO_SHOWS:
        count = _count(details.get("count"))
        if count:
            return ngettext(
                "The last meeting did not take place.", "The last %(count)d meetings did not take place.", count
            ) % {"count": count}
    return str(pair.get_risk_reason_display()) or _("The pair may need your help.")


def pair_nudge(*, pair: Pair, person: Person) -> bool:
    """To both people when their pair has been quiet for long: once per quiet spell."""
    days = _cadence_days(pair)
    meetings_url = reverse("meetings:pair-meetings", kwargs={"pair_id": pair.pk})
    return send_about_pair(
        pair=pair,
        person=person,
        kind="pair_nudge",
        url=f"{meetings_url}#nudge-{_stamp(pair.nudged_at, '%Y%m%d')}",
        title=lambda c: _("It's been a while since you met %(name)s") % {"name": c["partner"].full_name},
        summary=lambda c: (
            ngettext(
                "You and %(name)s agreed to meet every day. Plan your next meeting when it suits you both.",
                "You and %(name)s agreed to meet every %(days)d days. Plan your next meeting when it suits you both.",
                days,
            )
            % {"name": c["partner"].full_name, "days": days}
        ),
        context={"cadence_days": days},
    )


def pair_at_risk(*, pair: Pair, person: Person) -> bool:
    """To a program manager (``person``) when a pair became at risk: once per flag."""
    return send(
        organization=pair.organization,
        person=person,
        kind="pair_at_risk",
        url=f"{pair_url(pair)}#risk-{_stamp(pair.at_risk_since, '%Y%m%d%H%M')}",
        title=lambda c: (
            _("%(junior)s and %(senior)s may need your help")
            % {"junior": pair.junior.full_name, "senior": pair.senior.full_name}
        ),
        summary=lambda c: risk_in_words(pair),
        context={"pair": pair, "program": pair.program, "for_managers": True},
    )


def _paused_until(pair: Pair) -> str:
    return formats.date_format(pair.paused_until, "DATE_FORMAT") if pair.paused_until else ""


def pair_paused(*, pair: Pair, person: Person, by_manager: bool) -> bool:
    """To the person who did not pause the pair (both when a program manager did): once per pause.
    Upcoming meetings were cancelled; their cancellations are separate messages."""
    return send_about_pair(
        pair=pair,
        person=person,
        kind="pair_paused",
        url=f"{pair_url(pair)}#paused-{_stamp(pair.paused_at, '%Y%m%d%H%M')}",
        title=lambda c: (
            _("Your reverse mentoring with %(name)s is paused until %(date)s")
            % {"name": c["partner"].full_name, "date": _paused_until(pair)}
            if pair.paused_until
            else _("Your reverse mentoring with %(name)s is paused") % {"name": c["partner"].full_name}
        ),
        summary=lambda c: (
            _("A program manager paused your pair. Upcoming meetings are cancelled.")
            if by_manager
            else _("%(name)s paused your pair. Upcoming meetings are cancelled.") % {"name": c["partner"].full_name}
        ),
        context={"by_manager": by_manager},
    )


def pair_resumed(*, pair: Pair, person: Person) -> bool:
    """To both people when the pause is over: once per resume."""
    return send_about_pair(
        pair=pair,
        person=person,
        kind="pair_resumed",
        url=f"{pair_url(pair)}#resumed-{_stamp(pair.resumed_at, '%Y%m%d%H%M')}",
        title=lambda c: _("Your reverse mentoring with %(name)s starts again") % {"name": c["partner"].full_name},
        summary=lambda c: _("The pause is over: plan your next meeting when it suits you both."),
    )


def _still_running(pair: Pair) -> bool:
    program = pair.program
    return program.status != ProgramStatus.CLOSED and (
        program.ends_on is None or program.ends_on >= timezone.localdate()
    )


def pair_ended_for_you(*, pair: Pair, person: Person) -> bool:
    """To the partner who did not end the pair (both when a program manager did). No-fault: never
    who ended it, why, or the note they left for HR."""
    still_running = _still_running(pair)
    return send_about_pair(
        pair=pair,
        person=person,
        kind="pair_ended_for_you",
        url=pair_url(pair),
        title=lambda c: _("Your reverse mentoring with %(name)s has ended") % {"name": c["partner"].full_name},
        summary=lambda c: (
            _(
                "It happens, and it says nothing about you. As %(program)s is still running, "
                "a new partner may be proposed to you."
            )
            % {"program": c["program"].name}
            if still_running
            else _("It happens, and it says nothing about you. Thank you for the time you gave to %(program)s.")
            % {"program": c["program"].name}
        ),
        context={"still_running": still_running},
    )
