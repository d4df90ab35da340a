"""The region's own data out: checklist state and history as CSV for Excel and as JSON."""

import csv
import datetime
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from phases.models import Phase
from regions.models import Activity, Partnership
from regions.services import partnership_set_role, partnership_set_trekker, progress_set, region_set_phase
from tests.factories import item


def export_url(region, what, fmt):
    return reverse(f"regions:export_{what}_{fmt}", args=[region.slug])


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def ticked(coalition):
    region, user = coalition.region, coalition.partner_user
    progress_set(
        region=region,
        item=item(3, 0),
        user=user,
        done=True,
        note="Besproken; zie verslag",
        link="https://example.org/a",
    )
    progress_set(region=region, item=item(1, 2), user=user, done=True)
    progress_set(region=region, item=item(5, 0), user=user, note='=HYPERLINK("https://kwaad.example")')
    return region


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark: Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_checklist_csv_opens_in_excel(client, coalition, ticked):
    client.force_login(coalition.partner_user)
    response = client.get(export_url(ticked, "checklist", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="checklist-{ticked.slug}-')
    rows = read_csv(body(response))
    assert rows[0][:5] == ["Fase", "Fasenaam", "Volgorde", "Checklistpunt", "Afgerond"]
    assert len(rows) == 1 + 35  # every item of the six phases
    by_text = {row[3]: row for row in rows[1:]}
    first = by_text[item(3, 0).text]
    assert first[0] == "3" and first[4] == "ja" and first[5].startswith("Test Persoon")
    assert first[7] == "Besproken; zie verslag" and first[8] == "https://example.org/a"
    assert by_text[item(2, 0).text][4] == "nee"
    assert by_text[item(5, 0).text][7] == '\'=HYPERLINK("https://kwaad.example")'  # no formula in Excel


def test_checklist_json(client, coalition, ticked):
    client.force_login(coalition.advisor)
    response = client.get(export_url(ticked, "checklist", "json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["regio"] == {"naam": "Regio Noordkust", "slug": ticked.slug}
    assert len(data["punten"]) == 35
    done = [p for p in data["punten"] if p["afgerond"]]
    assert {(p["fase"], p["punt"]) for p in done} == {(3, item(3, 0).text), (1, item(1, 2).text)}
    assert "Besproken; zie verslag" in {p["toelichting"] for p in done}


def test_activity_csv_and_json(client, coalition, ticked):
    client.force_login(coalition.trekker_user)
    rows = read_csv(body(client.get(export_url(ticked, "activiteit", "csv"))))
    assert rows[0] == [
        "Datum en tijd",
        "Wie",
        "Soort",
        "Fase",
        "Checklistpunt",
        "Organisatie",
        "Omschrijving",
        "Voor",
        "Na",
    ]
    assert len(rows) == 1 + Activity.objects.filter(region=ticked).count()
    assert rows[1][2] == "Punt afgevinkt" and rows[1][3] == "3"
    assert (rows[1][7], rows[1][8]) == ("niet afgevinkt", "afgevinkt")
    data = json.loads(client.get(export_url(ticked, "activiteit", "json")).content)
    entries = data["activiteiten"]
    assert len(entries) == len(rows) - 1
    assert entries[0]["soort"] == "Punt afgevinkt" and entries[0]["na"]["note"] == "Besproken; zie verslag"


@pytest.mark.parametrize("what", ["checklist", "activiteit"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_access_as_the_region_page(client, coalition, ticked, what, fmt):
    url = export_url(ticked, what, fmt)
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(coalition.other_user)
    assert client.get(url).status_code == 404
    client.force_login(coalition.advisor)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("history", [10, 2000])
def test_export_queries_do_not_grow(client, coalition, django_assert_num_queries, history):
    region, point = coalition.region, item(3, 0)
    Activity.objects.bulk_create(
        Activity(
            region=region, actor=coalition.partner_user, kind="tick", item=point, phase_id=point.phase_id, summary="x"
        )
        for _ in range(history)
    )
    client.force_login(coalition.partner_user)
    client.get(reverse("regions:activity", args=[region.slug]))
    with django_assert_num_queries(7):  # session, user, region, permissions (2), the phases' names, the history
        data = body(client.get(export_url(region, "activiteit", "csv")))
    assert data.count(b"\r\n") == history + 1
    with django_assert_num_queries(7):  # session, user, region, permissions (2), progress rows, items
        body(client.get(export_url(region, "checklist", "csv")))


MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")  # what Excel reads as a date and time


def test_activity_csv_reads_as_plain_dutch_with_dates_excel_reads(client, coalition, ticked):
    region, trekker = ticked, coalition.trekker_user
    progress_set(region=region, item=item(3, 0), user=trekker, done=False)
    partnership_set_role(
        partnership=Partnership.objects.get(organisation=coalition.gemeente), role="Wij trekken.", user=trekker
    )
    region_set_phase(
        region=region, phase=Phase.objects.get(number=4), started_on=datetime.date(2025, 3, 1), user=trekker
    )
    partnership_set_trekker(
        partnership=Partnership.objects.get(organisation=coalition.corporatie), is_trekker=True, user=trekker
    )
    client.force_login(trekker)
    rows = read_csv(body(client.get(export_url(region, "activiteit", "csv"))))[1:]
    changes = {(row[2], row[7], row[8]) for row in rows}
    assert ("Punt afgevinkt", "niet afgevinkt", "afgevinkt") in changes
    assert ("Vinkje weggehaald", "afgevinkt", "niet afgevinkt") in changes
    assert ("Toelichting gewijzigd", "toelichting: (leeg)", "toelichting: Besproken; zie verslag") in changes
    assert ("Rol gewijzigd", "rol: (leeg)", "rol: Wij trekken.") in changes
    assert ("Trekkerschap gewijzigd", "trekker: nee", "trekker: ja") in changes
    assert (
        "Fase gewijzigd",
        f"fase: Fase 3 Coalitievorming; begonnen op: {coalition.region.phase_started_on:%d-%m-%Y}",
        "fase: Fase 4 Concretisering; begonnen op: 01-03-2025",
    ) in changes
    for row in rows:
        assert MOMENT.match(row[0]), row[0]
        assert "{" not in row[7] + row[8] and "}" not in row[7] + row[8]  # no JSON
    first = Activity.objects.filter(region=region).order_by("created_at", "id").first()
    assert rows[0][0] == timezone.localtime(first.created_at).strftime("%Y-%m-%d %H:%M")

    checklist = read_csv(body(client.get(export_url(region, "checklist", "csv"))))
    ticked_row = next(row for row in checklist[1:] if row[3] == item(1, 2).text)
    assert MOMENT.match(ticked_row[6]) and MOMENT.match(ticked_row[10])


def test_activity_json_keeps_the_structured_form(client, coalition, ticked):
    client.force_login(coalition.trekker_user)
    data = json.loads(client.get(export_url(ticked, "activiteit", "json")).content)
    first = data["activiteiten"][0]
    assert first["voor"]["done"] is False and first["na"]["done"] is True
    assert datetime.datetime.fromisoformat(first["tijdstip"]).utcoffset() is not None  # ISO 8601 with its offset
    checklist = json.loads(client.get(export_url(ticked, "checklist", "json")).content)
    done = next(p for p in checklist["punten"] if p["afgerond"])
    assert datetime.datetime.fromisoformat(done["afgevinkt_op"]).utcoffset() is not None
