"""One dashboard from the metric sections, and its headline figures as text.

The page, the exports' summary and the PDF report all read the same ``Dashboard``; the tiles and
facts here are its figures already worded in the reader's language, withheld ones included.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from ponte.core.privacy import Figure

from .charts import figure_text, number, people_text, signed_text, spread_text, withheld_text
from .metrics.activity import activity
from .metrics.checkins import trends
from .metrics.funnel import funnel
from .metrics.gap import gap
from .metrics.months import months_for
from .metrics.participation import mix, program_lines
from .metrics.reciprocity import reciprocity
from .metrics.risk import at_risk
from .scope import Scope
from .sections import Dashboard, GapRow, ProgramLine


def build_dashboard(scope: Scope, today: date | None = None) -> Dashboard:
    """Every section of the scope's dashboard.

    The aggregate sections are kept in the cache for ``REPORTS_CACHE_SECONDS`` (figures over months
    of history do not change by the minute, and at 10,000 participants they take seconds to
    compute); pairs at risk are always read fresh, because managers act on them and expect a pair
    they just paused to leave the list. Pairs at risk belong to a program (its managers act on
    them, by name); the list of programs belongs to the organisation view.
    """
    day = today or timezone.localdate()
    sections = _cached_sections(scope, day)
    organisation_view = scope.program is None
    return replace(sections, at_risk=[] if organisation_view else at_risk(scope))


def _cache_key(scope: Scope, day: date) -> str:
    group = f"{scope.group.kind}:{scope.group.value}" if scope.group is not None else "-"
    program = scope.program.pk if scope.program is not None else "-"
    # Labels inside the sections are in the reader's language.
    return f"ponte:reports:{scope.organization.pk}:{program}:{group}:{get_language()}:{day.isoformat()}"


def _cached_sections(scope: Scope, day: date) -> Dashboard:
    seconds = settings.REPORTS_CACHE_SECONDS
    key = _cache_key(scope, day)
    if seconds:
        found = cache.get(key)
        if isinstance(found, Dashboard):
            return replace(found, scope=scope)
    sections = _sections(scope, day)
    if seconds:
        cache.set(key, sections, seconds)
    return sections


def _sections(scope: Scope, day: date) -> Dashboard:
    months = months_for(scope, day)
    return Dashboard(
        scope=scope,
        funnel=funnel(scope),
        activity=activity(scope, months),
        trends=trends(scope, months),
        gap=gap(scope),
        reciprocity=reciprocity(scope),
        mix=mix(scope),
        programs=program_lines(scope.organization) if scope.program is None else [],
    )


@dataclass(frozen=True)
class Tile:
    """One figure as a sentence-sized text: what it is, its value, and how sure it is."""

    label: str
    value: str
    detail: str = ""
    withheld: bool = False


def _tile(label: str, figure: Figure, value: str, detail: str = "") -> Tile:
    if figure.withheld:
        return Tile(label, withheld_text(), "", withheld=True)
    return Tile(label, value, detail)


def _uncertainty(figure: Figure) -> str:
    """The spread and size behind a mean, such as "± 0.6 · n = 12"."""
    return " · ".join(part for part in (spread_text(figure), people_text(figure)) if part)


def _mean_of_five(figure: Figure) -> str:
    return _("%(mean)s out of 5") % {"mean": number(figure.value or 0.0, 1)}


def _levels(figure: Figure) -> str:
    return _("%(change)s levels") % {"change": signed_text(figure)}


def key_figures(dashboard: Dashboard) -> list[Tile]:
    """The headline figures at the top of a dashboard."""
    activity_, trends_, reciprocity_ = dashboard.activity, dashboard.trends, dashboard.reciprocity
    digital = dashboard.gap.digital.change
    return [
        _tile(_("Pairs"), activity_.pairs, figure_text(activity_.pairs)),
        _tile(_("Meetings held"), activity_.meetings_held, figure_text(activity_.meetings_held)),
        _tile(
            _("Proposals accepted"),
            activity_.acceptance_rate,
            figure_text(activity_.acceptance_rate, share=True),
            _("of the answered proposals"),
        ),
        _tile(
            _("Satisfaction"),
            trends_.satisfaction_overall,
            _mean_of_five(trends_.satisfaction_overall),
            _uncertainty(trends_.satisfaction_overall),
        ),
        _tile(
            _("Learning both ways"),
            reciprocity_.both,
            figure_text(reciprocity_.both, share=True),
            _reciprocity_detail(reciprocity_.pairs),
        ),
        _tile(_("Seniors' digital skills"), digital, _levels(digital), _uncertainty(digital)),
    ]


def _reciprocity_detail(pairs: Figure) -> str:
    if pairs.withheld:
        return ""
    return _("of %(pairs)s pairs with goals both ways") % {"pairs": figure_text(pairs)}


def activity_facts(dashboard: Dashboard) -> list[Tile]:
    activity_ = dashboard.activity
    first = activity_.days_to_first_meeting
    return [
        _tile(_("Meetings held"), activity_.meetings_held, figure_text(activity_.meetings_held)),
        _tile(_("Meetings missed (no-show)"), activity_.no_shows, figure_text(activity_.no_shows)),
        _tile(
            _("Days from the start to the first meeting"),
            first,
            _("%(days)s days") % {"days": number(first.value or 0.0)},
            _("median; the middle half of pairs spread over %(range)s days") % {"range": number(first.spread)}
            if first.spread is not None
            else _("median"),
        ),
        _tile(_("Proposals accepted"), activity_.acceptance_rate, figure_text(activity_.acceptance_rate, share=True)),
        _tile(_("Proposals declined"), activity_.decline_rate, figure_text(activity_.decline_rate, share=True)),
        _tile(_("Proposals left unanswered"), activity_.expired_rate, figure_text(activity_.expired_rate, share=True)),
    ]


def checkin_facts(dashboard: Dashboard) -> list[Tile]:
    trends_ = dashboard.trends
    return [
        _tile(
            _("Satisfaction with the pair"),
            trends_.satisfaction_overall,
            _mean_of_five(trends_.satisfaction_overall),
            _uncertainty(trends_.satisfaction_overall),
        ),
        _tile(
            _("How much people learn"),
            trends_.learning_overall,
            _mean_of_five(trends_.learning_overall),
            _uncertainty(trends_.learning_overall),
        ),
        _tile(_("Check-ins answered"), trends_.answers, figure_text(trends_.answers)),
        _tile(_("Response rate"), trends_.response_rate, figure_text(trends_.response_rate, share=True)),
    ]


def gap_facts(row: GapRow) -> list[Tile]:
    """Start, end and change of one overall row, with its spread and number of learners."""
    return [
        _tile(_("Average level at the start"), row.start, figure_text(row.start, 1)),
        _tile(_("Average level at the end"), row.end, figure_text(row.end, 1)),
        _tile(pgettext("change in level", "Change"), row.change, _levels(row.change), _uncertainty(row.change)),
    ]


def reciprocity_facts(dashboard: Dashboard) -> list[Tile]:
    reciprocity_ = dashboard.reciprocity
    return [
        _tile(_("Pairs with goals both ways"), reciprocity_.pairs, figure_text(reciprocity_.pairs)),
        _tile(_("Both people progressed"), reciprocity_.both, figure_text(reciprocity_.both, share=True)),
        _tile(_("Only one progressed"), reciprocity_.one_way, figure_text(reciprocity_.one_way, share=True)),
        _tile(_("Neither progressed yet"), reciprocity_.neither, figure_text(reciprocity_.neither, share=True)),
    ]


def mix_facts(dashboard: Dashboard) -> list[Tile]:
    total = dashboard.mix.total
    return [_tile(_("Participants"), total, figure_text(total))]


@dataclass(frozen=True)
class ProgramRow:
    line: ProgramLine
    participants: str
    active_pairs: str
    completed_pairs: str


def program_rows(dashboard: Dashboard) -> list[ProgramRow]:
    """The organisation dashboard's programs, their figures worded."""
    return [
        ProgramRow(
            line,
            figure_text(line.participants),
            figure_text(line.active_pairs),
            figure_text(line.completed_pairs),
        )
        for line in dashboard.programs
    ]
