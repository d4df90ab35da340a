"""The start page after login (/mijn/): my regions, my organisation's actions and pending akkoord, and news."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import Action, StartPage
from regions.services import action_create, agreement_give, review_create
from regions.services.start import digest_off_token
from tests.factories import PASSWORD, item, make_partner, make_region, make_user

TODAY = timezone.localdate()


def test_login_lands_on_the_start_page(client, coalition):
    response = client.post(reverse("login"), {"username": "partner", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("regions:start")


def test_advisors_land_on_the_versnellingsteam_overview(client, coalition):
    client.force_login(coalition.advisor)
    assert client.get(reverse("regions:start"))["Location"] == reverse("regions:advisors")


def test_one_region_with_nothing_waiting_goes_straight_to_the_region(client, coalition):
    for phase_item in [item(3, 2), item(3, 4)]:
        agreement_give(
            region=coalition.region, item=phase_item, organisation=coalition.gemeente, user=coalition.trekker_user
        )
    client.force_login(coalition.trekker_user)
    client.get(reverse("regions:start"))  # the first visit shows the last two weeks
    response = client.get(reverse("regions:start"))
    assert response.status_code == 302 and response["Location"] == coalition.region.get_absolute_url()
    assert client.get(reverse("regions:start"), {"toon": 1}).status_code == 200


def test_start_page_shows_actions_pending_akkoord_and_new_advice(client, coalition):
    overdue = action_create(
        region=coalition.region,
        item=item(3, 0),
        user=coalition.partner_user,
        what="Woningen in beeld brengen",
        owner=coalition.corporatie,
        due_on=TODAY - datetime.timedelta(days=3),
    )
    action_create(
        region=coalition.region,
        item=item(3, 0),
        user=coalition.trekker_user,
        what="Van de gemeente",
        owner=coalition.gemeente,
        due_on=TODAY,
    )
    client.force_login(coalition.partner_user)
    page = client.get(reverse("regions:start")).content.decode()
    assert "Woningen in beeld brengen" in page and "3 dagen te laat" in page and "Van de gemeente" not in page
    assert item(3, 2).text in page and item(4, 0).text not in page  # akkoord items up to the region's phase
    assert "Geen nieuw advies" in page
    review_create(region=coalition.region, user=coalition.advisor, text="Betrek de raad vroeg.")
    page = client.get(reverse("regions:start")).content.decode()
    assert "Advies van het Versnellingsteam voor" in page
    assert "Advies van het Versnellingsteam voor" not in client.get(reverse("regions:start")).content.decode()
    Action.objects.filter(pk=overdue.pk).update(status="klaar")


def test_the_digest_setting_is_one_click_on_the_page_and_in_the_mail(client, coalition):
    client.force_login(coalition.partner_user)
    page = client.get(reverse("regions:start")).content.decode()
    assert 'name="digest"' in page and "checked" in page.split('name="digest"', 1)[1].split(">", 1)[0]
    assert client.post(reverse("regions:start"), {}).status_code == 302
    assert StartPage.objects.get(user=coalition.partner_user).digest is False
    client.post(reverse("regions:start"), {"digest": "on"})
    assert StartPage.objects.get(user=coalition.partner_user).digest is True
    client.logout()
    response = client.get(reverse("regions:digest_off", args=[digest_off_token(coalition.partner_user)]))
    assert response.status_code == 200 and StartPage.objects.get(user=coalition.partner_user).digest is False
    assert client.get(reverse("regions:digest_off", args=["vervalst"])).status_code == 404


@pytest.mark.parametrize("count", [1, 6])
def test_start_page_queries_do_not_grow(client, coalition, count, django_assert_max_num_queries):
    for n in range(count):
        region = make_region(phase=4)
        make_partner(region=region, organisation=coalition.gemeente)
        partner = make_partner(region=region, type_slug="woningcorporatie")
        for _ in range(2):
            action_create(
                region=region,
                item=item(4, 0),
                user=coalition.trekker_user,
                what=f"Actie {n}",
                owner=coalition.gemeente,
                due_on=TODAY,
            )
        review_create(region=region, user=coalition.advisor, text="Advies.")
        make_user(organisations=[partner])
    client.force_login(coalition.trekker_user)
    with django_assert_max_num_queries(22):  # the same for two regions or seven (a first visit: its row written)
        assert client.get(reverse("regions:start")).status_code == 200
