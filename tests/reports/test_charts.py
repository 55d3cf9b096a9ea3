"""Charts: an SVG the CSP lets through, and a table that carries the same figures."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from ponte.core.privacy import WITHHELD, Figure
from ponte.reports import charts
from ponte.reports.sections import Funnel, GapRow, Point, Row, Series

NS = "{http://www.w3.org/2000/svg}"
FEWER = "fewer than 5 people"


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output


def _tags(root: ET.Element) -> list[str]:
    return [element.tag.removeprefix(NS) for element in root.iter()]


def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _bars(root: ET.Element, serie: int = 0) -> list[ET.Element]:
    """The bars pygal drew for one series (withheld values draw none)."""
    return [
        rect
        for group in root.iter(f"{NS}g")
        if f"serie-{serie}" in _classes(group)
        for rect in group.iter(f"{NS}rect")
        if "reactive" in _classes(rect)
    ]


def _funnel() -> Funnel:
    return Funnel(
        [
            Row("invited", "Invited", Figure(40, 40)),
            Row("enrolled", "Enrolled", Figure(30, 30)),
            Row("matched", "Matched", WITHHELD),
            Row("completed", "Completed", Figure(20, 20)),
        ]
    )


def _months(values: list[float | None]) -> list[Point]:
    return [
        Point(date(2026, 3 + n, 1), Figure(value, 8, 0.5) if value is not None else WITHHELD)
        for n, value in enumerate(values)
    ]


def test_page_svg_carries_no_style_no_script_and_names_itself() -> None:
    series = [
        Series("satisfaction", "Satisfaction", _months([4.0, 4.5, 3.5])),
        Series("l", "Learning", _months([3.0, 3.5, 4.0])),
    ]
    for chart in (
        charts.funnel_chart(_funnel()),
        charts.monthly_chart("checkins", "Check-ins", series, "Average", 1, y_range=(1, 5)),
        charts.gap_chart("gap", "Gap", [GapRow("a", "Area", Figure(2, 6), Figure(4, 6), Figure(2, 6, 0.5))]),
    ):
        root = _tree(chart.svg)
        tags = _tags(root)
        assert "style" not in tags
        assert "script" not in tags
        assert all("style" not in element.attrib for element in root.iter())
        assert root.get("role") == "img"
        title, desc = root[0], root[1]
        assert title.tag == f"{NS}title" and title.get("id") == root.get("aria-labelledby")
        assert title.text == chart.title
        assert desc.tag == f"{NS}desc" and desc.get("id") == root.get("aria-describedby")
        assert root.get("width") == "800" and root.get("viewBox", "").startswith("0 0 800 ")
        # Only our own title: pygal's hover titles would pop up as tooltips of raw numbers.
        assert tags.count("title") == 1


def test_pdf_svg_keeps_its_own_scoped_stylesheet() -> None:
    chart = charts.funnel_chart(_funnel())
    root = _tree(chart.pdf_svg)
    style = next(element for element in root.iter(f"{NS}style"))
    assert root.get("id", "").startswith("chart-")
    assert f"#{root.get('id')}" in (style.text or "")
    assert charts.PALETTE[0].lower() in (style.text or "").lower()
    assert "script" not in _tags(root)


def test_funnel_table_matches_the_figures_and_a_withheld_stage_is_a_gap() -> None:
    chart = charts.funnel_chart(_funnel())
    assert chart.headers == ["Stage", "People", "Of the stage before"]
    assert chart.rows == [
        ["Invited", "40", ""],
        ["Enrolled", "30", "75%"],
        ["Matched", FEWER, "—"],
        ["Completed", "20", "—"],
    ]
    root = _tree(chart.svg)
    widths = sorted(float(rect.get("width") or 0) for rect in _bars(root))
    assert len(widths) == 3  # Matched draws no bar
    assert widths[0] / widths[2] == pytest.approx(20 / 40)
    notes = [text.text for text in root.iter(f"{NS}text") if "withheld-label" in _classes(text)]
    assert notes == [FEWER]


def test_mix_chart_rows_and_bars() -> None:
    rows = [
        Row("z", "Generation Z", Figure(12, 12)),
        Row("m", "Millennials", WITHHELD),
        Row("b", "Boomers", Figure(6, 6)),
    ]
    chart = charts.mix_chart("mix", "Participants by generation", rows)
    assert chart.rows == [["Generation Z", "12"], ["Millennials", FEWER], ["Boomers", "6"]]
    values = sorted(text.text or "" for text in _tree(chart.svg).iter(f"{NS}text") if "value" in _classes(text))
    assert values == ["12", "6"]


def test_nothing_is_drawn_when_every_figure_is_withheld() -> None:
    chart = charts.mix_chart(
        "mix", "Participants by location", [Row("a", "Roma", WITHHELD), Row("b", "Bari", WITHHELD)]
    )
    assert chart.svg == "" and chart.pdf_svg == ""
    assert chart.rows == [["Roma", FEWER], ["Bari", FEWER]]
    assert chart.note == "Every figure here is about fewer than 5 people."
    html = render_to_string("reports/components/chart.html", {"chart": chart})
    assert "<svg" not in html and "Every figure here is about fewer than 5 people." in html and "<table>" in html


def test_monthly_chart_table_and_gaps() -> None:
    series = [Series("meetings", "Meetings per pair", _months([1.5, None, 2.4]))]
    chart = charts.monthly_chart("meetings", "Meetings", series, "Meetings per pair", 1)
    assert chart.headers == ["Month", "Meetings per pair"]
    assert chart.rows == [["March 2026", "1.5"], ["April 2026", FEWER], ["May 2026", "2.4"]]
    dots = [circle for circle in _tree(chart.svg).iter(f"{NS}circle") if "dot" in _classes(circle)]
    assert len(dots) == 2
    assert "fewer than 5 people" in chart.note


def test_gap_chart_shows_size_and_spread() -> None:
    rows = [
        GapRow("a", "Information and data", Figure(2.0, 6), Figure(4.5, 6), Figure(2.5, 6, 0.75)),
        GapRow("b", "Safety", WITHHELD, WITHHELD, WITHHELD),
    ]
    chart = charts.gap_chart("gap", "Digital skills", rows)
    assert chart.headers == ["Group", "At the start", "At the end", "Change", "Spread", "People (n)"]
    assert chart.rows == [
        ["Information and data", "2.0", "4.5", "+2.5", "± 0.8", "6"],
        ["Safety", FEWER, FEWER, FEWER, "", ""],
    ]
    root = _tree(chart.svg)
    assert len(_bars(root, 0)) == 1 and len(_bars(root, 1)) == 1


def test_numbers_and_months_follow_the_readers_language() -> None:
    series = [Series("s", "Soddisfazione", _months([4.25]))]
    with translation.override("it"):
        chart = charts.monthly_chart("s", "Soddisfazione", series, "Media", 2)
        assert chart.rows == [["Marzo 2026", "4,25"]]
        assert charts.number(1234.5, 1) == "1.234,5"


def test_component_renders_figure_svg_and_table() -> None:
    chart = charts.funnel_chart(_funnel())
    html = render_to_string("reports/components/chart.html", {"chart": chart})
    assert html.count("<figure") == 1 and "<figcaption" in html
    assert "<details" in html and "Show the figures" in html
    assert '<th scope="col"' in html and '<th scope="row">Matched</th>' in html
    assert f'<td class="num">{FEWER}</td>' in html
    assert "<style" not in html and " style=" not in html
