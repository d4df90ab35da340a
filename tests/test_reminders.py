"""send_reminders: e-mail the trekkers of regions with a signal, never the same reminder twice within its period."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from regions.models import Activity, Region, Reminder
from tests import factories

NOW = timezone.make_aware(datetime.datetime(2026, 6, 15, 7, 0))


def run(*args, now=NOW) -> str:
    out = StringIO()
    # The e-mails are enqueued when the command's transaction commits; the test's own transaction never does.
    with mock.patch("django.utils.timezone.now", return_value=now), TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_reminders", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def region(coalition):
    """Regio Noordkust on NOW: recently active, in time, but without a zorg- en welzijnsorganisatie."""
    region = coalition.region
    Region.objects.filter(pk=region.pk).update(phase_started_on=NOW.date() - datetime.timedelta(days=30))
    Activity.objects.create(region=region, kind=Activity.Kind.TICK, summary="x", created_at=NOW)
    factories.make_partner(region=coalition.other_region, type_slug="woningcorporatie")  # Zuidwaard: no signal
    Activity.objects.create(region=coalition.other_region, kind=Activity.Kind.TICK, summary="x", created_at=NOW)
    return region


def test_trekkers_of_a_region_with_a_signal_get_one_reminder(coalition, region):
    output = run()
    assert [message.to for message in mail.outbox] == [[coalition.trekker_user.email]]  # not the other partners
    message = mail.outbox[0]
    assert message.subject == "Herinnering: Regio Noordkust loopt mogelijk vast"
    assert "Geen zorg- en welzijnsorganisatie" in message.body
    assert f"/regios/{region.slug}/hulpvragen/nieuw/" in message.body
    assert list(Reminder.objects.values_list("region__name", "signal", "sent_at")) == [
        ("Regio Noordkust", "partners", NOW)
    ]
    assert "Regio Noordkust" in output and "1 trekker" in output


def test_not_again_within_the_period_and_again_after_it(coalition, region):
    run()
    mail.outbox.clear()
    assert run(now=NOW + datetime.timedelta(days=1)) == ""  # quiet: nothing sent
    assert run(now=NOW + datetime.timedelta(days=29, hours=23, minutes=59)) == ""
    assert not mail.outbox and Reminder.objects.count() == 1
    assert "Regio Noordkust" in run(now=NOW + datetime.timedelta(days=30))
    assert len(mail.outbox) == 1 and Reminder.objects.count() == 2


def test_the_period_is_an_option(coalition, region):
    run()
    mail.outbox.clear()
    assert run("--period", "7", now=NOW + datetime.timedelta(days=6)) == ""
    assert "Regio Noordkust" in run("--period", "7", now=NOW + datetime.timedelta(days=7))
    with pytest.raises(CommandError):
        run("--period", "0")


def test_a_new_signal_is_reminded_even_within_the_period_of_another(coalition, region):
    run()
    mail.outbox.clear()
    later = NOW + datetime.timedelta(days=100)  # now also 90 days without activity
    run(now=later - datetime.timedelta(days=95))  # nothing new then
    assert not mail.outbox
    Reminder.objects.update(sent_at=later - datetime.timedelta(days=1))  # 'partners' was reminded yesterday
    output = run(now=later)
    assert "Geen activiteit in 90 dagen" in output and "Geen zorg- en welzijnsorganisatie" not in output
    assert set(Reminder.objects.values_list("signal", flat=True)) == {"partners", "stil"}


def test_dry_run_sends_and_records_nothing(coalition, region):
    output = run("--dry-run")
    assert "[proef] Regio Noordkust" in output
    assert not mail.outbox and not Reminder.objects.exists()


def test_quiet_when_no_region_has_a_signal(coalition, region):
    factories.make_partner(region=region, type_slug="zorg-welzijn")
    assert run() == "" and not mail.outbox and not Reminder.objects.exists()


@pytest.mark.parametrize("change", [{"email": ""}, {"is_active": False}])
def test_a_trekker_without_email_or_inactive_gets_nothing(coalition, region, change):
    for name, value in change.items():
        setattr(coalition.trekker_user, name, value)
    coalition.trekker_user.save()
    assert run() == "" and not mail.outbox and not Reminder.objects.exists()  # tried again next run


def test_every_region_with_a_signal_is_reminded_however_many_there_are(coalition, region):
    """More regions than the overview shows on one page: each one's trekker still hears of it."""
    trekkers = []
    for n in range(55):
        extra = factories.make_region(name=f"Regio Extra {n:02d}")
        gemeente = factories.make_partner(region=extra, type_slug="gemeente", is_trekker=True)
        trekkers.append(factories.make_user(organisations=[gemeente]))  # no corporation, no care: a signal
    run()
    reminded = {address for message in mail.outbox for address in message.to}
    assert {user.email for user in trekkers} <= reminded
    assert Reminder.objects.filter(region__name__startswith="Regio Extra").values("region").distinct().count() == 55
