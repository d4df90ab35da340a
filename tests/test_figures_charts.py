"""The key figures' SVG charts, parsed back: every value and target lands where its number says on the axes the
chart draws, lines break at a missing period, and the table beside the chart holds the same numbers. No inline
styles (the Content-Security-Policy), a title and a description for screen readers."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from regions.charts import axis_top, line_chart, nice_step, sparkline
from regions.periods import Period, previous_period
from regions.services.figures import indicator_target_set, indicator_value_set

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def axes(root: ET.Element) -> dict:
    """The plot area as the chart draws it: the grid's left and right ends, and the y of each labelled tick."""
    ticks = {}
    lines = root.find(f"{SVG}g[@class='chart__grid']").findall(f"{SVG}line")
    labels = root.find(f"{SVG}g[@class='chart__grid']").findall(f"{SVG}text")
    for line, label in zip(lines, labels, strict=True):
        ticks[int(label.text)] = float(line.get("y1"))
    return {"left": float(lines[0].get("x1")), "right": float(lines[0].get("x2")), "ticks": ticks}


def expected_y(value: int, ticks: dict) -> float:
    """Where a number belongs on the y axis: linear between the 0 tick and the top tick."""
    top = max(ticks)
    return ticks[0] - value / top * (ticks[0] - ticks[top])


def points(root: ET.Element, tag: str) -> list[tuple[str, int, float, float]]:
    found = []
    for element in root.iter(f"{SVG}{tag}"):
        if element.get("data-period"):
            x, y = ("cx", "cy") if tag == "circle" else ("x", "y")
            found.append(
                (
                    element.get("data-period"),
                    int(element.get("data-value")),
                    float(element.get(x)),
                    float(element.get(y)),
                )
            )
    return found


def render(chart) -> str:
    return render_to_string("regions/chart.html", {"chart": chart, "chart_id": "grafiek-test"})


def test_values_and_targets_land_where_their_numbers_say():
    periods = ["2024-H1", "2024-H2", "2025-H1", "2025-H2", "2026-H1"]
    values = {"2024-H1": 0, "2024-H2": 35, "2025-H2": 61, "2026-H1": 88}  # 2025-H1 is missing
    targets = {"2025-H2": 80, "2026-H1": 100}
    root = parse(render(line_chart(title="Woningen", unit="woningen", periods=periods, values=values, targets=targets)))
    axis = axes(root)
    assert sorted(axis["ticks"]) == [0, 25, 50, 75, 100]  # the top reaches the highest number, in whole steps
    step = (axis["right"] - axis["left"]) / (len(periods) - 1)
    for tag, series in (("circle", values), ("rect", targets)):
        drawn = points(root, tag)
        assert [(period, value) for period, value, _, _ in drawn] == list(series.items())
        for period, value, x, y in drawn:
            assert x == pytest.approx(axis["left"] + periods.index(period) * step, abs=0.06)
            assert y == pytest.approx(expected_y(value, axis["ticks"]), abs=0.06)
    # one line per unbroken run of values: 2024-H1 → 2024-H2, then 2025-H2 → 2026-H1
    value_lines = [line.get("points") for line in root.find(f"{SVG}g[@class='chart__values']").iter(f"{SVG}polyline")]
    circles = {period: f"{x},{y}" for period, _, x, y in points(root, "circle")}
    assert value_lines == [f"{circles['2024-H1']} {circles['2024-H2']}", f"{circles['2025-H2']} {circles['2026-H1']}"]
    assert [text.text for text in root.find(f"{SVG}g[@class='chart__periods']")] == periods


def test_the_chart_is_described_and_has_no_inline_style():
    chart = line_chart(
        title="Mensen", unit="mensen", periods=["2025-H2", "2026-H1"], values={"2025-H2": 40, "2026-H1": 34}, targets={}
    )
    svg = render(chart)
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "grafiek-test-titel grafiek-test-uitleg"
    assert root.find(f"{SVG}title").text == "Mensen"
    assert (
        root.find(f"{SVG}desc").text
        == "Van 40 mensen in 2025-H2 naar 34 mensen in 2026-H1. De tabel geeft alle cijfers."
    )
    assert "style=" not in svg and "<script" not in svg
    assert not root.find(f"{SVG}g[@class='chart__legend']").findall(f"{SVG}rect"), "no target in the legend without one"


def test_one_period_and_all_zero_still_make_an_axis():
    root = parse(render(line_chart(title="T", unit="mensen", periods=["2026-H1"], values={"2026-H1": 0}, targets={})))
    axis = axes(root)
    assert sorted(axis["ticks"]) == [0, 1]
    [(_, _, x, y)] = points(root, "circle")
    assert x == pytest.approx((axis["left"] + axis["right"]) / 2, abs=0.06) and y == axis["ticks"][0]


@pytest.mark.parametrize(
    ("highest", "top", "step"),
    [
        (0, 1, 1),
        (3, 3, 1),
        (4, 4, 1),
        (7, 8, 2),
        (45, 60, 20),
        (100, 100, 25),
        (1234, 1500, 500),
        (1_000_000, 1_000_000, 250_000),
    ],
)
def test_the_y_axis_ends_on_a_whole_step_at_or_above_the_highest_number(highest, top, step):
    assert axis_top(highest) == (top, step)
    assert nice_step(step) == step


def test_sparkline_runs_from_the_oldest_to_the_newest():
    assert sparkline([5]) is None
    line = sparkline([10, 20, 15])
    coordinates = [tuple(map(float, pair.split(","))) for pair in line.points.split()]
    assert [x for x, _ in coordinates] == sorted(x for x, _ in coordinates)
    assert coordinates[1][1] < coordinates[2][1] < coordinates[0][1]  # 20 highest on screen, 10 lowest
    assert (line.last_x, line.last_y) == coordinates[-1]


def test_the_page_draws_a_regions_values_and_the_table_holds_the_same_numbers(client, coalition, indicators):
    today = timezone.localdate()
    last = previous_period("halfjaar", today)
    housed = indicators["mensen-gehuisvest"]
    numbers = {last.shifted(-3): 5, last.shifted(-2): 11, last.shifted(-1): 19, last: 26}
    for period, value in numbers.items():
        indicator_value_set(
            region=coalition.region, indicator=housed, period=period.code, value=value, source="Gemeente",
            measured_on=period.end, user=coalition.partner_user,
        )  # fmt: skip
    indicator_target_set(
        region=coalition.region, indicator=housed, year=today.year, value=40, user=coalition.trekker_user
    )
    client.force_login(coalition.partner_user)
    html = client.get(reverse("regions:figures", args=[coalition.region.slug])).content.decode()
    card = html.split(f'<article id="kengetal-{housed.slug}"', 1)[1].split("</article>", 1)[0]
    root = parse(re.search(r"<svg .*?</svg>", card, re.S).group(0))
    axis = axes(root)
    drawn = points(root, "circle")
    assert [(period, value) for period, value, _, _ in drawn] == [(p.code, v) for p, v in numbers.items()]
    for _, value, _, y in drawn:
        assert y == pytest.approx(expected_y(value, axis["ticks"]), abs=0.06)
    year_end = f"{today.year}-H2"  # a cumulative figure's target stands at the end of its year
    assert [(period, value) for period, value, _, _ in points(root, "rect")] == [(year_end, 40)]
    table = card.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>', table)
    shown = {label: (value, target) for label, value, target in rows}
    for period, value in numbers.items():
        assert shown[period.label][0] == str(value)
    assert shown[Period(today.year, 2, "halfjaar").label][1] == "40"
    assert [target for _, target in shown.values()].count("40") == 1
