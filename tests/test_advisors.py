"""The Versnellingsteam's overview: access, the signals on their edge dates, filters, sorting, summary, queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phases.models import Phase
from regions.models import Activity, ChecklistProgress, Partnership, Region, SupportRequest
from regions.selectors.durations import is_over_duration
from regions.selectors.overview import Filters, add_months, region_overview
from regions.services import review_create, support_request_create, support_request_take
from tests import factories

URL = "/versnellingsteam/"
TODAY = datetime.date(2026, 6, 15)


def at(day: datetime.date, hour=12, minute=0) -> datetime.datetime:
    """A moment on ``day`` in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def full_coalition(region):
    for slug in ("gemeente", "woningcorporatie", "zorg-welzijn"):
        factories.make_partner(region=region, type_slug=slug, is_trekker=slug == "gemeente")


def quiet_region(*, phase=3, started_on=TODAY - datetime.timedelta(days=30), **kwargs):
    """A region without any signal on TODAY: complete coalition, recent activity, in time."""
    region = factories.make_region(phase=phase, started_on=started_on, **kwargs)
    full_coalition(region)
    Region.objects.filter(pk=region.pk).update(created_at=at(TODAY - datetime.timedelta(days=5)))
    return Region.objects.get(pk=region.pk)


def signals_of(region, today=TODAY) -> list[str]:
    rows = {row.region.pk: row for row in region_overview(today=today).rows}
    return [signal.key for signal in rows[region.pk].signals]


def advisor_client(coalition):
    client = Client()
    client.force_login(coalition.advisor)
    return client


# --- Access ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", [None, "trekker_user", "partner_user", "other_user", "editor"])
@pytest.mark.parametrize(
    "url", [URL, "/versnellingsteam/export.csv", "/versnellingsteam/hulpvragen/", "/regios/{slug}/advies/nieuw/"]
)
def test_only_advisors_see_the_workspace_everyone_else_gets_404(coalition, who, url):
    client = Client()
    if who:
        client.force_login(getattr(coalition, who))
    assert client.get(url.format(slug=coalition.region.slug)).status_code == 404


@pytest.mark.parametrize("who", ["advisor", "superuser"])
def test_advisors_see_every_region(coalition, who):
    client = Client()
    client.force_login(getattr(coalition, who))
    response = client.get(URL)
    assert response.status_code == 200
    assert "Regio Noordkust" in response.content.decode() and "Regio Zuidwaard" in response.content.decode()


def test_the_overview_is_read_only(coalition):
    assert advisor_client(coalition).post(URL).status_code == 405


# --- Signals on their edge dates (today passed in: a frozen clock) -------------------------------------------


def test_over_duration_only_after_more_whole_months_than_the_maximum(guide):
    start = datetime.date(2025, 1, 31)
    region = quiet_region(phase=3, started_on=start)  # typical 6 to 12 months
    last_quiet_day = datetime.date(2026, 2, 28)  # 12 whole months and 28 days: not over yet
    first_signal_day = datetime.date(2026, 3, 1)  # 13 whole months: over the maximum of 12
    Activity.objects.create(region=region, kind=Activity.Kind.TICK, summary="x", created_at=at(last_quiet_day))
    assert signals_of(region, today=last_quiet_day) == []
    assert signals_of(region, today=first_signal_day) == ["duur"]


def test_over_duration_in_the_database_agrees_with_the_region_page_day_by_day(guide):
    """The overview's SQL edge and regions.selectors.durations.is_over_duration say the same for every start and day."""
    starts = [datetime.date(2025, 12, 25) + datetime.timedelta(days=n) for n in range(70)]  # across month ends
    regions = [quiet_region(phase=2, started_on=start) for start in starts]  # typical 3 to 6 months
    for today in [datetime.date(2026, 7, 20) + datetime.timedelta(days=n) for n in range(0, 75, 3)]:
        Activity.objects.all().delete()
        overview = region_overview(filters=Filters(signal="duur"), today=today, per_page=None)
        flagged = {row.region.pk for row in overview.rows}
        for region in regions:
            assert (region.pk in flagged) == is_over_duration(region, today), (region.phase_started_on, today)


def test_ongoing_phase_six_is_never_over_duration(guide):
    region = quiet_region(phase=6, started_on=TODAY - datetime.timedelta(days=3000))
    assert "duur" not in signals_of(region)


def test_no_activity_signal_from_the_ninetieth_day(guide, settings):
    settings.WONEN_EERST_INACTIVITY_DAYS = 90
    region = quiet_region()
    last = TODAY - datetime.timedelta(days=90)
    Activity.objects.create(region=region, kind=Activity.Kind.TICK, summary="x", created_at=at(last, 23, 59))
    assert signals_of(region, today=TODAY - datetime.timedelta(days=1)) == []  # 89 days
    assert signals_of(region, today=TODAY) == ["stil"]  # 90 days


def test_without_any_activity_the_creation_date_counts(guide):
    region = quiet_region()
    Region.objects.filter(pk=region.pk).update(created_at=at(TODAY - datetime.timedelta(days=89), 0, 0))
    assert signals_of(region) == []
    Region.objects.filter(pk=region.pk).update(created_at=at(TODAY - datetime.timedelta(days=90), 23, 59))
    assert signals_of(region) == ["stil"]


def test_the_teams_own_steps_are_not_the_regions_activity(coalition):
    """Advice and an advisor taking a request do not silence the signal; the region asking for help does."""
    region = coalition.region
    factories.make_partner(region=region, type_slug="zorg-welzijn")
    Region.objects.filter(pk=region.pk).update(created_at=at(TODAY - datetime.timedelta(days=200)))
    today = timezone.localdate()
    old = timezone.now() - datetime.timedelta(days=120)
    Activity.objects.create(region=region, kind=Activity.Kind.TICK, summary="x", created_at=old)
    Region.objects.filter(pk=region.pk).update(phase_started_on=today - datetime.timedelta(days=30))
    review_create(region=region, user=coalition.advisor, text="Advies")
    assert signals_of(region, today=today) == ["stil"]
    request = support_request_create(region=region, user=coalition.partner_user, kind="draagvlak", description="Hulp")
    assert signals_of(region, today=today) == []
    Activity.objects.filter(kind=Activity.Kind.SUPPORT).update(created_at=old)
    support_request_take(support_request=request, user=coalition.advisor)
    assert signals_of(region, today=today) == ["stil"]


def test_missing_required_partner_types_are_named(guide):
    region = factories.make_region(phase=2, started_on=TODAY - datetime.timedelta(days=10))
    Activity.objects.create(region=region, kind=Activity.Kind.TICK, summary="x", created_at=at(TODAY))
    factories.make_partner(region=region, type_slug="gemeente", is_trekker=True)
    factories.make_partner(region=region, type_slug="politie-veiligheid")
    row = region_overview(today=TODAY).rows[0]
    assert [s.key for s in row.signals] == ["partners"]
    assert [text for _, text in row.signal_texts] == ["Geen woningcorporatie", "Geen zorg- en welzijnsorganisatie"]
    factories.make_partner(region=region, type_slug="woningcorporatie")
    assert [text for _, text in region_overview(today=TODAY).rows[0].signal_texts] == [
        "Geen zorg- en welzijnsorganisatie"
    ]
    factories.make_partner(region=region, type_slug="zorg-welzijn")
    assert region_overview(today=TODAY).rows[0].signals == []


def test_support_request_waiting_signal_after_more_than_fourteen_days(coalition, settings):
    settings.WONEN_EERST_SUPPORT_WAITING_DAYS = 14
    region = quiet_region()
    asked_on = TODAY - datetime.timedelta(days=15)
    request = SupportRequest.objects.create(
        region=region, kind="juridisch", description="x", requested_by=coalition.partner_user, created_at=at(asked_on)
    )
    Activity.objects.create(region=region, kind=Activity.Kind.TICK, summary="x", created_at=at(TODAY))
    assert signals_of(region, today=TODAY - datetime.timedelta(days=1)) == []  # 14 days: not more than 14
    assert signals_of(region, today=TODAY) == ["hulpvraag"]  # 15 days
    SupportRequest.objects.filter(pk=request.pk).update(created_at=at(asked_on, 23, 59))
    assert signals_of(region, today=TODAY) == ["hulpvraag"]
    SupportRequest.objects.filter(pk=request.pk).update(status=SupportRequest.Status.IN_PROGRESS)
    assert signals_of(region, today=TODAY) == []


# --- The table: columns, heatmap, summary, filters, sorting --------------------------------------------------


def test_heatmap_cells_say_done_of_total_in_text(coalition):
    for index in range(3):
        ChecklistProgress.objects.create(region=coalition.region, item=factories.item(phase=1, index=index), done=True)
    ChecklistProgress.objects.create(region=coalition.region, item=factories.item(phase=1, index=3), done=False)
    html = advisor_client(coalition).get(URL + "?q=Noordkust").content.decode()
    assert "3/6" in html and "0/5" in html
    assert "(huidige fase)" in html  # the current phase is marked in words, not only by a frame


def test_row_shows_months_range_last_activity_and_open_requests(coalition):
    region = coalition.region
    Region.objects.filter(pk=region.pk).update(phase_started_on=add_months(timezone.localdate(), -7))
    support_request_create(region=region, user=coalition.partner_user, kind="keuzes", description="Vraag")
    row = next(r for r in region_overview().rows if r.region.pk == region.pk)
    assert row.months == 7 and row.open_requests == 1 and row.last_active == timezone.localdate()
    assert [(cell.phase.number, cell.is_current) for cell in row.cells] == [(n, n == 3) for n in range(1, 7)]
    html = advisor_client(coalition).get(URL).content.decode()
    assert "7 mnd" in html and "typisch 6–12" in html


def test_summary_counts_regions_per_phase_and_with_a_signal(coalition):
    overview = region_overview()
    per_phase = {phase.number: count for phase, count in overview.per_phase}
    assert per_phase == {1: 0, 2: 1, 3: 1, 4: 0, 5: 0, 6: 0}
    assert overview.total == 2 and overview.with_signal == 2  # each coalition misses a required partner type
    assert {key: count for key, _, count in overview.per_signal}["partners"] == 2


def test_filters_by_phase_signal_and_text(coalition):
    factories.make_partner(region=coalition.region, type_slug="zorg-welzijn")  # Noordkust complete
    client = advisor_client(coalition)

    def names(query):
        html = client.get(URL + query).content.decode()
        return [name for name in ("Regio Noordkust", "Regio Zuidwaard") if f">{name}</a>" in html]

    assert names("") == ["Regio Noordkust", "Regio Zuidwaard"]
    assert names("?fase=3") == ["Regio Noordkust"]
    assert names("?signaal=partners") == ["Regio Zuidwaard"]
    assert names("?signaal=een") == ["Regio Zuidwaard"]
    assert names("?q=zuid") == ["Regio Zuidwaard"]
    assert names(f"?q={coalition.corporatie.name}") == ["Regio Noordkust"]  # a partner's name
    assert names("?fase=9&signaal=onzin&sorteer=kwijt") == ["Regio Noordkust", "Regio Zuidwaard"]  # ignored


def test_sorting_and_aria_sort(coalition):
    client = advisor_client(coalition)
    html = client.get(URL + "?sorteer=-naam").content.decode()
    assert html.index(">Regio Zuidwaard<") < html.index(">Regio Noordkust<")
    assert 'aria-sort="descending"' in html
    html = client.get(URL + "?sorteer=fase").content.decode()
    assert html.index(">Regio Zuidwaard<") < html.index(">Regio Noordkust<")  # phase 2 before phase 3
    for key in ("duur", "activiteit", "hulpvragen", "signalen", "-signalen"):
        assert client.get(URL + f"?sorteer={key}").status_code == 200


def test_htmx_gets_the_table_fragment_with_the_sort_state(coalition):
    response = advisor_client(coalition).get(URL + "?fase=2&sorteer=-naam", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and 'id="overzicht"' in html
    assert 'id="sorteer-staat" data-hx-swap-oob="true"' in html and 'value="-naam"' in html
    assert "Regio Zuidwaard" in html and "Regio Noordkust" not in html
    assert "HX-Request" in response["Vary"]


def test_full_page_keeps_the_filters_in_the_form(coalition):
    html = advisor_client(coalition).get(URL + "?fase=2&signaal=stil&q=zuid").content.decode()
    assert '<option value="2" selected>' in html and '<option value="stil" selected>' in html
    assert 'name="q" value="zuid"' in html
    assert "/versnellingsteam/export.csv?fase=2&amp;signaal=stil&amp;q=zuid" in html  # the CSV of this view


# --- CSV export --------------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())  # BOM: spreadsheets read UTF-8
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_parses_back_with_the_same_filters(coalition):
    ChecklistProgress.objects.create(region=coalition.region, item=factories.item(phase=1, index=0), done=True)
    support_request_create(region=coalition.region, user=coalition.partner_user, kind="draagvlak", description="x")
    response = advisor_client(coalition).get("/versnellingsteam/export.csv?fase=3")
    assert "attachment" in response["Content-Disposition"] and ".csv" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header[:3] == ["Regio", "Centrumgemeente", "Fase"] and header[-1] == "Signalen"
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Regio"] == "Regio Noordkust" and row["Fase"] == "3 Coalitievorming"
    assert row["Fase 1 afgevinkt"] == "1/6" and row["Fase 3 afgevinkt"] == "0/5"
    assert row["Open hulpvragen"] == "1" and row["Signalen"] == "Geen zorg- en welzijnsorganisatie"
    assert row["Laatste activiteit"] == f"{timezone.localdate():%d-%m-%Y}"
    _, *all_rows = read_csv(advisor_client(coalition).get("/versnellingsteam/export.csv"))
    assert [r[0] for r in all_rows] == ["Regio Noordkust", "Regio Zuidwaard"]


def test_csv_cells_never_start_a_formula(coalition):
    Region.objects.filter(pk=coalition.region.pk).update(name='=HYPERLINK("http://x")', centrumgemeente="+31")
    _, *rows = read_csv(advisor_client(coalition).get("/versnellingsteam/export.csv?fase=3"))
    assert rows[0][:2] == ['\'=HYPERLINK("http://x")', "'+31"]


# --- Queries: the same for 3 regions as for 300 ------------------------------------------------------------


def add_regions(count: int, *, prefix: str):
    """Many regions with partners, progress, history and support requests, in bulk."""
    phases = list(Phase.objects.all())
    gemeente = factories.make_organisation(type_slug="gemeente")
    corporatie = factories.make_organisation(type_slug="woningcorporatie")
    requester = factories.make_user()
    items = [factories.item(phase=1, index=i) for i in range(3)]
    regions = Region.objects.bulk_create(
        Region(
            name=f"{prefix} {n}",
            slug=f"{prefix}-{n}",
            centrumgemeente=f"Stad {n}",
            current_phase=phases[n % 6],
            phase_started_on=timezone.localdate() - datetime.timedelta(days=n * 7),
        )
        for n in range(count)
    )
    Partnership.objects.bulk_create(
        [Partnership(region=r, organisation=gemeente, is_trekker=True) for r in regions]
        + [Partnership(region=r, organisation=corporatie) for r in regions[::2]]
    )
    ChecklistProgress.objects.bulk_create(
        ChecklistProgress(region=r, item=i, done=True) for r in regions for i in items
    )
    Activity.objects.bulk_create(Activity(region=r, kind=Activity.Kind.TICK, summary="x") for r in regions)
    SupportRequest.objects.bulk_create(
        SupportRequest(region=r, kind="draagvlak", description="x", requested_by=requester) for r in regions[::3]
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("url", [URL, URL + "?signaal=een&sorteer=signalen", URL + "export.csv?fase=3&q=regio"])
def test_constant_number_of_queries_for_3_and_300_regions(coalition, url, django_assert_max_num_queries):
    add_regions(1, prefix="regio")  # three regions
    client = advisor_client(coalition)
    client.get(URL)  # warm up the session and permission caches of the first request
    with_3 = count_queries(client, url)
    add_regions(297, prefix="meer")
    with_300 = count_queries(client, url)
    assert Region.objects.count() == 300
    assert with_3 == with_300
    with django_assert_max_num_queries(12):
        client.get(url)


def test_the_table_is_paged_by_50_and_the_csv_holds_every_region(coalition):
    add_regions(58, prefix="extra")  # 60 regions with the coalition's two
    client = advisor_client(coalition)
    first = client.get(URL, {"sorteer": "naam"}).content.decode()
    assert first.count('<th scope="row">') == 50
    assert "60 van de 60 regio's, pagina 1 van 2" in first
    second = client.get(URL, {"sorteer": "naam", "pagina": "2"}, HTTP_HX_REQUEST="true").content.decode()
    assert second.count('<th scope="row">') == 10
    assert ("Regio Zuidwaard" in first) != ("Regio Zuidwaard" in second)  # on exactly one of the pages
    assert "pagina 2 van 2" in client.get(URL, {"pagina": "99"}).content.decode()  # past the end: the last page
    assert client.get(URL, {"pagina": "x"}).status_code == 200
    export = client.get(URL + "export.csv", {"pagina": "1"}).content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(export), delimiter=";"))) == 1 + 60
