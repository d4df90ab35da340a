"""In a real browser: an advisor filters and sorts the overview with htmx (and without JavaScript), takes and
answers a support request; a partner asks for help; axe finds nothing on any of these pages."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from regions.models import Review, SupportMessage, SupportRequest
from regions.services import support_request_create
from tests.browser.conftest import assert_accessible, login

pytestmark = pytest.mark.django_db(transaction=True)


def table_regions(page) -> list[str]:
    return page.locator("#overzicht tbody th a").all_inner_texts()


def test_advisor_filters_and_sorts_the_overview_in_place(page, coalition):
    login(page, coalition.advisor)
    assert page.url.endswith("/versnellingsteam/")  # an advisor's login lands on the overview
    expect(page.get_by_role("heading", level=1)).to_have_text("Alle regio's in één oogopslag")
    assert table_regions(page) == ["Regio Noordkust", "Regio Zuidwaard"]
    expect(page.locator("#overzicht td.heat").first).to_have_text("0/6")
    assert_accessible(page)
    page.evaluate("window.notReloaded = true")

    page.get_by_label("Fase", exact=True).select_option("2")
    page.wait_for_url("**/versnellingsteam/?fase=2*")
    expect(page.locator("#overzicht tbody th a")).to_have_text(["Regio Zuidwaard"])

    page.get_by_label("Fase", exact=True).select_option("")
    page.get_by_label("Zoek op regio, centrumgemeente of partner").fill("noord")
    page.wait_for_url("**q=noord*")
    expect(page.locator("#overzicht tbody th a")).to_have_text(["Regio Noordkust"])
    page.get_by_label("Zoek op regio, centrumgemeente of partner").fill("")
    page.wait_for_url("**q=&*")
    expect(page.locator("#overzicht tbody th a")).to_have_count(2)

    page.locator("#overzicht").get_by_role("link", name="Regio", exact=True).click()  # sort by name, reversed
    page.wait_for_url("**sorteer=-naam*")
    expect(page.locator("#overzicht tbody th a")).to_have_text(["Regio Zuidwaard", "Regio Noordkust"])
    assert page.locator("#overzicht thead th").first.get_attribute("aria-sort") == "descending"
    page.get_by_label("Signaal", exact=True).select_option("partners")  # the new filter keeps the chosen sort
    page.wait_for_url("**signaal=partners*")
    assert "sorteer=-naam" in page.url
    expect(page.locator("#overzicht tbody th a")).to_have_text(["Regio Zuidwaard", "Regio Noordkust"])
    assert page.evaluate("window.notReloaded") is True, "swapped in place, no reload"
    assert_accessible(page)

    page.reload()  # the URL alone restores the state
    assert page.get_by_label("Signaal", exact=True).input_value() == "partners"
    assert table_regions(page) == ["Regio Zuidwaard", "Regio Noordkust"]


def test_the_overview_filters_without_javascript(page_nojs, coalition):
    page = page_nojs
    login(page, coalition.advisor)
    page.goto("/versnellingsteam/")
    page.get_by_label("Fase", exact=True).select_option("3")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_url("**fase=3*")
    assert table_regions(page) == ["Regio Noordkust"]
    page.get_by_role("link", name="Regio", exact=True).click()
    page.wait_for_url("**sorteer=-naam*")
    assert "fase=3" in page.url


def test_advisor_takes_and_answers_a_request_the_region_reads_it(page, coalition, browser_context_for):
    request = support_request_create(
        region=coalition.region, user=coalition.partner_user, kind="juridisch", description="Mogen we delen?"
    )
    mail.outbox.clear()
    login(page, coalition.advisor)
    page.goto("/versnellingsteam/hulpvragen/")
    assert_accessible(page)
    page.get_by_role("link", name="Inhoudelijk advies rond juridische vraagstukken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inhoudelijk advies rond juridische vraagstukken")
    assert_accessible(page)
    page.get_by_role("button", name="Oppakken").click()
    expect(page.get_by_text("Je hebt de hulpvraag opgepakt.")).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("In behandeling")

    page.get_by_label("Je reactie").fill("Kijk naar het convenant van regio Zuidwaard.")
    page.get_by_role("button", name="Reactie plaatsen").click()
    expect(page.locator(".thread")).to_contain_text("Kijk naar het convenant van regio Zuidwaard.")
    assert_accessible(page)
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.IN_PROGRESS and request.assigned_to == coalition.advisor
    assert SupportMessage.objects.get().author == coalition.advisor
    assert {coalition.partner_user.email, coalition.trekker_user.email} <= {a for m in mail.outbox for a in m.to}

    region_page = browser_context_for(coalition.partner_user)
    region_page.goto(f"/regios/{coalition.region.slug}/")
    region_page.get_by_role("link", name="Inhoudelijk advies rond juridische vraagstukken").click()
    expect(region_page.locator(".thread")).to_contain_text("Kijk naar het convenant van regio Zuidwaard.")

    page.get_by_role("button", name="Afronden").click()
    expect(page.get_by_text("De hulpvraag is afgerond.")).to_be_visible()
    expect(page.get_by_label("Je reactie")).to_have_count(0)
    assert_accessible(page)


def test_partner_asks_for_help_and_advisor_writes_advice(page, coalition, browser_context_for):
    login(page, coalition.partner_user)
    page.goto(f"/regios/{coalition.region.slug}/")
    page.get_by_role("link", name="Hulp vragen aan het Versnellingsteam").click()
    assert_accessible(page)
    page.get_by_role("button", name="Hulpvraag versturen").click()  # nothing filled in
    expect(page.get_by_text("Kies waar je hulp bij wilt.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Ambtelijk en/of bestuurlijk draagvlak creëren").check()
    page.get_by_label("Beschrijf je vraag").fill("De wethouder twijfelt.")
    page.get_by_role("button", name="Hulpvraag versturen").click()
    expect(page.get_by_text("Je hulpvraag is verstuurd.")).to_be_visible()
    assert SupportRequest.objects.get().requested_by == coalition.partner_user

    advisor = browser_context_for(coalition.advisor)
    advisor.goto(f"/regios/{coalition.region.slug}/advies/nieuw/")
    assert_accessible(advisor)
    advisor.get_by_label("Advies", exact=True).fill("Organiseer een bestuurlijk overleg.")
    advisor.get_by_role("button", name="Advies plaatsen").click()
    expect(advisor.get_by_text("Je advies voor Regio Noordkust is geplaatst.")).to_be_visible()
    assert Review.objects.get().text == "Organiseer een bestuurlijk overleg."
    page.goto(f"/regios/{coalition.region.slug}/")  # the region's partners read the advice on their page
    expect(page.get_by_text("Organiseer een bestuurlijk overleg.")).to_be_visible()
    expect(page.locator(".support-list")).to_contain_text("Ambtelijk en/of bestuurlijk draagvlak creëren")
    assert_accessible(page)


@pytest.fixture
def browser_context_for(chromium, live_server):
    """A second browser, logged in as someone else, for the other side of a conversation."""
    contexts = []

    def open_as(user):
        context = chromium.new_context(base_url=live_server.url, locale="nl-NL", bypass_csp=True)
        context.set_default_timeout(10_000)
        contexts.append(context)
        other = context.new_page()
        login(other, user)
        return other

    yield open_as
    for context in contexts:
        context.close()


def test_the_printed_overview_keeps_its_heat_map_and_leaves_out_the_filters(page, coalition):
    login(page, coalition.advisor)
    page.goto("/versnellingsteam/")
    page.emulate_media(media="print")
    cell = page.locator("#overzicht td.heat").first
    assert cell.evaluate("el => getComputedStyle(el).printColorAdjust") == "exact", "the heat map's colours print"
    assert cell.is_visible() and page.locator("#overzicht tbody th a").first.is_visible()
    assert not page.get_by_label("Fase", exact=True).is_visible()
