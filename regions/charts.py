"""Small line charts of the key figures, drawn on the server as SVG (``templates/regions/chart.html``): no
JavaScript, no inline styles (presentation attributes only, so they pass the Content-Security-Policy), and the
same markup in the PDF, which WeasyPrint draws from the inline SVG.

This module only works out the geometry: where each value and target lands, the ticks of the axes and the
words that describe the chart. Every chart has a data table beside it with the same numbers.
"""

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 560, 230
LEFT, RIGHT, TOP, BOTTOM = 56, 32, 16, 62  # the plot area's margins; the bottom holds the periods and the legend
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
MAX_X_LABELS = 8
SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 32, 4


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    period: str  # the period's code, the x axis's label
    value: int
    text: str  # what the point's tooltip says


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass
class Chart:
    title: str
    description: str
    values: list[Point]
    targets: list[Point]
    value_lines: list[str] = field(default_factory=list)  # "x,y x,y …" per unbroken run of values
    target_lines: list[str] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    top: int = 0  # the value at the top of the y axis
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: float = TOP + PLOT_HEIGHT
    legend_y: float = HEIGHT - 12


def nice_step(rough: float) -> int:
    """The smallest of 1, 2, 2.5 (from 25 up) and 5 times a power of ten that is at least ``rough``: whole
    numbers only, since every figure is a whole number."""
    if rough <= 1:
        return 1
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= rough and step == int(step):
            return int(step)
    return 10 * power  # pragma: no cover - the loop ends at 10 × power


def axis_top(highest: int) -> tuple[int, int]:
    """(top of the y axis, step between ticks): about four steps, the top at or above the highest number."""
    step = nice_step(highest / 4)
    return step * max(1, math.ceil(highest / step)), step


def x_position(index: int, count: int) -> float:
    if count <= 1:
        return round(LEFT + PLOT_WIDTH / 2, 1)
    return round(LEFT + index * PLOT_WIDTH / (count - 1), 1)


def y_position(value: int, top: int) -> float:
    return round(TOP + PLOT_HEIGHT - value / top * PLOT_HEIGHT, 1)


def _runs(points: list[Point], indexes: list[int]) -> list[str]:
    """The points as polylines, broken where a period has no number: a line never bridges a gap."""
    runs, current, previous = [], [], None
    for point, index in zip(points, indexes, strict=True):
        if previous is not None and index != previous + 1:
            runs.append(current)
            current = []
        current.append(point)
        previous = index
    if current:
        runs.append(current)
    return [" ".join(f"{p.x},{p.y}" for p in run) for run in runs if len(run) > 1]


def line_chart(*, title: str, unit: str, periods: list[str], values: dict[str, int], targets: dict[str, int]) -> Chart:
    """A chart of ``values`` and ``targets`` (period code → number) over ``periods`` (codes, in order)."""
    numbers = [*values.values(), *targets.values()]
    top, step = axis_top(max(numbers, default=0))
    count = len(periods)

    def points(series: dict[str, int], words: str) -> tuple[list[Point], list[int]]:
        found = [(i, code) for i, code in enumerate(periods) if code in series]
        return (
            [
                Point(
                    x_position(i, count),
                    y_position(series[code], top),
                    code,
                    series[code],
                    words.format(code, series[code]),
                )
                for i, code in found
            ],
            [i for i, _ in found],
        )

    value_points, value_indexes = points(values, f"{{}}: {{}} {unit}")
    target_points, target_indexes = points(targets, f"Doel {{}}: {{}} {unit}")
    every = max(1, math.ceil(count / MAX_X_LABELS))
    return Chart(
        title=title,
        description=describe(unit=unit, periods=periods, values=values, targets=targets),
        values=value_points,
        targets=target_points,
        value_lines=_runs(value_points, value_indexes),
        target_lines=_runs(target_points, target_indexes),
        y_ticks=[Tick(y_position(n, top), str(n)) for n in range(0, top + 1, step)],
        x_ticks=[Tick(x_position(i, count), code) for i, code in enumerate(periods) if (count - 1 - i) % every == 0],
        top=top,
    )


def describe(*, unit: str, periods: list[str], values: dict[str, int], targets: dict[str, int]) -> str:
    """The chart in one or two sentences, for screen readers (the table beside it has every number)."""
    if not values and not targets:
        return "Nog geen waarden of doelen."
    shown = [code for code in periods if code in values]
    parts = []
    if shown:
        first, last = shown[0], shown[-1]
        parts.append(
            f"Van {values[first]} {unit} in {first} naar {values[last]} {unit} in {last}."
            if first != last
            else f"{values[first]} {unit} in {first}."
        )
    if targets:
        last_target = [code for code in periods if code in targets][-1]
        parts.append(f"Doel in {last_target}: {targets[last_target]} {unit}.")
    return " ".join(parts) + " De tabel geeft alle cijfers."


@dataclass(frozen=True)
class Sparkline:
    points: str
    last_x: float
    last_y: float
    width: int = SPARK_WIDTH
    height: int = SPARK_HEIGHT


def sparkline(numbers: list[int]) -> Sparkline | None:
    """A tiny line of the latest numbers (oldest first) for the region page; None for fewer than two."""
    if len(numbers) < 2:
        return None
    low, high = min(numbers), max(numbers)
    span = (high - low) or 1
    inner_width, inner_height = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD
    coordinates = [
        (
            round(SPARK_PAD + i * inner_width / (len(numbers) - 1), 1),
            round(SPARK_PAD + inner_height - (n - low) / span * inner_height, 1),
        )
        for i, n in enumerate(numbers)
    ]
    return Sparkline(" ".join(f"{x},{y}" for x, y in coordinates), *coordinates[-1])
