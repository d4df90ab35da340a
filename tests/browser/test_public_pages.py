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
