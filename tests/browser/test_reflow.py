"""WCAG 2.1 success criterion 1.4.10 (Reflow): 320 CSS pixels wide (a 1280-pixel screen zoomed to 400%), no page
scrolls sideways. A wide table scrolls inside its own frame, text and cards wrap."""

import pytest
from django.urls import reverse

from regions.services import support_request_create
from tests import factories
from tests.browser.conftest import _new_page, login

pytestmark = pytest.mark.django_db(transaction=True)

NARROW = {"width": 320, "height": 640}


@pytest.fixture
def narrow(chromium, live_server, guide):
    context, page = _new_page(chromium, live_server, viewport=NARROW)
    yield page
    context.close()


def sideways(page) -> int:
    """How far the page scrolls sideways, in CSS pixels (0 when it reflows)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def assert_reflows(page, urls):
    wide = {}
    for url in urls:
        page.goto(url)
        if overflow := sideways(page):
            wide[url] = overflow
    assert not wide, f"pages wider than {NARROW['width']} CSS pixels (by how much): {wide}"


GUIDE_PAGES = ["context", "introductie", "leeswijzer", "organisaties", "toelichting", "versnellingsteam"]


def test_public_pages_reflow(narrow):
    guide = [reverse("phases:page", args=[slug]) for slug in GUIDE_PAGES]
    phases = [reverse("phases:detail", args=[number]) for number in range(1, 7)]
    assert_reflows(narrow, ["/", "/fasen/", *phases, "/hulpmiddelen/", *guide, "/toegankelijkheid/", reverse("login")])


def test_a_partners_pages_reflow(narrow, coalition):
    factories.make_partner(region=coalition.region, type_slug="zorg-welzijn", role="Wij bieden begeleiding aan huis.")
    support_request_create(
        region=coalition.region, user=coalition.trekker_user, kind="draagvlak", description="Wie denkt mee?"
    )
    login(narrow, coalition.trekker_user)
    slug = coalition.region.slug
    assert_reflows(
        narrow,
        [
            reverse("regions:list"),
            reverse("regions:detail", args=[slug]),
            reverse("regions:phase", args=[slug, 3]),
            reverse("regions:activity", args=[slug]),
            reverse("regions:partners", args=[slug]),
            reverse("regions:phase_set", args=[slug]),
            reverse("regions:invite", args=[slug]),
            reverse("regions:support_list", args=[slug]),
            reverse("regions:support_create", args=[slug]),
            reverse("regions:organisation", args=[coalition.gemeente.pk]),
            reverse("twofactor"),
        ],
    )


def test_the_advisors_pages_reflow(narrow, coalition):
    """The overview's table and the inbox's are wider than the screen: they scroll in their frame, not the page."""
    asked = support_request_create(
        region=coalition.region, user=coalition.trekker_user, kind="juridisch", description="Mag dit?"
    )
    login(narrow, coalition.advisor)
    assert_reflows(
        narrow,
        [
            reverse("regions:advisors"),
            reverse("regions:support_inbox"),
            reverse("regions:support_detail", args=[coalition.region.slug, asked.pk]),
            reverse("regions:review_create", args=[coalition.region.slug]),
        ],
    )
    narrow.goto(reverse("regions:advisors"))
    frame = narrow.locator(".table-wrap").first
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth"), "the overview's table scrolls in its frame"
