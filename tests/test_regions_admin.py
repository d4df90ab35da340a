"""Partnerships in /beheer/: added with their line in the history; the trekker flag, the role and removal are the
portal's, where the history records them and a region always keeps a trekker."""

import pytest
from django.urls import reverse

from regions.models import Activity, Organisation, Partnership
from tests import factories
from tests.test_guide_admin import form_data


@pytest.fixture
def admin_client(client, coalition):
    client.force_login(coalition.superuser)
    return client


def trekker_partnership(coalition):
    return Partnership.objects.get(region=coalition.region, organisation=coalition.gemeente)


def test_admin_cannot_change_a_partners_trekker_flag_or_role(admin_client, coalition):
    partnership = trekker_partnership(coalition)
    url = reverse("admin:regions_partnership_change", args=[partnership.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert {"is_trekker", "role", "organisation", "region"} <= set(response.context["adminform"].readonly_fields)
    data = form_data(response)
    data.pop("is_trekker", None)  # the region's only trekker, unticked
    data.update(role="Herschreven in beheer", since="2024-01-01")
    assert admin_client.post(url, data).status_code == 302
    partnership.refresh_from_db()
    assert partnership.is_trekker and partnership.role == ""
    assert str(partnership.since) == "2024-01-01"  # the start date is repaired here
    assert not Activity.objects.filter(region=coalition.region).exists()


def test_admin_cannot_delete_a_partnership(admin_client, coalition):
    partnership = trekker_partnership(coalition)
    assert (
        admin_client.post(
            reverse("admin:regions_partnership_delete", args=[partnership.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    bulk = {"action": "delete_selected", "_selected_action": [partnership.pk], "post": "yes"}
    admin_client.post(reverse("admin:regions_partnership_changelist"), bulk)
    assert Partnership.objects.filter(pk=partnership.pk).exists()


def test_region_page_in_admin_shows_partners_read_only(admin_client, coalition):
    url = reverse("admin:regions_region_change", args=[coalition.region.pk])
    response = admin_client.get(url)
    partners = {inline.formset.prefix: inline for inline in response.context["inline_admin_formsets"]}["partnerships"]
    assert not (partners.has_add_permission or partners.has_change_permission or partners.has_delete_permission)
    data = form_data(response)
    data.update({"partnerships-0-DELETE": "on", "partnerships-0-is_trekker": "", "partnerships-0-role": "Anders"})
    assert admin_client.post(url, data).status_code == 302
    assert Partnership.objects.filter(region=coalition.region).count() == 2
    assert trekker_partnership(coalition).is_trekker


def test_partner_added_in_admin_is_in_the_history(admin_client, coalition):
    region = factories.make_region(name="Regio Nieuw")
    organisation = factories.make_organisation(name="Gemeente Nieuwstad")
    url = reverse("admin:regions_partnership_add")
    data = {"region": region.pk, "organisation": organisation.pk, "is_trekker": "on", "since": "2025-02-01"}
    assert admin_client.post(url, data).status_code == 302
    assert Partnership.objects.get(region=region, organisation=organisation).is_trekker
    added = Activity.objects.get(region=region)
    assert (added.kind, added.actor, added.summary) == (
        Activity.Kind.PARTNER_ADDED,
        coalition.superuser,
        "Partner toegevoegd: Gemeente Nieuwstad (trekker)",
    )


def test_organisation_that_is_a_partner_cannot_be_deleted_in_admin(admin_client, coalition):
    url = reverse("admin:regions_organisation_delete", args=[coalition.gemeente.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "partnerpagina van de regio" in response.content.decode()
    assert Organisation.objects.filter(pk=coalition.gemeente.pk).exists()
    alone = factories.make_organisation(name="Stichting Zonder Regio")
    assert (
        admin_client.post(reverse("admin:regions_organisation_delete", args=[alone.pk]), {"post": "yes"}).status_code
        == 302
    )
