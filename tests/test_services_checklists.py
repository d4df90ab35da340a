import pytest
from django.core.exceptions import PermissionDenied

from regions.models import Activity, ChecklistProgress
from regions.services import progress_set
from tests.factories import item


def test_tick_records_who_and_history(coalition):
    point = item(phase=3, index=0)
    progress_set(region=coalition.region, item=point, user=coalition.partner_user, done=True, note="Besproken")
    row = ChecklistProgress.objects.get(region=coalition.region, item=point)
    assert row.done and row.done_by == coalition.partner_user and row.note == "Besproken"
    kinds = set(Activity.objects.filter(region=coalition.region).values_list("kind", flat=True))
    assert kinds == {Activity.Kind.TICK, Activity.Kind.NOTE}


def test_advisor_may_not_tick(coalition):
    with pytest.raises(PermissionDenied):
        progress_set(region=coalition.region, item=item(), user=coalition.advisor, done=True)
    assert not ChecklistProgress.objects.exists()
    assert not Activity.objects.exists()
