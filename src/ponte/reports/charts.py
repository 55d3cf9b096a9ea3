"""Dashboard charts: server-drawn SVG with the same figures in an accessible table.

pygal draws each chart. The page copy loses pygal's ``<style>``, ``<script>`` and every ``style``
attribute, because the site's CSP allows neither inline scripts nor inline styles; its colours come
from ponte.css ("Dashboards and charts"), which styles pygal's class names. The PDF copy keeps
pygal's own stylesheet (drawn with the same palette), since a PDF has no CSP and no ponte.css.

A withheld figure is a gap in the chart (pygal skips ``None``; a bar chart writes "fewer than 5
people" in the gap) and reads "fewer than 5 people" in the table. The table is the chart's text
alternative, so it carries every figure the chart draws.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import pygal
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pygal.style import Style

from ponte.core.privacy import Figure

from .metrics.months import first_of_month
from .sections import Dashboard, Funnel, GapRow, Row, Series

SVG_NS = "http://www.w3.org/2000/svg"
_NS = f"{{{SVG_NS}}}"

#: Series colours, each at least 3:1 against white (WCAG 2.2 non-text contrast) and apart in
#: lightness as well as hue: blue 8.6:1, orange 5.0:1, green 6.5:1, purple 7.1:1. ponte.css repeats them.
PALETTE = ("#12507a", "#b45309", "#1d6b3a", "#6d28d9")
INK = "#1b2430"
INK_SOFT = "#46515f"
GUIDE = "#8a96a3"
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
#: Text sizes in SVG units; pygal lays labels out with them, so ponte.css uses the same ones.
LABEL_SIZE = 15
VALUE_SIZE = 15
LEGEND_SIZE = 15

WIDTH = 800
#: Where a withheld group's note starts, right of the axis.
WITHHELD_LABEL_X = 18
#: Room right of the plot for the value printed after the longest bar.
VALUE_ROOM = 60
LINE_HEIGHT = 360
BAR_ROW_HEIGHT = 46
BAR_EXTRA_HEIGHT = 110

#: A line chart labels at most this many months; the table still lists every month.
MAX_MONTH_LABELS = 8


@dataclass(frozen=True)
class Chart:
    """One chart: the SVG for the page, the figures as a table, and the SVG for the PDF report."""

    key: str
    title: str
    description: str
    #: Empty when every figure is withheld: there is nothing to draw, and the table says why.
    svg: SafeString
    headers: list[str]
    rows: list[list[str]]
    #: Draws the PDF copy; only the PDF report needs it, so it is drawn on first use.
    draw_pdf: Callable[[], SafeString] = field(repr=False, compare=False)
    #: What a reader should know to read the chart right (gaps, a month still under way).
    note: str = ""

    @cached_property
    def pdf_svg(self) -> SafeString:
        """The chart with pygal's own stylesheet, scoped to its id (no CSP in a PDF); never for a page."""
        return self.draw_pdf()


@dataclass(frozen=True)
class DashboardCharts:
    """Every chart of a dashboard, for the page and the PDF report alike."""

    funnel: Chart
    meetings_per_pair: Chart
    checkins: Chart
    digital_by_area: Chart
    digital_by_generation: Chart
    digital_by_department: Chart
    learned_back_by_area: Chart
    mix_by_role: Chart
    mix_by_generation: Chart
    mix_by_department: Chart
    mix_by_location: Chart


# Formatting: the reader's language decides separators; "fewer than 5 people" stands for any withheld figure.


def withheld_text() -> str:
    return _("fewer than 5 people")


def number(value: float, decimals: int = 0) -> str:
    return formats.number_format(round(value, decimals), decimals, use_l10n=True, force_grouping=True)


def percent(value: float) -> str:
    """A share (0..1) as a whole percentage."""
    return _("%(number)s%%") % {"number": number(value * 100)}


def figure_text(figure: Figure, decimals: int = 0, *, share: bool = False) -> str:
    if figure.value is None:
        return withheld_text()
    return percent(figure.value) if share else number(figure.value, decimals)


def spread_text(figure: Figure, decimals: int = 1) -> str:
    """The spread of a published figure, such as "± 0.8" (empty when it has none)."""
    if figure.value is None or figure.spread is None:
        return ""
    return _("± %(spread)s") % {"spread": number(figure.spread, decimals)}


def signed_text(figure: Figure, decimals: int = 1) -> str:
    """A change with its sign ("+1.5"), so a fall and a rise read apart."""
    if figure.value is None:
        return withheld_text()
    text = number(figure.value, decimals)
    return f"+{text}" if round(figure.value, decimals) > 0 else text


def people_text(figure: Figure) -> str:
    """How many people a published figure comes from, such as "n = 12"."""
    if figure.value is None or figure.people is None:
        return ""
    return _("n = %(people)s") % {"people": number(figure.people)}


def month_label(month: date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def _month_axis_label(month: date) -> str:
    """Short month names on the axis ("Mar 2026"), in the reader's language."""
    return formats.date_format(month, "M Y")


# Drawing.


def _style() -> Style:
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground=INK,
        foreground_strong=INK,
        foreground_subtle=GUIDE,
        guide_stroke_color=GUIDE,
        major_guide_stroke_color=INK,
        colors=PALETTE,
        font_family=FONT,
        label_font_size=LABEL_SIZE,
        major_label_font_size=LABEL_SIZE,
        value_font_size=VALUE_SIZE,
        value_label_font_size=VALUE_SIZE,
        legend_font_size=LEGEND_SIZE,
        title_font_size=LEGEND_SIZE,
        tooltip_font_size=LABEL_SIZE,
        no_data_font_size=LEGEND_SIZE + 3,
        opacity="1",
        opacity_hover="1",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        stroke_width="3",
        stroke_width_hover="3",
        transition="0ms",
    )


def _options(height: int, **options: Any) -> dict[str, Any]:
    return {
        "js": [],
        "no_prefix": True,
        "disable_xml_declaration": True,
        "explicit_size": True,
        "width": WIDTH,
        "height": height,
        "style": _style(),
        "title": None,
        "legend_at_bottom": True,
        "legend_box_size": 14,
        "truncate_label": -1,
        "truncate_legend": -1,
        "margin": 12,
        "spacing": 14,
        "tooltip_border_radius": 0,
        **options,
    }


def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _presentation(element: ET.Element, parents: set[str]) -> None:
    """Layout pygal leaves to its stylesheet, kept as presentation attributes (which a CSP does not
    block) so the page chart reads right even before ponte.css applies its colours."""
    classes = _classes(element)
    if element.tag == "text":
        if "axis" in parents and "y" in parents:
            element.set("text-anchor", "end")
        elif classes & {"title", "centered", "no_data"} or ("axis" in parents and "x" in parents):
            element.set("text-anchor", "middle")
    if classes & {"guide", "nofill", "line"} and element.tag == "path":
        element.set("fill", "none")


def _prune(root: ET.Element, *, unwanted: set[str], inline_styles: bool) -> None:
    """Remove elements by tag (and pygal's tooltip layer); without ``inline_styles``, style attributes too."""

    def walk(element: ET.Element, parents: set[str]) -> None:
        for child in list(element):
            if child.tag in unwanted or "tooltip-overlay" in _classes(child):
                element.remove(child)
                continue
            if not inline_styles:
                child.attrib.pop("style", None)
                _presentation(child, parents)
            walk(child, parents | _classes(child))

    walk(root, set())
    for defs in root.findall("defs"):
        if len(defs) == 0:
            root.remove(defs)


#: Selectors of pygal's stylesheet that only serve hovering and its script: nothing on paper.
_SCREEN_ONLY = ("tooltip", ":hover", ".reactive", ".active", "activate-serie", ".guide_hover")


def _print_only(root: ET.Element, key: str) -> None:
    """Trim the PDF copy: WeasyPrint matches every rule against every node of every chart, and a
    third of pygal's rules are for the hover effects a printed page never has."""
    for style in root.iter("style"):
        rules = (style.text or "").split("}")
        style.text = "}".join(rule for rule in rules if not any(token in rule.split("{")[0] for token in _SCREEN_ONLY))
    # pygal names each legend entry the same way in every chart: one document holds them all.
    for element in root.iter():
        if (element.get("id") or "").startswith("activate-serie"):
            element.set("id", f"{key}-{element.get('id')}")


def _values_after_bars(root: ET.Element) -> None:
    """Print a horizontal bar's value just past its end, in ink: centred on the end, pygal's way,
    half of it would sit on the bar and a short bar's value would not read."""
    if not any("horizontal" in _classes(graph) for graph in root.iter("g")):
        return
    for text in root.iter("text"):
        if "value" in _classes(text):
            text.set("text-anchor", "start")
            text.set("x", f"{float(text.get('x') or 0) - VALUE_SIZE / 2 + 6:.1f}")


def _mark_withheld(root: ET.Element, labels: frozenset[str]) -> None:
    """Write "fewer than 5 people" where a withheld group's bar would be, so the gap explains itself."""
    for axis in root.iter("g"):
        if not {"axis", "y"} <= _classes(axis):
            continue
        for guides in axis.findall("g"):
            for text in guides.findall("text"):
                if text.text in labels:
                    note = ET.SubElement(
                        guides,
                        "text",
                        {
                            "x": str(WITHHELD_LABEL_X),
                            "y": text.get("y") or "0",
                            "class": "withheld-label",
                            "text-anchor": "start",
                            "font-style": "italic",
                            "fill": INK_SOFT,
                        },
                    )
                    note.text = withheld_text()


def _svg(
    raw: str, key: str, title: str, description: str, *, page: bool, withheld: frozenset[str] = frozenset()
) -> SafeString:
    """pygal's output named by our own title and description; for the ``page``, without any style."""
    root = ET.fromstring(raw)  # noqa: S314 - pygal's own output, not outside input
    # Plain tag names (inline SVG in HTML needs no prefixes) with the namespace declared once on the root.
    for element in root.iter():
        element.tag = element.tag.removeprefix(_NS)
    # pygal's hover titles and tooltip data only serve its script, which neither copy runs.
    _prune(
        root,
        unwanted={"script", "title", "desc", "style"} if page else {"script", "title", "desc"},
        inline_styles=not page,
    )
    if not page:
        _print_only(root, key)
    _values_after_bars(root)
    _mark_withheld(root, withheld)
    root.attrib.pop("style", None)
    if page:
        root.attrib.pop("id", None)  # the PDF copy keeps it: pygal's stylesheet is scoped to it
    title_id, desc_id = f"chart-{key}-title", f"chart-{key}-desc"
    root.attrib.update(
        {
            "xmlns": SVG_NS,
            "role": "img",
            "aria-labelledby": title_id,
            "aria-describedby": desc_id,
            "focusable": "false",
            "class": "pygal-chart chart__svg",
            "preserveAspectRatio": "xMinYMin meet",
        }
    )
    title_node = ET.Element("title", {"id": title_id})
    title_node.text = title
    desc_node = ET.Element("desc", {"id": desc_id})
    desc_node.text = description
    root.insert(0, desc_node)
    root.insert(0, title_node)
    # The serialiser escapes every label and value: the SVG carries no markup from the data.
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308


def _chart(
    graph: pygal.graph.graph.Graph,
    *,
    key: str,
    title: str,
    description: str,
    headers: list[str],
    rows: list[list[str]],
    drawn: bool,
    withheld: frozenset[str] = frozenset(),
    note: str = "",
) -> Chart:
    """``withheld``: labels of the groups whose every bar is withheld. A chart with nothing
    ``drawn`` has no SVG at all (pygal would draw empty axes): only its note and its table."""

    def draw_pdf() -> SafeString:
        if not drawn:
            return mark_safe("")
        # Several charts share one PDF document: each stylesheet must apply to its own chart only.
        raw = graph.render(is_unicode=True, no_prefix=False)
        return _svg(raw, key, title, description, page=False, withheld=withheld)

    if not drawn:
        note = _("Every figure here is about fewer than 5 people.")
    return Chart(
        key=key,
        title=title,
        description=description,
        svg=_svg(graph.render(is_unicode=True), key, title, description, page=True, withheld=withheld)
        if drawn
        else mark_safe(""),
        headers=headers,
        rows=rows,
        draw_pdf=draw_pdf,
        note=note,
    )


def _fill(
    graph: pygal.graph.graph.Graph,
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    styles: list[dict[str, Any]] | None = None,
) -> bool:
    """Give the chart its labels and series; ``False`` when every value is withheld (nothing to draw)."""
    if all(value is None for _label, values in series for value in values):
        return False
    graph.x_labels = labels
    for index, (label, values) in enumerate(series):
        graph.add(label, values, **(styles[index] if styles else {}))
    return True


def _bar_height(groups: int, bars_per_group: int = 1) -> int:
    """Room for every bar at a readable thickness, plus the axis and (for two series) the legend."""
    per_group = BAR_ROW_HEIGHT if bars_per_group == 1 else BAR_ROW_HEIGHT * 3 // 2
    legend = 0 if bars_per_group == 1 else 40
    return BAR_EXTRA_HEIGHT + legend + per_group * max(groups, 1)


# The charts.


def _people_bars(groups: int) -> pygal.HorizontalBar:
    """Horizontal bars of people per group, each value printed past its bar."""
    return pygal.HorizontalBar(
        **_options(
            _bar_height(groups),
            show_legend=False,
            print_values=True,
            print_values_position="top",
            margin_right=VALUE_ROOM,
            value_formatter=lambda value: number(value),
            x_title=_("People"),
        )
    )


def funnel_chart(funnel: Funnel) -> Chart:
    """People at each stage of the program, first stage at the top, and the share kept from each stage."""
    stages = funnel.stages
    title = _("From invitation to completion")
    graph = _people_bars(len(stages))
    # pygal draws the first label at the bottom; a funnel reads from the top.
    drawn = _fill(
        graph, [row.label for row in reversed(stages)], [(_("People"), [row.figure.value for row in reversed(stages)])]
    )
    rows: list[list[str]] = []
    previous: Figure | None = None
    for row in stages:
        ratio = ""
        if previous is not None and previous.value and row.figure.value is not None:
            ratio = percent(row.figure.value / previous.value)
        elif previous is not None:
            ratio = "—"
        rows.append([row.label, figure_text(row.figure), ratio])
        previous = row.figure
    return _chart(
        graph,
        drawn=drawn,
        key="funnel",
        title=title,
        description=_("Horizontal bars: how many people reached each stage, from the first at the top to the last."),
        headers=[_("Stage"), _("People"), _("Of the stage before")],
        rows=rows,
        withheld=frozenset(row.label for row in stages if row.figure.withheld),
    )


def monthly_chart(
    key: str,
    title: str,
    series: Sequence[Series],
    y_title: str,
    decimals: int = 1,
    *,
    y_range: tuple[float, float] | None = None,
) -> Chart:
    """One line per series across calendar months; a withheld month breaks the line."""
    months = [point.month for point in series[0].points] if series else []
    every = max(1, -(-len(months) // MAX_MONTH_LABELS))
    options: dict[str, Any] = {
        "show_legend": len(series) > 1,
        "allow_interruptions": True,
        "dots_size": 5,
        "y_title": y_title,
        "value_formatter": lambda value: number(value, decimals),
        "x_labels_major_every": every,
        "show_minor_x_labels": False,
        "show_x_guides": False,
        "max_scale": 6,
        # The last month's label is centred on the plot's edge: leave room for its second half.
        "margin_right": VALUE_ROOM,
    }
    if y_range is not None:
        options["range"] = y_range
        options["min_scale"] = int(y_range[1] - y_range[0])
    else:
        # Counts start at zero, or a small change would look like a collapse.
        options["include_x_axis"] = True
    graph = pygal.Line(**_options(LINE_HEIGHT, **options))
    drawn = _fill(
        graph,
        [_month_axis_label(month) for month in months],
        [(line.label, [point.figure.value for point in line.points]) for line in series],
        # Every second line is dashed (in ponte.css, and here for the PDF) so lines differ without colour.
        styles=[
            {"stroke_style": {"dasharray": "10, 6", "width": 3} if index % 2 else {"width": 3}}
            for index in range(len(series))
        ],
    )
    current = first_of_month(timezone.localdate())
    rows = [
        [
            _("%(month)s (so far)") % {"month": month_label(month)} if month == current else month_label(month),
            *(figure_text(line.points[position].figure, decimals) for line in series),
        ]
        for position, month in enumerate(months)
    ]
    notes = []
    if any(point.figure.withheld for line in series for point in line.points):
        notes.append(_("A break in a line is a month with figures about fewer than 5 people."))
    if months and months[-1] == current:
        notes.append(_("%(month)s is still under way.") % {"month": month_label(current)})
    return _chart(
        graph,
        drawn=drawn,
        key=key,
        title=title,
        description=_("Lines by month: %(series)s.") % {"series": ", ".join(line.label for line in series)},
        headers=[_("Month"), *(line.label for line in series)],
        rows=rows,
        note=" ".join(notes),
    )


def gap_chart(key: str, title: str, rows: Sequence[GapRow]) -> Chart:
    """Average level at the start and at the end for each group, with the change, its spread and n."""
    published = [figure.value for row in rows for figure in (row.start, row.end) if figure.value is not None]
    top = math.ceil(max(published, default=1))
    graph = pygal.HorizontalBar(
        **_options(
            _bar_height(len(rows), 2),
            print_values=True,
            print_values_position="top",
            margin_right=VALUE_ROOM,
            value_formatter=lambda value: number(value, 1),
            x_title=_("Average level"),
            # Levels are whole steps of the framework: one guide per level, not pygal's fractions.
            y_labels=[{"label": number(level), "value": level} for level in range(top + 1)],
        )
    )
    ordered = list(reversed(rows))
    drawn = _fill(
        graph,
        [row.label for row in ordered],
        [
            (_("At the start"), [row.start.value for row in ordered]),
            (_("At the end"), [row.end.value for row in ordered]),
        ],
    )
    table = [
        [
            row.label,
            figure_text(row.start, 1),
            figure_text(row.end, 1),
            signed_text(row.change),
            spread_text(row.change),
            number(row.change.people) if row.change.people is not None and row.change.value is not None else "",
        ]
        for row in rows
    ]
    return _chart(
        graph,
        drawn=drawn,
        key=key,
        title=title,
        description=_("Pairs of bars for each group: the average level at the start and at the end."),
        headers=[
            _("Group"),
            _("At the start"),
            _("At the end"),
            pgettext("change in level", "Change"),
            _("Spread"),
            _("People (n)"),
        ],
        rows=table,
        withheld=frozenset(row.label for row in rows if row.start.withheld and row.end.withheld),
    )


def mix_chart(key: str, title: str, rows: Sequence[Row]) -> Chart:
    """People per group, one bar each."""
    graph = _people_bars(len(rows))
    ordered = list(reversed(rows))
    drawn = _fill(graph, [row.label for row in ordered], [(_("People"), [row.figure.value for row in ordered])])
    return _chart(
        graph,
        drawn=drawn,
        key=key,
        title=title,
        description=_("Horizontal bars: how many people in each group."),
        headers=[_("Group"), _("People")],
        rows=[[row.label, figure_text(row.figure)] for row in rows],
        withheld=frozenset(row.label for row in rows if row.figure.withheld),
    )


def dashboard_charts(dashboard: Dashboard) -> DashboardCharts:
    """The charts of a dashboard, in the reader's language."""
    activity, trends, gap, mix = dashboard.activity, dashboard.trends, dashboard.gap, dashboard.mix
    return DashboardCharts(
        funnel=funnel_chart(dashboard.funnel),
        meetings_per_pair=monthly_chart(
            "meetings-per-pair",
            _("Meetings held per pair, by month"),
            [activity.meetings_per_pair],
            _("Meetings per pair"),
            1,
        ),
        checkins=monthly_chart(
            "checkins",
            _("Satisfaction and learning, by month (1 to 5)"),
            [trends.satisfaction, trends.learning],
            _("Average answer (1 to 5)"),
            1,
            y_range=(1, 5),
        ),
        digital_by_area=gap_chart("digital-area", _("Digital skills of seniors, by area"), gap.digital_by_area),
        digital_by_generation=gap_chart(
            "digital-generation", _("Digital skills of seniors, by generation"), gap.digital_by_generation
        ),
        digital_by_department=gap_chart(
            "digital-department", _("Digital skills of seniors, by department"), gap.digital_by_department
        ),
        learned_back_by_area=gap_chart(
            "learned-back-area", _("What juniors learned back, by area"), gap.learned_back_by_area
        ),
        mix_by_role=mix_chart("mix-role", _("Participants by role"), mix.by_role),
        mix_by_generation=mix_chart("mix-generation", _("Participants by generation"), mix.by_generation),
        mix_by_department=mix_chart("mix-department", _("Participants by department"), mix.by_department),
        mix_by_location=mix_chart("mix-location", _("Participants by location"), mix.by_location),
    )
