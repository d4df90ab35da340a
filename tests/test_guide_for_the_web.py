"""The printed guide made for the web: no page speaks of the printed document, the guide pages open from the main
menu at their first page, the guide PDF is linked with its size, and a database that held the printed wording or
resources without an address gets the web's (phases/migrations/0007_guide_for_the_web.py)."""

import importlib
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from phases.models import ChecklistItem, GuidePage, Phase, Resource
from tests.test_pdf_report import pdf_text, squash
from tests.test_public_pages import PUBLIC_PAGES, text
from tests.test_support import current_menu_item

MIGRATION = importlib.import_module("phases.migrations.0007_guide_for_the_web")

# What only a printed or interactive document can say: on the web there is no page beside this one, no
# document, and a link is followed, not clicked in a product.
PRINT_ONLY = ["interactieve pdf", "hiernaast", "in dit document", "dit product", "klik op", "zie pagina"]


@pytest.mark.parametrize("url", [*PUBLIC_PAGES, "/over/"])
def test_no_page_speaks_of_the_printed_guide(client, guide, url):
    page = text(client.get(url, follow=True)).lower()
    assert [phrase for phrase in PRINT_ONLY if phrase in page] == []


def test_the_guide_pdf_is_linked_with_its_size_once_made_and_speaks_as_the_web_does(client, guide):
    """The PDF is made from the portal's pages (not a reproduction of the printed guide), so it has their wording."""
    cache.clear()
    link = 'href="/fasen/gids.pdf" type="application/pdf">Download de hele gids (pdf)</a>'
    assert link in client.get("/fasen/").content.decode()

    pdf = client.get("/fasen/gids.pdf").content
    with translation.override("nl"):
        size = filesizeformat(len(pdf))
    assert re.fullmatch(r"\d+(,\d)? (KB|MB)", size.replace("\xa0", " "))
    assert f"Download de hele gids (pdf, {size})" in client.get("/fasen/").content.decode()
    words = pdf_text(pdf).lower()
    assert [phrase for phrase in PRINT_ONLY if squash(phrase) in words] == []
    assert squash("Met deze gids ondersteunen we medewerkers en bestuurders") in pdf_text(pdf)

    # After an edit the size of the new PDF is not known until it is made: the link says only "pdf" again.
    point = ChecklistItem.objects.order_by("pk").first()
    point.text = "Een punt dat de redactie net heeft herschreven."
    point.save()
    assert link in client.get("/fasen/").content.decode()
    cache.clear()


def test_over_wonen_eerst_opens_the_first_guide_page_and_the_menus_mark_it(client, guide):
    home = client.get("/").content.decode()
    assert 'href="/over/">Over Wonen Eerst</a>' in home
    response = client.get("/over/")
    assert (response.status_code, response["Location"]) == (302, "/over/leeswijzer/")

    page = client.get("/over/leeswijzer/").content.decode()
    assert current_menu_item(page) == "Over Wonen Eerst"
    side = page[page.index('id="over-nav"') :]
    assert re.findall(r'aria-current="page">([^<]+)</a>', side) == ["Leeswijzer"]

    GuidePage.objects.filter(slug="versnellingsteam").update(order=0)  # an editor puts another page first
    assert client.get("/over/")["Location"] == "/over/versnellingsteam/"


def test_over_without_guide_pages_is_a_404(client, db):
    GuidePage.objects.all().delete()
    assert client.get("/over/").status_code == 404


def with_printed_wording(body: str, slug: str) -> str:
    for page, printed, web in MIGRATION.REWRITES:
        if page == slug:
            body = body.replace(web, printed)
    return body


def test_a_database_with_the_printed_wording_gets_the_webs_and_an_editors_own_sentence_stays(guide):
    web = dict(GuidePage.objects.values_list("slug", "body"))
    for slug, printed, sentence in MIGRATION.REWRITES:
        assert sentence in web[slug] and printed not in web[slug]
    for page in GuidePage.objects.all():
        page.body = with_printed_wording(page.body, page.slug)
        page.save()
    assert "Met deze interactieve pdf ondersteunen we" in GuidePage.objects.get(slug="leeswijzer").body
    context = GuidePage.objects.get(slug="context")
    context.body = context.body.replace("In dit product kiezen we er daarom voor", "Daarom kiezen we ervoor")
    context.save()
    before = Phase.objects.get(number=1).guide_changed_at

    MIGRATION.rewrite_pages(apps, None)

    now = dict(GuidePage.objects.values_list("slug", "body"))
    assert {slug: now[slug] for slug in ["leeswijzer", "introductie", "toelichting"]} == {
        slug: web[slug] for slug in ["leeswijzer", "introductie", "toelichting"]
    }
    assert "Daarom kiezen we ervoor" in now["context"] and "dit product" not in now["context"]
    assert Phase.objects.get(number=1).guide_changed_at > before


def test_a_database_without_addresses_gets_the_confirmed_ones_and_an_editors_address_stays(client, guide):
    confirmed = dict(Resource.objects.exclude(url="").values_list("pk", "url"))
    ethos = Resource.objects.get(label="ETHOS-telling")
    assert ethos.pk in confirmed and len(confirmed) >= 4
    Resource.objects.update(url="")
    edited = Resource.objects.get(label="Housing First Europe Hub")
    edited.url = "https://www.example.org/eigen-adres"
    edited.save()
    assert f'href="{confirmed[ethos.pk]}"' not in client.get("/fasen/2/").content.decode()  # now in the cache

    MIGRATION.add_addresses(apps, None)

    assert dict(Resource.objects.exclude(url="").values_list("pk", "url")) == {
        **confirmed,
        edited.pk: "https://www.example.org/eigen-adres",
    }
    assert f'href="{confirmed[ethos.pk]}"' in client.get("/fasen/2/").content.decode()
