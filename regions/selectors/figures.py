"""Reads of the key figures (kengetallen): a region's values and targets now or on a past date (rebuilt from the
history), the key figures' trend for the region page, and the Versnellingsteam's view across regions.

Each function costs a fixed number of queries, however many values, periods or regions there are.
"""

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, Sum, Window
from django.db.models.functions import RowNumber

from phases.models import Indicator
from regions.charts import Chart, Sparkline, line_chart, sparkline
from regions.models import Activity, IndicatorTarget, IndicatorValue, Region
from regions.periods import Period, parse_period, periods_between, periods_of_year, previous_period
from regions.selectors.checklists import end_of_day, person_name

if TYPE_CHECKING:  # the services import the overview, which imports this module
    from regions.services.figures import FigureRow

MAX_PERIODS = 16  # the periods a chart and its table show: the latest ones with a value or a target
SPARK_PERIODS = 8


@dataclass(frozen=True)
class ValueState:
    period: Period
    value: int
    source: str = ""
    measured_on: datetime.date | None = None
    entered_by: str = ""


@dataclass(frozen=True)
class TableRow:
    period: Period
    value: ValueState | None
    target: int | None


@dataclass(frozen=True)
class Trend:
    delta: int
    compared_to: Period
    is_better: bool | None  # None: unchanged

    @property
    def text(self) -> str:
        if self.delta == 0:
            return f"gelijk aan {self.compared_to.label}"
        return f"{abs(self.delta)} {'meer' if self.delta > 0 else 'minder'} dan in {self.compared_to.label}"


@dataclass
class Series:
    """One key figure of one region: its values per period and its targets per year."""

    indicator: Indicator
    values: dict[str, ValueState] = field(default_factory=dict)  # period code → value
    targets: dict[int, int] = field(default_factory=dict)  # year → target

    def target_for(self, period: Period) -> int | None:
        """A target is per period in its year for an indicator counted per period, else for the year's end."""
        target = self.targets.get(period.year)
        if target is None or self.indicator.kind == Indicator.Kind.PER_PERIOD or period.is_last_of_year:
            return target
        return None

    @property
    def periods(self) -> list[Period]:
        """The periods the chart and the table show: from the first value or target to the last one, at most
        ``MAX_PERIODS`` of them (the latest)."""
        frequency = self.indicator.frequency
        known = [value.period for value in self.values.values()]
        for year in self.targets:
            year_periods = periods_of_year(frequency, year)
            known += year_periods if self.indicator.kind == Indicator.Kind.PER_PERIOD else year_periods[-1:]
        if not known:
            return []
        last = max(known)
        return periods_between(max(min(known), last.shifted(1 - MAX_PERIODS)), last)

    @property
    def rows(self) -> list[TableRow]:
        return [TableRow(p, self.values.get(p.code), self.target_for(p)) for p in self.periods]

    @property
    def chart(self) -> Chart:
        rows = self.rows
        return line_chart(
            title=f"{self.indicator.name}: waarden{' en doelen' if self.targets else ''} per {self.period_noun}",
            unit=self.indicator.unit,
            periods=[row.period.code for row in rows],
            values={row.period.code: row.value.value for row in rows if row.value},
            targets={row.period.code: row.target for row in rows if row.target is not None},
        )

    @property
    def period_noun(self) -> str:
        """ "halfjaar", "kwartaal", "maand" or "jaar": the frequency's value is the Dutch noun."""
        return self.indicator.frequency

    @property
    def latest(self) -> ValueState | None:
        return max(self.values.values(), key=lambda v: v.period, default=None)

    @property
    def trend(self) -> Trend | None:
        """The latest value against the one before it (the period before, or else the latest earlier one)."""
        ordered = sorted(self.values.values(), key=lambda v: v.period)
        if len(ordered) < 2:
            return None
        latest, before = ordered[-1], ordered[-2]
        delta = latest.value - before.value
        better = None if delta == 0 else (delta > 0) == self.indicator.higher_is_better
        return Trend(delta, before.period, better)

    @property
    def spark(self) -> Sparkline | None:
        ordered = sorted(self.values.values(), key=lambda v: v.period)[-SPARK_PERIODS:]
        return sparkline([v.value for v in ordered])


def _value_from_row(row: IndicatorValue, frequency: str, *, with_name: bool = True) -> ValueState | None:
    """The value of a row; ``with_name`` needs ``entered_by`` selected along (else a query per row)."""
    period = parse_period(row.period, frequency)
    if period is None:
        return None
    name = person_name(row.entered_by) if with_name and row.entered_by_id else ""
    return ValueState(period, row.value, row.source, row.measured_on, name)


def _value_from_history(after: dict, frequency: str) -> ValueState | None:
    period = parse_period(after.get("period", ""), frequency)
    if period is None or after.get("value") is None:
        return None
    measured_on = after.get("measured_on")
    return ValueState(
        period,
        after["value"],
        after.get("source", ""),
        datetime.date.fromisoformat(measured_on) if measured_on else None,
        after.get("entered_by", ""),
    )


def region_figures(region: Region, *, day: datetime.date | None = None) -> list[Series]:
    """The region's active key figures in their order, with values and targets: now (three queries), or as they
    stood at the end of ``day``, rebuilt from the history (two queries)."""
    series = {indicator.pk: Series(indicator) for indicator in Indicator.objects.active().select_related("phase")}
    if day is not None:
        _fill_from_history(series, region, day)
        return list(series.values())
    values = IndicatorValue.objects.filter(region=region, indicator__in=list(series)).select_related("entered_by")
    for row in values:
        one = series[row.indicator_id]
        if state := _value_from_row(row, one.indicator.frequency):
            one.values[state.period.code] = state
    targets = IndicatorTarget.objects.filter(region=region, indicator__in=list(series))
    for indicator_id, year, value in targets.values_list("indicator_id", "year", "value"):
        series[indicator_id].targets[year] = value
    return list(series.values())


def key_figures(region: Region) -> list[Series]:
    """The region page's key figures (``is_key``) with their values (not the targets), those without a value
    too: one query, the region's values joined to the figures."""
    rows = (
        Indicator.objects.active()
        .filter(is_key=True)
        .annotate(mine=FilteredRelation("values", condition=Q(values__region=region)))
        .annotate(value_period=F("mine__period"), value_number=F("mine__value"))
    )
    series: dict[int, Series] = {}
    for row in rows:
        one = series.setdefault(row.pk, Series(row))
        period = parse_period(row.value_period or "", row.frequency)
        if period is not None:
            one.values[period.code] = ValueState(period, row.value_number)
    return list(series.values())


def _fill_from_history(series: dict[int, Series], region: Region, day: datetime.date) -> None:
    """Values and targets as the history left them at the end of ``day``: each entry's ``after`` holds the whole
    state, so the latest entry per value or target is what stood then. One query, oldest first."""
    entries = (
        Activity.objects.filter(
            region=region, kind__in=[Activity.Kind.FIGURE, Activity.Kind.TARGET], created_at__lt=end_of_day(day)
        )
        .order_by("created_at", "id")
        .values_list("kind", "after")
    )
    for kind, after in entries:
        one = series.get(after.get("indicator"))
        if one is None:
            continue
        if kind == Activity.Kind.TARGET:
            one.targets[after["year"]] = after["value"]
        elif state := _value_from_history(after, one.indicator.frequency):
            one.values[state.period.code] = state


def grouped(series: list[Series]) -> list[tuple[str, list[Series]]]:
    """The series by their indicator's group, in order of first appearance: ("", […]) for those without one."""
    groups: dict[str, list[Series]] = {}
    for one in series:
        groups.setdefault(one.indicator.group, []).append(one)
    return list(groups.items())


# --- Across regions: the Versnellingsteam -----------------------------------------------------------------------


def last_period_q(today: datetime.date, prefix: str = "") -> Q:
    """Values of an indicator for its previous period (the last one that has ended), whatever its frequency."""
    q = Q(pk__in=[])
    for frequency in Indicator.Frequency.values:
        q |= Q(
            **{f"{prefix}indicator__frequency": frequency, f"{prefix}period": previous_period(frequency, today).code}
        )
    return q


def reported_last_period(today: datetime.date):
    """For a Region queryset: did the region enter any active key figure for its previous period?"""
    return Exists(
        IndicatorValue.objects.filter(region=OuterRef("pk"), indicator__active=True).filter(last_period_q(today))
    )


def figures_expected():
    """For a Region queryset: is there any key figure to enter at all? (Without one, no region is missing any.)"""
    return Exists(Indicator.objects.active())


@dataclass(frozen=True)
class RegionFigure:
    region: Region
    latest: ValueState | None
    last_period: ValueState | None
    target: int | None


@dataclass
class NationalIndicator:
    indicator: Indicator
    last_period: Period
    rows: list[RegionFigure]
    totals: list[tuple[Period, int, int]]  # (period, sum, regions that entered it), newest first

    @property
    def missing(self) -> list[Region]:
        return [row.region for row in self.rows if row.last_period is None]


@dataclass
class National:
    today: datetime.date
    indicators: list[NationalIndicator]
    regions: list[Region]  # the filtered regions, each with ``reported`` (anything for the previous period)
    total_regions: int

    @property
    def silent(self) -> list[Region]:
        return [region for region in self.regions if not region.reported]


TOTAL_PERIODS = 6


def national_figures(
    *,
    today: datetime.date,
    indicator: Indicator | None = None,
    phase: int | None = None,
    text: str = "",
    silent_only: bool = False,
) -> National:
    """Per key figure the latest value of every (filtered) region, its value for the previous period, this year's
    target, and the national totals per period over all regions. Seven queries, however many regions and values."""
    indicators = list(Indicator.objects.active() if indicator is None else Indicator.objects.filter(pk=indicator.pk))
    regions = Region.objects.select_related("current_phase").annotate(reported=reported_last_period(today))
    total_regions = Region.objects.count()
    if phase:
        regions = regions.filter(current_phase__number=phase)
    if text:
        regions = regions.filter(Q(name__icontains=text) | Q(centrumgemeente__icontains=text))
    if silent_only:
        regions = regions.filter(reported=False)
    regions = list(regions.order_by("name"))
    region_ids = [region.pk for region in regions]
    values = IndicatorValue.objects.filter(region__in=region_ids, indicator__in=indicators)
    latest = values.annotate(
        rank=Window(RowNumber(), partition_by=[F("region_id"), F("indicator_id")], order_by=F("period").desc())
    ).filter(rank=1)
    last = values.filter(last_period_q(today))
    targets = IndicatorTarget.objects.filter(region__in=region_ids, indicator__in=indicators, year=today.year)
    target_of = {(t.region_id, t.indicator_id): t.value for t in targets.only("region_id", "indicator_id", "value")}
    latest_of = {(row.region_id, row.indicator_id): row for row in latest.order_by()}
    last_of = {(row.region_id, row.indicator_id): row for row in last}
    totals = _totals([i for i in indicators if i.summable])
    result = []
    for one in indicators:
        frequency = one.frequency
        rows = []
        for region in regions:
            newest, previous = latest_of.get((region.pk, one.pk)), last_of.get((region.pk, one.pk))
            rows.append(
                RegionFigure(
                    region=region,
                    latest=_value_from_row(newest, frequency, with_name=False) if newest else None,
                    last_period=_value_from_row(previous, frequency, with_name=False) if previous else None,
                    target=target_of.get((region.pk, one.pk)),
                )
            )
        result.append(NationalIndicator(one, previous_period(frequency, today), rows, totals.get(one.pk, [])))
    return National(today=today, indicators=result, regions=regions, total_regions=total_regions)


def _totals(indicators: list[Indicator]) -> dict[int, list[tuple[Period, int, int]]]:
    """Indicator id → (period, national sum, regions that entered it) for its latest ``TOTAL_PERIODS`` periods."""
    frequency = {i.pk: i.frequency for i in indicators}
    rows = (
        IndicatorValue.objects.filter(indicator__in=list(frequency))
        .values("indicator_id", "period")
        .annotate(total=Sum("value"), regions=Count("region_id"))
        .order_by("indicator_id", "-period")
    )
    totals: dict[int, list] = {}
    for row in rows:
        period = parse_period(row["period"], frequency[row["indicator_id"]])
        if period is not None and len(totals.setdefault(row["indicator_id"], [])) < TOTAL_PERIODS:
            totals[row["indicator_id"]].append((period, row["total"], row["regions"]))
    return totals


@dataclass(frozen=True)
class PreviewRow:
    row: "FigureRow"
    label: str  # the period's words, or the year of a target
    current: int | None

    @property
    def status(self) -> str:
        if self.current is None:
            return "nieuw"
        return "ongewijzigd" if self.current == self.row.value else f"gewijzigd (was {self.current})"


def import_preview(region: Region, rows: list["FigureRow"]) -> list[PreviewRow]:
    """What an import would do to each row: new, changed (and from what) or unchanged. Two queries."""
    values = {
        (indicator_id, period): value
        for indicator_id, period, value in IndicatorValue.objects.filter(region=region).values_list(
            "indicator_id", "period", "value"
        )
    }
    targets = {
        (indicator_id, year): value
        for indicator_id, year, value in IndicatorTarget.objects.filter(region=region).values_list(
            "indicator_id", "year", "value"
        )
    }
    preview = []
    for row in rows:
        if row.is_target:
            preview.append(PreviewRow(row, f"doel {row.year}", targets.get((row.indicator.pk, row.year))))
        else:
            label = parse_period(row.period, row.indicator.frequency).label
            preview.append(PreviewRow(row, label, values.get((row.indicator.pk, row.period))))
    return preview
