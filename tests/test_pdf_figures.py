"""The progress report's page of key figures, read back from the PDF: each figure with its chart (a tagged
figure with its title as alternative text) and its numbers, now and as they stood on a past date."""

import datetime
import io

from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from regions.models import Activity
from regions.periods import previous_period
from regions.services.figures import indicator_target_set, indicator_value_set
from tests.test_pdf_report import download, figures_alt, pdf_text, squash

TODAY = timezone.localdate()
LAST = previous_period("halfjaar", TODAY)


def test_the_report_has_a_page_of_figures_with_charts_and_numbers(coalition, indicators):
    homes, waiting = indicators["woningen-beschikbaar"], indicators["mensen-wachtend"]
    for indicator, values in ((homes, (8, 13)), (waiting, (52, 47))):
        for period, value in zip((LAST.shifted(-1), LAST), values, strict=True):
            indicator_value_set(
                region=coalition.region, indicator=indicator, period=period.code, value=value, source="Bron",
                measured_on=period.end, user=coalition.partner_user,
            )  # fmt: skip
    indicator_target_set(
        region=coalition.region, indicator=homes, year=LAST.year, value=15, user=coalition.trekker_user
    )
    pdf = download(Client(), coalition.advisor, coalition.region).content
    text = pdf_text(pdf)
    figures = text.split("Kengetallen", 1)[1].split("Partnersenhunrol", 1)[0]
    assert squash("Aantallen voor de hele regio") in figures and squash("Geen gegevens van cliënten") in figures
    assert squash(homes.name) in figures and squash(waiting.name) in figures
    assert squash(indicators["mensen-gehuisvest"].name) not in figures  # no value, no target: not in the report
    assert squash(f"{LAST.label} 13 15") in figures  # the table: period, value, target
    assert squash(f"{LAST.shifted(-1).label} 52") in figures
    alts = figures_alt(PdfReader(io.BytesIO(pdf)))
    assert f"{homes.name}: waarden en doelen per halfjaar" in alts
    assert f"{waiting.name}: waarden per halfjaar" in alts
    page = next(n for n, p in enumerate(PdfReader(io.BytesIO(pdf)).pages) if "Kengetallen" in p.extract_text())
    assert page > 0  # a page of its own, after the title page


def test_the_report_on_a_past_date_shows_the_figures_known_then(coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    indicator_value_set(
        region=coalition.region, indicator=homes, period=LAST.code, value=9, source="Bron", measured_on=LAST.end,
        user=coalition.partner_user,
    )  # fmt: skip
    Activity.objects.update(created_at=timezone.now() - datetime.timedelta(days=10))
    indicator_value_set(
        region=coalition.region, indicator=homes, period=LAST.code, value=11, source="Bron", measured_on=LAST.end,
        user=coalition.partner_user,
    )  # fmt: skip
    client = Client()
    then = pdf_text(
        download(client, coalition.advisor, coalition.region, datum=TODAY - datetime.timedelta(days=5)).content
    )
    now = pdf_text(download(client, coalition.advisor, coalition.region).content)
    assert squash(f"{LAST.label} 9") in then.split("Kengetallen", 1)[1] and squash(f"{LAST.label} 11") not in then
    assert squash(f"{LAST.label} 11") in now.split("Kengetallen", 1)[1]
    early = pdf_text(
        download(client, coalition.advisor, coalition.region, datum=TODAY - datetime.timedelta(days=30)).content
    )
    assert squash("Nog geen kengetallen ingevuld op deze datum.") in early
