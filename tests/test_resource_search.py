"""Searching /hulpmiddelen/: accents, capitals and hyphens don't matter, word parts match, every word must occur; the
same answers on SQLite and PostgreSQL (run this file with DATABASE_URL=postgres://… as well)."""

import importlib

import pytest
from django.apps import apps

from phases.models import Resource
from phases.search import query_words, search_text
from tests.test_public_pages import text

ETHOS = "ETHOS-telling maakt inzichtelijk (per categorie) welke groepen dak- en thuisloze inwoners een regio telt"
PODCAST = "Podcast over huisvesting dak- en thuisloze mensen in de wijk"
EXPOSITIE = "Expositie dak- en thuislozen inwoners een gezicht geeft"
MONITORING = "Handleiding voor monitoring"


def found(client, **query) -> list[str]:
    response = client.get("/hulpmiddelen/", query)
    assert response.status_code == 200
    return sorted(f"{r.label} {r.description}" for r in response.context["resources"])


@pytest.mark.parametrize("query", ["financien", "Financiën", "FINANCIËN", "financiën monitoring", "ministerie financ"])
def test_accents_and_capitals_do_not_matter(client, guide, query):
    assert found(client, q=query) == [MONITORING]


@pytest.mark.parametrize("query", ["dakloze", "Dakloze", "DAKLOZE"])
def test_a_word_of_an_elided_compound_finds_dak_en_thuisloze(client, guide, query):
    # "dak- en thuislozen" holds "daklozen", which holds "dakloze".
    assert found(client, q=query) == sorted([ETHOS, PODCAST, EXPOSITIE])
    assert found(client, q="daklozen") == [EXPOSITIE]


def test_the_words_as_the_guide_writes_them_find_them_too(client, guide):
    assert found(client, q="dak- en thuisloze") == sorted([ETHOS, PODCAST, EXPOSITIE])
    assert found(client, q="thuisloze") == sorted([ETHOS, PODCAST, EXPOSITIE])


@pytest.mark.parametrize("query", ["ETHOS", "telling", "ethos-telling", "ethostelling", "Ethos telling", "recept"])
def test_a_part_of_a_word_and_hyphenated_words_match(client, guide, query):
    results = found(client, q=query)
    assert len(results) == 1
    assert results[0].startswith(("ETHOS-telling", "Receptenboek"))


def test_every_word_must_occur_in_title_description_or_publisher(client, guide):
    rotterdam = found(client, q="rotterdam")
    assert "Businesscase Wonen Eerst van Wonen Eerst in Rotterdam" in rotterdam
    assert "Voortgangsrapportage op plan van aanpak dak- en thuisloosheid Rotterdam" in rotterdam
    # "wonen" is not in the Voortgangsrapportage; "cebeon" is only the publisher of the Businesscase.
    assert found(client, q="wonen rotterdam") == ["Businesscase Wonen Eerst van Wonen Eerst in Rotterdam"]
    assert found(client, q="cebeon rotterdam") == ["Businesscase Wonen Eerst van Wonen Eerst in Rotterdam"]
    assert found(client, q="handleiding financien") == [MONITORING]  # title and publisher
    assert found(client, q="rotterdam haarlem") == []


def test_search_and_filters_combine(client, guide):
    assert found(client, q="dakloze", fase="2") == sorted([ETHOS, EXPOSITIE])
    assert found(client, q="dakloze", fase="2", onderdeel="aan-de-slag") == [ETHOS]
    assert found(client, q="dakloze", uitgever="Platform31") == [PODCAST]


def test_normalising_rules():
    assert search_text("Financiën", "regio's", "Zuid-Kennemerland") == "financien regios zuidkennemerland"
    stored = search_text("woon-, zorg- en welzijnsvisie; woningbouw en -beheer")
    for word in ["woonvisie", "zorgvisie", "welzijnsvisie", "woningbeheer", "woningbouw"]:
        assert word in stored
    assert "dakloze" not in search_text("dak en thuisloze")  # no hyphen, no elided compound
    assert query_words("  Dak- en THUISLOZE, (financiën) dak ") == ["dak", "en", "thuisloze", "financien"]
    assert query_words("-- ' ,") == []


def test_a_saved_resource_is_found_by_its_new_words_at_once(client, guide):
    resource = Resource.objects.get(label="Receptenboek")
    resource.description = "Wonen Eerst met woonvormen, vóór en na de crisisopvang"
    resource.save()
    assert found(client, q="voor crisis") == ["Receptenboek Wonen Eerst met woonvormen, vóór en na de crisisopvang"]
    assert found(client, q="succesversnellers") == []


def test_the_migration_fills_the_search_text_of_resources_already_there(client, guide):
    Resource.objects.update(search_text="")
    assert found(client, q="financien") == []
    migration = importlib.import_module("phases.migrations.0008_resource_search_text")
    migration.fill_search_text(apps, None)
    assert found(client, q="financien") == [MONITORING]


def test_nothing_found_says_what_was_searched_and_offers_to_clear(client, guide):
    response = client.get("/hulpmiddelen/", {"q": "woonwagen", "fase": "2", "uitgever": "Kansfonds"})
    page = text(response)
    assert "0 hulpmiddelen voor “woonwagen”" in page
    assert "Geen hulpmiddelen gevonden voor “woonwagen” met de filters fase 2 · uitgever Kansfonds." in page
    content = response.content.decode()
    assert '<a class="utrecht-link" href="?q=woonwagen"' in content  # the same words in every resource
    assert "Zoek “woonwagen” in alle hulpmiddelen" in page
    assert '<a class="utrecht-link" href="/hulpmiddelen/">Zoekterm en filters wissen: alle hulpmiddelen</a>' in content

    page = text(client.get("/hulpmiddelen/", {"q": "woonwagen"}))
    assert "Geen hulpmiddelen gevonden voor “woonwagen”." in page
    assert "Zoekterm wissen: alle hulpmiddelen" in page and "in alle hulpmiddelen" not in page

    page = text(client.get("/hulpmiddelen/", {"fase": "1", "uitgever": "VNG"}))
    assert "Geen hulpmiddelen gevonden met de filters fase 1 · uitgever VNG." in page
    assert "Filters wissen: alle hulpmiddelen" in page


def test_the_htmx_fragment_searches_the_same_way(client, guide):
    response = client.get("/hulpmiddelen/", {"q": "financien"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content and 'id="resultaten"' in content
    assert "1 hulpmiddel voor “financien”" in text(response)
    assert "Ministerie van Financiën" in text(response)
    assert "HX-Request" in response["Vary"]

    response = client.get("/hulpmiddelen/", {"q": "woonwagen", "onderdeel": "kennis"}, HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert "Geen hulpmiddelen gevonden voor “woonwagen” met de filters Kennis en inspiratie." in text(response)
