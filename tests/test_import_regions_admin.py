"""Importing regions and partners in /beheer/ (Regio's → Importeren): superusers only; upload, see what would change
(the dry run), confirm; every POST CSRF-protected."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from regions.models import Activity, Organisation, Partnership, Region
from tests import factories
from tests.test_import_regions import EXAMPLE, NORTH, stored

URL = "/beheer/regions/region/importeren/"
PAYLOAD = re.compile(r'name="regels" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def example() -> SimpleUploadedFile:
    return SimpleUploadedFile("regios.csv", EXAMPLE.read_bytes(), content_type="text/csv")


def check(client, upload, **extra):
    return client.post(URL, {"stap": "controleren", "file": upload, **extra})


def confirm(client, preview, **extra):
    payload = PAYLOAD.search(preview.content.decode()).group(1).replace("&#x27;", "'")
    return client.post(URL, {"stap": "opslaan", "regels": payload, **extra})


@pytest.fixture
def admin_client(client, coalition):
    client.force_login(coalition.superuser)
    return client


def test_the_region_list_links_to_the_import_for_a_superuser(admin_client):
    assert reverse("admin:regions_region_import") == URL
    html = admin_client.get(reverse("admin:regions_region_changelist")).content.decode()
    assert f'href="{URL}"' in html and "Importeren uit een bestand" in html


@pytest.mark.parametrize("who", ["editor", "advisor", "trekker"])
def test_only_superusers_may_open_or_use_the_import(client, coalition, who):
    user = coalition.person(who)
    client.force_login(user)
    before = stored()
    for response in (client.get(URL), check(client, example())):
        if user.is_staff:  # a Redactie editor gets into /beheer/, not into the import
            assert response.status_code == 403
        else:  # no staff: the admin's login page
            assert response.status_code == 302 and "/beheer/login/" in response["Location"]
    assert stored() == before


def test_the_file_field_is_described_by_elements_that_exist(admin_client):
    html = admin_client.get(URL).content.decode()
    references = re.findall(r'aria-describedby="([^"]+)"', html)
    assert references
    for target in " ".join(references).split():
        assert f'id="{target}"' in html, target


def test_anonymous_is_sent_to_the_login(client, guide):
    response = client.get(URL)
    assert response.status_code == 302 and "/beheer/login/" in response["Location"]


def test_upload_preview_then_confirm_saves_with_the_superusers_name_in_the_history(admin_client, coalition):
    page = admin_client.get(URL)
    assert page.status_code == 200
    assert "Soort organisatie" in page.content.decode() and "Er wordt niets verwijderd" in page.content.decode()
    before = stored()
    preview = check(admin_client, example())
    html = preview.content.decode()
    assert preview.status_code == 200, html
    assert stored() == before, "a preview saves nothing"
    assert "Het bestand is in orde. 17 wijzigingen: 2 nieuwe regio&#x27;s" in html
    assert "Er wordt niets verwijderd: regio&#x27;s, organisaties en partners die niet in het bestand staan" in html
    assert "<td>nieuwe partner, trekker</td>" in html
    response = confirm(admin_client, preview)
    assert response.status_code == 302 and response["Location"] == reverse("admin:regions_region_changelist")
    assert Partnership.objects.filter(region__name=NORTH).count() == 4
    assert set(Activity.objects.filter(region__name=NORTH).values_list("actor", flat=True)) == {coalition.superuser.pk}
    page = admin_client.get(response["Location"]).content.decode()
    assert "Geïmporteerd: 17 wijzigingen" in page
    # the same file again: nothing to change, and nothing to confirm
    again = check(admin_client, example()).content.decode()
    assert "0 wijzigingen" in again and "8 regels staan al zo in het portaal" in again
    assert 'name="regels"' not in again and "Er is niets te importeren" in again


def test_an_excel_sheet_is_imported_too(admin_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Regio", "Centrumgemeente", "Organisatie", "Soort organisatie", "Trekker"])
    sheet.append(["Regio Voorbeeld-Oost (fictief)", "Oostdorp", "Gemeente Oostdorp", "Gemeente", "ja"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = check(admin_client, SimpleUploadedFile("regios.xlsx", buffer.getvalue()))
    assert preview.status_code == 200
    assert confirm(admin_client, preview).status_code == 302
    assert Partnership.objects.get(organisation__name="Gemeente Oostdorp").is_trekker


def test_a_bad_file_is_reported_row_by_row_and_nothing_is_saved(admin_client):
    upload = SimpleUploadedFile(
        "regios.csv", b"Regio;Centrumgemeente;Organisatie;Soort organisatie;Trekker\n;A;B;Bakkerij;ja\n"
    )
    before = stored()
    response = check(admin_client, upload)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Er is niets opgeslagen." in html and "2 fouten in het bestand" in html
    assert "<tr><td>2</td><td>Regio</td><td>Vul de naam van de regio in.</td></tr>" in html
    assert "<tr><td>2</td><td>Soort organisatie</td><td>Onbekende soort organisatie" in html
    assert 'name="regels"' not in html
    assert stored() == before


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("regios.pdf", b"%PDF-1.7"), "Kies een CSV-bestand (.csv) of een Excelbestand (.xlsx)."),
        (SimpleUploadedFile("regios.csv", b"Regio;Trekker\nA;ja\n"), "De kolommen &#x27;Centrumgemeente&#x27;"),
        (SimpleUploadedFile("leeg.csv", b""), "Het gekozen bestand is leeg."),
    ],
)
def test_a_file_that_is_not_a_sheet_of_partners_is_refused(admin_client, upload, message):
    response = check(admin_client, upload)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Region.objects.exclude(name__in=["Regio Noordkust", "Regio Zuidwaard"]).exists()


def test_a_changed_or_someone_elses_confirmation_saves_nothing(admin_client, coalition):
    preview = check(admin_client, example())
    payload = PAYLOAD.search(preview.content.decode()).group(1)
    before = stored()
    for forged in ("", payload[:-3] + "abc", "[[2, {}]]"):
        answer = admin_client.post(URL, {"stap": "opslaan", "regels": forged})
        assert answer.status_code == 400
        assert "De controle is verlopen of het formulier is gewijzigd." in answer.content.decode()
    other = factories.make_user(username="andere-beheerder", is_superuser=True)
    admin_client.force_login(other)
    assert admin_client.post(URL, {"stap": "opslaan", "regels": payload}).status_code == 400
    assert stored() == before


def test_the_confirmation_checks_against_the_portal_again(admin_client, coalition):
    preview = check(admin_client, example())
    Organisation.objects.create(name="Welzijn Zuid (fictief)", type=coalition.gemeente.type)  # meanwhile, as a gemeente
    before = stored()
    response = confirm(admin_client, preview)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Er is al een organisatie Welzijn Zuid (fictief) van de soort Gemeente." in html
    assert stored() == before


def test_the_import_refuses_a_post_without_its_csrf_token(coalition):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coalition.superuser)
    before = stored()
    assert check(client, example()).status_code == 403
    token = FORM_TOKEN.search(client.get(URL).content.decode()).group(1)
    preview = check(client, example(), csrfmiddlewaretoken=token)
    assert preview.status_code == 200 and stored() == before
    assert confirm(client, preview).status_code == 403
    assert stored() == before
    token = FORM_TOKEN.search(preview.content.decode()).group(1)
    assert confirm(client, preview, csrfmiddlewaretoken=token).status_code == 302
    assert Region.objects.filter(name=NORTH).exists()
