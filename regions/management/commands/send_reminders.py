"""E-mail the trekkers of regions with a signal; the same reminder (region + signal) at most once per period.

Fit for cron: quiet unless something was sent (or would be, with --dry-run); exit status 0.

    python manage.py send_reminders             # send and record
    python manage.py send_reminders --dry-run   # show what would be sent; send and record nothing
    python manage.py send_reminders --period 14 # the same reminder at most once in 14 days
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from regions.models import Partnership, Reminder
from regions.selectors.overview import ANY_SIGNAL, Filters, region_overview
from regions.services.advice import send_notification, site_url


class Recipient:
    def __init__(self, pk, email):
        self.pk, self.email = pk, email


class Command(BaseCommand):
    help = "E-mail de trekkers van regio's met een signaal; dezelfde herinnering hooguit eens per periode."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Toon wat verstuurd zou worden; verstuur en bewaar niets."
        )
        parser.add_argument(
            "--period",
            type=int,
            default=None,
            help="Dagen voordat dezelfde herinnering opnieuw mag (standaard WONEN_EERST_REMINDER_DAYS, 30).",
        )

    def handle(self, *args, dry_run=False, period=None, verbosity=1, **options):
        period = settings.WONEN_EERST_REMINDER_DAYS if period is None else period
        if period < 1:
            raise CommandError("--period moet minstens 1 dag zijn.")
        now = timezone.now()
        rows = region_overview(filters=Filters(signal=ANY_SIGNAL), today=timezone.localdate(now), per_page=None).rows
        recent = set(
            Reminder.objects.filter(sent_at__gt=now - datetime.timedelta(days=period)).values_list(
                "region_id", "signal"
            )
        )
        trekkers = self._trekker_addresses([row.region.pk for row in rows])
        sent = 0
        for row in rows:
            region = row.region
            due = [(key, text) for key, text in row.signal_texts if (region.pk, key) not in recent]
            if not due:
                continue
            recipients = trekkers.get(region.pk, [])
            if not recipients:
                if verbosity >= 2:
                    self.stderr.write(f"{region}: geen trekker met een e-mailadres; geen herinnering verstuurd.")
                continue
            texts = [text for _, text in due]
            if dry_run:
                self.stdout.write(f"[proef] {region}: {len(recipients)} trekker(s) — {'; '.join(texts)}")
                continue
            with transaction.atomic():  # the reminder is recorded and its e-mails enqueued together
                send_notification(
                    recipients=recipients,
                    subject=f"Herinnering: {region} loopt mogelijk vast",
                    template="regions/email/reminder.txt",
                    context={
                        "region": region,
                        "signals": texts,
                        "period": period,
                        "url": site_url(region.get_absolute_url()),
                        "support_url": site_url(reverse("regions:support_create", args=[region.slug])),
                    },
                )
                Reminder.objects.bulk_create([Reminder(region=region, signal=key, sent_at=now) for key in dict(due)])
            sent += 1
            if verbosity >= 1:
                self.stdout.write(f"{region}: herinnering aan {len(recipients)} trekker(s) — {'; '.join(texts)}")
        if sent and verbosity >= 2:
            self.stdout.write(f"{sent} herinnering(en) verstuurd.")

    @staticmethod
    def _trekker_addresses(region_ids: list[int]) -> dict[int, list[Recipient]]:
        """Per region the active staff of its trekker organisations with an e-mail address, in one query."""
        rows = (
            Partnership.objects.filter(
                region__in=region_ids,
                is_trekker=True,
                organisation__memberships__user__is_active=True,
                organisation__memberships__user__email__gt="",
            )
            .values_list("region_id", "organisation__memberships__user_id", "organisation__memberships__user__email")
            .distinct()
        )
        addresses: dict[int, list[Recipient]] = {}
        for region_id, user_id, email in rows:
            addresses.setdefault(region_id, []).append(Recipient(user_id, email))
        return addresses
