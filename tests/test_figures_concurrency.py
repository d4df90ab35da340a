"""Several people entering the same key figure for the same period, or the same target, at the same moment, with
real threads against PostgreSQL: one row, no exception, and a history in which every change starts from the
state the previous one left (nothing lost in between)."""

from django.core.management import call_command
from django.utils import timezone

from phases.models import Indicator
from regions.models import Activity, IndicatorTarget, IndicatorValue
from regions.periods import previous_period
from regions.services.figures import indicator_target_set, indicator_value_set
from tests.test_concurrency import THREADS, pytestmark, run_at_once  # noqa: F401 (pytestmark: PostgreSQL only)

LAST = previous_period("halfjaar", timezone.localdate())


def chain(entries):
    for previous, following in zip(entries, entries[1:], strict=False):
        assert following.before == previous.after


def test_first_values_of_the_same_period_make_one_row_and_a_chain(coalition):
    call_command("loaddata", "indicators", verbosity=0)
    homes = Indicator.objects.get(slug="woningen-beschikbaar")
    users = [coalition.partner_user, coalition.trekker_user]

    def work(i):
        indicator_value_set(
            region=coalition.region, indicator=homes, period=LAST.code, value=10 + i, source=f"Bron {i}",
            measured_on=LAST.end, user=users[i % 2],
        )  # fmt: skip

    assert run_at_once(work) == []
    row = IndicatorValue.objects.get(region=coalition.region, indicator=homes, period=LAST.code)
    entries = list(Activity.objects.filter(kind=Activity.Kind.FIGURE).order_by("created_at", "id"))
    assert len(entries) == THREADS and entries[0].before == {}
    chain(entries)
    assert entries[-1].after["value"] == row.value


def test_simultaneous_targets_make_one_row_and_a_chain(coalition):
    call_command("loaddata", "indicators", verbosity=0)
    homes = Indicator.objects.get(slug="woningen-beschikbaar")

    def work(i):
        indicator_target_set(
            region=coalition.region, indicator=homes, year=LAST.year, value=20 + i, user=coalition.trekker_user
        )

    assert run_at_once(work) == []
    row = IndicatorTarget.objects.get(region=coalition.region, indicator=homes, year=LAST.year)
    entries = list(Activity.objects.filter(kind=Activity.Kind.TARGET).order_by("created_at", "id"))
    assert len(entries) == THREADS
    chain(entries)
    assert entries[-1].after["value"] == row.value
