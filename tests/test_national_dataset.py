"""The national-scale synthetic data set: sizes, fictional names, a history consistent with the checklist."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Count, Max
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from regions.models import Activity, ChecklistProgress, Membership, Organisation, Partnership, Region
from tests import factories
from tests.benchmarks.management.commands.build_national_dataset import national_otp_key

PROGRESS_KINDS = [Activity.Kind.TICK, Activity.Kind.UNTICK, Activity.Kind.NOTE, Activity.Kind.LINK]
FIGURE_KINDS = [Activity.Kind.FIGURE, Activity.Kind.TARGET]


@pytest.fixture
def dataset(guide):
    call_command("build_national_dataset", "--history", "150", "--seed", "3", stdout=io.StringIO())


def test_sizes_of_a_nation(dataset):
    assert Region.objects.count() == 45
    assert Organisation.objects.filter(type__slug="gemeente").count() == 350
    assert Organisation.objects.exclude(type__slug="gemeente").count() >= 300
    assert get_user_model().objects.filter(username__startswith="nl-").count() == 3018
    assert Membership.objects.count() >= 3000
    assert Activity.objects.exclude(kind__in=FIGURE_KINDS).count() == 45 * 150
    counts = Region.objects.annotate(n=Count("partnerships", distinct=True), t=Count("partnerships__is_trekker"))
    assert all(region.n >= 10 for region in counts)
    assert all(Partnership.objects.filter(region=region, is_trekker=True).exists() for region in Region.objects.all())
    # One build (it takes a few seconds) for every property:
    _names_are_fictional()
    _history_holds_the_checklist_state()
    _dates_spread_over_three_years()
    _advisors_have_an_authenticator_with_a_derived_key()
    _key_figures_with_their_history()


def _names_are_fictional():
    assert all(name.endswith("(fictief)") for name in Region.objects.values_list("name", flat=True))
    assert all(e.endswith(".invalid") for e in get_user_model().objects.values_list("email", flat=True))


def _history_holds_the_checklist_state():
    """The latest progress activity per item holds exactly the state of the ChecklistProgress row."""
    latest = (
        Activity.objects.filter(kind__in=PROGRESS_KINDS)
        .values("region_id", "item_id")
        .annotate(last=Max("id"))
        .values_list("last", flat=True)
    )
    after = {(a.region_id, a.item_id): a.after for a in Activity.objects.filter(id__in=list(latest))}
    rows = list(ChecklistProgress.objects.all())
    assert rows and len(rows) == len(after)
    for row in rows:
        state = after[(row.region_id, row.item_id)]
        assert (state["done"], state["note"], state["link"]) == (row.done, row.note, row.link)
        assert row.item.phase.number <= row.region.current_phase.number


def _dates_spread_over_three_years():
    first = Activity.objects.order_by("created_at").first().created_at
    last = Activity.objects.order_by("created_at").last().created_at
    assert (last - first).days > 2.5 * 365


def _advisors_have_an_authenticator_with_a_derived_key():
    device = TOTPDevice.objects.get(user__username="nl-adviseur-01")
    assert device.confirmed and device.key == national_otp_key(3, "nl-adviseur-01")
    assert device.verify_token(totp(device.bin_key))
    assert device.user.has_perm("regions.view_all_regions")


def test_refuses_a_database_with_regions_unless_told(guide):
    factories.make_region()
    with pytest.raises(CommandError, match="already holds regions"):
        call_command("build_national_dataset", "--history", "50")
    call_command("build_national_dataset", "--history", "50", "--flush", stdout=io.StringIO())
    assert Region.objects.count() == 45
    assert Activity.objects.exclude(kind__in=FIGURE_KINDS).count() == 45 * 50


def _key_figures_with_their_history():
    """Every region reports key figures; some missed the last half year (the overview's signal); each value and
    target is in the history with its state."""
    from django.utils import timezone

    from regions.models import IndicatorTarget, IndicatorValue
    from regions.selectors.figures import last_period_q
    from regions.selectors.overview import region_overview

    assert set(IndicatorValue.objects.values_list("region_id", flat=True)) == set(
        Region.objects.values_list("pk", flat=True)
    )
    assert Activity.objects.filter(kind=Activity.Kind.FIGURE).count() == IndicatorValue.objects.count()
    assert Activity.objects.filter(kind=Activity.Kind.TARGET).count() == IndicatorTarget.objects.count() > 0
    entry = Activity.objects.filter(kind=Activity.Kind.FIGURE).order_by("?").first()
    row = IndicatorValue.objects.get(
        region=entry.region, indicator_id=entry.after["indicator"], period=entry.after["period"]
    )
    assert (row.value, row.measured_on.isoformat()) == (entry.after["value"], entry.after["measured_on"])
    today = timezone.localdate()
    reported = set(IndicatorValue.objects.filter(last_period_q(today)).values_list("region_id", flat=True))
    assert 0 < len(reported) < Region.objects.count()
    silent = {row.region.pk for row in region_overview(today=today, per_page=None).rows if row.region.sig_kengetallen}
    assert silent == set(Region.objects.values_list("pk", flat=True)) - reported
