"""In a real browser: enter a key figure and watch its chart and table change without a reload; the same without
JavaScript; a wrong number refused next to its field; axe on the figures pages."""

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import IndicatorValue
from regions.periods import previous_period
from regions.services.figures import indicator_target_set, indicator_value_set
from tests.browser.conftest import assert_accessible, login
from tests.browser.test_security_csp import _sign_in, _visit, strict_page  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

LAST = previous_period("halfjaar", timezone.localdate())


def figures_url(region):
    return reverse("regions:figures", args=[region.slug])


def fill_value(card, *, period, value, source="Registratie corporaties", day=None):
    if card.get_by_role("button", name="Waarde opslaan").count() == 0:
        card.get_by_role("link", name="Waarde invullen").click()
    card.get_by_label("Periode").select_option(period.code)
    card.get_by_label("Aantal woningen").fill(value)
    card.get_by_label("Gemeten op").fill((day or period.end).isoformat())
    card.get_by_label("Bron").fill(source)
    card.get_by_role("button", name="Waarde opslaan").click()


def test_enter_a_value_and_see_the_chart_change(page, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    indicator_value_set(
        region=coalition.region, indicator=homes, period=LAST.shifted(-1).code, value=8, source="Corporaties",
        measured_on=LAST.shifted(-1).end, user=coalition.partner_user,
    )  # fmt: skip
    indicator_target_set(
        region=coalition.region, indicator=homes, year=LAST.year, value=15, user=coalition.trekker_user
    )
    login(page, coalition.partner_user)
    page.goto(figures_url(coalition.region))
    assert page.get_by_role("heading", level=1).inner_text() == f"Kengetallen van {coalition.region.name}"
    assert_accessible(page)
    page.evaluate("window.__marker = 'nog dezelfde pagina'")
    card = page.locator(f"#kengetal-{homes.slug}")
    assert card.locator("circle.chart__value").count() == 1
    assert card.locator(f'circle[data-period="{LAST.code}"]').count() == 0

    fill_value(card, period=LAST, value="13")
    point = page.locator(f'#kengetal-{homes.slug} circle.chart__value[data-period="{LAST.code}"]')
    point.wait_for()
    assert point.get_attribute("data-value") == "13"
    card = page.locator(f"#kengetal-{homes.slug}")
    assert card.locator("circle.chart__value").count() == 2
    assert card.locator("g.chart__values polyline").count() == 1  # the two half years joined by a line
    row = card.locator("tbody tr", has_text=LAST.label)
    assert row.locator("td").nth(0).inner_text() == "13" and row.locator("td").nth(1).inner_text() == "15"
    assert f"{LAST.label}: 13 woningen" in page.locator("#kengetallen-melding").inner_text()
    assert page.evaluate("window.__marker") == "nog dezelfde pagina", "no reload"
    assert IndicatorValue.objects.get(period=LAST.code).value == 13
    assert_accessible(page)


def test_a_wrong_number_is_refused_next_to_its_field_with_javascript(page, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    login(page, coalition.partner_user)
    page.goto(figures_url(coalition.region))
    card = page.locator(f"#kengetal-{homes.slug}")
    fill_value(card, period=LAST, value="Jan en Piet", source="Telling")
    page.locator(f"#kengetal-{homes.slug} .form-field--invalid").first.wait_for()
    card = page.locator(f"#kengetal-{homes.slug}")
    field = card.get_by_label("Aantal woningen")
    assert field.input_value() == "Jan en Piet"
    assert field.get_attribute("aria-invalid") == "true"
    assert "is geen getal" in card.locator(".form-field--invalid").inner_text()
    assert card.get_by_label("Bron").input_value() == "Telling"
    assert not IndicatorValue.objects.exists()
    assert_accessible(page)


def test_enter_a_value_without_javascript(page_nojs, coalition, indicators):
    page = page_nojs
    homes = indicators["woningen-beschikbaar"]
    login(page, coalition.partner_user)
    page.goto(figures_url(coalition.region))
    card = page.locator(f"#kengetal-{homes.slug}")
    fill_value(card, period=LAST, value="21")
    page.wait_for_url(f"**{figures_url(coalition.region)}#kengetal-{homes.slug}")
    assert f"Opgeslagen: {homes.name}, {LAST.label}: 21 woningen." in page.locator(".messages").inner_text()
    point = page.locator(f'#kengetal-{homes.slug} circle.chart__value[data-period="{LAST.code}"]')
    assert point.get_attribute("data-value") == "21"
    card = page.locator(f"#kengetal-{homes.slug}")
    fill_value(card, period=LAST, value="12,5")
    card = page.locator(f"#kengetal-{homes.slug}")
    assert card.get_by_label("Aantal woningen").input_value() == "12,5"
    assert "12,5 is geen heel getal" in card.locator(".form-field--invalid").inner_text()
    assert IndicatorValue.objects.get().value == 21


def test_the_figures_pages_pass_axe(page, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    for period, value in ((LAST.shifted(-1), 6), (LAST, 9)):
        indicator_value_set(
            region=coalition.region, indicator=homes, period=period.code, value=value, source="Corporaties",
            measured_on=period.end, user=coalition.partner_user,
        )  # fmt: skip
    login(page, coalition.trekker_user)
    page.goto(reverse("regions:detail", args=[coalition.region.slug]))
    assert page.locator(".key-figure", has_text=homes.name).locator("strong").inner_text() == "9"
    assert_accessible(page)
    page.goto(reverse("regions:figures_import", args=[coalition.region.slug]))
    assert_accessible(page)
    page.goto(figures_url(coalition.region) + f"?datum={timezone.localdate().isoformat()}")
    assert_accessible(page)
    page.context.clear_cookies()
    login(page, coalition.advisor)
    page.goto(reverse("regions:advisors_figures"))
    assert page.get_by_role("heading", level=1).inner_text() == "Kengetallen van alle regio's"
    assert_accessible(page)


def test_the_figures_pages_and_an_htmx_save_without_csp_violations(strict_page, live_server, coalition, indicators):  # noqa: F811
    homes = indicators["woningen-beschikbaar"]
    indicator_value_set(
        region=coalition.region, indicator=homes, period=LAST.shifted(-1).code, value=8, source="Corporaties",
        measured_on=LAST.shifted(-1).end, user=coalition.partner_user,
    )  # fmt: skip
    _sign_in(strict_page, live_server, coalition.partner_user)
    for path in [f"/regios/{coalition.region.slug}/", reverse("regions:figures_import", args=[coalition.region.slug])]:
        _visit(strict_page, path)
    _visit(strict_page, figures_url(coalition.region))
    fill_value(strict_page.locator(f"#kengetal-{homes.slug}"), period=LAST, value="11")
    strict_page.locator(f'#kengetal-{homes.slug} circle[data-period="{LAST.code}"]').wait_for()
    assert strict_page.violations == []
