"""Query counts of the checklist pages: constant as the history grows, and a tick in at most 9 queries.

The counts include the session and the user (2 queries of every logged-in request) and the statements that
control transactions: BEGIN and COMMIT of a service's ``atomic`` block in production, or SAVEPOINT and RELEASE
when a test transaction is already open.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from regions.models import Activity
from regions.services import progress_set
from tests.factories import item


def add_history(region, user, count):
    """``count`` progress activities spread over the items of phase 3 and the past year."""
    points = list(item(3, 0).phase.checklist_items.all())
    now = timezone.now()
    Activity.objects.bulk_create(
        [
            Activity(
                region=region,
                actor=user,
                kind=Activity.Kind.TICK if n % 2 else Activity.Kind.UNTICK,
                phase_id=points[n % len(points)].phase_id,
                item=points[n % len(points)],
                created_at=now - datetime.timedelta(minutes=n * 50),
                summary=f"Wijziging {n}",
                before={"done": not n % 2, "note": "", "link": ""},
                after={"done": bool(n % 2), "note": f"notitie {n}", "link": "", "done_by": "Iemand", "done_at": None},
            )
            for n in range(count)
        ],
        batch_size=2000,
    )


def urls(region, point):
    return (
        reverse("regions:phase", args=[region.slug, point.phase.number]),
        reverse("regions:checklist_item", args=[region.slug, point.phase.number, point.pk]),
    )


def tick(point, done=True):
    return {"actie": "vinken", **({f"punt-{point.pk}-done": "on"} if done else {})}


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")


def data_queries(captured) -> list[str]:
    """The statements that read or write data, without BEGIN/COMMIT and savepoints."""
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(TRANSACTION_CONTROL)]


@pytest.mark.django_db(transaction=True)
def test_tick_takes_at_most_12_queries(client, coalition, django_assert_max_num_queries):
    """Like production (no test transaction around it): 12 queries (session, user, the region with the person's
    partnerships, their two permission lookups, the item, the service's own access check, lock, write, history,
    the phase's step of the journey, the phase's latest changes), plus BEGIN and COMMIT of the service's
    transaction, plus a SAVEPOINT pair around the insert of an item's first tick."""
    region, point = coalition.region, item(3, 0)
    page, url = urls(region, point)
    client.force_login(coalition.partner_user)
    client.get(page)  # the session's first request settles its own bookkeeping
    with django_assert_max_num_queries(16) as captured:  # the first tick of an item inserts its row
        assert client.post(url, tick(point), HTTP_HX_REQUEST="true").status_code == 200
    assert len(data_queries(captured)) <= 12
    with django_assert_max_num_queries(14) as captured:
        assert client.post(url, tick(point, done=False), HTTP_HX_REQUEST="true").status_code == 200
    assert len(data_queries(captured)) <= 12
    with django_assert_max_num_queries(14) as captured:
        assert client.post(url, {"actie": "toelichting", f"punt-{point.pk}-note": "Verslag"}, HTTP_HX_REQUEST="true")
    assert len(data_queries(captured)) <= 12
    with django_assert_max_num_queries(12) as captured:  # without JavaScript: no fragments, a redirect
        assert client.post(url, tick(point)).status_code == 302
    assert len(data_queries(captured)) <= 10
    # Someone else unticks it: the history records who had ticked it, which takes one query for their name.
    client.force_login(coalition.trekker_user)
    client.get(page)
    with django_assert_max_num_queries(15) as captured:
        assert client.post(url, tick(point, done=False), HTTP_HX_REQUEST="true").status_code == 200
    assert len(data_queries(captured)) <= 13


@pytest.mark.parametrize("history", [10, 10_000])
def test_tick_queries_do_not_grow_with_history(client, coalition, django_assert_num_queries, history):
    region, point = coalition.region, item(3, 1)
    add_history(region, coalition.partner_user, history)
    progress_set(region=region, item=point, user=coalition.partner_user, note="bestaat al")
    page, url = urls(region, point)
    client.force_login(coalition.partner_user)
    client.get(page)
    with django_assert_num_queries(14):  # 12 + SAVEPOINT/RELEASE of the test transaction
        assert client.post(url, tick(point), HTTP_HX_REQUEST="true").status_code == 200


@pytest.mark.parametrize("history", [10, 10_000])
def test_phase_page_queries_do_not_grow_with_history(client, coalition, django_assert_num_queries, history):
    region, point = coalition.region, item(3, 0)
    add_history(region, coalition.partner_user, history)
    for other in point.phase.checklist_items.filter(needs_agreement=False)[:3]:
        progress_set(region=region, item=other, user=coalition.partner_user, done=True, note="x")
    page, _ = urls(region, point)
    client.force_login(coalition.partner_user)
    client.get(page)
    # the phase and its items; the guide beside them from the cache; the partners, the actions, the akkoorden and
    # which items every partner agreed to; "Waar loop je tegenaan?" with the region's obstacles (an action's form,
    # with the partners' people, is fetched when it is opened)
    with django_assert_num_queries(17):
        assert client.get(page).status_code == 200
    past = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    with django_assert_num_queries(17):  # on a past day: the journey, the phase then and the first day from history
        assert client.get(page, {"datum": past}).status_code == 200


@pytest.mark.parametrize("history", [10, 10_000])
def test_activity_page_queries_do_not_grow_with_history(client, coalition, django_assert_num_queries, history):
    region = coalition.region
    add_history(region, coalition.partner_user, history)
    url = reverse("regions:activity", args=[region.slug])
    client.force_login(coalition.partner_user)
    client.get(url)
    with django_assert_num_queries(9):
        assert client.get(url, {"pagina": 3, "fase": 3}).status_code == 200
    with django_assert_num_queries(9):  # the htmx fragment: no page around it
        assert client.get(url, {"pagina": 2}, HTTP_HX_REQUEST="true").status_code == 200
