"""The key figures' services: who may enter values and set targets, what the history keeps, and the figures on
a past date rebuilt from it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from regions.models import Activity, IndicatorTarget, IndicatorValue
from regions.periods import period_containing, previous_period
from regions.selectors.figures import region_figures
from regions.services.figures import figures_import, indicator_target_set, indicator_value_set

TODAY = timezone.localdate()
LAST = previous_period("halfjaar", TODAY)
BEFORE_LAST = LAST.shifted(-1)


def enter(coalition, indicator, value, *, period=LAST, user=None, source="Registratie corporaties"):
    return indicator_value_set(
        region=coalition.region,
        indicator=indicator,
        period=period.code,
        value=value,
        source=source,
        measured_on=period.end,
        user=user or coalition.partner_user,
    )


def test_partner_staff_enter_values_and_the_history_keeps_before_and_after(coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    enter(coalition, homes, 12)
    enter(coalition, homes, 14, user=coalition.trekker_user)
    row = IndicatorValue.objects.get(region=coalition.region, indicator=homes, period=LAST.code)
    assert (row.value, row.entered_by) == (14, coalition.trekker_user)
    first, second = Activity.objects.filter(kind=Activity.Kind.FIGURE).order_by("created_at", "id")
    assert first.before == {} and first.after["value"] == 12
    assert second.before["value"] == 12 and second.after["value"] == 14
    assert second.after == {
        "indicator": homes.pk,
        "period": LAST.code,
        "value": 14,
        "source": "Registratie corporaties",
        "measured_on": LAST.end.isoformat(),
        "entered_by": coalition.trekker_user.get_full_name(),
    }
    assert second.summary == f"{homes.name}, {LAST.label}: 14 woningen (was 12)"


def test_the_same_value_again_writes_nothing(coalition, indicators):
    enter(coalition, indicators["woningen-beschikbaar"], 12)
    enter(coalition, indicators["woningen-beschikbaar"], 12)
    assert Activity.objects.filter(kind=Activity.Kind.FIGURE).count() == 1


@pytest.mark.parametrize("who", ["advisor", "other", "editor"])
def test_others_cannot_enter_values(coalition, indicators, who):
    with pytest.raises(PermissionDenied):
        enter(coalition, indicators["woningen-beschikbaar"], 12, user=coalition.person(who))
    assert not IndicatorValue.objects.exists() and not Activity.objects.exists()


def test_only_trekkers_set_targets(coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    for who in ("partner", "advisor", "other"):
        with pytest.raises(PermissionDenied):
            indicator_target_set(
                region=coalition.region, indicator=homes, year=TODAY.year, value=20, user=coalition.person(who)
            )
    target = indicator_target_set(
        region=coalition.region, indicator=homes, year=TODAY.year, value=20, user=coalition.trekker_user
    )
    assert (target.value, target.set_by) == (20, coalition.trekker_user)
    entry = Activity.objects.get(kind=Activity.Kind.TARGET)
    assert entry.after == {
        "indicator": homes.pk,
        "year": TODAY.year,
        "value": 20,
        "set_by": coalition.trekker_user.get_full_name(),
    }


@pytest.mark.parametrize(
    ("period", "value", "measured_on", "field"),
    [
        ("2026-H3", 1, None, "period"),
        ("2026-Q1", 1, None, "period"),
        (period_containing("halfjaar", TODAY).shifted(1).code, 1, None, "period"),
        ("2014-H2", 1, None, "period"),
        (LAST.code, -1, None, "value"),
        (LAST.code, 1_000_001, None, "value"),
        (LAST.code, 1, TODAY + datetime.timedelta(days=1), "measured_on"),
        (LAST.code, 1, LAST.start - datetime.timedelta(days=1), "measured_on"),
    ],
)
def test_the_service_refuses_what_the_form_refuses(coalition, indicators, period, value, measured_on, field):
    with pytest.raises(ValidationError) as refused:
        indicator_value_set(
            region=coalition.region,
            indicator=indicators["woningen-beschikbaar"],
            period=period,
            value=value,
            source="Bron",
            measured_on=measured_on or TODAY,
            user=coalition.partner_user,
        )
    assert field in refused.value.message_dict
    assert not IndicatorValue.objects.exists()


def at(moment, *, kind=None):
    """Date the latest figure or target activity back to ``moment``."""
    entry = Activity.objects.filter(**({"kind": kind} if kind else {})).order_by("-id").first()
    Activity.objects.filter(pk=entry.pk).update(created_at=moment)


def test_values_and_targets_on_past_dates_come_from_the_history(coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    tz = timezone.get_current_timezone()
    day = datetime.date(2025, 3, 1)
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=tz)
    period = previous_period("halfjaar", day)  # 2024-H2
    enter(coalition, homes, 10, period=period)
    at(moment)
    indicator_target_set(region=coalition.region, indicator=homes, year=2025, value=15, user=coalition.trekker_user)
    at(moment + datetime.timedelta(days=10))
    enter(coalition, homes, 11, period=period)  # a correction, a month later
    at(moment + datetime.timedelta(days=30))
    indicator_target_set(region=coalition.region, indicator=homes, year=2025, value=18, user=coalition.trekker_user)

    def on(date):
        series = next(s for s in region_figures(coalition.region, day=date) if s.indicator == homes)
        value = series.values.get(period.code)
        return (value.value if value else None), series.targets.get(2025)

    assert on(day - datetime.timedelta(days=1)) == (None, None)
    assert on(day) == (10, None)
    assert on(day + datetime.timedelta(days=10)) == (10, 15)
    assert on(day + datetime.timedelta(days=30)) == (11, 15)
    assert on(TODAY) == (11, 18)
    now = next(s for s in region_figures(coalition.region) if s.indicator == homes)
    assert (now.values[period.code].value, now.targets[2025]) == (11, 18)


def test_an_import_saves_all_or_nothing(coalition, indicators):
    from regions.services.figures import FigureRow

    homes = indicators["woningen-beschikbaar"]
    good = FigureRow(2, homes, 5, period=LAST.code, source="Bron", measured_on=LAST.end)
    target = FigureRow(3, homes, 9, year=TODAY.year)
    with pytest.raises(PermissionDenied):  # a partner may enter values, not set targets: the value goes too
        figures_import(region=coalition.region, rows=[good, target], user=coalition.partner_user)
    assert not IndicatorValue.objects.exists() and not IndicatorTarget.objects.exists()
    assert not Activity.objects.exists()
    saved = figures_import(region=coalition.region, rows=[good, target], user=coalition.trekker_user)
    assert saved == {"waarden": 1, "doelen": 1, "ongewijzigd": 0}
    again = figures_import(region=coalition.region, rows=[good, target], user=coalition.trekker_user)
    assert again == {"waarden": 0, "doelen": 0, "ongewijzigd": 2}
    assert IndicatorValue.objects.get().value == 5 and IndicatorTarget.objects.get().value == 9
