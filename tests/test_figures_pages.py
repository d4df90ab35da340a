"""The region's key figures page: who sees and changes what, entering a value with and without htmx, Dutch
errors with the input kept, the figures on a past date, the exports, the region page's key figures, and a
constant number of queries with 10 or 1 000 values."""

import csv
import datetime
import io
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phases.models import Indicator
from regions.models import Activity, IndicatorTarget, IndicatorValue
from regions.periods import Period, period_containing, previous_period
from regions.services.figures import indicator_target_set, indicator_value_set
from tests import factories

TODAY = timezone.localdate()
LAST = previous_period("halfjaar", TODAY)


def page_url(region):
    return reverse("regions:figures", args=[region.slug])


def value_data(indicator, *, period=LAST.code, value="12", source="Registratie corporaties", measured_on=None):
    prefix = f"waarde-{indicator.pk}"
    return {
        "actie": "waarde",
        "kengetal": str(indicator.pk),
        f"{prefix}-period": period,
        f"{prefix}-value": value,
        f"{prefix}-source": source,
        f"{prefix}-measured_on": (measured_on or LAST.end).isoformat(),
    }


def target_data(indicator, *, year=TODAY.year, value="20"):
    return {
        "actie": "doel",
        "kengetal": str(indicator.pk),
        f"doel-{indicator.pk}-year": str(year),
        f"doel-{indicator.pk}-value": value,
    }


def card(html: str, slug: str) -> str:
    return html.split(f'<article id="kengetal-{slug}"', 1)[1].split("</article>", 1)[0]


# --- Who sees and changes what ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [("partner", 200), ("trekker", 200), ("advisor", 200), ("other", 404)])
def test_who_sees_the_page(client, coalition, indicators, who, status):
    client.force_login(coalition.person(who))
    assert client.get(page_url(coalition.region)).status_code == status
    assert client.get(reverse("regions:figures_csv", args=[coalition.region.slug])).status_code == status


def test_the_page_states_that_no_client_data_belongs_here(client, coalition, indicators):
    client.force_login(coalition.partner_user)
    html = client.get(page_url(coalition.region)).content.decode()
    assert "Hier horen geen gegevens van cliënten of bewoners" in html
    assert "Elke waarde is één heel getal voor de hele regio." in html


def test_partners_may_open_the_value_form_trekkers_also_the_target_form_advisors_neither(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    seen = {}
    for who in ("partner", "trekker", "advisor"):
        client.force_login(coalition.person(who))
        html = card(client.get(page_url(coalition.region)).content.decode(), homes.slug)
        assert 'name="actie"' not in html, "no form until one is asked for"
        links = ("Waarde invullen<span" in html, "Doel stellen<span" in html)
        forms = tuple(
            f'name="actie" value="{action}"'
            in client.get(page_url(coalition.region), {param: homes.slug}).content.decode()
            for param, action in (("invullen", "waarde"), ("doel", "doel"))
        )
        seen[who] = (links, forms)
    assert seen == {
        "partner": ((True, False), (True, False)),
        "trekker": ((True, True), (True, True)),
        "advisor": ((False, False), (False, False)),
    }


def test_a_form_asked_for_with_htmx_comes_in_its_card_with_the_focus_on_its_first_field(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    client.force_login(coalition.partner_user)
    response = client.get(page_url(coalition.region), {"invullen": homes.slug}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article id="kengetal-{homes.slug}"') and "<html" not in html
    assert f'<select name="waarde-{homes.pk}-period" autofocus' in html
    assert "HX-Request" in response["Vary"]
    page = client.get(page_url(coalition.region), {"invullen": homes.slug}).content.decode()
    assert page.count('name="actie"') == 1, "without JavaScript: the page, with that one form"
    other = client.get(page_url(coalition.region), {"invullen": "bestaat-niet"}, HTTP_HX_REQUEST="true")
    assert other.status_code == 200 and 'name="actie"' not in other.content.decode()


def test_advisors_and_partners_may_not_post_what_they_may_not_do(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    client.force_login(coalition.advisor)
    assert client.post(page_url(coalition.region), value_data(homes)).status_code == 403
    client.force_login(coalition.partner_user)
    assert client.post(page_url(coalition.region), target_data(homes)).status_code == 403
    client.force_login(coalition.other_user)
    assert client.post(page_url(coalition.region), value_data(homes)).status_code == 404
    assert not IndicatorValue.objects.exists() and not IndicatorTarget.objects.exists()


# --- Entering a value -------------------------------------------------------------------------------------------


def test_a_value_without_javascript_redirects_back_to_its_card(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    client.force_login(coalition.partner_user)
    response = client.post(page_url(coalition.region), value_data(homes))
    assert response.status_code == 302
    assert response["Location"] == page_url(coalition.region) + f"#kengetal-{homes.slug}"
    html = client.get(response["Location"]).content.decode()
    assert f"Opgeslagen: {homes.name}, {LAST.label}: 12 woningen." in html
    row = IndicatorValue.objects.get()
    assert (row.region, row.indicator, row.period, row.value) == (coalition.region, homes, LAST.code, 12)
    assert (row.source, row.measured_on, row.entered_by) == (
        "Registratie corporaties",
        LAST.end,
        coalition.partner_user,
    )
    assert f'data-period="{LAST.code}" data-value="12"' in card(html, homes.slug)


def test_a_value_with_htmx_returns_the_card_with_the_new_point_and_the_announcement(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    client.force_login(coalition.partner_user)
    response = client.post(page_url(coalition.region), value_data(homes, value="7"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<article id="kengetal-{homes.slug}"')
    assert f'data-period="{LAST.code}" data-value="7"' in html
    assert (
        '<p id="kengetallen-melding" class="visually-hidden" role="status" data-hx-swap-oob="true">Opgeslagen:' in html
    )
    assert "<html" not in html and "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12,5", "12,5 is geen heel getal."),
        ("1.200", "Schrijf 1.200 zonder punten of spaties, zoals 1200."),
        ("-3", "Een aantal kan niet negatief zijn."),
        ("Jan, Piet en Klaas", "'Jan, Piet en Klaas' is geen getal."),
        ("1000001", "Vul een heel getal in van 0 tot en met 1.000.000"),
        ("", "Vul een aantal in."),
    ],
)
def test_a_wrong_number_is_refused_next_to_the_field_with_the_input_kept(client, coalition, indicators, value, message):
    homes = indicators["woningen-beschikbaar"]
    client.force_login(coalition.partner_user)
    response = client.post(page_url(coalition.region), value_data(homes, value=value, source="Telling juni"))
    assert response.status_code == 400
    html = card(response.content.decode(), homes.slug)
    field = html.split(f'for="id_waarde-{homes.pk}-value"', 1)[1].split("<label", 1)[0]  # up to the next field
    assert message.replace("'", "&#x27;") in field.split("<input", 1)[0]  # the error, before the input
    tag = field.split("<input", 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in tag
    assert f'value="{value}"' in tag if value else "value=" not in tag
    assert 'value="Telling juni"' in html  # the other fields keep what was typed
    assert 'name="actie" value="waarde"' in html  # the form stays in its card
    assert not IndicatorValue.objects.exists() and not Activity.objects.exists()


def test_a_measurement_date_in_the_future_or_before_the_period_is_refused(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    client.force_login(coalition.partner_user)
    for day, message in [
        (TODAY + datetime.timedelta(days=1), "Deze datum ligt in de toekomst"),
        (LAST.start - datetime.timedelta(days=1), "Deze datum ligt vóór het begin van de periode"),
    ]:
        response = client.post(page_url(coalition.region), value_data(homes, measured_on=day), HTTP_HX_REQUEST="true")
        assert response.status_code == 200  # htmx swaps the card with its errors
        assert message in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_a_period_not_in_the_list_is_refused(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    client.force_login(coalition.partner_user)
    future = period_containing("halfjaar", TODAY).shifted(1).code
    for period in (future, "2026-H3", "<b>"):
        response = client.post(page_url(coalition.region), value_data(homes, period=period))
        assert response.status_code == 400
        assert "Kies een periode uit de lijst." in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_unknown_action_or_indicator_is_a_bad_request(client, coalition, indicators):
    client.force_login(coalition.partner_user)
    assert client.post(page_url(coalition.region), {"actie": "wissen"}).status_code == 400
    homes = indicators["woningen-beschikbaar"]
    assert client.post(page_url(coalition.region), {**value_data(homes), "kengetal": "999999"}).status_code == 400
    Indicator.objects.filter(pk=homes.pk).update(active=False)
    assert client.post(page_url(coalition.region), value_data(homes)).status_code == 400


def test_trekkers_set_targets_and_see_them_in_the_chart_and_the_table(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    client.force_login(coalition.trekker_user)
    response = client.post(page_url(coalition.region), target_data(homes, value="25"))
    assert response.status_code == 302
    assert IndicatorTarget.objects.get().value == 25
    html = card(client.get(page_url(coalition.region)).content.decode(), homes.slug)
    for code in (f"{TODAY.year}-H1", f"{TODAY.year}-H2"):  # per half year in that year: homes are counted per period
        assert '<rect class="chart__target" x=' in html and f'data-period="{code}" data-value="25"' in html
    row = html.split(f'<th scope="row">1e halfjaar {TODAY.year}</th>', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r"<td[^>]*>(.*?)</td>", row)[:2] == ['<span class="muted">niet ingevuld</span>', "25"]


def test_a_target_of_a_count_on_a_date_stands_at_the_end_of_its_year(client, coalition, indicators):
    waiting = indicators["mensen-wachtend"]
    client.force_login(coalition.trekker_user)
    client.post(page_url(coalition.region), target_data(waiting, year=TODAY.year, value="30"))
    html = card(client.get(page_url(coalition.region)).content.decode(), waiting.slug)
    assert f'data-period="{TODAY.year}-H2" data-value="30"' in html
    assert f'data-period="{TODAY.year}-H1" data-value="30"' not in html


# --- The figures on a past date ---------------------------------------------------------------------------------


def test_the_page_on_a_past_date_shows_what_was_known_then_read_only(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    period = previous_period("halfjaar", TODAY).shifted(-2)
    indicator_value_set(
        region=coalition.region, indicator=homes, period=period.code, value=4, source="Bron",
        measured_on=period.end, user=coalition.partner_user,
    )  # fmt: skip
    Activity.objects.update(created_at=timezone.now() - datetime.timedelta(days=40))
    indicator_value_set(
        region=coalition.region, indicator=homes, period=period.code, value=6, source="Bron",
        measured_on=period.end, user=coalition.partner_user,
    )  # fmt: skip
    client.force_login(coalition.partner_user)
    day = TODAY - datetime.timedelta(days=20)
    html = client.get(page_url(coalition.region), {"datum": day.isoformat()}).content.decode()
    assert "Je ziet de kengetallen zoals ze bekend waren aan het eind van" in html
    assert f'data-period="{period.code}" data-value="4"' in html
    assert 'name="actie"' not in html  # no forms on a past date
    html = client.get(page_url(coalition.region)).content.decode()
    assert f'data-period="{period.code}" data-value="6"' in html
    response = client.get(page_url(coalition.region), {"datum": "morgen"})
    assert response.status_code == 400 and "Vul een geldige datum in, zoals 2025-03-31." in response.content.decode()


# --- Out ----------------------------------------------------------------------------------------------------------


def test_csv_and_json_exports_hold_every_value_and_target(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    indicator_value_set(
        region=coalition.region, indicator=homes, period=LAST.code, value=12, source="=SOM(A1)",
        measured_on=LAST.end, user=coalition.partner_user,
    )  # fmt: skip
    indicator_target_set(
        region=coalition.region, indicator=homes, year=TODAY.year, value=20, user=coalition.trekker_user
    )
    client.force_login(coalition.advisor)
    response = client.get(reverse("regions:figures_csv", args=[coalition.region.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="kengetallen-{coalition.region.slug}-' in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode()
    assert text.startswith(
        "\ufeffKengetal;Naam;Eenheid;Soort;Periode;Waarde;Bron;Gemeten op;Ingevoerd door;Bijgewerkt op"
    )
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [(r["Kengetal"], r["Soort"], r["Periode"], r["Waarde"], r["Bron"]) for r in rows] == [
        ("woningen-beschikbaar", "waarde", LAST.code, "12", "'=SOM(A1)"),
        ("woningen-beschikbaar", "doel", str(TODAY.year), "20", ""),
    ]
    data = json.loads(client.get(reverse("regions:figures_json", args=[coalition.region.slug])).content)
    assert data["regio"]["slug"] == coalition.region.slug
    assert data["kengetallen"][0]["waarde"] == 12 and data["kengetallen"][0]["bron"] == "=SOM(A1)"
    assert data["kengetallen"][1]["soort"] == "doel"


# --- The region page ----------------------------------------------------------------------------------------------


def test_the_region_page_shows_the_key_figures_latest_value_and_trend(client, coalition, indicators):
    waiting = indicators["mensen-wachtend"]
    for period, value in ((LAST.shifted(-1), 40), (LAST, 34)):
        indicator_value_set(
            region=coalition.region, indicator=waiting, period=period.code, value=value, source="Wachtlijst",
            measured_on=period.end, user=coalition.partner_user,
        )  # fmt: skip
    client.force_login(coalition.advisor)
    html = client.get(reverse("regions:detail", args=[coalition.region.slug])).content.decode()
    section = html.split('id="kengetallen"', 1)[1].split("</section>", 1)[0]
    assert "Mensen die wachten op een Wonen Eerst-woning" in section
    assert f'<strong>34</strong> mensen <span class="muted">in {LAST.label}</span>' in section
    # fewer people waiting is better
    assert "key-figure__trend--better" in section and f"6 minder dan in {LAST.shifted(-1).label}" in section
    assert "(een verbetering)" in section
    assert "Mensen gehuisvest via Wonen Eerst" in section and "Nog niet ingevuld" in section
    assert "ethos" not in section.lower()  # only the key figures


# --- Queries ------------------------------------------------------------------------------------------------------


def add_values(region, count: int, user) -> None:
    """``count`` values of monthly figures (each with its history entry), written in bulk."""
    indicators = [
        Indicator.objects.create(
            name=f"Maandcijfer {n}",
            slug=f"maandcijfer-{n}-{region.pk}",
            definition="Een telling.",
            unit="mensen",
            frequency="maand",
            kind="stand",
        )  # fmt: skip
        for n in range(max(1, count // 100))
    ]
    values, entries = [], []
    for n in range(count):
        indicator = indicators[n % len(indicators)]
        period = Period(2016, 1, "maand").shifted(n // len(indicators))
        values.append(
            IndicatorValue(
                region=region, indicator=indicator, period=period.code, value=n, source="Bron",
                measured_on=period.end, entered_by=user,
            )
        )  # fmt: skip
        after = {"indicator": indicator.pk, "period": period.code, "value": n, "source": "Bron"}
        entries.append(Activity(region=region, actor=user, kind=Activity.Kind.FIGURE, summary="x", after=after))
    IndicatorValue.objects.bulk_create(values)
    Activity.objects.bulk_create(entries)


def queries(client, url, data=None) -> int:
    client.get(url, data)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["figures", "past", "detail", "csv"])
def test_constant_queries_with_10_or_1000_values(client, indicators, page):
    def measure(count):
        region = factories.make_region(phase=5)
        organisation = factories.make_partner(region=region, is_trekker=True)
        user = factories.make_user(organisations=[organisation])
        add_values(region, count, user)
        client.force_login(user)
        url, data = {
            "figures": (page_url(region), None),
            "past": (page_url(region), {"datum": TODAY.isoformat()}),
            "detail": (reverse("regions:detail", args=[region.slug]), None),
            "csv": (reverse("regions:figures_json", args=[region.slug]), None),
        }[page]
        return queries(client, url, data)

    small, large = measure(10), measure(1000)
    assert small == large, (small, large)


def test_the_figures_pages_have_no_inline_scripts_or_styles(client, coalition, indicators):
    """Charts use presentation attributes, never style="…": the Content-Security-Policy forbids inline styles."""
    homes = indicators["woningen-beschikbaar"]
    for period in (LAST.shifted(-1), LAST):
        indicator_value_set(
            region=coalition.region, indicator=homes, period=period.code, value=3, source="Bron",
            measured_on=period.end, user=coalition.partner_user,
        )  # fmt: skip
    client.force_login(coalition.advisor)
    slug = coalition.region.slug
    for url in (
        page_url(coalition.region),
        reverse("regions:detail", args=[slug]),
        reverse("regions:advisors_figures"),
    ):
        html = client.get(url).content.decode()
        assert "<svg" in html or url.endswith("/versnellingsteam/kengetallen/")
        assert not re.search(r"\sstyle\s*=", html) and "<style" not in html
        assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", html))


def test_a_figure_id_that_is_no_plain_number_is_a_bad_request(client, coalition, indicators):
    client.force_login(coalition.partner_user)
    for kengetal in ("²", "-1", "1e3", "9" * 30):
        response = client.post(page_url(coalition.region), {"actie": "waarde", "kengetal": kengetal})
        assert response.status_code == 400
