"""The program report: the program dashboard as a printable PDF, in the reader's language.

It reads the same ``Dashboard`` as the page, so it holds only figures that passed the privacy
review, and never the names of pairs at risk: a report travels further than the dashboard. Each
narrative sentence is worded from one figure; a withheld figure gets a sentence saying the group
is too small instead. WeasyPrint may fetch nothing: the stylesheet and the charts are inline.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, fields
from datetime import date

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from ponte.core.privacy import K_ANONYMITY, Figure

from .charts import Chart, dashboard_charts, month_label, number, people_text, percent, spread_text
from .dashboard import Tile, activity_facts, checkin_facts, gap_facts, key_figures, reciprocity_facts
from .sections import Dashboard

REPORT_TEMPLATE = "reports/pdf/program_report.html"

#: Data URIs only: nothing in the report points outside it, so nothing may be fetched.
ALLOWED_PROTOCOLS = ("data",)

#: Means and changes read to one decimal, as on the dashboard.
DECIMALS = 1


@dataclass(frozen=True)
class ActivityLine:
    """How many pairs and how often those under way met, per month on average."""

    pairs: int
    pairs_text: str
    rate: str


@dataclass(frozen=True)
class ChangeLine:
    """A mean change of level: which way it went, by how much, and from how many learners."""

    direction: str  # "up", "down" or "flat"
    amount: str
    #: Picks the plural form: gettext counts in whole numbers, and a decimal other than exactly
    #: one reads as a plural in the report's languages.
    count: int
    uncertainty: str


@dataclass(frozen=True)
class SatisfactionLine:
    mean: str
    uncertainty: str


@dataclass(frozen=True)
class ReciprocityLine:
    pairs: int
    pairs_text: str
    both: str
    one_way: str


@dataclass(frozen=True)
class Narrative:
    """The summary's figures, worded; ``None`` where the figure is withheld."""

    activity: ActivityLine | None
    satisfaction: SatisfactionLine | None
    digital: ChangeLine | None
    learned_back: ChangeLine | None
    reciprocity: ReciprocityLine | None


@dataclass(frozen=True)
class FactTable:
    title: str
    tiles: list[Tile]


def _uncertainty(figure: Figure) -> str:
    """ "n = 18, ± 0.6": the size and spread behind a mean."""
    return ", ".join(part for part in (people_text(figure), spread_text(figure)) if part)


def _activity(dashboard: Dashboard) -> ActivityLine | None:
    pairs = dashboard.activity.pairs
    monthly = [point.figure.value for point in dashboard.activity.meetings_per_pair.points]
    shown = [value for value in monthly if value is not None]
    if pairs.value is None or not shown:
        return None
    count = round(pairs.value)
    return ActivityLine(count, number(count), number(statistics.fmean(shown), DECIMALS))


def _satisfaction(dashboard: Dashboard) -> SatisfactionLine | None:
    overall = dashboard.trends.satisfaction_overall
    if overall.value is None:
        return None
    return SatisfactionLine(number(overall.value, DECIMALS), _uncertainty(overall))


def _change(figure: Figure) -> ChangeLine | None:
    if figure.value is None:
        return None
    rounded = round(figure.value, DECIMALS)
    direction = "up" if rounded > 0 else "down" if rounded < 0 else "flat"
    return ChangeLine(direction, number(abs(rounded), DECIMALS), 1 if abs(rounded) == 1 else 2, _uncertainty(figure))


def _reciprocity(dashboard: Dashboard) -> ReciprocityLine | None:
    reciprocity = dashboard.reciprocity
    if reciprocity.pairs.value is None or reciprocity.both.value is None or reciprocity.one_way.value is None:
        return None
    count = round(reciprocity.pairs.value)
    return ReciprocityLine(count, number(count), percent(reciprocity.both.value), percent(reciprocity.one_way.value))


def narrative(dashboard: Dashboard) -> Narrative:
    return Narrative(
        activity=_activity(dashboard),
        satisfaction=_satisfaction(dashboard),
        digital=_change(dashboard.gap.digital.change),
        learned_back=_change(dashboard.gap.learned_back.change),
        reciprocity=_reciprocity(dashboard),
    )


def _charts(dashboard: Dashboard) -> list[Chart]:
    """Every chart with something in its table, in the dashboard's order."""
    charts = dashboard_charts(dashboard)
    every: list[Chart] = [getattr(charts, field.name) for field in fields(charts)]
    return [chart for chart in every if chart.rows]


def _fact_tables(dashboard: Dashboard) -> list[FactTable]:
    return [
        FactTable(_("Meetings and proposals"), activity_facts(dashboard)),
        FactTable(_("Check-ins"), checkin_facts(dashboard)),
        FactTable(_("Seniors' digital skills"), gap_facts(dashboard.gap.digital)),
        FactTable(_("What juniors learned back"), gap_facts(dashboard.gap.learned_back)),
        FactTable(_("Learning both ways"), reciprocity_facts(dashboard)),
    ]


def _css_string(text: str) -> str:
    """``text`` as a CSS string that cannot close the string or the ``<style>`` element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", "\\a ")
    return f'"{escaped}"'


def page_footer_css() -> SafeString:
    """CSS ``content`` for "Page 3 of 12", from one sentence a translator can reorder."""
    counters = {"%(page)s": "counter(page)", "%(pages)s": "counter(pages)"}
    parts = re.split(r"(%\(page\)s|%\(pages\)s)", _("Page %(page)s of %(pages)s"))
    css = " ".join(counters.get(part) or _css_string(part) for part in parts if part)
    # Our own translated sentence, escaped for CSS above: no user data reaches it.
    return mark_safe(css)  # noqa: S308


def _day(day: date | None) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day is not None else ""


def report_context(dashboard: Dashboard) -> dict[str, object]:
    program = dashboard.scope.program
    if program is None:
        raise ValueError("The report describes one program.")
    months = [point.month for point in dashboard.activity.meetings_per_pair.points]
    return {
        "language": translation.get_language(),
        "organization": dashboard.scope.organization,
        "program": program,
        "status": program.get_status_display(),
        "starts_on": _day(program.starts_on),
        "ends_on": _day(program.ends_on),
        "prepared_on": _day(timezone.localdate()),
        "period_start": month_label(months[0]) if months else "",
        "period_end": month_label(months[-1]) if months else "",
        "key_figures": key_figures(dashboard),
        "narrative": narrative(dashboard),
        "charts": _charts(dashboard),
        "fact_tables": _fact_tables(dashboard),
        "k": K_ANONYMITY,
        "page_footer": page_footer_css(),
    }


def program_report_html(dashboard: Dashboard) -> str:
    """The report as HTML, in the active language; ``dashboard`` is a program's."""
    return render_to_string(REPORT_TEMPLATE, report_context(dashboard))


def program_report_pdf(dashboard: Dashboard) -> bytes:
    """The report as a tagged A4 PDF (its structure readable by screen readers)."""
    document = HTML(string=program_report_html(dashboard), url_fetcher=URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS))
    pdf = document.write_pdf(pdf_tags=True)
    assert pdf is not None  # without a target, WeasyPrint returns the bytes
    return pdf
