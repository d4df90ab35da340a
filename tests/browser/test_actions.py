"""In a real browser: add an action under an item, block it with a reason, give and withdraw akkoord, and see the
work on the start page; axe on every page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import Action, Agreement
from tests.browser.conftest import assert_accessible, login
from tests.factories import item

pytestmark = pytest.mark.django_db(transaction=True)


def test_action_blocked_akkoord_and_the_start_page(page, coalition):
    region, point, agreed = coalition.region, item(3, 0), item(3, 2)
    login(page, coalition.partner_user)
    page.goto(reverse("regions:phase", args=[region.slug, 3]))
    assert_accessible(page)

    row = page.locator(f"#punt-{point.pk}")
    row.get_by_text("Actie toevoegen").first.click()
    row.get_by_label("Wat").fill("Overzicht van beschikbare woningen maken")
    row.get_by_label("Eigenaar (organisatie)").select_option(str(coalition.corporatie.pk))
    due = timezone.localdate() - datetime.timedelta(days=2)
    row.get_by_label("Klaar op").fill(due.isoformat())
    page.evaluate("window.__marker = 'dezelfde pagina'")
    row.get_by_role("button", name="Actie toevoegen").click()  # htmx: only the item's actions change
    page.locator(".action__what").get_by_text("Overzicht van beschikbare woningen maken").wait_for()
    assert page.evaluate("window.__marker") == "dezelfde pagina"
    action = Action.objects.get()
    item_actions = page.locator(f"#actie-{action.pk}")
    assert "Overzicht van beschikbare woningen maken" in item_actions.inner_text()
    assert "2 dagen te laat" in item_actions.inner_text()

    item_actions.get_by_text("Actie wijzigen").click()
    item_actions.get_by_label("Stand").select_option("geblokkeerd")
    item_actions.get_by_role("button", name="Actie opslaan").click()
    page.get_by_text("Schrijf op waarom de actie geblokkeerd is.").wait_for()  # refused, next to the field
    assert_accessible(page)
    item_actions = page.locator(f"#actie-{action.pk}")
    item_actions.get_by_label("Waarom geblokkeerd").fill("Wacht op cijfers van de corporatie")
    item_actions.get_by_role("button", name="Actie opslaan").click()
    page.locator(f"#actie-{action.pk} .action__reason").wait_for()
    assert "Geblokkeerd: Wacht op cijfers van de corporatie" in page.locator(f"#actie-{action.pk}").inner_text()

    agreement = page.locator(f"#punt-{agreed.pk}-akkoord")
    agreement.get_by_text("Akkoord geven").first.click()
    agreement.get_by_role("button", name=f"Akkoord geven namens {coalition.corporatie.name}").click()
    page.wait_for_load_state()
    assert Agreement.objects.filter(organisation=coalition.corporatie).exists()
    agreement = page.locator(f"#punt-{agreed.pk}-akkoord")
    assert "nog geen akkoord" in agreement.inner_text()  # the gemeente has not agreed yet
    assert_accessible(page)

    page.goto(reverse("regions:start"))
    start = page.content()
    assert "Overzicht van beschikbare woningen maken" in start and "Wacht op cijfers van de corporatie" in start
    assert item(3, 4).text in start  # still waiting for our akkoord; the one we gave is not
    assert_accessible(page)

    page.goto(reverse("regions:phase", args=[region.slug, 3]))
    agreement = page.locator(f"#punt-{agreed.pk}-akkoord")
    agreement.get_by_text("Akkoord intrekken").first.click()
    agreement.get_by_label("Waarom trekken jullie het akkoord in?").fill("Het bestuur wil eerst de begroting zien")
    agreement.get_by_role("button", name="Akkoord intrekken").click()
    page.wait_for_load_state()
    assert not Agreement.objects.exists()
    assert_accessible(page)
