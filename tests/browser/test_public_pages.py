import pytest

from tests.browser.conftest import assert_accessible

PUBLIC_PAGES = [
    "/",
    "/fasen/",
    *[f"/fasen/{n}/" for n in range(1, 7)],
    "/hulpmiddelen/",
    "/hulpmiddelen/?fase=2&onderdeel=kennis",
    "/over/leeswijzer/",
    "/over/introductie/",
    "/over/toelichting/",
    "/over/organisaties/",
    "/over/context/",
    "/over/versnellingsteam/",
    "/toegankelijkheid/",
    "/bestaat-niet/",
]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_axe_violations(page, path):
    page.goto(path)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def _resource_count(page) -> str:
    return page.locator("#aantal").inner_text()


def test_resource_filters_update_the_list_in_place_and_keep_their_state_in_the_url(page):
    page.goto("/hulpmiddelen/")
    assert _resource_count(page) == "47 hulpmiddelen"
    page.evaluate("window.notReloaded = true")

    page.get_by_role("link", name="2 Initiatief", exact=True).click()
    page.wait_for_url("**/hulpmiddelen/?fase=2")
    expect_count(page, "14 hulpmiddelen")
    page.get_by_role("link", name="Aan de slag", exact=True).click()
    page.wait_for_url("**/hulpmiddelen/?fase=2&onderdeel=aan-de-slag")
    expect_count(page, "4 hulpmiddelen")
    assert page.get_by_role("link", name="Aan de slag", exact=True).get_attribute("aria-current") == "true"

    page.get_by_label("Zoeken in de hulpmiddelen").fill("ETHOS")  # typing searches after a short pause
    page.wait_for_url("**/hulpmiddelen/?*q=ETHOS*")
    expect_count(page, "1 hulpmiddel voor “ETHOS”")
    assert "fase=2" in page.url and "onderdeel=aan-de-slag" in page.url
    assert page.evaluate("window.notReloaded") is True  # no full page load happened

    page.reload()  # the URL alone restores the state
    assert _resource_count(page) == "1 hulpmiddel voor “ETHOS”"
    assert page.get_by_label("Zoeken in de hulpmiddelen").input_value() == "ETHOS"
    page.go_back()
    expect_count(page, "4 hulpmiddelen")


def expect_count(page, expected):
    from playwright.sync_api import expect

    expect(page.locator("#aantal")).to_have_text(expected)


def test_resource_filters_work_without_javascript(page_nojs):
    page = page_nojs
    page.goto("/hulpmiddelen/")
    page.get_by_role("link", name="2 Initiatief", exact=True).click()
    page.wait_for_url("**/hulpmiddelen/?fase=2")
    assert _resource_count(page) == "14 hulpmiddelen"
    page.get_by_text("Alle uitgevers").click()  # the long list of publishers opens on request
    page.get_by_role("link", name="Kansfonds", exact=True).click()
    page.wait_for_url("**/hulpmiddelen/?fase=2&uitgever=Kansfonds")
    assert _resource_count(page) == "1 hulpmiddel"
    page.get_by_role("link", name="Alle", exact=True).first.click()  # drop the phase, keep the publisher
    page.wait_for_url("**/hulpmiddelen/?uitgever=Kansfonds")
    assert _resource_count(page) == "2 hulpmiddelen"

    page.get_by_label("Zoeken in de hulpmiddelen").fill("telling")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/hulpmiddelen/?*q=telling*")
    assert "uitgever=Kansfonds" in page.url
    assert _resource_count(page) == "1 hulpmiddel voor “telling”"


def test_search_finds_word_parts_and_offers_to_clear_when_nothing_is_found(page):
    page.goto("/hulpmiddelen/")
    search = page.get_by_label("Zoeken in de hulpmiddelen")
    search.fill("dakloze")  # finds "dak- en thuisloze"
    page.wait_for_url("**/hulpmiddelen/?q=dakloze")
    expect_count(page, "3 hulpmiddelen voor “dakloze”")
    search.fill("woonwagen")
    page.wait_for_url("**/hulpmiddelen/?q=woonwagen")
    expect_count(page, "0 hulpmiddelen voor “woonwagen”")
    assert_accessible(page)
    page.get_by_role("link", name="Zoekterm wissen: alle hulpmiddelen").click()
    page.wait_for_url("**/hulpmiddelen/")
    assert _resource_count(page) == "47 hulpmiddelen"
    assert search.input_value() == ""


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(page):
    page.goto("/fasen/3/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Direct naar de inhoud"
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 0  # shown on screen once focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    page.keyboard.press("Tab")  # the next stop lies inside the content, not back in the header
    assert page.evaluate("document.activeElement.closest('main') !== null")
