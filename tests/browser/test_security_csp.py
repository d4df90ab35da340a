"""The Content-Security-Policy as a browser enforces it: no violation on public pages, login or the admin."""

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from tests import factories

PAGES = ["/", "/fasen/", "/fasen/2/", "/hulpmiddelen/", "/over/toelichting/", "/toegankelijkheid/", "/bestaat-niet/"]


@pytest.fixture
def strict_page(chromium, live_server, guide):
    """A tab that enforces the CSP (the shared fixtures bypass it for axe) and records every violation."""
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.violations.append(msg.text))
    page.on("pageerror", lambda error: page.violations.append(str(error)))
    yield page
    context.close()


def _visit(page, path):
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    return response


def _login_page_exists():
    try:
        get_template("registration/login.html")
    except TemplateDoesNotExist:
        return False
    return True


def test_public_pages_and_login_without_csp_violations(strict_page):
    for path in [*PAGES, *(["/account/inloggen/"] if _login_page_exists() else [])]:
        _visit(strict_page, path)
    assert strict_page.evaluate("typeof window.htmx") == "object", "htmx must load under the CSP"
    assert strict_page.violations == []


def test_a_violation_would_be_noticed(strict_page):
    _visit(strict_page, "/")
    strict_page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
    strict_page.wait_for_timeout(200)
    assert strict_page.violations, "the CSP must block an inline style"


def test_admin_without_csp_violations(strict_page, settings):
    settings.WONEN_EERST_REQUIRE_2FA = False
    user = factories.make_user(username="beheerder-csp", is_superuser=True)
    _visit(strict_page, "/beheer/login/")
    strict_page.get_by_label("Gebruikersnaam").fill(user.username)
    strict_page.get_by_label("Wachtwoord").fill(factories.PASSWORD)
    strict_page.get_by_role("button", name="Aanmelden").click()
    strict_page.wait_for_load_state("networkidle")
    pages = ["/beheer/", "/beheer/phases/phase/", "/beheer/phases/phase/1/change/", "/beheer/regions/region/add/"]
    for path in [*pages, "/beheer/regions/region/", "/beheer/regions/region/importeren/"]:
        _visit(strict_page, path)
        assert strict_page.locator("h1").count() >= 1
    assert strict_page.violations == []


def _sign_in(page, live_server, user):
    """The session of a user (password step done) as a cookie in the browser."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_region_pages_and_an_htmx_tick_without_csp_violations(strict_page, live_server, coalition):
    _sign_in(strict_page, live_server, coalition.partner_user)
    for path in ["/regios/", f"/regios/{coalition.region.slug}/", f"/regios/{coalition.region.slug}/activiteit/"]:
        _visit(strict_page, path)
    _visit(strict_page, f"/regios/{coalition.region.slug}/fasen/3/")
    box = strict_page.locator(".check-item__tick input[type=checkbox]").first
    box.check()
    strict_page.wait_for_load_state("networkidle")
    strict_page.locator(".check-item__state--done").first.wait_for()
    assert strict_page.violations == []


def test_advisors_overview_without_csp_violations(strict_page, live_server, coalition, settings):
    settings.WONEN_EERST_REQUIRE_2FA = False
    _sign_in(strict_page, live_server, coalition.advisor)
    for path in ["/versnellingsteam/", "/versnellingsteam/hulpvragen/", f"/regios/{coalition.region.slug}/"]:
        _visit(strict_page, path)
    assert strict_page.violations == []
