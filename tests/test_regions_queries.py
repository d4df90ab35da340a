"""The region list and the region page cost the same number of queries with 2 or 20 regions, partners
and people: everything a page shows is fetched by a queryset method (``with_overview``,
``people_by_organisation``), never per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories

TYPES = ["gemeente", "woningcorporatie", "zorg-welzijn", "uitkering-schuldhulp", "politie-veiligheid"]
# Measured: 6, 14 (16 for an advisor, who is no partner) and 8 (session, user, permissions, the page's own
# reads, the sections other pages add; the region page's key figures are one of them, its open obstacles and the
# guide's questions to mark one are two more).
LIST_QUERIES = 8
DETAIL_QUERIES = 17  # with the open obstacles and the open actions
ORGANISATION_QUERIES = 10


def grow_region(region, partners: int, people_each: int) -> list:
    organisations = []
    for n in range(partners):
        organisation = factories.make_partner(region=region, type_slug=TYPES[n % 5], is_trekker=n % 4 == 0, role="Rol.")
        for _ in range(people_each):
            factories.make_user(organisations=[organisation])
        organisations.append(organisation)
    return organisations


def count(client, url) -> int:
    client.get(url)  # the first request after logging in also saves the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["partner", "advisor"])
def test_region_list_queries_do_not_grow_with_regions(client, guide, who):
    advisor = factories.make_user(groups=["Versnellingsteam"])
    organisation = factories.make_organisation()
    partner = factories.make_user(organisations=[organisation])
    client.force_login(advisor if who == "advisor" else partner)

    def add_regions(n):
        for _ in range(n):
            region = factories.make_region(phase=2)
            factories.make_partner(region=region, organisation=organisation, is_trekker=True)
            grow_region(region, partners=3, people_each=1)

    add_regions(2)
    small = count(client, reverse("regions:list"))
    add_regions(18)
    large = count(client, reverse("regions:list"))
    assert small == large <= LIST_QUERIES, (small, large)


@pytest.mark.parametrize("who", ["trekker", "advisor"])
def test_region_page_queries_do_not_grow_with_partners_and_people(client, guide, who):
    region = factories.make_region(phase=3)
    gemeente = factories.make_partner(region=region, type_slug="gemeente", is_trekker=True)
    trekker = factories.make_user(organisations=[gemeente])
    client.force_login(trekker if who == "trekker" else factories.make_user(groups=["Versnellingsteam"]))
    url = reverse("regions:detail", args=[region.slug])

    grow_region(region, partners=1, people_each=1)
    small = count(client, url)
    grow_region(region, partners=19, people_each=5)
    large = count(client, url)
    assert small == large <= DETAIL_QUERIES, (small, large)


def test_organisation_page_queries_do_not_grow_with_regions(client, guide):
    organisation = factories.make_organisation(type_slug="woningcorporatie")
    user = factories.make_user(organisations=[organisation])
    client.force_login(user)
    url = reverse("regions:organisation", args=[organisation.pk])

    def add_regions(n):
        for _ in range(n):
            factories.make_partner(region=factories.make_region(), organisation=organisation, role="Rol.")
            factories.make_user(organisations=[organisation])

    add_regions(2)
    small = count(client, url)
    add_regions(18)
    large = count(client, url)
    assert small == large <= ORGANISATION_QUERIES, (small, large)


def test_max_queries_fixtures(client, coalition, django_assert_max_num_queries):
    grow_region(coalition.region, partners=20, people_each=3)
    client.force_login(coalition.trekker_user)
    client.get(reverse("regions:list"))
    with django_assert_max_num_queries(DETAIL_QUERIES):
        client.get(reverse("regions:detail", args=[coalition.region.slug]))
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(reverse("regions:list"))
