"""Importing a region's key figures from a CSV file or an Excel sheet in the export's shape: a preview first, a
Dutch report of every refused row (row, column, why), and nothing saved unless the whole file is valid."""

import datetime
import io
import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from phases.models import Indicator
from regions.models import Activity, IndicatorTarget, IndicatorValue
from regions.periods import previous_period
from regions.services.figures import indicator_value_set

TODAY = timezone.localdate()
LAST = previous_period("halfjaar", TODAY)
HEADER = ["Kengetal", "Naam", "Eenheid", "Soort", "Periode", "Waarde", "Bron", "Gemeten op"]
PAYLOAD = re.compile(r'name="regels" value="([^"]+)"')


def url(region):
    return reverse("regions:figures_import", args=[region.slug])


def csv_file(rows, *, header=HEADER, name="kengetallen.csv", delimiter=";", encoding="utf-8-sig"):
    lines = [delimiter.join(header)] + [delimiter.join(str(cell) for cell in row) for row in rows]
    return SimpleUploadedFile(name, ("\r\n".join(lines) + "\r\n").encode(encoding), content_type="text/csv")


def xlsx_file(rows, *, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("kengetallen.xlsx", buffer.getvalue())


def row(slug="woningen-beschikbaar", kind="waarde", period=LAST.code, value="12", source="Registratie", day=None):
    return [slug, "", "", kind, period, value, source, (day or LAST.end).isoformat() if day is not False else ""]


def check(client, region, upload):
    return client.post(url(region), {"stap": "controleren", "file": upload})


def confirm(client, region, preview_response):
    payload = PAYLOAD.search(preview_response.content.decode()).group(1)
    return client.post(url(region), {"stap": "opslaan", "regels": payload.replace("&#x27;", "'")})


def saved() -> tuple:
    return IndicatorValue.objects.count(), IndicatorTarget.objects.count(), Activity.objects.count()


def refused(response) -> list[tuple[str, str, str]]:
    """(row, column, why) of every refused row in the report."""
    table = response.content.decode().split('id="fouten-tabel"', 1)[1].split("</table>", 1)[0]
    cells = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td><td>([^<]+)</td></tr>", table)
    return [(line, column, why.replace("&#x27;", "'")) for line, column, why in cells]


@pytest.mark.parametrize(("who", "status"), [("advisor", 403), ("other", 404), ("partner", 200), ("trekker", 200)])
def test_who_may_import(client, coalition, indicators, who, status):
    client.force_login(coalition.person(who))
    assert client.get(url(coalition.region)).status_code == status
    response = check(client, coalition.region, csv_file([row()]))
    assert response.status_code == status
    assert IndicatorValue.objects.exists() is False


def test_a_good_csv_is_previewed_then_saved_on_confirmation(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    indicator_value_set(
        region=coalition.region, indicator=homes, period=LAST.shifted(-1).code, value=9, source="Oud",
        measured_on=LAST.shifted(-1).end, user=coalition.partner_user,
    )  # fmt: skip
    client.force_login(coalition.trekker_user)
    upload = csv_file(
        [
            row(value="12"),
            row(period=LAST.shifted(-1).code, value="10", day=LAST.shifted(-1).end),
            row(slug="mensen-wachtend", value="41", source="Wachtlijst"),
            row(kind="doel", period=str(TODAY.year), value="20", source="", day=False),
        ]
    )
    before = saved()
    response = check(client, coalition.region, upload)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Het bestand is in orde: 4 regels. Nog niets is opgeslagen." in html
    assert "<td>nieuw</td>" in html and "<td>gewijzigd (was 9)</td>" in html
    assert saved() == before, "a preview saves nothing"
    response = confirm(client, coalition.region, response)
    assert response.status_code == 302 and response["Location"] == reverse(
        "regions:figures", args=[coalition.region.slug]
    )
    values = dict(
        IndicatorValue.objects.values_list("indicator__slug", "period").annotate().values_list("period", "value")
    )
    assert IndicatorValue.objects.get(indicator=homes, period=LAST.code).value == 12
    assert values[LAST.shifted(-1).code] == 10
    assert IndicatorValue.objects.get(indicator=indicators["mensen-wachtend"]).value == 41
    assert IndicatorTarget.objects.get().value == 20
    assert Activity.objects.filter(kind=Activity.Kind.FIGURE).count() == 4  # the first value, then three imported
    page = client.get(response["Location"]).content.decode()
    assert "Geïmporteerd: 3 waarden en 1 doel opgeslagen." in page


def test_the_export_imports_back_unchanged(client, coalition, indicators):
    homes = indicators["woningen-beschikbaar"]
    indicator_value_set(
        region=coalition.region, indicator=homes, period=LAST.code, value=12, source="=Telling; juni",
        measured_on=LAST.end, user=coalition.partner_user,
    )  # fmt: skip
    client.force_login(coalition.trekker_user)
    exported = b"".join(client.get(reverse("regions:figures_csv", args=[coalition.region.slug])).streaming_content)
    response = check(client, coalition.region, SimpleUploadedFile("export.csv", exported))
    assert response.status_code == 200 and "<td>ongewijzigd</td>" in response.content.decode()
    before = saved()
    response = confirm(client, coalition.region, response)
    assert saved() == before  # identical rows change nothing and write no history
    page = client.get(response["Location"]).content.decode()
    assert "Geïmporteerd: 0 waarden en 0 doelen opgeslagen; 1 regel was al zo." in page
    assert IndicatorValue.objects.get().source == "=Telling; juni"


def test_an_excel_sheet_with_numbers_and_dates_as_excel_stores_them(client, coalition, indicators):
    client.force_login(coalition.partner_user)
    at_end = datetime.datetime.combine(LAST.end, datetime.time())
    upload = xlsx_file(
        [
            ["woningen-beschikbaar", "Woningen", "woningen", "waarde", LAST.code, 12, "Corporaties", at_end],
            ["mensen-gehuisvest", "", "", None, LAST.code, 30.0, "Gemeente", LAST.end.strftime("%d-%m-%Y")],
            ["ethos-noodopvang", "", "", "waarde", LAST.year, 7, "ETHOS-telling", at_end],
        ]
    )
    response = check(client, coalition.region, upload)
    assert response.status_code == 200, response.content.decode()
    confirm(client, coalition.region, response)
    stored = dict(IndicatorValue.objects.values_list("indicator__slug", "value"))
    assert stored == {"woningen-beschikbaar": 12, "mensen-gehuisvest": 30, "ethos-noodopvang": 7}
    assert IndicatorValue.objects.get(indicator__slug="ethos-noodopvang").period == str(LAST.year)
    assert set(IndicatorValue.objects.values_list("measured_on", flat=True)) == {LAST.end}


def test_a_monthly_period_that_excel_turned_into_a_date_is_read_as_its_month(client, coalition, indicators):
    Indicator.objects.create(
        name="Per maand", slug="per-maand", definition="Telling.", unit="mensen", frequency="maand"
    )
    client.force_login(coalition.partner_user)
    month = previous_period("maand", TODAY)
    upload = xlsx_file(
        [["per-maand", "", "", "waarde", datetime.datetime(month.year, month.index, 1), 3, "Bron", month.end]]
    )
    response = check(client, coalition.region, upload)
    assert response.status_code == 200, response.content.decode()
    confirm(client, coalition.region, response)
    assert IndicatorValue.objects.get().period == month.code


def test_a_bad_file_is_reported_row_by_row_and_nothing_is_saved(client, coalition, indicators):
    client.force_login(coalition.partner_user)
    upload = csv_file(
        [
            row(value="12"),  # good, but not saved: another row is wrong
            row(period="2026-H3"),  # wrong period
            row(slug="daklozen-totaal"),  # unknown indicator
            row(slug="mensen-wachtend", value="ongeveer veertig"),  # text in a number
            row(value="13"),  # a duplicate of row 2
            row(
                slug="mensen-wachtend",
                period=LAST.shifted(-1).code,
                value="12,5",
                day=TODAY + datetime.timedelta(days=3),
            ),
            row(kind="doel", period=str(TODAY.year), value="20", source="", day=False),  # a partner sets no targets
            ["", "", "", "", "", "", "", ""],  # an empty row is skipped
            row(slug="mensen-gehuisvest", period=LAST.code, value="5", source="", day=False),
        ]
    )
    before = saved()
    response = check(client, coalition.region, upload)
    assert response.status_code == 400
    assert "Er is niets opgeslagen." in response.content.decode()
    report = refused(response)
    assert report == [
        ("3", "Periode", "Schrijf de periode als 2026-H1 of 2026-H2 (een halfjaar)."),
        ("4", "Kengetal", "Onbekend kengetal 'daklozen-totaal'. Gebruik de code uit de export, zoals "
                          "woningen-beschikbaar."),
        ("5", "Waarde", "'ongeveer veertig' is geen getal. Vul alleen een aantal in, zoals 12: geen tekst, namen "
                        "of lijsten."),
        ("6", "Periode", f"Dubbele regel: woningen-beschikbaar waarde voor {LAST.code} staat ook in regel 2."),
        ("7", "Waarde", "12,5 is geen heel getal. Vul een aantal in zonder komma."),
        ("7", "Gemeten op", "Deze datum ligt in de toekomst; vul de datum van de meting in."),
        ("8", "Soort", "Alleen medewerkers van een trekker in deze regio kunnen doelen stellen. Laat de regels met "
                       "soort 'doel' weg."),
        ("10", "Gemeten op", "Vul de datum in waarop het getal is gemeten of geteld."),
        ("10", "Bron", "Vul de bron in: waar komt het getal vandaan?"),
    ]  # fmt: skip
    assert saved() == before
    assert 'name="regels"' not in response.content.decode(), "no confirmation for a file with errors"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("kengetallen.pdf", b"%PDF-1.7"),
            "Kies een CSV-bestand (.csv) of een Excelbestand (.xlsx).",
        ),
        (
            SimpleUploadedFile("kengetallen.xlsx", b"PK\x03\x04 geen echte werkmap"),
            "Dit Excelbestand kan niet worden gelezen.",
        ),
        (csv_file([row()], header=["Kengetal", "Waarde"]), "De kolom 'Periode' ontbreekt."),
        (csv_file([], header=HEADER), "Het bestand heeft geen regels met kengetallen onder de kolomnamen."),
        (SimpleUploadedFile("leeg.csv", b""), "Het gekozen bestand is leeg."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(client, coalition, indicators, upload, message):
    client.force_login(coalition.partner_user)
    response = check(client, coalition.region, upload)
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not IndicatorValue.objects.exists()


def test_comma_separated_csv_in_windows_encoding_is_read(client, coalition, indicators):
    client.force_login(coalition.partner_user)
    upload = csv_file([row(source="Corporaties én gemeente")], delimiter=",", encoding="cp1252")
    response = check(client, coalition.region, upload)
    assert response.status_code == 200, response.content.decode()
    confirm(client, coalition.region, response)
    assert IndicatorValue.objects.get().source == "Corporaties én gemeente"


def test_a_changed_or_foreign_confirmation_saves_nothing(client, coalition, indicators):
    client.force_login(coalition.partner_user)
    response = check(client, coalition.region, csv_file([row()]))
    payload = PAYLOAD.search(response.content.decode()).group(1)
    for forged in ("", payload[:-3] + "abc", "[[2, {}]]"):
        answer = client.post(url(coalition.region), {"stap": "opslaan", "regels": forged})
        assert answer.status_code == 400
        assert "De controle is verlopen of het formulier is gewijzigd." in answer.content.decode()
    client.force_login(coalition.trekker_user)  # someone else's confirmation
    assert client.post(url(coalition.region), {"stap": "opslaan", "regels": payload}).status_code == 400
    assert not IndicatorValue.objects.exists()


def test_the_confirmation_checks_the_rows_again(client, coalition, indicators):
    client.force_login(coalition.partner_user)
    response = check(client, coalition.region, csv_file([row(), row(slug="mensen-wachtend")]))
    Indicator.objects.filter(slug="mensen-wachtend").update(active=False)
    answer = confirm(client, coalition.region, response)
    assert answer.status_code == 400
    assert refused(answer) == [
        ("3", "Kengetal", "Het kengetal 'Mensen die wachten op een Wonen Eerst-woning' is niet meer in gebruik.")
    ]
    assert not IndicatorValue.objects.exists()


def test_a_failure_while_saving_leaves_nothing_half_saved(client, coalition, indicators):
    client.force_login(coalition.partner_user)
    response = check(
        client, coalition.region, csv_file([row(), row(slug="mensen-wachtend"), row(slug="mensen-gehuisvest")])
    )
    from regions.services import figures as services

    real, calls = services.indicator_value_set, []

    def fail_on_the_third(**kwargs):
        calls.append(kwargs["indicator"].slug)
        if len(calls) == 3:
            raise RuntimeError("de database viel weg")
        return real(**kwargs)

    client.raise_request_exception = False
    with mock.patch.object(services, "indicator_value_set", fail_on_the_third):
        assert confirm(client, coalition.region, response).status_code == 500
    assert len(calls) == 3
    assert not IndicatorValue.objects.exists() and not Activity.objects.exists()
