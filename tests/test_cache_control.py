"""What a signed-in person sees or downloads is kept by no cache (``Cache-Control: private, no-store``): not by a
shared proxy, and not on the disk of a shared computer. Public pages keep their caching."""

import pytest
from django.test import Client

SIGNED_IN = [
    ("trekker", "/"),
    ("trekker", "/hulpmiddelen/"),
    ("trekker", "/regios/"),
    ("trekker", "/regios/{slug}/"),
    ("trekker", "/regios/{slug}/fasen/3/"),
    ("trekker", "/regios/{slug}/activiteit/"),
    ("trekker", "/regios/{slug}/partners/"),
    ("trekker", "/regios/{slug}/export/checklist.csv"),
    ("trekker", "/regios/{slug}/export/checklist.json"),
    ("trekker", "/regios/{slug}/export/activiteit.csv"),
    ("trekker", "/regios/{slug}/export/activiteit.json"),
    ("trekker", "/regios/{slug}/voortgang.pdf"),
    ("trekker", "/account/tweestaps/"),
    ("trekker", "/account/tweestaps/instellen/"),
    ("trekker", "/account/wachtwoord/wijzigen/"),
    ("advisor", "/versnellingsteam/"),
    ("advisor", "/versnellingsteam/export.csv"),
    ("advisor", "/versnellingsteam/hulpvragen/"),
]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("role, url", SIGNED_IN)
def test_answers_to_signed_in_people_are_not_stored(coalition, role, url, no_conversion):
    client = Client()
    client.force_login(coalition.person(role))
    response = client.get(url.format(slug=coalition.region.slug))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)
    assert "public" not in cache_control(response)


def test_an_htmx_fragment_and_a_redirect_after_a_change_are_not_stored_either(coalition):
    client = Client()
    client.force_login(coalition.partner_user)
    fragment = client.get(f"/regios/{coalition.region.slug}/activiteit/", HTTP_HX_REQUEST="true")
    assert {"private", "no-store"} <= cache_control(fragment)
    changed = client.post(f"/organisaties/{coalition.corporatie.pk}/rol/{coalition.region.slug}/", {"role": "Wonen."})
    assert changed.status_code == 302 and {"private", "no-store"} <= cache_control(changed)


@pytest.mark.parametrize("url", ["/", "/fasen/", "/fasen/1/", "/hulpmiddelen/", "/over/toelichting/"])
def test_public_pages_for_visitors_keep_their_caching(client, guide, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" not in cache_control(response) and "private" not in cache_control(response)


def test_the_guide_as_pdf_stays_publicly_cacheable_for_everyone(client, coalition, no_conversion):
    client.force_login(coalition.trekker_user)
    response = client.get("/fasen/gids.pdf")
    assert response.status_code == 200
    assert cache_control(response) == {"public", "max-age=600"}
