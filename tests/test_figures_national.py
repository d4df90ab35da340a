"""The Versnellingsteam's key figures across regions: the latest value per region, the national totals per
period, the regions that entered nothing for the previous period (also a signal on the overview), filters, CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from regions.models import IndicatorValue
from regions.periods import previous_period
from regions.selectors.figures import national_figures
from regions.selectors.overview import region_overview
from regions.services.figures import indicator_target_set, indicator_value_set
from tests import factories

TODAY = timezone.localdate()
LAST = previous_period("halfjaar", TODAY)
URL = reverse("regions:advisors_figures")


def enter(region, indicator, value, period=LAST, user=None):
    user = user or factories.make_user(organisations=[region.partnerships.first().organisation])
    indicator_value_set(
        region=region, indicator=indicator, period=period.code, value=value, source="Bron",
        measured_on=period.end, user=user,
    )  # fmt: skip


@pytest.fixture
def three(coalition, indicators):
    """Noordkust and Zuidwaard entered homes for the last two half years; Oostmark nothing for the last one."""
    homes = indicators["woningen-beschikbaar"]
    east = factories.make_region(name="Regio Oostmark", phase=4)
    factories.make_partner(region=east, type_slug="gemeente", is_trekker=True)
    for region, values in ((coalition.region, (10, 12)), (coalition.other_region, (5, 8)), (east, (7, None))):
        enter(region, homes, values[0], LAST.shifted(-1))
        if values[1] is not None:
            enter(region, homes, values[1])
    indicator_target_set(
        region=coalition.region, indicator=homes, year=TODAY.year, value=30, user=coalition.trekker_user
    )
    coalition.east = east
    return coalition


@pytest.mark.parametrize("who", ["anonymous", "partner", "trekker", "other", "editor"])
def test_only_advisors_see_the_figures_across_regions(client, coalition, indicators, who):
    if coalition.person(who):
        client.force_login(coalition.person(who))
    assert client.get(URL).status_code == 404
    assert client.get(reverse("regions:advisors_figures_csv")).status_code == 404


def test_national_totals_per_period_over_every_region(three, indicators):
    data = national_figures(today=TODAY)
    homes = next(block for block in data.indicators if block.indicator.slug == "woningen-beschikbaar")
    assert [(period.code, total, count) for period, total, count in homes.totals] == [
        (LAST.code, 12 + 8, 2),
        (LAST.shifted(-1).code, 10 + 5 + 7, 3),
    ]
    rows = {row.region.name: row for row in homes.rows}
    assert (rows["Regio Noordkust"].latest.value, rows["Regio Noordkust"].target) == (12, 30)
    assert (
        rows["Regio Oostmark"].latest.period.code == LAST.shifted(-1).code
        and rows["Regio Oostmark"].last_period is None
    )
    assert [region.name for region in homes.missing] == ["Regio Oostmark"]
    assert [region.name for region in data.silent] == ["Regio Oostmark"]
    waiting = next(block for block in data.indicators if block.indicator.slug == "mensen-wachtend")
    assert waiting.totals == [] and len(waiting.missing) == 3


def test_the_page_shows_totals_latest_values_and_the_silent_regions(client, three):
    client.force_login(three.advisor)
    html = client.get(URL).content.decode()
    section = html.split('id="kengetal-woningen-beschikbaar"', 1)[1].split("</section>", 1)[0]
    total = f'<tr><th scope="row">{LAST.label}</th><td class="figure-table__number">20</td>'
    assert total + '<td class="figure-table__number">2 van 3</td></tr>' in section
    assert "1 regio zonder waarde" in section
    silent = html.split('id="zonder"', 1)[1].split("</section>", 1)[0]
    assert "Regio Oostmark" in silent and "Regio Noordkust" not in silent


def test_filters_by_figure_phase_text_and_silent_regions(client, three):
    client.force_login(three.advisor)
    html = client.get(URL, {"kengetal": "mensen-wachtend"}).content.decode()
    assert 'id="kengetal-mensen-wachtend"' in html and 'id="kengetal-woningen-beschikbaar"' not in html
    html = client.get(URL, {"zonder": "on"}).content.decode()
    assert "1 van de 3 regio's" in html and ">Regio Noordkust</a>" not in html
    html = client.get(URL, {"fase": "4"}).content.decode()
    assert "1 van de 3 regio's" in html and ">Regio Oostmark</a>" in html
    html = client.get(URL, {"q": "zuid"}).content.decode()
    assert "1 van de 3 regio's" in html and ">Regio Zuidwaard</a>" in html
    response = client.get(URL, {"kengetal": "bestaat-niet", "fase": "9", "q": "x" * 101})
    assert response.status_code == 200 and "3 van de 3 regio's" in response.content.decode()
    fragment = client.get(URL, {"fase": "4"}, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="kengetallen">') and "<html" not in fragment


def test_csv_has_a_row_per_region_and_figure_with_the_filters(client, three):
    client.force_login(three.advisor)
    response = client.get(reverse("regions:advisors_figures_csv"), {"kengetal": "woningen-beschikbaar"})
    text = b"".join(response.streaming_content).decode().lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [
        (r["Regio"], r["Laatste periode"], r["Laatste waarde"], r["Waarde vorige periode"], r["Doel dit jaar"])
        for r in rows
    ] == [
        ("Regio Noordkust", LAST.code, "12", "12", "30"),
        ("Regio Oostmark", LAST.shifted(-1).code, "7", "", ""),
        ("Regio Zuidwaard", LAST.code, "8", "8", ""),
    ]


def test_the_overview_signals_no_figures_for_the_previous_period(client, three):
    rows = {row.region.name: row for row in region_overview(today=TODAY).rows}
    assert [key for key, _ in rows["Regio Oostmark"].signal_texts if key == "kengetallen"] == ["kengetallen"]
    assert "kengetallen" not in [key for key, _ in rows["Regio Noordkust"].signal_texts]
    client.force_login(three.advisor)
    html = client.get(reverse("regions:advisors"), {"signaal": "kengetallen"}).content.decode()
    assert "Geen kengetallen over de vorige periode" in html
    assert ">Regio Oostmark</a>" in html and ">Regio Noordkust</a>" not in html


def test_without_any_figure_in_use_no_region_gets_the_signal(coalition):
    rows = region_overview(today=TODAY).rows
    assert not any(key == "kengetallen" for row in rows for key, _ in row.signal_texts)


def test_constant_queries_for_few_or_many_regions_and_values(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    client.force_login(coalition.advisor)

    def grow(regions: int) -> int:
        for _ in range(regions):
            region = factories.make_region(phase=5)
            factories.make_partner(region=region, is_trekker=True)
            user = factories.make_user(organisations=[region.partnerships.first().organisation])
            for step in range(10):
                enter(region, homes, step, LAST.shifted(-step), user=user)
        client.get(URL)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    small = grow(1)
    large = grow(30)
    assert IndicatorValue.objects.count() == 310
    assert small == large, (small, large)
