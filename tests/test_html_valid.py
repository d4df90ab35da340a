"""HTML the Nu HTML Checker accepts, checked without a browser: ``<time datetime="…">`` values as the standard
writes them (to the second, never six digits of fractions) and htmx's attributes in their valid ``data-hx-*``
spelling. The browser tests run the checker itself on every page they visit (tests/browser/conftest.py)."""

import datetime
import re
from pathlib import Path

from django.test import Client

from regions.services import progress_set, review_create
from regions.templatetags.html_time import html_datetime
from tests.factories import item

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HTML_DATETIME = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d[+-]\d\d:\d\d)?")


def test_html_datetime_is_local_time_to_the_second():
    moment = datetime.datetime(2026, 3, 1, 13, 5, 9, 123456, tzinfo=datetime.UTC)
    assert html_datetime(moment) == "2026-03-01T14:05:09+01:00"
    assert html_datetime(datetime.date(2026, 3, 1)) == "2026-03-01"
    assert html_datetime(None) == ""


def test_every_time_element_on_the_pages_carries_a_valid_datetime(coalition):
    point = item(3, 0)
    progress_set(region=coalition.region, item=point, user=coalition.partner_user, done=True)
    review_create(region=coalition.region, user=coalition.advisor, text="Goed bezig.")
    client = Client()
    client.force_login(coalition.advisor)
    slug = coalition.region.slug
    pages = [f"/regios/{slug}/", f"/regios/{slug}/fasen/3/", f"/regios/{slug}/activiteit/", "/versnellingsteam/"]
    seen = []
    for url in pages:
        html = client.get(url).content.decode()
        values = re.findall(r'<time datetime="([^"]*)"', html)
        assert values, url
        seen += values
    assert all(HTML_DATETIME.fullmatch(value) for value in seen), seen


def test_templates_write_htmx_attributes_as_data_hx():
    for template in TEMPLATES.rglob("*.html"):
        found = re.findall(r"\shx-[a-z-]+=", template.read_text())
        assert not found, f"{template.relative_to(TEMPLATES)}: {found} (write data-hx-…)"


def test_a_date_field_never_holds_text_that_is_no_date(coalition):
    """``<input type="date">`` takes only a date as its value; the error says what was wrong."""
    client = Client()
    client.force_login(coalition.partner_user)
    response = client.get(f"/regios/{coalition.region.slug}/fasen/3/?datum=morgen")
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="morgen"' not in html and "Vul een geldige datum in, zoals 2025-03-31." in html
    assert re.search(r'<input type="date" name="datum"[^>]*>', html)


def test_the_admins_partner_rows_describe_their_fields_with_elements_that_exist(client, coalition):
    """A tabular inline's help text is in its column header, not an aria-describedby to nothing."""
    client.force_login(coalition.superuser)
    html = client.get("/beheer/regions/region/add/").content.decode()
    for reference in re.findall(r'aria-describedby="([^"]+)"', html):
        for target in reference.split():
            assert f'id="{target}"' in html, target
    assert "Geen persoonsgegevens van cliënten of bewoners" in html
