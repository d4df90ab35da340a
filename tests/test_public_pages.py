"""The public guide pages: no login, Dutch, the guide's whole text, constant query counts."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path

from phases.models import Phase, PhaseResource, Resource
from wonen_eerst.urls import urlpatterns as site_urlpatterns


def _boom(request):
    raise RuntimeError("a bug")


# A URL configuration for the 500 test: the site's own, plus a page that fails.
urlpatterns = [path("kapot/", _boom), *site_urlpatterns]
handler404 = "wonen_eerst.views.page_not_found"
handler500 = "wonen_eerst.views.server_error"

PUBLIC_PAGES = [
    "/",
    "/fasen/",
    *[f"/fasen/{n}/" for n in range(1, 7)],
    "/hulpmiddelen/",
    "/hulpmiddelen/?fase=3&onderdeel=kennis&q=kennis",
    "/over/leeswijzer/",
    "/over/introductie/",
    "/over/toelichting/",
    "/over/organisaties/",
    "/over/context/",
    "/over/versnellingsteam/",
    "/toegankelijkheid/",
]


def text(response) -> str:
    """The page as a reader sees it: tags removed, entities decoded (soft hyphens are invisible), white space
    collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\u00ad", ""))


def test_home_shows_wonen_eerst_in_short_and_the_six_phases_with_durations(client, guide):
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    assert "Wonen Eerst is een systeemaanpak die uitgaat van huisvesting als basis." in page
    for label in [
        "Fase 1 Oriëntatie Initiatief · Bewustwording · Kennis Tijdsduur: 3 tot 9 maanden",
        "Fase 2 Initiatief Draagvlak · Verbinding · Inzicht Tijdsduur: 3 tot 6 maanden",
        "Fase 3 Coalitievorming",
        "Fase 4 Concretisering",
        "Fase 5 Uitvoering Ontwikkeling · Resultaat · Verandering Tijdsduur: 12 tot 24 maanden",
        "Fase 6 Ontwikkeling Opschaling · Doorontwikkeling · Borging · Monitoring Tijdsduur: doorlopend",
    ]:
        assert label in page
    for n in range(1, 7):
        assert f'href="/fasen/{n}/"' in response.content.decode()


def test_phase_list_links_every_phase(client, guide):
    response = client.get("/fasen/")
    assert response.status_code == 200
    assert [p.number for p in response.context["phases"]] == [1, 2, 3, 4, 5, 6]
    page = text(response)
    assert "De zes fasen" in page and "Fase 6 Ontwikkeling" in page
    assert "6 punten op de checklist · 12 hulpmiddelen" in page  # phase 1


@pytest.mark.parametrize("number", range(1, 7))
def test_a_phase_in_full_with_an_anchor_per_section(client, guide, number):
    phase = Phase.objects.with_guide().get(number=number)
    response = client.get(f"/fasen/{number}/")
    assert response.status_code == 200
    content = response.content.decode()
    page = text(response)
    for anchor in ["beschrijving", "rollen", "vragen", "tijdsduur", "kennis-en-inspiratie", "aan-de-slag", "checklist"]:
        assert f'id="{anchor}"' in content
        assert f'href="#{anchor}"' in content
    assert f"Fase {number} {phase.name}" in page and phase.themes in page
    for paragraph in phase.description.split("\n\n"):
        assert paragraph.strip() in page
    for role in phase.roles.all():
        assert role.text.replace("**", "") in page
    for question in phase.questions.all():
        assert question.text in page
    assert phase.duration_note in page
    for item in phase.checklist_items.all():
        assert item.text in page
    for link in phase.phase_resources.all():
        assert f"{link.resource.label} {link.resource.description}" in page
    assert "nog geen link" in page
    assert ('rel="prev"' in content) == (number > 1)
    assert ('rel="next"' in content) == (number < 6)


def test_phase_two_shows_the_pilot_callout(client, guide):
    page = text(client.get("/fasen/2/"))
    assert "Pilot Wonen Eerst In deze fase kan kleinschalig worden gestart met Wonen Eerst" in page


@pytest.mark.parametrize(
    "slug", ["leeswijzer", "introductie", "toelichting", "organisaties", "context", "versnellingsteam"]
)
def test_guide_pages_are_reachable_from_the_navigation(client, guide, slug):
    response = client.get(f"/over/{slug}/")
    assert response.status_code == 200
    page_links = re.findall(r'href="(/over/[a-z-]+/)"', response.content.decode())
    assert {f"/over/{s}/" for s in ["leeswijzer", "toelichting", "organisaties", "versnellingsteam"]} <= set(page_links)
    assert response.context["page"].title in text(response)


def test_guide_page_texts(client, guide):
    page = text(client.get("/over/versnellingsteam/"))
    assert "Contact met het Landelijk Versnellingsteam verloopt via: aanpakdakloosheid@vng.nl" in page
    assert 'href="mailto:aanpakdakloosheid@vng.nl"' in client.get("/over/versnellingsteam/").content.decode()
    assert "het interveniëren op casuïstiek in regio's die vastlopen." in page
    page = text(client.get("/over/toelichting/"))
    assert "Housing First: een specifieke, curatieve aanpak voor langdurig dak- en thuisloze mensen" in page
    page = text(client.get("/over/leeswijzer/"))
    assert "De penvoering van de gids ligt in handen van Andersson Elffers Felix." in page


def test_organisations_page_lists_the_five_types_two_only_when_needed(client, guide):
    response = client.get("/over/organisaties/")
    page = text(response)
    for name in [
        "Gemeente",
        "Woningcorporatie",
        "Zorg- en welzijnsorganisatie",
        "Uitkeringsorganisatie / schuldhulpverlening indien nodig",
        "Politie / veiligheidspartners indien nodig",
    ]:
        assert name in page
    assert "Bij de uitvoering van Wonen Eerst heeft een woningcorporatie een cruciale rol." in page


def test_accessibility_statement_has_the_model_statements_parts(client, db):
    """The parts of the Dutch model accessibility statement (digitoegankelijk.nl): commitment and scope, status,
    what was tested and how, results, known problems with what is done, feedback, complaints, date."""
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 200
    content, page = response.content.decode(), text(response)
    assert "Toegankelijkheidsverklaring" in page and "WCAG) 2.1 op niveau AA" in page
    for anchor, heading in [
        ("status", "Status: D, voldoet niet"),
        ("onderzoek", "Wat we hebben getest en hoe"),
        ("resultaten", "Resultaten"),
        ("problemen", "Bekende problemen en wat we eraan doen"),
        ("melden", "Een probleem melden"),
        ("klacht", "Niet tevreden met ons antwoord"),
        ("datum", "Datum van deze verklaring"),
    ]:
        assert f'id="{anchor}">{heading}</h2>' in content
        assert f'href="#{anchor}"' in content  # in "Op deze pagina"
    # Automated tests are no full audit: the status is not A, and the page names what was tested.
    statuses = ["A: voldoet volledig", "B: voldoet gedeeltelijk", "C: eerste maatregelen genomen", "E: geen verklaring"]
    assert all(status in page for status in statuses)
    assert "Dit portaal heeft status D" in page and "WCAG-EM" in page
    for tested in ["axe-core", "Nu HTML Checker", "320 pixels breed", "Direct naar de inhoud", "getagd"]:
        assert tested in page
    assert 'href="mailto:aanpakdakloosheid@vng.nl"' in content and "binnen vijf werkdagen" in page
    assert "Nationale ombudsman" in page
    assert '<time datetime="2026-12-05">5 december 2026</time>' in content
    assert not re.search(r"\b[Uu]w?\b", page), "the portal says je, never u"


def test_health_check_answers_after_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/gezond/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/fasen/0/", "/fasen/7/", "/fasen/99/", "/over/bestaat-niet/", "/bestaat-niet/"])
def test_unknown_phase_or_page_is_a_404_in_the_sites_look(client, guide, url):
    response = client.get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert "Pagina niet gevonden" in content
    assert 'class="site-header"' in content and 'aria-label="Hoofdmenu"' in content and 'lang="nl"' in content


@pytest.mark.urls("tests.test_public_pages")
def test_a_server_error_shows_the_500_page_in_the_sites_look(client, db):
    client.raise_request_exception = False
    response = client.get("/kapot/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Er ging iets mis" in content and 'class="site-header"' in content and 'lang="nl"' in content
    assert "RuntimeError" not in content


def test_a_request_the_portal_cannot_handle_gets_a_dutch_400_page(client, db, settings):
    settings.ALLOWED_HOSTS = ["wonen-eerst.example"]
    response = client.get("/", headers={"host": "elders.example"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Dit verzoek kon niet worden verwerkt" in content and "Er is niets opgeslagen of veranderd" in content
    assert 'class="site-header"' in content and 'lang="nl"' in content
    assert "DisallowedHost" not in content and "elders.example" not in content


def _add_resources(count):
    phases = list(Phase.objects.all())
    resources = Resource.objects.bulk_create(
        Resource(label=f"Extra hulpmiddel {i}", description="voor de meting", publisher=f"Uitgever {i % 17}")
        for i in range(count)
    )
    sections = PhaseResource.Section.values
    PhaseResource.objects.bulk_create(
        PhaseResource(phase=phases[i % 6], resource=r, section=sections[i % 2], order=100 + i)
        for i, r in enumerate(resources)
    )


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_use_a_constant_number_of_queries(client, guide, url, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    assert len(before) <= 8, [q["sql"] for q in before.captured_queries]
    _add_resources(200)
    with django_assert_max_num_queries(len(before)):
        assert client.get(url).status_code == 200


def test_resource_list_shows_every_resource(client, guide):
    response = client.get("/hulpmiddelen/")
    assert response.status_code == 200
    assert len(response.context["resources"]) == 47
    assert "47 hulpmiddelen" in text(response)
    assert "HX-Request" in response["Vary"]


def test_htmx_request_gets_only_the_results_fragment(client, guide):
    response = client.get("/hulpmiddelen/", {"fase": "2"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content and "<header" not in content
    assert 'id="resultaten"' in content and "ETHOS-telling" in content
    assert 'id="zoek-filters" data-hx-swap-oob="true"' in content  # keeps the search form's hidden filters in step
    assert "HX-Request" in response["Vary"]


def labels(response):
    return sorted({f"{r.label} {r.description}" for r in response.context["resources"]})


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"fase": "2"}, "ETHOS-telling maakt", "Transitie-arena om"),
        ({"fase": "3"}, "Transitie-arena om", "ETHOS-telling maakt"),
        ({"onderdeel": "aan-de-slag"}, "Leergang Wonen Eerst voor", "Receptenboek Wonen"),
        ({"onderdeel": "kennis"}, "Receptenboek Wonen", "Leergang Wonen Eerst voor"),
        ({"uitgever": "Kansfonds"}, "Speel om", "Receptenboek Wonen"),
        ({"q": "receptenboek"}, "Receptenboek Wonen", "Speel om"),
        ({"q": "VNG"}, "Monitor van", "Speel om"),
    ],
)
def test_resource_filters(client, guide, query, present, absent):
    found = labels(client.get("/hulpmiddelen/", query))
    assert any(label.startswith(present) for label in found)
    assert not any(label.startswith(absent) for label in found)


def test_resource_filters_combine_and_keep_their_state_in_the_links(client, guide):
    response = client.get("/hulpmiddelen/", {"fase": "1", "onderdeel": "aan-de-slag", "uitgever": "Kansfonds"})
    assert labels(response) == ["Speel om bewustwording over dak- en thuisloosheid te vergroten"]
    content = response.content.decode()
    # A phase link keeps the other filters; the current choice is marked.
    assert 'href="?fase=2&amp;onderdeel=aan-de-slag&amp;uitgever=Kansfonds"' in content
    assert re.search(r'aria-current="true" href="\?fase=1&amp;onderdeel=aan-de-slag&amp;uitgever=Kansfonds"', content)
    assert "1 hulpmiddel" in text(response)


def test_resource_filters_ignore_nonsense(client, guide):
    response = client.get("/hulpmiddelen/", {"fase": "abc", "onderdeel": "<script>", "q": "x" * 500})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()
    assert "Geen hulpmiddelen gevonden" in text(response)
    assert len(labels(client.get("/hulpmiddelen/", {"fase": "abc", "onderdeel": "zz"}))) == 47


def test_public_pages_need_no_login_and_have_one_h1(client, guide):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url


def test_htmx_history_restore_gets_the_whole_page(client, guide):
    response = client.get(
        "/hulpmiddelen/", {"fase": "2"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_a_phase_page_is_built_once_and_again_as_soon_as_the_guide_changes(client, guide):
    """The guide part of a phase page comes from the cache; an edit of the guide (any of its parts) shows on
    the next request, also in the other web workers, because the key holds Phase.guide_changed_at."""
    from phases.models import ChecklistItem, OrganisationType, Question

    url = "/fasen/2/"
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as again:
        page = client.get(url).content.decode()
    assert len(again) < len(first)
    question = Question.objects.filter(phase__number=2).first()
    assert html.escape(question.text) in page

    question.text = "Hoe houden we de vaart erin na de verkiezingen?"
    question.save()
    assert "Hoe houden we de vaart erin na de verkiezingen?" in client.get(url).content.decode()

    link = PhaseResource.objects.filter(phase__number=2).select_related("resource").first()
    link.resource.label = "Handreiking woonbegeleiding, tweede druk"
    link.resource.save()
    assert "Handreiking woonbegeleiding, tweede druk" in client.get(url).content.decode()

    item = ChecklistItem.objects.filter(phase__number=2).first()
    item.delete()
    assert html.escape(item.text) not in client.get(url).content.decode()

    before = Phase.objects.get(number=5).guide_changed_at
    OrganisationType.objects.filter(slug="gemeente").first().save()
    assert Phase.objects.get(number=5).guide_changed_at > before  # every phase: a type shows on all of them


def test_the_favicon_is_linked_from_every_page_and_served_at_the_root(client, guide):
    html = client.get("/fasen/").content.decode()
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    assert b"".join(icon.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    svg = client.get("/static/img/favicon.svg")
    assert svg.status_code == 200 and svg["Content-Type"].startswith("image/svg+xml")
    assert b"#154273" in b"".join(svg.streaming_content)  # the portal's blue
