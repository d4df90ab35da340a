import pytest
from django.core.exceptions import ValidationError

from regions.models import Activity, Partnership
from regions.services import partnership_remove, partnership_set_trekker


def trekker_partnership(coalition):
    return Partnership.objects.get(region=coalition.region, organisation=coalition.gemeente)


@pytest.mark.parametrize("change", ["remove", "untrekker"])
def test_a_region_keeps_its_last_trekker(coalition, change):
    partnership = trekker_partnership(coalition)
    with pytest.raises(ValidationError, match="minstens één trekker"):
        if change == "remove":
            partnership_remove(partnership=partnership, user=coalition.trekker_user)
        else:
            partnership_set_trekker(partnership=partnership, is_trekker=False, user=coalition.trekker_user)
    assert Partnership.objects.filter(region=coalition.region, is_trekker=True).count() == 1
    assert not Activity.objects.filter(region=coalition.region).exists()


def test_a_trekker_steps_back_once_another_partner_leads(coalition):
    corporatie = Partnership.objects.get(region=coalition.region, organisation=coalition.corporatie)
    partnership_set_trekker(partnership=corporatie, is_trekker=True, user=coalition.trekker_user)
    partnership_set_trekker(partnership=trekker_partnership(coalition), is_trekker=False, user=coalition.trekker_user)
    assert list(Partnership.objects.filter(region=coalition.region, is_trekker=True)) == [corporatie]
    kinds = list(Activity.objects.filter(region=coalition.region).values_list("kind", flat=True))
    assert kinds == [Activity.Kind.TREKKER, Activity.Kind.TREKKER]
