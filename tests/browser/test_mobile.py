"""On a phone: 390 × 844 CSS pixels, touch. The header takes at most two lines and its "Menu" opens the main menu; no
page scrolls sideways; a region's phase page shows its checklist before the six phases, which fold; the partners'
table is a card per partner; the Versnellingsteam's overview scrolls in its own frame with a visible hint, by touch and
by keyboard. axe runs on every page at that size, and a screenshot of each goes to tests/browser/screenshots/ (not in
git) to look at."""

import datetime
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from phases.models import Question
from regions.periods import previous_period
from regions.services import support_request_create
from regions.services.actions import action_create
from regions.services.figures import indicator_value_set
from regions.services.obstacles import obstacle_open
from regions.services.people import invitation_send
from tests import factories
from tests.browser.conftest import _new_page, assert_accessible, login
from tests.browser.test_reflow import GUIDE_PAGES, sideways

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1280, "height": 800}
SCREENSHOTS = Path(__file__).with_name("screenshots")

# The header's lines: each visible link, button or name in it, grouped by the height it takes on the screen.
HEADER_LINES = """() => {
  const boxes = [...document.querySelectorAll('.site-header :is(a, button, summary, .site-account__name)')]
    .filter(el => el.checkVisibility({visibilityProperty: true}))
    .map(el => el.getBoundingClientRect())
    .filter(box => box.width > 1 && box.height > 1)
    .sort((a, b) => a.top - b.top);
  const lines = [];
  for (const box of boxes) {
    const line = lines.find(l => box.top < l.bottom && box.bottom > l.top);
    if (line) { line.top = Math.min(line.top, box.top); line.bottom = Math.max(line.bottom, box.bottom); }
    else lines.push({top: box.top, bottom: box.bottom});
  }
  return lines.length;
}"""


@pytest.fixture
def phone(chromium, live_server, guide):
    context, page = _new_page(chromium, live_server, viewport=PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def wide(chromium, live_server, guide):
    context, page = _new_page(chromium, live_server, viewport=WIDE)
    yield page
    context.close()


def screenshot(page, name: str, *, full_page: bool = False) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page)


def header_lines(page) -> int:
    return page.evaluate(HEADER_LINES)


def shown(locator) -> bool:
    """Rendered on the screen: not hidden by display, visibility or a folded <details>."""
    return locator.evaluate("el => el.checkVisibility({visibilityProperty: true})")


def look_at(page, urls: dict[str, str]) -> dict[str, str]:
    """Each page: a screenshot, its header's lines, sideways scrolling and axe. What is wrong, by page."""
    problems = {}
    for name, url in urls.items():
        page.goto(url)
        screenshot(page, f"phone-{name}", full_page=True)
        found = []
        if (lines := header_lines(page)) > 2:
            found.append(f"the header takes {lines} lines")
        if overflow := sideways(page):
            found.append(f"the page scrolls {overflow} pixels sideways")
        try:
            assert_accessible(page)
        except AssertionError as error:
            found.append(str(error))
        if found:
            problems[name] = "; ".join(found)
    return problems


def busy_region(coalition):
    """The coalition's region with something on every page: an action, an obstacle, an invitation, a support request."""
    region = coalition.region
    factories.make_partner(region=region, type_slug="zorg-welzijn", role="Wij bieden begeleiding aan huis.")
    action_create(
        region=region, item=factories.tickable(3, 0), user=coalition.trekker_user, what="Convenant opstellen",
        owner=coalition.gemeente, due_on=timezone.localdate() - datetime.timedelta(days=40),
    )  # fmt: skip
    obstacle_open(
        region=region, user=coalition.partner_user, phase=region.current_phase,
        question=Question.objects.filter(phase__number=3).first(),
    )  # fmt: skip
    invitation_send(
        organisation=coalition.gemeente, email="beleidsmedewerker.wonen-eerst@centrumgemeente-voorbeeld.nl",
        user=coalition.trekker_user, region=region,
    )  # fmt: skip
    asked = support_request_create(
        region=region, user=coalition.trekker_user, kind="draagvlak", description="Wie denkt mee over de bestuurders?"
    )
    return asked


def test_every_main_page_fits_a_phone(phone, coalition, indicators):
    """Anyone's, a trekker's and an advisor's pages: header in two lines, nothing sideways, nothing axe finds."""
    asked = busy_region(coalition)
    region, slug = coalition.region, coalition.region.slug
    period = previous_period("halfjaar", timezone.localdate())
    indicator_value_set(
        region=region, indicator=indicators["woningen-beschikbaar"], period=period.code, value=12,
        source="Registratie corporaties", measured_on=period.end, user=coalition.trekker_user,
    )  # fmt: skip
    public = {
        "home": "/",
        "fasen": reverse("phases:list"),
        **{f"fase-{n}": reverse("phases:detail", args=[n]) for n in (1, 3, 6)},
        "hulpmiddelen": reverse("phases:resources"),
        **{f"over-{slug}": reverse("phases:page", args=[slug]) for slug in GUIDE_PAGES},
        "inloggen": reverse("login"),
    }
    problems = look_at(phone, public)

    login(phone, coalition.trekker_user)
    trekker = {
        "mijn": reverse("regions:start") + "?toon=1",
        "regios": reverse("regions:list"),
        "regio": reverse("regions:detail", args=[slug]),
        "regio-fase": reverse("regions:phase", args=[slug, 3]),
        "partners": reverse("regions:partners", args=[slug]),
        "kengetallen": reverse("regions:figures", args=[slug]),
        "knelpunten": reverse("regions:obstacles", args=[slug]),
        "mensen": reverse("regions:people", args=[coalition.gemeente.pk]),
        "hulpvragen": reverse("regions:support_list", args=[slug]),
        "hulpvraag": reverse("regions:support_detail", args=[slug, asked.pk]),
    }
    problems |= look_at(phone, trekker)

    phone.context.clear_cookies()
    login(phone, coalition.advisor)
    advisor = {
        "versnellingsteam": reverse("regions:advisors"),
        "vt-hulpvragen": reverse("regions:support_inbox"),
        "vt-kengetallen": reverse("regions:advisors_figures"),
        "vt-knelpunten": reverse("regions:obstacles_national"),
        "vt-uitnodigingen": reverse("regions:approvals"),
        "vt-advies": reverse("regions:review_create", args=[slug]),
    }
    problems |= look_at(phone, advisor)
    assert not problems, "\n".join(f"{name}: {problem}" for name, problem in problems.items())


def test_the_menu_folds_on_a_phone_and_opens_by_touch_and_keyboard(phone, coalition):
    login(phone, coalition.trekker_user)
    phone.goto(reverse("regions:detail", args=[coalition.region.slug]))
    assert header_lines(phone) == 1
    menu = phone.locator(".site-menu")
    toggle = menu.locator("summary")
    resources = phone.locator(".site-nav__link", has_text="Hulpmiddelen")
    assert not shown(resources), "the main menu is folded"
    toggle.tap()
    assert shown(resources) and shown(phone.locator(".site-account button", has_text="Uitloggen"))
    assert sideways(phone) == 0, "the open menu fits the screen"
    screenshot(phone, "phone-menu-open")
    toggle.tap()
    assert not shown(resources)

    phone.reload()
    phone.keyboard.press("Tab")  # the skip link
    for _ in range(5):
        phone.keyboard.press("Tab")
        if toggle.evaluate("el => el === document.activeElement"):
            break
    assert toggle.evaluate("el => el === document.activeElement"), "Menu is reached by keyboard"
    phone.keyboard.press("Enter")
    assert menu.evaluate("el => el.open")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.closest('.site-menu__panel') !== null"), "Tab goes into the menu"
    mine = phone.locator(".site-nav").get_by_role("link", name="Mijn regio's")
    assert mine.get_attribute("aria-current") == "page"
    resources.tap()
    phone.wait_for_url("**/hulpmiddelen/")


def test_the_header_on_a_wide_screen_is_as_before(wide, coalition):
    """The account beside the logo, the main menu a bar below: two lines, no Menu button."""
    login(wide, coalition.advisor)
    wide.goto(reverse("regions:list"))
    screenshot(wide, "wide-regios")
    assert header_lines(wide) == 2
    assert not shown(wide.locator(".site-menu summary"))
    nav = wide.get_by_role("navigation", name="Hoofdmenu")
    links = nav.get_by_role("link")
    assert links.all_inner_texts() == [
        "Home", "De zes fasen", "Hulpmiddelen", "Over Wonen Eerst", "Mijn regio's", "Versnellingsteam"
    ]  # fmt: skip
    tops = {round(link.bounding_box()["y"]) for link in links.all()}
    assert len(tops) == 1, "the main menu is one bar"
    logo, logout = wide.locator(".site-logo"), wide.get_by_role("button", name="Uitloggen")
    assert shown(logout) and abs(logout.bounding_box()["y"] - logo.bounding_box()["y"]) < 40
    assert nav.bounding_box()["y"] > logo.bounding_box()["y"] + logo.bounding_box()["height"] - 1
    bar = nav.evaluate("el => getComputedStyle(el).borderImageSource")
    assert "linear-gradient" in bar and sideways(wide) == 0


def phase_page(page, coalition):
    login(page, coalition.partner_user)
    page.goto(reverse("regions:phase", args=[coalition.region.slug, 3]))


def test_the_phase_page_shows_the_checklist_before_the_six_phases_on_a_phone(phone, coalition):
    phase_page(phone, coalition)
    journey = phone.locator("#reis .journey")
    checklist = phone.get_by_role("heading", name="Checklist voor volgende stap")
    first_item = phone.locator(".check-item").first
    assert not shown(journey), "the six phases are folded"
    assert first_item.bounding_box()["y"] < 2 * PHONE["height"], "the checklist starts on the first two screens"
    screenshot(phone, "phone-regio-fase-first-screen")
    phone.locator("#reis summary").tap()
    assert shown(journey) and journey.locator(".journey__step").count() == 6
    assert journey.bounding_box()["y"] < checklist.bounding_box()["y"]
    assert sideways(phone) == 0


def test_the_phase_page_on_a_wide_screen_shows_the_six_phases_above_as_before(wide, coalition):
    phase_page(wide, coalition)
    screenshot(wide, "wide-regio-fase")
    journey = wide.locator("#reis .journey")
    assert shown(journey) and not shown(wide.locator("#reis summary"))
    columns = journey.evaluate("el => getComputedStyle(el).gridTemplateColumns")
    assert columns.count("px") == 6, "the six phases side by side"
    checklist = wide.get_by_role("heading", name="Checklist voor volgende stap")
    assert journey.bounding_box()["y"] < checklist.bounding_box()["y"]
    current = journey.locator(".journey__step--current .journey__link")
    current.focus()
    assert current.evaluate("el => el === document.activeElement"), "its links can be reached"


def accessibility_roles(page) -> list[str]:
    """The roles Chromium gives screen readers, from its accessibility tree."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    return [node.get("role", {}).get("value") for node in nodes if not node.get("ignored")]


def test_the_partners_table_is_a_card_per_partner_on_a_phone(phone, coalition):
    login(phone, coalition.trekker_user)
    phone.goto(reverse("regions:partners", args=[coalition.region.slug]))
    screenshot(phone, "phone-partners-cards", full_page=True)
    assert sideways(phone) == 0
    rows = phone.locator(".partner-table tbody tr")
    assert rows.count() == 2
    for row in rows.all():
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "each card fits the screen"
    card = rows.filter(has_text=coalition.corporatie.name)
    trekker_cell = card.locator("td").nth(1)
    assert shown(trekker_cell) and trekker_cell.inner_text() == "nee"
    label = trekker_cell.evaluate("el => getComputedStyle(el, '::before').content")
    assert "Trekker" in label, "the card names the column"

    make_trekker = card.get_by_role("button", name="Maak trekker")
    for _ in range(40):  # by keyboard: Tab reaches the card's button
        phone.keyboard.press("Tab")
        if make_trekker.evaluate("el => el === document.activeElement"):
            break
    assert make_trekker.evaluate("el => el === document.activeElement")
    box = make_trekker.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]

    roles = accessibility_roles(phone)
    assert "table" in roles and roles.count("columnheader") == 4 and roles.count("rowheader") == 2, roles
    assert roles.count("cell") == 6, "still a table for screen readers"

    make_trekker.tap()  # by touch
    expect(card.get_by_role("button", name="Niet langer trekker")).to_be_visible()
    expect(card.locator("td").nth(1)).to_have_text("trekker")


def swipe_left(page, locator) -> None:
    """A finger on the right of the element moves 45 pixels to the left in half a second: touch events as the screen
    sends them (the first pixels only tell a swipe from a tap)."""
    box = locator.bounding_box()
    x, y = int(box["x"] + box["width"] * 0.8), int(box["y"] + min(box["height"] / 2, 60))
    start = time.time()
    session = page.context.new_cdp_session(page)
    for step in range(11):
        kind = "touchStart" if step == 0 else "touchEnd" if step == 10 else "touchMove"
        points = [] if kind == "touchEnd" else [{"x": x - step * 5, "y": y}]
        event = {"type": kind, "touchPoints": points, "timestamp": start + step * 0.05}
        session.send("Input.dispatchTouchEvent", event)
    session.detach()
    scroll_settled(locator)


def scroll_settled(locator) -> None:
    """Wait until the element's sideways scroll has come to rest: the browser animates it (a swipe glides on, an
    arrow key scrolls smoothly), and a check made while it still moves sees a place the table passes through."""
    last = None
    for _ in range(50):
        now = locator.evaluate("el => el.scrollLeft")
        if now == last:
            return
        last = now
        locator.page.wait_for_timeout(100)


def test_the_overview_scrolls_in_its_frame_with_a_hint_by_touch_and_keyboard(phone, coalition):
    busy_region(coalition)
    login(phone, coalition.advisor)
    phone.goto(reverse("regions:advisors"))
    screenshot(phone, "phone-versnellingsteam-table")
    hint = phone.locator(".table-hint")
    assert shown(hint) and "opzij" in hint.inner_text()
    assert sideways(phone) == 0, "the table scrolls in its frame, not the page"
    frame = phone.get_by_role("region", name="Regio's met hun fase")
    signals = frame.get_by_role("columnheader", name="Signalen")
    region_name = frame.get_by_role("rowheader").first

    def in_frame(locator) -> bool:
        """Wholly in the frame's view, not under the region's name that stays in place at its left."""
        inner, outer, fixed = locator.bounding_box(), frame.bounding_box(), region_name.bounding_box()
        left = outer["x"] if locator is region_name else fixed["x"] + fixed["width"]
        return inner["x"] >= left - 1 and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 1

    assert not in_frame(signals), "Signalen starts out of view"
    frame.scroll_into_view_if_needed()
    for _ in range(40):  # by touch: a finger swipes the table to the left, a little at a time
        swipe_left(phone, frame)
        if in_frame(signals):
            break
    assert frame.evaluate("el => el.scrollLeft") > 0, "a swipe scrolls the table"
    assert sideways(phone) == 0 and phone.evaluate("window.scrollX") == 0, "not the page"
    assert in_frame(signals) and in_frame(region_name), "Signalen in view, the region's name still beside it"
    screenshot(phone, "phone-versnellingsteam-table-swiped")

    frame.evaluate("el => el.scrollLeft = 0")
    phone.locator("#f-q").focus()
    for _ in range(10):  # by keyboard: Tab reaches the frame, the arrow keys scroll it
        phone.keyboard.press("Tab")
        if frame.evaluate("el => el === document.activeElement"):
            break
    assert frame.evaluate("el => el === document.activeElement"), "the table's frame is reached by Tab"
    for _ in range(80):
        phone.keyboard.press("ArrowRight")
        scroll_settled(frame)
        if in_frame(signals):
            break
    assert in_frame(signals), "the arrow keys bring Signalen into view"
