"""The Versnellingsteam's two signals about the coalition's work: an action more than 30 days over its date, and a
blocked action (with its reason), at their edges with a fixed today."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from regions.models import Action
from regions.selectors.overview import Filters, region_overview
from tests.factories import item, make_partner

TODAY = datetime.date(2026, 6, 15)


def add(coalition, *, days_late=0, status=Action.Status.OPEN, reason="", region=None):
    return Action.objects.create(
        region=region or coalition.region,
        item=item(3, 0),
        what=f"Actie {days_late} dagen te laat",
        owner=coalition.gemeente,
        due_on=TODAY - datetime.timedelta(days=days_late),
        status=status,
        blocked_reason=reason,
    )


def signals(region, today=TODAY) -> dict:
    row = next(row for row in region_overview(today=today).rows if row.region.pk == region.pk)
    return dict(row.signal_texts)


@pytest.mark.parametrize(
    ("days_late", "status", "expected"),
    [(30, "open", False), (31, "open", True), (31, "bezig", True), (400, "klaar", False)],
)
def test_overdue_signal_from_more_than_30_days(coalition, days_late, status, expected):
    add(coalition, days_late=days_late, status=status)
    assert ("te_laat" in signals(coalition.region)) is expected


def test_blocked_signal_names_the_action_and_its_reason_and_filters(coalition):
    assert "geblokkeerd" not in signals(coalition.region)
    add(coalition, status=Action.Status.BLOCKED, reason="Wacht op de raad")
    text = signals(coalition.region)["geblokkeerd"]
    assert text == "Actie geblokkeerd: Actie 0 dagen te laat (Wacht op de raad)"
    rows = region_overview(filters=Filters(signal="geblokkeerd"), today=TODAY).rows
    assert [row.region for row in rows] == [coalition.region]
    assert region_overview(filters=Filters(signal="te_laat"), today=TODAY).rows == []


def test_overview_page_and_csv_show_both_signals(client, coalition):
    add(coalition, days_late=45)
    add(coalition, status=Action.Status.BLOCKED, reason="Geen budget")
    client.force_login(coalition.advisor)
    page = client.get(reverse("regions:advisors"), {"signaal": "te_laat"}).content.decode()
    assert coalition.region.name in page and "Actie &gt; 30 dagen te laat" in page and "(Geen budget)" in page
    csv_text = client.get(reverse("regions:advisors_csv")).content.decode()
    assert "Actie meer dan 30 dagen over de datum" in csv_text and "Geen budget" in csv_text


def test_reminders_to_trekkers_name_the_blocked_action(coalition):
    make_partner(region=coalition.region, type_slug="zorg-welzijn")  # no partner signal
    add(coalition, status=Action.Status.BLOCKED, reason="Wacht op de raad")
    now = timezone.make_aware(datetime.datetime.combine(TODAY, datetime.time(7)))
    with mock.patch("django.utils.timezone.now", return_value=now), TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_reminders", stdout=StringIO(), stderr=StringIO())
    bodies = [message.body for message in mail.outbox if coalition.trekker_user.email in message.to]
    assert bodies and "Wacht op de raad" in bodies[0]


@pytest.mark.parametrize("count", [1, 30])
def test_overview_queries_do_not_grow_with_actions(client, coalition, count, django_assert_max_num_queries):
    for n in range(count):
        add(coalition, days_late=n * 3, status=Action.Status.BLOCKED if n % 2 else Action.Status.OPEN, reason="x")
        add(coalition, days_late=n, region=coalition.other_region)
    client.force_login(coalition.advisor)
    with django_assert_max_num_queries(16):  # the same for one action per region or thirty
        assert client.get(reverse("regions:advisors")).status_code == 200
