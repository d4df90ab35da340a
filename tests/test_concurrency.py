"""Several people changing the same checklist item at the same moment, with real threads against PostgreSQL.

Each thread has its own database connection and transaction, as each gunicorn worker would. The unique
constraint on (region, item) and the row lock in ``progress_set`` must give: one row, no lost update (every
change is recorded against the state the previous one left), no exception.
"""

import threading

import pytest
from django.db import close_old_connections, connection

from regions.models import Activity, ChecklistProgress
from regions.services import progress_set
from tests.factories import tickable

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers on one file lock, so threads cannot race there "
        "(run with DATABASE_URL=postgres://…)",
    ),
]

THREADS = 8


def run_at_once(work, count=THREADS):
    """Start ``count`` threads that call ``work(i)`` together; return the exceptions they raised."""
    barrier = threading.Barrier(count)
    errors = []

    def target(i):
        try:
            barrier.wait(timeout=10)
            work(i)
        except Exception as error:  # noqa: BLE001 (the test reports every failure)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    close_old_connections()
    return errors


def assert_history_is_a_chain(region, point):
    """Every progress activity starts from the state the previous one left: nothing was lost in between."""
    entries = list(Activity.objects.filter(region=region, item=point).order_by("created_at", "id"))
    groups = []  # one progress_set call writes one activity per changed aspect, all with the same before/after
    for entry in entries:
        if groups and groups[-1][0].before == entry.before and groups[-1][0].after == entry.after:
            groups[-1].append(entry)
        else:
            groups.append([entry])
    for previous, following in zip(groups, groups[1:], strict=False):
        assert following[0].before == previous[0].after
    return groups


def test_first_ticks_of_the_same_item_make_one_row(coalition):
    """The insert race: nobody has a row yet, all threads try to create it at once."""
    point = tickable(5, 0)
    users = [coalition.partner_user, coalition.trekker_user]

    def work(i):
        progress_set(region=coalition.region, item=point, user=users[i % 2], done=True)

    assert run_at_once(work) == []
    assert ChecklistProgress.objects.filter(region=coalition.region, item=point).count() == 1
    assert ChecklistProgress.objects.get(region=coalition.region, item=point).done
    assert Activity.objects.filter(kind=Activity.Kind.TICK).count() == 1  # one effective change, one entry


def test_simultaneous_notes_lose_no_update(coalition):
    """Each thread ticks and writes its own note: exactly one tick, one note entry per thread, in a chain."""
    point = tickable(5, 1)

    def work(i):
        progress_set(region=coalition.region, item=point, user=coalition.partner_user, done=True, note=f"notitie {i}")

    assert run_at_once(work) == []
    row = ChecklistProgress.objects.get(region=coalition.region, item=point)
    notes = {f"notitie {i}" for i in range(THREADS)}
    assert row.done and row.note in notes
    assert Activity.objects.filter(kind=Activity.Kind.TICK).count() == 1
    note_entries = Activity.objects.filter(kind=Activity.Kind.NOTE)
    assert {entry.after["note"] for entry in note_entries} == notes
    groups = assert_history_is_a_chain(coalition.region, point)
    assert groups[-1][0].after["note"] == row.note


def test_tick_and_untick_at_once_keep_a_consistent_history(coalition):
    point = tickable(5, 2)
    progress_set(region=coalition.region, item=point, user=coalition.partner_user, note="vooraf")

    users = [coalition.partner_user, coalition.trekker_user, coalition.partner_user, coalition.trekker_user]

    def work(i):
        progress_set(region=coalition.region, item=point, user=users[i % 4], done=i % 4 < 2)

    assert run_at_once(work) == []
    row = ChecklistProgress.objects.get(region=coalition.region, item=point)
    groups = assert_history_is_a_chain(coalition.region, point)
    assert groups[-1][0].after["done"] == row.done and row.note == "vooraf"


def test_simultaneous_posts_through_the_views(coalition, live_server):
    """The same through HTTP: N browsers tick the same item; every answer is 200, one row, one tick."""
    import urllib.parse
    import urllib.request
    from http.cookiejar import CookieJar

    from django.test import Client

    point = tickable(5, 3)
    url = f"{live_server.url}/regios/{coalition.region.slug}/fasen/5/punten/{point.pk}/"
    client = Client()
    client.force_login(coalition.partner_user)
    session = client.cookies["sessionid"].value
    page = client.get(f"/regios/{coalition.region.slug}/fasen/5/")
    csrf = page.cookies["csrftoken"].value
    statuses = []

    def work(i):
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        data = urllib.parse.urlencode(
            {"actie": "vinken", f"punt-{point.pk}-done": "on", "csrfmiddlewaretoken": csrf}
        ).encode()
        request = urllib.request.Request(url, data=data, method="POST")
        request.add_header("Cookie", f"sessionid={session}; csrftoken={csrf}")
        request.add_header("HX-Request", "true")
        request.add_header("Referer", live_server.url + "/")
        with opener.open(request, timeout=20) as response:
            statuses.append(response.status)

    assert run_at_once(work) == []
    assert statuses == [200] * THREADS
    assert ChecklistProgress.objects.filter(region=coalition.region, item=point).count() == 1
    assert Activity.objects.filter(item=point, kind=Activity.Kind.TICK).count() == 1


def test_insert_race_is_retried_on_the_row_that_won(coalition, monkeypatch):
    """Deterministic: A has inserted the item's row but not committed; B reads no row, tries to insert, waits
    on the unique index, gets the IntegrityError once A commits, and applies its tick on top of A's row."""
    import time

    from django.db import IntegrityError, transaction
    from django.db.models import Model

    point = tickable(5, 4)
    inserted = threading.Event()
    refused = []
    original_save = Model.save

    def save(self, *args, **kwargs):
        try:
            return original_save(self, *args, **kwargs)
        except IntegrityError:
            refused.append(self)
            raise

    monkeypatch.setattr(Model, "save", save)

    def work(i):
        if i == 0:
            with transaction.atomic():
                ChecklistProgress.objects.create(region=coalition.region, item=point, note="van A")
                inserted.set()
                time.sleep(1)  # B is blocked on the unique index meanwhile
        else:
            inserted.wait(timeout=10)
            progress_set(region=coalition.region, item=point, user=coalition.partner_user, done=True)

    assert run_at_once(work, count=2) == []
    assert len(refused) == 1
    row = ChecklistProgress.objects.get(region=coalition.region, item=point)
    assert row.done and row.note == "van A"
    entry = Activity.objects.get(item=point)
    assert entry.kind == Activity.Kind.TICK and entry.before["note"] == "van A" and entry.after["note"] == "van A"


def test_trekkers_demoting_or_removing_each_other_at_once_keep_a_trekker(guide):
    """Two trekker organisations, each one's staff demoting or removing the other at the same moment, many times
    over: never a deadlock or other error. The change that comes second is refused in Dutch (its sender is no
    longer a trekker, or it would leave no trekker); every region keeps exactly one trekker and a history that
    matches what happened."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from regions.models import Partnership
    from regions.services import partnership_remove, partnership_set_trekker
    from regions.services.coalition import LAST_TREKKER, NOT_TREKKER
    from tests.factories import make_partner, make_region, make_user

    rounds = 24
    for round_ in range(rounds):
        region = make_region()
        organisations = [make_partner(region=region, is_trekker=True) for _ in range(2)]
        users = [make_user(organisations=[organisation]) for organisation in organisations]
        partnerships = [
            Partnership.objects.get(region=region, organisation=organisation) for organisation in organisations
        ]
        removes = (round_ % 2 == 0, round_ % 4 < 2)  # both remove, remove + demote, demote + remove, both demote

        def work(i, region=region, partnerships=partnerships, users=users, removes=removes):
            other = partnerships[1 - i]
            if removes[i]:
                partnership_remove(partnership=other, user=users[i])
            else:
                partnership_set_trekker(partnership=other, is_trekker=False, user=users[i])

        errors = run_at_once(work, count=2)
        assert len(errors) == 1, (round_, errors)
        refusal = errors[0]
        assert (
            isinstance(refusal, PermissionDenied)
            and str(refusal) == NOT_TREKKER
            or (isinstance(refusal, ValidationError) and refusal.messages == [LAST_TREKKER])
        ), (round_, errors)
        assert Partnership.objects.filter(region=region, is_trekker=True).count() == 1, round_
        assert Activity.objects.filter(region=region).count() == 1, round_
