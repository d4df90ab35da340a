"""E-mail partner staff a weekly summary of their start page, only when there is news, never twice in a week.

News is what came since the last summary (or, without one, the last week): advice for one of their regions, an
answer in one of its support requests, an action of their organisation added or changed. The summary also lists
their organisation's open actions and the items waiting for its akkoord. It is on unless someone switched it off
(on the start page or with the link in the e-mail). Fit for cron, e.g. daily: each person gets at most one a week.

    python manage.py send_digest             # send and record
    python manage.py send_digest --dry-run   # show who would get one; send and record nothing
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from regions import permissions
from regions.models import Action, Membership, StartPage
from regions.selectors.start import start_items
from regions.services.advice import site_url
from regions.services.start import digest_off_token
from wonen_eerst.mail import send_mail_later

WEEK = datetime.timedelta(days=7)


def digest_candidates(now: datetime.datetime):
    """Active partner staff with an address whose summary is on and who got none in the last week."""
    switched_off = StartPage.objects.filter(user=OuterRef("pk"), digest=False)
    sent_this_week = StartPage.objects.filter(user=OuterRef("pk"), digest_sent_at__gt=now - WEEK)
    return (
        get_user_model()
        .objects.filter(Exists(Membership.objects.filter(user=OuterRef("pk"))), is_active=True, email__gt="")
        .exclude(Exists(switched_off) | Exists(sent_this_week))
        .exclude(pk__in=permissions.advisor_users().values("pk"))
        .select_related("start_page")
        .order_by("pk")
    )


class Command(BaseCommand):
    help = "E-mail partners een wekelijkse samenvatting, alleen als er nieuws is; nooit twee keer in een week."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Toon wie er een zou krijgen; verstuur niets.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        sent = 0
        for user in digest_candidates(now):
            page = getattr(user, "start_page", None)
            since = max(filter(None, [page and page.digest_sent_at, now - WEEK]))
            items = start_items(user, today=today, since=since)
            changed = [row for row in items.actions if row["action"].pk in self._changed_actions(items, since)]
            if not (items.has_news or changed):
                continue
            if dry_run:
                self.stdout.write(f"[proef] {user.email}")
                continue
            with transaction.atomic():  # the send is recorded and its e-mail enqueued together
                StartPage.objects.update_or_create(user=user, defaults={"digest_sent_at": now})
                send_mail_later("Wonen Eerst: je week in het portaal", self._body(user, items, changed), [user.email])
            sent += 1
        if verbosity >= 1 and sent:
            self.stdout.write(f"{sent} samenvatting(en) verstuurd.")

    @staticmethod
    def _changed_actions(items, since) -> set[int]:
        ids = [row["action"].pk for row in items.actions]
        return set(
            Action.objects.filter(Q(created_at__gt=since) | Q(updated_at__gt=since), pk__in=ids).values_list(
                "pk", flat=True
            )
        )

    @staticmethod
    def _body(user, items, changed) -> str:
        context = {
            "user": user,
            "items": items,
            "changed": changed,
            "start_url": site_url(reverse("regions:start") + "?toon=1"),
            "off_url": site_url(reverse("regions:digest_off", args=[digest_off_token(user)])),
        }
        return render_to_string("regions/email/digest.txt", context)
