"""Reads about progress: per phase and across the journey, for one or many regions, and the checklist as it
stood at the end of a past day, rebuilt from the history."""

import datetime

from django.urls import reverse
from django.utils import timezone

from phases.models import ChecklistItem
from regions.models import Activity, Region
from regions.selectors import checklists as progress
from regions.selectors import durations
from regions.services import progress_set, region_set_phase
from tests.factories import item, make_region


def at(days_ago: int, hour: int = 12) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def backdate_last(region, when):
    """Give the region's latest activities (those of the last service call) an earlier moment."""
    latest = Activity.objects.filter(region=region).order_by("-id").first()
    Activity.objects.filter(region=region, before=latest.before, after=latest.after).update(created_at=when)


def test_journey_counts_per_phase(coalition, django_assert_num_queries):
    region, user = coalition.region, coalition.partner_user
    for index in range(3):
        progress_set(region=region, item=item(1, index), user=user, done=True)
    progress_set(region=region, item=item(5, 0), user=user, done=True)
    progress_set(region=region, item=item(5, 1), user=user, note="nog niet af")
    progress_set(region=coalition.other_region, item=item(1, 0), user=coalition.other_user, done=True)
    with django_assert_num_queries(1):  # the phases with their numbers of items and the region's ticks
        steps = progress.journey(region)
    assert [(s.phase.number, s.done, s.total) for s in steps] == [
        (1, 3, 6),
        (2, 0, 6),
        (3, 0, 5),
        (4, 0, 6),
        (5, 1, 6),
        (6, 0, 6),
    ]
    assert steps[0].percent == 50 and not steps[0].is_complete and steps[4].percent == 17


def test_journey_counts_a_new_checklist_item_at_once(coalition):
    region = coalition.region
    assert progress.journey(region)[2].total == 5
    ChecklistItem.objects.create(phase=item(3, 0).phase, text="Een nieuw punt in de gids", order=99)
    assert progress.journey(region)[2].total == 6
    assert [i.text for i in progress.checklist_phase(3).checklist_items.all()][-1] == "Een nieuw punt in de gids"


def test_checklist_phase_comes_with_its_items(coalition, django_assert_num_queries):
    in_the_guide = [i.text for i in ChecklistItem.objects.filter(phase__number=3).order_by("order")]
    with django_assert_num_queries(2):
        phase = progress.checklist_phase(3)
        items = list(phase.checklist_items.all())
    assert [i.text for i in items] == in_the_guide
    assert progress.checklist_phase(7) is None


def test_journeys_of_many_regions_in_constant_queries(coalition, django_assert_num_queries):
    regions = [coalition.region, coalition.other_region, *(make_region() for _ in range(5))]
    progress_set(region=coalition.region, item=item(3, 0), user=coalition.partner_user, done=True)
    progress_set(region=coalition.other_region, item=item(2, 0), user=coalition.other_user, done=True)
    with django_assert_num_queries(2):
        result = progress.journeys(regions)
    assert [s.done for s in result[coalition.region.pk]] == [0, 0, 1, 0, 0, 0]
    assert [s.done for s in result[coalition.other_region.pk]] == [0, 1, 0, 0, 0, 0]
    assert all(s.done == 0 for s in result[regions[-1].pk])


def test_checklist_on_a_past_day_is_rebuilt_from_history(coalition, django_assert_num_queries):
    region, user = coalition.region, coalition.partner_user
    first, second, third = item(3, 0), item(3, 1), item(3, 3)
    progress_set(region=region, item=first, user=user, done=True, note="eerst")
    backdate_last(region, at(10))
    progress_set(region=region, item=first, user=user, note="later aangevuld")
    backdate_last(region, at(5))
    progress_set(region=region, item=second, user=user, done=True)
    backdate_last(region, at(5, hour=23))
    progress_set(region=region, item=second, user=user, done=False)
    backdate_last(region, at(2))
    progress_set(region=region, item=third, user=user, done=True)  # today
    phase = first.phase

    def states(days_ago):
        day = timezone.localdate() - datetime.timedelta(days=days_ago)
        with django_assert_num_queries(1):
            return {s.item.pk: (s.done, s.note) for s in progress.checklist_on(region, phase, day)}

    assert states(11)[first.pk] == (False, "")
    assert states(10)[first.pk] == (True, "eerst")
    assert states(5)[first.pk] == (True, "later aangevuld")
    assert states(5)[second.pk] == (True, "")  # ticked at 23:00 that day: counted, the day ends at midnight
    assert states(2)[second.pk] == (False, "")
    assert states(1)[third.pk] == (False, "")
    assert states(0)[third.pk] == (True, "")
    past = progress.checklist_on(region, phase, timezone.localdate() - datetime.timedelta(days=10))
    assert past[0].done_by == user.get_full_name() and past[0].done_at is not None


def test_phase_page_shows_state_on_a_past_day(client, coalition):
    region, user = coalition.region, coalition.partner_user
    point = item(3, 0)
    progress_set(region=region, item=point, user=user, done=True, note="oud")
    backdate_last(region, at(20))
    progress_set(region=region, item=point, user=user, done=False, note="")
    client.force_login(user)
    day = (timezone.localdate() - datetime.timedelta(days=15)).isoformat()
    response = client.get(reverse("regions:phase", args=[region.slug, 3]), {"datum": day})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alles op deze pagina is de stand aan het eind van" in html
    assert f'id="punt-{point.pk}-done" disabled checked' in html  # read-only, as it stood then
    assert "oud" in html and 'name="actie"' not in html
    assert "<strong>1 van 5</strong>" in html  # the progress bar is that day's too, like the list
    today = client.get(reverse("regions:phase", args=[region.slug, 3])).content.decode()
    assert f'name="punt-{point.pk}-done" aria-describedby' in today  # not checked now


def test_malformed_or_future_date_is_a_dutch_error(client, coalition):
    client.force_login(coalition.partner_user)
    url = reverse("regions:phase", args=[coalition.region.slug, 3])
    for value in ["gisteren", "2025-13-45", "31-12-2024", "2025-02-30"]:
        response = client.get(url, {"datum": value})
        assert response.status_code == 400
        assert "Vul een geldige datum in, zoals 2025-03-31." in response.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.get(url, {"datum": future})
    assert response.status_code == 400 and "De datum kan niet in de toekomst liggen" in response.content.decode()
    assert client.get(url, {"datum": ""}).status_code == 200


def test_months_in_phase_and_over_duration(coalition):
    region = coalition.region
    today = datetime.date(2025, 6, 15)
    region.phase_started_on = datetime.date(2024, 4, 15)
    assert durations.months_in_phase(region, today) == 14 and durations.is_over_duration(region, today)
    region.phase_started_on = datetime.date(2024, 6, 16)
    assert durations.months_in_phase(region, today) == 11 and not durations.is_over_duration(region, today)


def test_everything_on_a_past_day_is_as_of_that_day(client, coalition):
    """The journey, the progress bar, the region's phase and its duration say what the checklist says: the end of
    that day; a day before the region's first record says so."""
    region, user = coalition.region, coalition.partner_user
    Region.objects.filter(pk=region.pk).update(created_at=at(40))
    progress_set(region=region, item=item(3, 0), user=user, done=True)
    backdate_last(region, at(10))
    progress_set(region=region, item=item(3, 1), user=user, done=True)  # today
    region_set_phase(
        region=region, phase=item(4, 0).phase, started_on=timezone.localdate(), user=coalition.trekker_user
    )
    client.force_login(user)
    url = reverse("regions:phase", args=[region.slug, 3])
    today = client.get(url).content.decode()
    assert "2 van 5</strong> punten afgerond" in today
    past = client.get(url, {"datum": (timezone.localdate() - datetime.timedelta(days=5)).isoformat()}).content.decode()
    assert "1 van 5</strong> punten afgerond" in past
    assert '<span class="journey__meta" id="reis-3">1 van 5 afgerond</span>' in past
    assert "Hier stond de regio toen" in past and "Fase 3 sinds" in past  # still phase 3 then
    step = past.split('id="reis-stap-3"', 1)[1].split("</li>", 1)[0]
    assert "journey__step--current" in past.split('id="reis-stap-3"', 1)[0].rsplit("<li", 1)[1] + step
    before = client.get(url, {"datum": (timezone.localdate() - datetime.timedelta(days=60)).isoformat()})
    assert "stond Regio Noordkust nog niet in het portaal" in before.content.decode()
    assert "0 van 5</strong> punten afgerond" in before.content.decode()
