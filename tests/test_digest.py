"""The weekly summary by e-mail: on by default, only with news, never twice in a week, off in one click."""

import datetime
import re
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django.utils import timezone

from regions.models import Review, StartPage
from regions.services import action_create, review_create

NOW = timezone.now()


def run(now=NOW):
    with mock.patch("django.utils.timezone.now", return_value=now), TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_digest", stdout=StringIO(), stderr=StringIO())
    sent = [(message.to[0], message.body) for message in mail.outbox]
    mail.outbox.clear()
    return sent


def test_no_news_no_mail(coalition):
    assert run() == []
    assert not StartPage.objects.filter(digest_sent_at__isnull=False).exists()


def test_news_is_sent_once_to_each_partner_and_not_again_within_a_week(coalition):
    review_create(region=coalition.region, user=coalition.advisor, text="Betrek de raad vroeg.")
    sent = dict(run())
    assert set(sent) == {coalition.trekker_user.email, coalition.partner_user.email}  # not the advisor, not others
    body = sent[coalition.partner_user.email]
    assert "Nieuw advies van het Versnellingsteam" in body and "http://testserver/mijn/" not in body
    assert "/mijn/samenvatting-uit/" in body
    assert run() == []  # the same day
    later = review_create(region=coalition.region, user=coalition.advisor, text="Nog een advies.")
    Review.objects.filter(pk=later.pk).update(created_at=NOW + datetime.timedelta(days=6))
    assert run(NOW + datetime.timedelta(days=6)) == []  # within the week
    assert {to for to, _ in run(NOW + datetime.timedelta(days=7, minutes=1))} == {
        coalition.trekker_user.email,
        coalition.partner_user.email,
    }


def test_a_new_action_of_my_organisation_is_news(coalition):
    action_create(
        region=coalition.region,
        item=coalition.region.current_phase.checklist_items.first(),
        user=coalition.trekker_user,
        what="Notitie schrijven",
        owner=coalition.corporatie,
        due_on=timezone.localdate(),
    )
    sent = dict(run())
    assert list(sent) == [coalition.partner_user.email] and "Notitie schrijven" in sent[coalition.partner_user.email]


def test_switched_off_by_the_link_in_the_mail_no_more_summaries(coalition):
    review_create(region=coalition.region, user=coalition.advisor, text="Advies.")
    body = dict(run())[coalition.partner_user.email]
    link = re.search(r"https?://\S+/mijn/samenvatting-uit/\S+/", body).group(0)
    path = "/" + link.split("/", 3)[3]
    assert Client().get(path).status_code == 200
    assert StartPage.objects.get(user=coalition.partner_user).digest is False
    review_create(region=coalition.region, user=coalition.advisor, text="Meer advies.")
    assert coalition.partner_user.email not in dict(run(NOW + datetime.timedelta(days=8)))
