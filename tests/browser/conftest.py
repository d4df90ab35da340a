"""Real-browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright against a live server.

Every HTML page a test visits (each document the browser loads, error pages included) must pass the Nu HTML
Checker without errors; it runs on the machine's Java (tests/browser/nu_checker.py). It must also say je, never u
or uw (tests/voice.py).

Where Chromium or Java is missing these tests are skipped with the reason shown, except under CI=true, where
they must run. Playwright's own browser downloads are never used.
"""

import os
import shutil

import pytest

from tests.browser.nu_checker import JAVA, NuChecker
from tests.factories import PASSWORD
from tests.voice import formal_words_in_html

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.browser)
    if not os.path.exists(CHROMIUM):
        missing = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    elif JAVA is None:
        missing = "Java not found for the Nu HTML Checker (apt-get install default-jre-headless)"
    else:
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"CI=true but {missing}: browser tests must run in CI.")
    skip = pytest.mark.skip(reason=missing)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(skip)


@pytest.fixture(scope="package")
def _playwright():
    """Playwright for the browser tests only: its sync API keeps an event loop running in this thread until
    it stops, so Django's async-safety check is relaxed for exactly that time (the test's own ORM calls are
    still synchronous), and not for the tests that run afterwards (such as `check --deploy`)."""
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            yield playwright
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def chromium(_playwright):
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def html_checker():
    """The Nu HTML Checker, started in the background once for all browser tests."""
    checker = NuChecker()
    checker.start()
    yield checker
    checker.stop()


def _keep_html(response, pages: list) -> None:
    """A document the browser loaded (not a redirect, not a PDF): its address and HTML as the server sent it."""
    if response.request.resource_type != "document" or 300 <= response.status < 400:
        return
    if "text/html" in response.headers.get("content-type", ""):
        pages.append((response.url, response.text()))


@pytest.fixture(autouse=True)
def valid_html(chromium, html_checker, monkeypatch):
    """Every page the test visits, in any browser context it opens, passes the Nu HTML Checker and says je, never
    u or uw: checked when the test ends, each error with its page, line and the HTML around it."""
    pages = []
    new_context = chromium.new_context

    def watched_context(**options):
        context = new_context(**options)
        context.on("response", lambda response: _keep_html(response, pages))
        return context

    monkeypatch.setattr(chromium, "new_context", watched_context)
    yield pages
    errors = [error for url, html in pages for error in html_checker.errors(url, html)]
    assert not errors, "The Nu HTML Checker found errors:\n" + "\n".join(errors)
    formal = [f"{url}: {words}" for url, html in pages if (words := formal_words_in_html(html))]
    assert not formal, "Pages that say u/uw to the reader:\n" + "\n".join(formal)


def _new_page(chromium, live_server, **options):
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL", bypass_csp=True, **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(chromium, live_server, guide):
    """A browser tab with JavaScript on, its base URL the live server."""
    context, page = _new_page(chromium, live_server)
    yield page
    context.close()


@pytest.fixture
def page_nojs(chromium, live_server, guide):
    """A browser tab with JavaScript off: every form must still work."""
    context, page = _new_page(chromium, live_server, java_script_enabled=False)
    yield page
    context.close()


def login(page, user, password=PASSWORD):
    """Log in through the real login form."""
    page.goto("/account/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(user.username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def assert_accessible(page):
    """axe-core on the current page: no violations of WCAG 2.1 A and AA rules.

    Only on a tab with JavaScript on (``page``): axe is a script and never returns on ``page_nojs``.
    """
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    assert not violations, f"{page.url}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
