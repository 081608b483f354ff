"""Server-drawn SVG charts: well-formed, accessible, escaped, in the reader's number format."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.safestring import SafeString

from core.charts import bar_chart_svg, chart_rows, line_chart_svg

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg):
    return ET.fromstring(str(svg))


@pytest.mark.parametrize("orientation", ["horizontal", "vertical"])
def test_a_bar_chart_is_an_accessible_svg_with_every_value_in_its_description(orientation):
    with translation.override("pl"):
        svg = bar_chart_svg(
            title="Członkowie według rodzaju",
            items=[("Przedsiębiorstwa", 12), ("Uczelnie", Decimal("2.50"))],
            unit="os.",
            orientation=orientation,
        )

    assert isinstance(svg, SafeString)
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.text == "Członkowie według rodzaju"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    # The reader's number format: a Polish comma, no trailing zeros.
    assert desc.text == "Przedsiębiorstwa: 12 os.; Uczelnie: 2,5 os."
    assert len(root.findall(f".//{SVG}rect")) == 2
    assert "style" not in str(svg)


def test_bar_lengths_follow_the_values():
    root = _parse(bar_chart_svg(title="T", items=[("a", 1), ("b", 4)]))
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]

    assert widths[1] == pytest.approx(widths[0] * 4)


def test_labels_and_titles_are_escaped():
    svg = str(bar_chart_svg(title="<script>x</script>", items=[('"><img src=x>', 1)]))

    assert "<script>" not in svg
    assert "<img" not in svg
    _parse(svg)  # still well-formed


def test_coordinates_stay_plain_numbers_in_a_language_with_a_decimal_comma():
    with translation.override("de"):
        root = _parse(bar_chart_svg(title="T", items=[("a", Decimal("1.5")), ("b", 3)]))

    for rect in root.iter(f"{SVG}rect"):
        float(rect.get("width"))
        float(rect.get("x"))


def test_an_empty_bar_chart_says_there_is_no_data():
    with translation.override("en"):
        root = _parse(bar_chart_svg(title="T", items=[]))

    assert root.find(f"{SVG}desc").text == "No data."


def test_two_charts_on_one_page_have_different_ids():
    first = _parse(bar_chart_svg(title="A", items=[("a", 1)]))
    second = _parse(bar_chart_svg(title="B", items=[("a", 1)]))
    named = _parse(bar_chart_svg(title="B", items=[("a", 1)], chart_id="q 7"))

    assert first.find(f"{SVG}title").get("id") != second.find(f"{SVG}title").get("id")
    assert named.find(f"{SVG}title").get("id") == "q-7-title"


def test_chart_rows_give_the_table_beside_the_chart_with_shares():
    with translation.override("en"):
        rows = chart_rows([("Yes", 3), ("No", 1)])

    assert [(row["label"], row["shown"], row["share"]) for row in rows] == [
        ("Yes", "3", Decimal("75.0")),
        ("No", "1", Decimal("25.0")),
    ]


def test_a_line_chart_draws_each_series_and_a_dashed_target_path():
    with translation.override("en"):
        svg = line_chart_svg(
            title="Members",
            series=[
                (
                    "Members",
                    [(datetime.date(2025, 1, 1), 10), (datetime.date(2026, 1, 1), 14)],
                )
            ],
            target=[(datetime.date(2025, 1, 1), 10), (datetime.date(2027, 1, 1), 20)],
        )

    root = _parse(svg)
    assert root.get("role") == "img"
    polylines = root.findall(f".//{SVG}polyline")
    assert [line.get("class") for line in polylines] == ["chart__target", "chart__series"]
    assert polylines[0].get("stroke-dasharray")
    desc = root.find(f"{SVG}desc").text
    assert "14" in desc
    assert "Target:" in desc
    # The target's last date is the right edge: the series ends before it.
    series_xs = [float(p.split(",")[0]) for p in polylines[1].get("points").split()]
    target_xs = [float(p.split(",")[0]) for p in polylines[0].get("points").split()]
    assert series_xs[-1] < target_xs[-1]


def test_a_line_chart_without_points_says_there_is_no_data():
    with translation.override("en"):
        root = _parse(line_chart_svg(title="Empty", series=[]))

    assert root.find(f"{SVG}desc").text == "No data."
    assert not root.findall(f".//{SVG}polyline")


def test_a_single_point_is_drawn_in_the_middle():
    root = _parse(
        line_chart_svg(title="One", series=[("a", [(datetime.date(2026, 5, 1), Decimal("3"))])])
    )

    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == 1
    assert not root.findall(f".//{SVG}polyline")
