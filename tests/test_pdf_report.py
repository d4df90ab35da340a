"""The progress report as PDF: what it holds (parsed back), its options, who may download it, and that
it stays offline (no network fetch, whatever a note says) and renders without WeasyPrint errors."""

import datetime
import io
import logging
import re
import shutil
import socket
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from phases.models import ChecklistItem, Phase
from regions.models import Activity, Review, StoredReport, SupportRequest
from regions.report import build_report
from regions.services import partnership_add, partnership_set_role, progress_set, region_set_phase
from tests import factories
from tests.benchmarks.management.commands.bench_pdf import make_large_region
from tests.factories import item, tickable


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with all whitespace removed, so line wrapping never hides a sentence."""
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    else:  # pragma: no cover
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return squash(text)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def figures_alt(reader: PdfReader) -> list:
    """The /Alt of every Figure in the PDF's structure tree (PDF/UA: every figure has one)."""
    found, todo = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        element = todo.pop().get_object()
        if not isinstance(element, dict):
            continue
        if element.get("/S") == "/Figure":
            found.append(element.get("/Alt"))
        kids = element.get("/K")
        todo.extend(kids if isinstance(kids, list) else [kids] if kids is not None else [])
    return found


def report_url(region, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("regions:report_pdf", args=[region.slug]) + (f"?{query}" if query else "")


def download(client, user, region, **params):
    client.force_login(user)
    response = client.get(report_url(region, **params))
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response


def name(user) -> str:
    return user.get_full_name()


def move_history(region, *, days_ago: int, **filters):
    """Date activities back, as if they happened ``days_ago`` days ago."""
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    Activity.objects.filter(region=region, **filters).update(created_at=moment)


# --- What the report holds -----------------------------------------------------------------------------------


def test_report_holds_region_every_checklist_item_partners_and_who_ticked(client, coalition):
    region = coalition.region
    progress_set(region=region, item=item(1, 0), user=coalition.trekker_user, done=True, note="In de stuurgroep.")
    progress_set(
        region=region, item=tickable(3, 2), user=coalition.partner_user, done=True, link="https://example.org/a"
    )
    text = pdf_text(download(client, coalition.trekker_user, region).content)
    for expected in [region.name, region.centrumgemeente, "Fase3·Coalitievorming", "2vande35checklistpunten"]:
        assert squash(expected) in text
    for point in ChecklistItem.objects.all():
        assert squash(point.text) in text, point.text
    for organisation in (coalition.gemeente, coalition.corporatie):
        assert squash(organisation.name) in text
    assert squash("Wij leveren woningen.") in text  # the role in the organisation's own words
    assert squash(f"Afgerond door {name(coalition.trekker_user)}") in text
    assert squash(f"Afgerond door {name(coalition.partner_user)}") in text
    assert squash("In de stuurgroep.") in text and "https://example.org/a" in text
    assert coalition.zorg.name.replace(" ", "") not in text  # a partner of another region only


def test_report_holds_reviews_open_support_requests_and_recent_activity(client, coalition):
    region = coalition.region
    Review.objects.create(region=region, author=coalition.advisor, text="Betrek de corporaties eerder.")
    SupportRequest.objects.create(
        region=region,
        kind=SupportRequest.Kind.JURIDISCH,
        description="Vraag over de verordening.",
        requested_by=coalition.trekker_user,
    )
    SupportRequest.objects.create(
        region=region,
        kind=SupportRequest.Kind.KEUZES,
        description="Al beantwoord.",
        requested_by=coalition.trekker_user,
        status=SupportRequest.Status.CLOSED,
        closed_at=timezone.now(),
    )
    progress_set(region=region, item=item(3, 0), user=coalition.trekker_user, done=True)
    text = pdf_text(download(client, coalition.advisor, region).content)
    assert squash("Betrek de corporaties eerder.") in text
    assert squash("Vraag over de verordening.") in text and squash("Inhoudelijk advies rond juridische") in text
    assert squash("Al beantwoord.") not in text  # closed: not open any more
    assert squash(f"Punt afgevinkt: {item(3, 0).text}") in text


def test_table_captions_stand_above_their_tables(client, coalition):
    """A caption above its table can never be left alone at the top of the report's last page."""
    progress_set(region=coalition.region, item=item(3, 0), user=coalition.trekker_user, done=True)
    text = pdf_text(download(client, coalition.trekker_user, coalition.region).content)
    partners = text.index(squash("Partners en hun rol"))
    assert text.index(squash("de trekkers zijn gemarkeerd"), partners) < text.index(squash("Partner sinds"), partners)
    activity = text.index(squash("Recente activiteit"))
    assert text.index(squash("meest recente wijzigingen"), activity) < text.index(squash("Datum Door Wat"), activity)


def test_title_page_says_how_long_the_region_is_in_its_phase(client, guide):
    region = factories.make_region(phase=3, started_on=timezone.localdate() - datetime.timedelta(days=430))
    user = factories.make_user(organisations=[factories.make_partner(region=region, is_trekker=True)])
    text = pdf_text(download(client, user, region).content)
    assert squash("dat is 14 maanden. Gebruikelijke duur volgens de gids: 6 tot 12 maanden.") in text
    assert squash("Langer dan gebruikelijk.") in text


def test_metadata_title_language_tags_a4_and_page_numbers(client, coalition):
    pdf = download(client, coalition.trekker_user, coalition.region).content
    reader = PdfReader(io.BytesIO(pdf))
    today = timezone.localdate()
    assert reader.metadata.title.startswith(f"Voortgang {coalition.region.name} op {today.day} ")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl"
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root  # tagged
    assert b"pdfuaid" in root["/Metadata"].get_object().get_data()  # identifies itself as PDF/UA
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    alts = figures_alt(reader)
    assert len(alts) >= 13 and all(alts), alts  # the journey, the time bar and the bars per phase
    assert "Fase 3: 0 van 5 punten afgerond, huidige fase" in alts
    pages = len(reader.pages)
    assert pages >= 3
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = pdf_text(pdf)
    for number in range(1, pages + 1):
        assert f"pagina{number}van{pages}" in text
    assert squash(coalition.region.name) in text


def test_file_name_holds_region_and_date(client, coalition, no_conversion):
    response = download(client, coalition.trekker_user, coalition.region)
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="voortgang-{coalition.region.slug}-{today}.pdf"'
    assert "no-store" in response["Cache-Control"]
    response = download(client, coalition.trekker_user, coalition.region, datum="2025-03-31")
    assert response["Content-Disposition"].endswith(f'filename="voortgang-{coalition.region.slug}-2025-03-31.pdf"')


# --- Options: a past date and the short version --------------------------------------------------------------


def test_past_date_report_shows_the_state_the_history_gives(client, coalition):
    region, trekker = coalition.region, coalition.trekker_user
    region.partnerships.update(since=datetime.date(2024, 1, 1))
    first, second = item(3, 0), item(3, 1)
    progress_set(region=region, item=first, user=trekker, done=True, note="Oude toelichting")
    move_history(region, days_ago=20)
    progress_set(region=region, item=first, user=trekker, note="Nieuwe toelichting")
    progress_set(region=region, item=second, user=trekker, done=True)
    region_set_phase(region=region, phase=Phase.objects.get(number=4), started_on=timezone.localdate(), user=trekker)
    newcomer = factories.make_organisation(type_slug="zorg-welzijn", name="Stichting Later Erbij")
    partnership_add(region=region, organisation=newcomer, user=trekker)
    partnership = region.partnerships.get(organisation=coalition.corporatie)
    partnership_set_role(partnership=partnership, role="Een nieuwe rolbeschrijving.", user=coalition.partner_user)
    region.refresh_from_db()
    past = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()

    now_text = pdf_text(download(client, trekker, region).content)
    then_text = pdf_text(download(client, trekker, region, datum=past).content)

    assert squash("Nieuwe toelichting") in now_text and squash("Oude toelichting") not in now_text
    assert squash("Oude toelichting") in then_text and squash("Nieuwe toelichting") not in then_text
    assert "2vande35checklistpunten" in now_text and "1vande35checklistpunten" in then_text
    assert "Fase4·Concretisering" in now_text and "Fase3·Coalitievorming" in then_text
    assert squash("Stichting Later Erbij") in now_text and squash("Stichting Later Erbij") not in then_text
    assert squash("Een nieuwe rolbeschrijving.") in now_text
    assert squash("Wij leveren woningen.") in then_text and squash("Een nieuwe rolbeschrijving.") not in then_text
    day = datetime.date.fromisoformat(past)
    assert squash(f"Stand op {day.day}") in then_text and "(eindevandedag)" in then_text

    report = build_report(region, date=day)
    states = {state.item: state for phase in report.phases for state in phase.items}
    assert states[first].done and states[first].done_by == name(trekker) and not states[second].done


def test_past_date_before_anything_happened_shows_an_empty_checklist(coalition):
    progress_set(region=coalition.region, item=item(1, 0), user=coalition.trekker_user, done=True)
    report = build_report(coalition.region, date=timezone.localdate() - datetime.timedelta(days=1))
    assert report.done == 0 and report.is_past


def test_short_version_has_only_the_current_phase(client, coalition):
    response = download(client, coalition.trekker_user, coalition.region, kort=1)
    text = pdf_text(response.content)
    assert "kortevers" in text.lower()
    for point in ChecklistItem.objects.select_related("phase"):
        assert (squash(point.text) in text) == (point.phase.number == 3), point.text
    assert PdfReader(io.BytesIO(response.content)).metadata.title.endswith("(korte versie)")
    full = pdf_text(download(client, coalition.trekker_user, coalition.region, kort=0).content)
    assert squash(item(1, 0).text) in full


@pytest.mark.parametrize(
    ("datum", "message"),
    [
        ("31-03-2025", "Vul een geldige datum in"),
        ("2025-02-30", "Vul een geldige datum in"),
        ("gisteren", "Vul een geldige datum in"),
        ("2999-01-01", "kan niet in de toekomst liggen"),
    ],
)
def test_bad_date_gives_a_dutch_message_not_an_error(client, coalition, datum, message):
    client.force_login(coalition.trekker_user)
    response = client.get(report_url(coalition.region, datum=datum))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert message in content and 'name="datum"' in content


def test_empty_date_means_today(client, coalition, no_conversion):
    response = download(client, coalition.trekker_user, coalition.region, datum="")
    assert timezone.localdate().isoformat() in response["Content-Disposition"]


# --- Access: as for the region page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("partner_user", 200), ("trekker_user", 200), ("advisor", 200), ("other_user", 404), ("editor", 404)],
)
def test_access_as_for_the_region_page(client, coalition, who, status, no_conversion):
    client.force_login(getattr(coalition, who))
    assert client.get(report_url(coalition.region)).status_code == status


def test_anonymous_is_sent_to_login(client, coalition):
    response = client.get(report_url(coalition.region))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unknown_region_and_post_are_refused(client, coalition):
    client.force_login(coalition.advisor)
    assert client.get(reverse("regions:report_pdf", args=["bestaat-niet"])).status_code == 404
    assert client.post(report_url(coalition.region)).status_code == 405


def test_region_page_offers_the_download_with_options(client, coalition):
    for user in (coalition.trekker_user, coalition.advisor):
        client.force_login(user)
        content = client.get(coalition.region.get_absolute_url()).content.decode()
        assert f'action="{report_url(coalition.region)}"' in content
        assert 'name="datum"' in content and 'name="kort"' in content
        assert "Download voortgangsrapport (PDF)" in content


# --- Offline and clean ---------------------------------------------------------------------------------------


def test_note_with_remote_image_reaches_no_network(client, coalition, monkeypatch, caplog):
    remote = '<img src="http://127.0.0.1:9/spion.png"><link rel="stylesheet" href="https://example.org/x.css">'
    progress_set(
        region=coalition.region,
        item=item(3, 0),
        user=coalition.trekker_user,
        done=True,
        note=remote,
        link="http://example.org/verslag",
    )
    client.force_login(coalition.trekker_user)  # before the network is cut: sessions may need a connection

    def no_network(*args, **kwargs):
        pytest.fail(f"the PDF renderer tried to open a network connection: {args}")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    caplog.set_level(logging.DEBUG, logger="weasyprint")
    response = client.get(report_url(coalition.region))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert squash(remote) in text  # shown as text, never as an element
    assert not [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING]


def test_weasyprint_logs_no_errors_for_a_full_report(client, coalition, caplog):
    region = coalition.region
    for point in ChecklistItem.objects.all()[:8]:
        progress_set(
            region=region,
            item=point,
            user=coalition.trekker_user,
            done=True,
            note="Toelichting",
            link="https://example.org/d",
        )
    Review.objects.create(region=region, author=coalition.advisor, text="Advies.")
    caplog.set_level(logging.DEBUG, logger="weasyprint")
    for params in ({}, {"kort": 1}, {"datum": "2025-01-01"}):
        download(client, coalition.trekker_user, region, **params)
    problems = [
        r.getMessage() for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= logging.WARNING
    ]
    assert problems == []


def test_unchanged_report_is_converted_once_and_a_tick_makes_a_new_one(client, coalition, conversions):
    region = coalition.region
    first = download(client, coalition.trekker_user, region).content
    assert download(client, coalition.advisor, region).content == first  # same content, whoever asks
    assert len(conversions) == 1
    assert bytes(StoredReport.objects.get(region=region).pdf) == first  # kept in the database, for every machine
    progress_set(region=region, item=item(3, 0), user=coalition.trekker_user, done=True, note="Net besloten.")
    changed = download(client, coalition.trekker_user, region).content
    assert len(conversions) == 2 and changed != first
    assert "Net besloten." in conversions[1] and "Net besloten." not in conversions[0]
    download(client, coalition.trekker_user, region, kort=1)
    assert len(conversions) == 3  # another option is another document


# --- Constant queries ------------------------------------------------------------------------------------------


def count_queries(client, region, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(report_url(region, **params)).status_code == 200
    return len(queries)


@pytest.mark.parametrize("params", [{}, {"datum": "2025-06-30"}, {"kort": 1}])
def test_queries_do_not_grow_with_history_partners_or_ticks(
    client, coalition, django_assert_max_num_queries, params, no_conversion
):
    client.force_login(coalition.advisor)
    count_queries(client, coalition.other_region)  # the first request also loads what every request caches
    small = count_queries(client, coalition.region, **params)
    large = make_large_region(partners=20, history=1000)
    assert count_queries(client, large, **params) == small
    with django_assert_max_num_queries(19):  # the key figures, the obstacles and the actions, also on a past date
        client.get(report_url(large, **params))


# --- No e-mail addresses ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("past", [False, True])
def test_report_names_people_and_holds_no_email_address(client, coalition, past):
    """A report goes to a bestuurder or the raad: people appear by name, whatever the history holds (invitations
    with addresses, someone known only by an address) and whatever was typed into a note, a role or advice."""
    region, trekker = coalition.region, coalition.trekker_user
    client.force_login(coalition.partner_user)  # the corporatie invites its own colleagues
    invite = reverse("regions:invite", args=[region.slug])
    organisation = coalition.corporatie.pk
    client.post(invite, {"email": "nina.nieuw@example.org", "organisation": organisation, "first_name": "Nina"})
    client.post(invite, {"email": "zonder.naam@example.org", "organisation": organisation})
    client.force_login(trekker)
    piet = factories.make_user(
        username="piet@example.org", first_name="", last_name="", organisations=[coalition.corporatie]
    )
    progress_set(region=region, item=item(3, 0), user=piet, done=True, note="Verslag bij piet@example.org opvragen.")
    partnership_set_role(
        partnership=region.partnerships.get(organisation=coalition.corporatie),
        role="Mail wonen@corporatie.nl",
        user=piet,
    )
    Review.objects.create(region=region, author=coalition.advisor, text="Bel adviseur@vng.example.nl even.")
    SupportRequest.objects.create(
        region=region, kind=SupportRequest.Kind.KEUZES, description="Vraag via x@y.nl", requested_by=piet
    )
    assert Activity.objects.filter(region=region, kind=Activity.Kind.INVITED).count() == 2
    params = {}
    if past:
        move_history(region, days_ago=2)
        params["datum"] = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    text = pdf_text(download(client, trekker, region, **params).content)
    assert "@" not in text
    assert squash(f"Collega uitgenodigd voor {coalition.corporatie.name}: Nina") in text
    assert squash(f"Collega uitgenodigd voor {coalition.corporatie.name}: zonder.naam") in text
    assert squash("Afgerond door piet") in text
    assert squash("Verslag bij [e-mailadres] opvragen.") in text


def test_a_past_date_before_the_region_existed_says_so(client, coalition):
    region = coalition.region
    type(region).objects.filter(pk=region.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    day = (timezone.localdate() - datetime.timedelta(days=60)).isoformat()
    text = pdf_text(download(client, coalition.trekker_user, region, datum=day).content)
    assert squash(f"Op die dag stond {region.name} nog niet in het portaal") in text
    later = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    assert squash("nog niet in het portaal") not in pdf_text(
        download(client, coalition.trekker_user, region, datum=later).content
    )
