"""Obstacles (knelpunten): partners mark the guide's questions or their own, solve them with what helped; advisors
read; other regions get a 404; what a region solved is seen by others only with its trekkers' consent."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from phases.models import Question
from regions.models import Activity, Obstacle, SupportRequest
from regions.selectors.obstacles import national_counts, obstacles_on, phase_obstacles
from regions.selectors.overview import Filters, region_overview
from regions.services.obstacles import (
    ObstacleRefused,
    obstacle_open,
    obstacle_reopen,
    obstacle_sharing_set,
    obstacle_solve,
)
from tests import factories


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def question(phase=3, order=1) -> Question:
    return Question.objects.get(phase__number=phase, order=order)


def phase_url(region, number=3):
    return reverse("regions:phase", args=[region.slug, number])


def mark(coalition, q=None, **kwargs):
    q = q or question()
    return obstacle_open(region=coalition.region, user=coalition.partner_user, phase=q.phase, question=q, **kwargs)


@pytest.fixture
def stranger(coalition):
    """A third region, with a trekker, that solved the same obstacle and never allowed others to see it."""
    region = factories.make_region(name="Regio Vreemdeveen", phase=3)
    organisation = factories.make_partner(region=region, type_slug="gemeente", is_trekker=True)
    user = factories.make_user(organisations=[organisation])
    obstacle = obstacle_open(region=region, user=user, phase=question().phase, question=question())
    obstacle_solve(obstacle=obstacle, user=user, what_helped="Geheim recept van Vreemdeveen.")
    return region


def test_the_fixture_links_every_question_to_help_and_resources(guide):
    questions = Question.objects.prefetch_related("resources")
    assert questions.count() == 18
    assert all(q.help_kind in SupportRequest.Kind.values for q in questions)
    assert all(q.resources.all() for q in questions)
    assert question(1, 3).help_kind == "draagvlak"


def test_a_partner_marks_a_question_on_the_phase_page_and_sees_where_help_is(coalition):
    client = client_for(coalition.partner_user)
    q = question()
    response = client.post(
        reverse("regions:obstacle_create", args=[coalition.region.slug]),
        {"question": q.pk, "phase": 3, "note": "De corporatie twijfelt.", "terug": "fase"},
    )
    obstacle = Obstacle.objects.get(region=coalition.region)
    assert response.status_code == 302
    assert response.url == phase_url(coalition.region) + f"#knelpunt-{obstacle.pk}"
    assert (obstacle.question, obstacle.note, obstacle.status) == (q, "De corporatie twijfelt.", "open")
    page = client.get(phase_url(coalition.region)).content.decode()
    for resource in q.resources.all():
        assert resource.label in page
    support = reverse("regions:support_create", args=[coalition.region.slug])
    assert f"{support}?soort={q.help_kind}&amp;knelpunt={obstacle.pk}" in page


def test_marking_the_same_question_twice_is_refused(coalition):
    mark(coalition)
    with pytest.raises(ObstacleRefused):
        mark(coalition)
    assert Obstacle.objects.count() == 1


def test_own_words_are_required_without_a_question_and_the_input_is_kept(coalition):
    client = client_for(coalition.partner_user)
    url = reverse("regions:obstacle_create", args=[coalition.region.slug])
    response = client.post(url, {"phase": 3, "text": "  ", "note": "blijft staan", "terug": "lijst"})
    assert response.status_code == 400
    assert "Beschrijf het knelpunt in eigen woorden." in response.content.decode()
    assert "blijft staan" in response.content.decode()
    response = client.post(url, {"phase": 3, "text": "Geen woonruimte voor jongeren", "terug": "lijst"})
    assert response.status_code == 302
    assert Obstacle.objects.get().title == "Geen woonruimte voor jongeren"


def test_solve_with_what_helped_then_reopen_all_in_the_history(coalition):
    obstacle = mark(coalition, note="Vast.")
    client = client_for(coalition.trekker_user)
    url = reverse("regions:obstacle_solve", args=[coalition.region.slug, obstacle.pk])
    refused = client.post(url, {f"knelpunt-{obstacle.pk}-what_helped": ""})
    assert refused.status_code == 400 and "Schrijf kort op wat hielp." in refused.content.decode()
    client.post(url, {f"knelpunt-{obstacle.pk}-what_helped": "Een werksessie met de wethouders.", "terug": "lijst"})
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.what_helped, obstacle.solved_by) == (
        "opgelost",
        "Een werksessie met de wethouders.",
        coalition.trekker_user,
    )
    client.post(reverse("regions:obstacle_reopen", args=[coalition.region.slug, obstacle.pk]))
    obstacle.refresh_from_db()
    assert obstacle.status == "open" and obstacle.solved_at is None
    entries = list(Activity.objects.filter(kind=Activity.Kind.OBSTACLE).order_by("created_at", "id"))
    assert [(e.before.get("status"), e.after["status"]) for e in entries] == [
        (None, "open"),
        ("open", "opgelost"),
        ("opgelost", "open"),
    ]
    assert entries[1].after["what_helped"] == "Een werksessie met de wethouders."
    history = client.get(reverse("regions:activity", args=[coalition.region.slug])).content.decode()
    assert "Knelpunt opgelost" in history and "Wat hielp" in history


def test_advisors_read_but_do_not_mark(coalition):
    obstacle = mark(coalition)
    client = client_for(coalition.advisor)
    assert question().text in client.get(reverse("regions:obstacles", args=[coalition.region.slug])).content.decode()
    with pytest.raises(PermissionDenied):
        obstacle_open(region=coalition.region, user=coalition.advisor, phase=question().phase, question=question(3, 2))
    with pytest.raises(PermissionDenied):
        obstacle_solve(obstacle=obstacle, user=coalition.advisor, what_helped="x")
    url = reverse("regions:obstacle_solve", args=[coalition.region.slug, obstacle.pk])
    assert client.post(url, {f"knelpunt-{obstacle.pk}-what_helped": "x"}).status_code == 403
    page = client.get(phase_url(coalition.region)).content.decode()
    assert "Knelpunt aangeven" not in page and "Markeer als opgelost" not in page


def test_another_regions_obstacles_are_a_404(coalition):
    obstacle = mark(coalition)
    client = client_for(coalition.other_user)
    assert client.get(reverse("regions:obstacles", args=[coalition.region.slug])).status_code == 404
    url = reverse("regions:obstacle_solve", args=[coalition.region.slug, obstacle.pk])
    assert client.post(url, {f"knelpunt-{obstacle.pk}-what_helped": "x"}).status_code == 404
    # Their own region's URL with this region's obstacle: not found either.
    own = coalition.other_region.slug
    other_partner = factories.make_user(organisations=[coalition.zorg])
    url = reverse("regions:obstacle_solve", args=[own, obstacle.pk])
    assert client_for(other_partner).post(url, {f"knelpunt-{obstacle.pk}-what_helped": "x"}).status_code == 404
    obstacle.refresh_from_db()
    assert obstacle.is_open


def test_only_trekkers_decide_on_sharing_and_it_is_in_the_history(coalition):
    with pytest.raises(PermissionDenied):
        obstacle_sharing_set(region=coalition.region, user=coalition.partner_user, share=True)
    url = reverse("regions:obstacle_sharing", args=[coalition.region.slug])
    assert client_for(coalition.partner_user).post(url, {"share": "on"}).status_code == 403
    assert client_for(coalition.trekker_user).post(url, {"share": "on"}).status_code == 302
    coalition.region.refresh_from_db()
    assert coalition.region.shares_solved_obstacles
    entry = Activity.objects.get(kind=Activity.Kind.SHARING)
    assert (entry.before, entry.after) == ({"shares": False}, {"shares": True})
    client_for(coalition.trekker_user).post(url, {})
    coalition.region.refresh_from_db()
    assert not coalition.region.shares_solved_obstacles


def test_what_others_solved_is_shown_only_with_consent(coalition, stranger):
    """Zuidwaard allowed it; Vreemdeveen did not: a region marking the obstacle sees Zuidwaard's name and what
    helped, and nothing of Vreemdeveen."""
    zuid_user = factories.make_user(organisations=[coalition.zorg])
    obstacle_sharing_set(region=coalition.other_region, user=zuid_user, share=True)
    solved = obstacle_open(region=coalition.other_region, user=zuid_user, phase=question().phase, question=question())
    obstacle_solve(obstacle=solved, user=zuid_user, what_helped="Rollen op één A4 met de corporaties.")
    before = client_for(coalition.partner_user).get(phase_url(coalition.region)).content.decode()
    assert "Rollen op één A4" not in before  # shown once the region marks the obstacle
    obstacle = mark(coalition)
    page = client_for(coalition.partner_user).get(phase_url(coalition.region)).content.decode()
    assert "regio's die hier eerder tegenaan liepen" in page.lower()
    assert "Regio Zuidwaard" in page and "Rollen op één A4 met de corporaties." in page
    assert "Vreemdeveen" not in page and "Geheim recept" not in page
    listing = client_for(coalition.partner_user).get(reverse("regions:obstacles", args=[coalition.region.slug]))
    assert "Vreemdeveen" not in listing.content.decode() and "Regio Zuidwaard" in listing.content.decode()
    states = phase_obstacles(coalition.region, question().phase)["questions"]
    assert [learned.region_name for learned in states[0].learned] == ["Regio Zuidwaard"]
    assert obstacle.is_open


def test_a_region_that_withdraws_consent_disappears(coalition):
    zuid_user = factories.make_user(organisations=[coalition.zorg])
    obstacle_sharing_set(region=coalition.other_region, user=zuid_user, share=True)
    solved = obstacle_open(region=coalition.other_region, user=zuid_user, phase=question().phase, question=question())
    obstacle_solve(obstacle=solved, user=zuid_user, what_helped="Iets dat hielp.")
    mark(coalition)
    assert phase_obstacles(coalition.region, question().phase)["questions"][0].learned
    obstacle_sharing_set(region=coalition.other_region, user=zuid_user, share=False)
    assert not phase_obstacles(coalition.region, question().phase)["questions"][0].learned


def test_obstacles_on_a_past_date_come_from_the_history(coalition):
    obstacle = mark(coalition, note="Begin.")
    Activity.objects.filter(kind=Activity.Kind.OBSTACLE).update(created_at=timezone.now() - datetime.timedelta(days=10))
    obstacle_solve(obstacle=obstacle, user=coalition.partner_user, what_helped="Een gesprek.")
    then = obstacles_on(coalition.region, timezone.localdate() - datetime.timedelta(days=5))
    assert [(o.title, o.status) for o in then] == [(question().text, "open")]
    assert obstacles_on(coalition.region, timezone.localdate() - datetime.timedelta(days=20)) == []
    now = obstacles_on(coalition.region, timezone.localdate())
    assert [(o.status, o.what_helped) for o in now] == [("opgelost", "Een gesprek.")]
    past = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    page = client_for(coalition.advisor).get(phase_url(coalition.region), {"datum": past}).content.decode()
    assert f"{question().text}: open" in page
    listing = client_for(coalition.advisor).get(
        reverse("regions:obstacles", args=[coalition.region.slug]), {"datum": past}
    )
    assert listing.status_code == 200 and f"{question().text}: open" in listing.content.decode()


def test_the_support_request_is_filled_in_from_the_obstacle(coalition):
    q = question(3, 3)  # juridisch
    obstacle = mark(coalition, q=q)
    client = client_for(coalition.partner_user)
    url = reverse("regions:support_create", args=[coalition.region.slug])
    form = client.get(url, {"soort": q.help_kind, "knelpunt": obstacle.pk}).content.decode()
    assert 'value="juridisch" id="id_kind_2" required checked' in form or (
        'value="juridisch"' in form and "checked" in form.split('value="juridisch"')[1].split(">")[0]
    )
    assert f'name="obstacle" value="{obstacle.pk}"' in form
    assert f"Over het knelpunt:</strong> {q.text}" in form
    response = client.post(
        url, {"kind": "juridisch", "description": "Hoe leggen we dit vast?", "obstacle": obstacle.pk}
    )
    assert response.status_code == 302
    created = SupportRequest.objects.get()
    assert (created.kind, created.obstacle, created.description) == ("juridisch", obstacle, "Hoe leggen we dit vast?")
    detail = client.get(response.url).content.decode()
    assert q.text in detail


def test_the_support_form_ignores_an_unknown_kind_and_someone_elses_obstacle(coalition):
    zuid_user = factories.make_user(organisations=[coalition.zorg])
    theirs = obstacle_open(region=coalition.other_region, user=zuid_user, phase=question().phase, question=question())
    client = client_for(coalition.partner_user)
    url = reverse("regions:support_create", args=[coalition.region.slug])
    form = client.get(url, {"soort": "onzin", "knelpunt": theirs.pk}).content.decode()
    assert "Over het knelpunt" not in form and "checked" not in form
    assert client.get(url, {"knelpunt": "9" * 40}).status_code == 200
    response = client.post(url, {"kind": "juridisch", "description": "Vraag.", "obstacle": theirs.pk})
    assert response.status_code == 200
    assert "hoort niet (meer) bij deze regio" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_exports_hold_the_obstacles(coalition):
    obstacle = mark(coalition, note="=SOM(1)")
    obstacle_solve(obstacle=obstacle, user=coalition.partner_user, what_helped="Overleg.")
    client = client_for(coalition.advisor)
    csv_text = b"".join(client.get(f"/regios/{coalition.region.slug}/export/knelpunten.csv").streaming_content)
    lines = csv_text.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Fase;Knelpunt;Vraag uit de gids;Status")
    assert "Opgelost" in lines[1] and "'=SOM(1)" in lines[1] and "Overleg." in lines[1]
    data = json.loads(client.get(f"/regios/{coalition.region.slug}/export/knelpunten.json").content)
    assert data["knelpunten"][0]["knelpunt"] == question().text
    assert data["knelpunten"][0]["wat_hielp"] == "Overleg."


def test_the_overview_filters_on_an_obstacle_and_signals_one_open_over_90_days(coalition):
    obstacle = mark(coalition)
    today = timezone.localdate()
    overview = region_overview(filters=Filters(obstacle=question().pk), today=today, per_page=None)
    assert [row.region for row in overview.rows] == [coalition.region]
    assert [o.title for o in overview.rows[0].open_obstacles] == [question().text]
    assert "knelpunt" not in [s.key for s in overview.rows[0].signals]
    assert region_overview(filters=Filters(obstacle=question(3, 2).pk), today=today, per_page=None).rows == []
    Obstacle.objects.filter(pk=obstacle.pk).update(opened_at=timezone.now() - datetime.timedelta(days=90))
    row = next(r for r in region_overview(today=today).rows if r.region == coalition.region)
    assert "knelpunt" not in [s.key for s in row.signals]  # 90 days: not yet longer than 90
    Obstacle.objects.filter(pk=obstacle.pk).update(opened_at=timezone.now() - datetime.timedelta(days=92))
    row = next(r for r in region_overview(today=today).rows if r.region == coalition.region)
    assert "knelpunt" in [s.key for s in row.signals]
    page = client_for(coalition.advisor).get(reverse("regions:advisors"), {"knelpunt": question().pk})
    assert coalition.region.name in page.content.decode()
    assert coalition.other_region.name not in page.content.decode().split('id="overzicht"')[1]


def test_national_counts_now_and_over_time(coalition, stranger):
    today = timezone.localdate()
    mark(coalition)
    own = obstacle_open(region=coalition.region, user=coalition.partner_user, phase=question().phase, text="Eigen.")
    Obstacle.objects.filter(pk=own.pk).update(opened_at=timezone.now() - datetime.timedelta(days=400))
    data = national_counts(today)
    rows = dict(data["by_phase"])[question().phase]
    first = next(row for row in rows if row.question_id == question().pk)
    assert (first.open_now, first.solved) == (1, 1)  # Noordkust open now, Vreemdeveen solved it
    assert first.help_label
    own_row = next(row for row in rows if row.question_id is None)
    assert (own_row.title, own_row.open_now, own_row.then) == ("In eigen woorden", 1, [1, 1, 1, 1])
    assert data["quarter_ends"][-1] < today <= data["quarter_ends"][-1] + datetime.timedelta(days=92)
    assert data["most_common"][0].open_now == 1
    response = client_for(coalition.advisor).get(reverse("regions:obstacles_national_csv"))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Fase;Knelpunt;Hulp van het Versnellingsteam;Regio's met dit knelpunt open")
    assert f"3;{question().text};" in text
    page = client_for(coalition.advisor).get(reverse("regions:obstacles_national")).content.decode()
    assert "Nu het meest genoemd" in page and question().text in page
    assert client_for(coalition.partner_user).get(reverse("regions:obstacles_national")).status_code == 404


@pytest.mark.parametrize("count", [2, 30])
def test_queries_do_not_grow_with_obstacles(coalition, count, django_assert_num_queries):
    """The pages with obstacles cost the same queries for a few obstacles as for many, in many regions."""
    for n in range(count):
        region = factories.make_region(name=f"Regio Groei {count} {n}", phase=3)
        organisation = factories.make_partner(region=region, type_slug="gemeente", is_trekker=True)
        user = factories.make_user(organisations=[organisation])
        obstacle_sharing_set(region=region, user=user, share=True)
        for q in Question.objects.filter(phase__number=3):
            solved = obstacle_open(region=region, user=user, phase=q.phase, question=q)
            obstacle_solve(obstacle=solved, user=user, what_helped=f"Hielp {n}.")
            obstacle_open(region=region, user=user, phase=q.phase, question=q)
        obstacle_open(region=coalition.region, user=coalition.partner_user, phase=q.phase, text=f"Eigen {n}")
    mark(coalition)
    partner, advisor = client_for(coalition.partner_user), client_for(coalition.advisor)
    pages = [
        (partner, phase_url(coalition.region), 18),
        (partner, reverse("regions:obstacles", args=[coalition.region.slug]), 10),
        (advisor, reverse("regions:obstacles_national"), 7),
        (advisor, reverse("regions:advisors"), 12),
    ]
    for client, url, queries in pages:
        client.get(url)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_reopen_is_refused_while_the_question_is_open_again(coalition):
    first = mark(coalition)
    obstacle_solve(obstacle=first, user=coalition.partner_user, what_helped="Eerst hielp dit.")
    mark(coalition)
    with pytest.raises(ObstacleRefused):
        obstacle_reopen(obstacle=first, user=coalition.partner_user)
    with pytest.raises(ObstacleRefused):
        obstacle_solve(obstacle=first, user=coalition.partner_user, what_helped="Nog eens.")
    assert Obstacle.objects.open().count() == 1


def test_the_report_lists_the_obstacles_now_and_on_a_past_date(coalition):
    from regions.report import build_report, render_report
    from tests.test_pdf_report import pdf_text, squash

    obstacle = mark(coalition, note="De raad aarzelt.")
    Activity.objects.filter(kind=Activity.Kind.OBSTACLE).update(created_at=timezone.now() - datetime.timedelta(days=3))
    obstacle_solve(obstacle=obstacle, user=coalition.partner_user, what_helped="Een raadsinformatiebrief.")
    then = build_report(coalition.region, date=timezone.localdate() - datetime.timedelta(days=2))
    assert [(o.title, o.is_open, o.what_helped) for o in then.obstacles] == [(question().text, True, "")]
    text = squash(pdf_text(render_report(build_report(coalition.region))))
    assert squash("Knelpunten: waar loopt de regio tegenaan?") in text
    assert squash(question().text) in text and squash("Wat hielp: Een raadsinformatiebrief.") in text


def test_the_database_holds_one_open_obstacle_per_question_and_never_an_empty_one(coalition):
    from django.db import IntegrityError, transaction

    mark(coalition)
    with pytest.raises(IntegrityError), transaction.atomic():
        Obstacle.objects.create(region=coalition.region, question=question(), phase=question().phase)
    with pytest.raises(IntegrityError), transaction.atomic():
        Obstacle.objects.create(region=coalition.region, phase=question().phase, text="")
    solved = Obstacle.objects.create(
        region=coalition.region, question=question(), phase=question().phase, status="opgelost"
    )
    assert solved.pk  # solved ones may repeat: a region can run into the same question again


def test_the_overview_csv_lists_each_regions_open_obstacles(coalition):
    import csv
    import io

    mark(coalition)
    response = client_for(coalition.advisor).get("/versnellingsteam/export.csv?fase=3")
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert dict(zip(header, rows[0], strict=True))["Open knelpunten"] == question().text


def test_a_partner_marks_an_obstacle_from_the_region_page(coalition):
    client = client_for(coalition.partner_user)
    region_page = reverse("regions:detail", args=[coalition.region.slug])
    q = question(5, 2)
    assert q.text in client.get(region_page).content.decode()
    data = {"question": q.pk, "phase": coalition.region.current_phase.number, "note": "", "terug": "fase"}
    response = client.post(reverse("regions:obstacle_create", args=[coalition.region.slug]), data)
    obstacle = Obstacle.objects.get()
    assert response.url == phase_url(coalition.region, 5) + f"#knelpunt-{obstacle.pk}"
    assert obstacle.phase.number == 5  # the question's phase, whatever the form said
    page = client.get(region_page).content.decode()
    assert f"#knelpunt-{obstacle.pk}" in page
    assert f'<option value="{q.pk}">' not in page  # open already: not offered again
    advisor_page = client_for(coalition.advisor).get(region_page).content.decode()
    assert q.text in advisor_page and "Knelpunt aangeven" not in advisor_page


def test_the_data_migration_gives_an_existing_guide_the_first_mapping_and_keeps_editors_links(guide):
    import importlib

    from django.apps import apps

    from phases.models import Resource

    migration = importlib.import_module("phases.migrations.0005_question_help_mapping")
    expected = {q.pk: (q.help_kind, {r.pk for r in q.resources.all()}) for q in Question.objects.all()}
    edited = question(2, 1)
    for q in Question.objects.all():  # a guide loaded before questions had help and resources
        q.resources.clear()
    Question.objects.update(help_kind="")
    edited.help_kind = "casuistiek"  # an editor linked this one already
    edited.save()
    edited.resources.set([Resource.objects.get(label="Kennisbank")])
    migration.apply_mapping(apps, None)
    for q in Question.objects.exclude(pk=edited.pk):
        assert (q.help_kind, {r.pk for r in q.resources.all()}) == expected[q.pk]
    edited.refresh_from_db()
    assert edited.help_kind == "casuistiek" and [r.label for r in edited.resources.all()] == ["Kennisbank"]


def test_advisors_see_the_kind_of_help_but_no_link_to_ask_for_it(coalition):
    obstacle = mark(coalition)
    page = client_for(coalition.advisor).get(phase_url(coalition.region)).content.decode()
    assert f"knelpunt={obstacle.pk}" not in page
    assert f"Hulp van het Versnellingsteam: {question().get_help_kind_display().lower()}." in page
