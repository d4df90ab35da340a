"""A region's key figures (kengetallen): values per period entered by partner staff, targets per year set by the
trekkers, and the import of both from a file.

Each write checks permission, checks the figure again (``value_problems``, ``target_problems``: the same rules the
forms and the import apply), changes the row and records an ``Activity`` with the full state before and after, in
one transaction; the figures as they stood on a past date are rebuilt from that history. When nothing changes,
nothing is written.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from phases.models import Indicator
from regions import permissions
from regions.models import Activity, IndicatorTarget, IndicatorValue, Region
from regions.periods import parse_period, period_problem, year_choices
from regions.selectors.checklists import person_name
from regions.services.history import activity_record

NOT_PARTNER = "Alleen medewerkers van de partners in deze regio kunnen kengetallen invullen."
NOT_TREKKER = "Alleen medewerkers van een trekker in deze regio kunnen doelen stellen."
MAX_FIGURE = 1_000_000
NUMBER_PROBLEM = "Vul een heel getal in van 0 tot en met 1.000.000: een aantal, geen lijst of namen."


def number_problem(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_FIGURE:
        return NUMBER_PROBLEM
    return None


def value_problems(
    *, indicator: Indicator, period: str, value, measured_on: datetime.date | None, today: datetime.date
) -> dict[str, str]:
    """Field → why it is refused, in Dutch; empty when the value can be saved."""
    problems = {}
    if not indicator.active:
        problems["indicator"] = f"Het kengetal '{indicator.name}' is niet meer in gebruik."
    if message := period_problem(period, indicator.frequency, today):
        problems["period"] = message
    if message := number_problem(value):
        problems["value"] = message
    if measured_on is None:
        problems["measured_on"] = "Vul de datum in waarop het getal is gemeten of geteld."
    elif measured_on > today:
        problems["measured_on"] = "Deze datum ligt in de toekomst; vul de datum van de meting in."
    elif "period" not in problems and measured_on < (start := parse_period(period, indicator.frequency).start):
        problems["measured_on"] = f"Deze datum ligt vóór het begin van de periode ({start:%d-%m-%Y})."
    return problems


def target_problems(*, indicator: Indicator, year, value, today: datetime.date) -> dict[str, str]:
    problems = {}
    if not indicator.active:
        problems["indicator"] = f"Het kengetal '{indicator.name}' is niet meer in gebruik."
    choices = year_choices(today)
    if year not in choices:
        problems["year"] = f"Kies een jaar van {choices[0]} tot en met {choices[-1]}."
    if message := number_problem(value):
        problems["value"] = message
    return problems


def value_state(row: IndicatorValue | None) -> dict:
    """A value as the history holds it (before and after); {} for no value."""
    if row is None:
        return {}
    return {
        "indicator": row.indicator_id,
        "period": row.period,
        "value": row.value,
        "source": row.source,
        "measured_on": row.measured_on.isoformat(),
        "entered_by": person_name(row.entered_by),
    }


def target_state(row: IndicatorTarget | None) -> dict:
    if row is None:
        return {}
    return {
        "indicator": row.indicator_id,
        "year": row.year,
        "value": row.value,
        "set_by": person_name(row.set_by),
    }


def _summary(indicator: Indicator, what: str, value: int, before: dict) -> str:
    was = f" (was {before['value']})" if before and before["value"] != value else ""
    return f"{indicator.name}, {what}: {value} {indicator.unit}{was}"


def _insert_or_retry(row, retry):
    """Insert a new row; when someone else inserted the same one meanwhile, start again from theirs (locked)."""
    try:
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        return retry()
    return None


@transaction.atomic
def indicator_value_set(
    *,
    region: Region,
    indicator: Indicator,
    period: str,
    value: int,
    source: str,
    measured_on: datetime.date,
    user,
) -> IndicatorValue:
    """Enter or change the region's value of a key figure for one period."""
    if not permissions.can_enter_figures(permissions.access_for(user, region)):
        raise PermissionDenied(NOT_PARTNER)
    today = timezone.localdate()
    if problems := value_problems(
        indicator=indicator, period=period, value=value, measured_on=measured_on, today=today
    ):
        raise ValidationError(problems)
    period = parse_period(period, indicator.frequency).code
    row = IndicatorValue.objects.select_for_update().filter(region=region, indicator=indicator, period=period).first()
    before = value_state(row)
    if row is not None and (row.value, row.source, row.measured_on) == (value, source, measured_on):
        return row
    row = row or IndicatorValue(region=region, indicator=indicator, period=period)
    row.value, row.source, row.measured_on = value, source, measured_on
    row.entered_by, row.updated_at = user, timezone.now()
    if row.pk is not None:
        row.save()
    else:
        retried = _insert_or_retry(
            row,
            lambda: indicator_value_set(
                region=region,
                indicator=indicator,
                period=period,
                value=value,
                source=source,
                measured_on=measured_on,
                user=user,
            ),
        )
        if retried is not None:
            return retried
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.FIGURE,
        summary=_summary(indicator, parse_period(period, indicator.frequency).label, value, before),
        before=before,
        after=value_state(row),
    )
    return row


@transaction.atomic
def indicator_target_set(*, region: Region, indicator: Indicator, year: int, value: int, user) -> IndicatorTarget:
    """Set or change the value the region aims for in a year."""
    if not permissions.can_set_targets(permissions.access_for(user, region)):
        raise PermissionDenied(NOT_TREKKER)
    if problems := target_problems(indicator=indicator, year=year, value=value, today=timezone.localdate()):
        raise ValidationError(problems)
    row = IndicatorTarget.objects.select_for_update().filter(region=region, indicator=indicator, year=year).first()
    before = target_state(row)
    if row is not None and row.value == value:
        return row
    row = row or IndicatorTarget(region=region, indicator=indicator, year=year)
    row.value, row.set_by, row.updated_at = value, user, timezone.now()
    if row.pk is not None:
        row.save()
    else:
        retried = _insert_or_retry(
            row, lambda: indicator_target_set(region=region, indicator=indicator, year=year, value=value, user=user)
        )
        if retried is not None:
            return retried
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.TARGET,
        summary=_summary(indicator, f"doel voor {year}", value, before),
        before=before,
        after=target_state(row),
    )
    return row


@dataclass(frozen=True)
class FigureRow:
    """One checked row of an import: a value (``period`` and ``source``/``measured_on``) or a target (``year``)."""

    line: int
    indicator: Indicator
    value: int
    period: str = ""
    source: str = ""
    measured_on: datetime.date | None = None
    year: int | None = None

    @property
    def is_target(self) -> bool:
        return self.year is not None


@transaction.atomic
def figures_import(*, region: Region, rows: list[FigureRow], user) -> dict[str, int]:
    """Save every row of a checked import, or none: any refusal rolls the whole import back. Returns how many values
    and targets changed ("waarden", "doelen") and how many rows were already so ("ongewijzigd")."""
    values = {
        (indicator_id, period): stored
        for indicator_id, period, *stored in IndicatorValue.objects.filter(region=region).values_list(
            "indicator_id", "period", "value", "source", "measured_on"
        )
    }
    targets = {
        (indicator_id, year): value
        for indicator_id, year, value in IndicatorTarget.objects.filter(region=region).values_list(
            "indicator_id", "year", "value"
        )
    }
    saved = {"waarden": 0, "doelen": 0, "ongewijzigd": 0}
    for row in rows:
        if row.is_target:
            unchanged = targets.get((row.indicator.pk, row.year)) == row.value
            indicator_target_set(region=region, indicator=row.indicator, year=row.year, value=row.value, user=user)
        else:
            unchanged = values.get((row.indicator.pk, row.period)) == [row.value, row.source, row.measured_on]
            indicator_value_set(
                region=region,
                indicator=row.indicator,
                period=row.period,
                value=row.value,
                source=row.source,
                measured_on=row.measured_on,
                user=user,
            )
        saved["ongewijzigd" if unchanged else "doelen" if row.is_target else "waarden"] += 1
    return saved
