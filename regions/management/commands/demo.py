"""Demo data: the guide, the key figures, three fictional regions and five accounts to log in with at once.

Only with DJANGO_DEBUG=1: the accounts share a known password. Running it again changes nothing that
is already there (regions keep their ticks and phases; accounts get the demo password back). Each new region
also gets the Versnellingsteam at work: a support request (new, in behandeling or afgerond) and, for one
region, advice; the e-mails these would send to the demo accounts are dropped. A demo region without key figures
gets two years of them (fixtures/indicators.json), entered through the services and dated back in the history.
Each new region has obstacles (knelpunten), open and solved; Regio Voorbeeldkust shares what helped it, so Regio
Proefdal, running into the same question, sees it.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.test.utils import override_settings
from django.utils import timezone

from phases.models import ChecklistItem, Indicator, OrganisationType, Phase
from regions.models import (
    Action,
    Activity,
    ChecklistProgress,
    IndicatorTarget,
    IndicatorValue,
    Membership,
    Obstacle,
    Organisation,
    Partnership,
    PhaseChange,
    Region,
    Review,
    SupportMessage,
    SupportRequest,
)
from regions.periods import periods_between, previous_period
from regions.services import (
    action_create,
    activity_record,
    agreement_give,
    progress_set,
    review_create,
    support_request_close,
    support_request_create,
    support_request_reply,
    support_request_take,
)
from regions.services.figures import indicator_target_set, indicator_value_set
from regions.services.obstacles import obstacle_open, obstacle_sharing_set, obstacle_solve
from regions.services.people import invitation_send

PASSWORD = "wonen-eerst-demo"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# slug, name, centrumgemeente, current phase, months in it, months in each earlier phase
REGIONS = [
    ("voorbeeldkust", "Regio Voorbeeldkust (fictief)", "Voorbeeldstad", 3, 14, 5),
    ("proefdal", "Regio Proefdal (fictief)", "Proefdorp", 2, 4, 6),
    ("oefenstreek", "Regio Oefenstreek (fictief)", "Oefenburg", 5, 10, 7),
]

# organisation, type, {region slug: (is trekker, role in its own words)}
ORGANISATIONS = [
    (
        "Gemeente Voorbeeldstad (fictief)",
        "gemeente",
        {
            "voorbeeldkust": (
                True,
                "Centrumgemeente en trekker. Wij brengen de partners bij elkaar, zitten de stuurgroep voor "
                "en zorgen voor bestuurlijk draagvlak in de regio.",
            )
        },
    ),
    (
        "Gemeente Kleindorp (fictief)",
        "gemeente",
        {"voorbeeldkust": (False, "Regiogemeente. Wij denken mee over passende woonruimte in de kleine kernen.")},
    ),
    (
        "Woonstichting Thuisbasis (fictief)",
        "woningcorporatie",
        {
            "voorbeeldkust": (False, "Wij stellen jaarlijks een vast aantal woningen beschikbaar voor Wonen Eerst."),
            "oefenstreek": (False, "Wij leveren woningen en een vast aanspreekpunt voor de wijkteams."),
        },
    ),
    (
        "Zorggroep De Brug (fictief)",
        "zorg-welzijn",
        {"voorbeeldkust": (False, "Wij bieden begeleiding aan huis, zo lang als nodig.")},
    ),
    ("Kredietbank Voorbeeldkust (fictief)", "uitkering-schuldhulp", {"voorbeeldkust": (False, "")}),
    ("Politie Team Voorbeeldkust (fictief)", "politie-veiligheid", {"voorbeeldkust": (False, "")}),
    (
        "Regionale Kredietbank Kust en Streek (fictief)",
        "uitkering-schuldhulp",
        {"voorbeeldkust": (False, ""), "oefenstreek": (False, "")},
    ),
    (
        "Gemeente Proefdorp (fictief)",
        "gemeente",
        {"proefdal": (True, "Trekker. Wij verkennen met de partners wat Wonen Eerst voor onze regio betekent.")},
    ),
    (
        "Stichting Onderdak Proefdal (fictief)",
        "zorg-welzijn",
        {"proefdal": (False, "Wij kennen de doelgroep en brengen de ervaringen van bewoners in.")},
    ),
    ("Sociale Dienst Proefdal (fictief)", "uitkering-schuldhulp", {"proefdal": (False, "")}),
    (
        "Gemeente Oefenburg (fictief)",
        "gemeente",
        {"oefenstreek": (True, "Trekker en opdrachtgever van het regionale programma Wonen Eerst.")},
    ),
    ("Welzijn Oefenstreek (fictief)", "zorg-welzijn", {"oefenstreek": (False, "Wij verzorgen de woonbegeleiding.")}),
    ("Schuldhulp Oefenstreek (fictief)", "uitkering-schuldhulp", {"oefenstreek": (False, "")}),
    ("Veiligheidshuis Oefenstreek (fictief)", "politie-veiligheid", {"oefenstreek": (False, "")}),
]

# username, first name, last name, organisations, groups, superuser, what to print
ACCOUNTS = [
    ("demo-gemeente", "Gerda", "Gemeente (demo)", ["Gemeente Voorbeeldstad (fictief)"], [], False),
    ("demo-corporatie", "Cor", "Corporatie (demo)", ["Woonstichting Thuisbasis (fictief)"], [], False),
    ("demo-zorg", "Zoë", "Zorg (demo)", ["Stichting Onderdak Proefdal (fictief)"], [], False),
    ("demo-adviseur", "Ada", "Adviseur (demo)", [], ["Versnellingsteam"], False),
    ("demo-beheer", "Bert", "Beheer (demo)", [], [], True),
]
ACCOUNT_NOTES = {
    "demo-gemeente": "trekker (gemeente) in Regio Voorbeeldkust",
    "demo-corporatie": "woningcorporatie, partner in Regio Voorbeeldkust en Regio Oefenstreek",
    "demo-zorg": "zorg- en welzijnsorganisatie in Regio Proefdal",
    "demo-adviseur": "Versnellingsteam: ziet alle regio's, alleen lezen en adviseren",
    "demo-beheer": "beheerder (superuser), ook van /beheer/",
}

# region slug: (who ticks, {phase number: how many items are done; None = all})
TICKS = {
    "voorbeeldkust": ("demo-gemeente", {1: None, 2: None, 3: 2}),
    "proefdal": ("demo-zorg", {1: 3, 2: 1}),
    "oefenstreek": ("demo-corporatie", {1: None, 2: None, 3: None, 4: None, 5: 2}),
}
NOTE = "Vastgelegd in het verslag van het regio-overleg (fictief voorbeeld)."

# region slug: (who marks them, trekker who allows sharing or None, [(phase, question order or own words, note, days
# ago it was marked, what helped or None when still open, days ago it was solved)])
OBSTACLES = {
    "voorbeeldkust": (
        "demo-gemeente",
        "demo-gemeente",
        [
            (
                3,
                1,
                "Corporaties en zorg wachten op elkaar (fictief).",
                200,
                "Een rollenkaart op één A4, samen vastgesteld in het regio-overleg (fictief).",
                150,
            ),
            (3, 2, "Wie betaalt de begeleiding na de eerste maanden? (fictief)", 120, None, 0),
        ],
    ),
    "proefdal": ("demo-zorg", None, [(3, 1, "Onduidelijk wie de regie heeft (fictief).", 20, None, 0)]),
    "oefenstreek": (
        "demo-corporatie",
        None,
        [
            (5, 1, "Wachtlijst bij de toewijzing (fictief).", 90, "Een wekelijks casusoverleg (fictief).", 30),
            (
                5,
                "Te weinig kleine woningen in de kleinere gemeenten",
                "Vooral eenpersoonswoningen (fictief).",
                40,
                None,
                0,
            ),
        ],
    ),
}

# region slug: (who asks, kind of help, the question, how far the Versnellingsteam got, days ago, its answer)
SUPPORT = {
    "voorbeeldkust": (
        "demo-gemeente",
        SupportRequest.Kind.DRAAGVLAK,
        "De stuurgroep wil de wethouders van de regiogemeenten meenemen in de keuze voor Wonen Eerst. Wil het "
        "Versnellingsteam meedenken over de bestuurlijke bijeenkomst? (fictief voorbeeld)",
        SupportRequest.Status.IN_PROGRESS,
        9,
        "Graag. Wij denken mee over de opzet van de bijeenkomst en nemen ervaringen uit andere regio's mee. "
        "(fictief voorbeeld)",
    ),
    "proefdal": (
        "demo-zorg",
        SupportRequest.Kind.KEUZES,
        "Er doet nog geen woningcorporatie mee in onze regio. Hoe krijgen wij een corporatie aan tafel? "
        "(fictief voorbeeld)",
        SupportRequest.Status.NEW,
        20,
        "",
    ),
    "oefenstreek": (
        "demo-corporatie",
        SupportRequest.Kind.JURIDISCH,
        "Welke afspraken over het huurcontract en de begeleiding kunnen wij juridisch aan elkaar koppelen? "
        "(fictief voorbeeld)",
        SupportRequest.Status.CLOSED,
        60,
        "In de bijlage van het regioconvenant staan drie mogelijke afspraken; wij lichten ze graag toe in het "
        "kernteam. (fictief voorbeeld)",
    ),
}
# region slug: (the phase the advice is about, the advice)
ADVICE = {
    "voorbeeldkust": (
        3,
        "De coalitie is breed, maar de regio staat langer in deze fase dan gebruikelijk. Leg de afspraken over "
        "woningen en begeleiding vast en plan de stap naar de concretisering. (fictief voorbeeld)",
    ),
}

# region slug: (who enters them, {key figure: values for the last four half years, oldest first; None: not entered})
# Proefdal entered nothing for the last half year: the overview shows its signal.
FIGURES = {
    "voorbeeldkust": (
        "demo-gemeente",
        {
            "woningen-beschikbaar": [6, 9, 12, 14],
            "mensen-gehuisvest": [10, 19, 31, 45],
            "mensen-wachtend": [62, 55, 49, 41],
        },
    ),
    "proefdal": ("demo-zorg", {"mensen-wachtend": [30, 34, 37, None]}),
    "oefenstreek": (
        "demo-corporatie",
        {
            "woningen-beschikbaar": [10, 12, 15, 18],
            "mensen-gehuisvest": [25, 37, 52, 70],
            "mensen-wachtend": [40, 35, 31, 26],
        },
    ),
}
# region slug: {ETHOS Light category: the counts of the last two years, oldest first} (Oefenstreek counts yearly)
ETHOS_COUNTS = {
    "oefenstreek": {
        "ethos-openbare-ruimte": [14, 11],
        "ethos-noodopvang": [38, 33],
        "ethos-tijdelijke-opvang": [52, 47],
        "ethos-uitstroom-instelling": [9, 8],
        "ethos-niet-conventioneel": [6, 7],
        "ethos-familie-vrienden": [71, 64],
    }
}
# region slug: (the trekker who sets them, {key figure: target for last year and for this year})
TARGETS = {
    "voorbeeldkust": (
        "demo-gemeente",
        {"woningen-beschikbaar": (10, 15), "mensen-gehuisvest": (30, 60), "mensen-wachtend": (50, 30)},
    ),
}
FIGURE_SOURCE = {
    "woningen-beschikbaar": "Registratie van de woningcorporaties (fictief voorbeeld)",
    "mensen-gehuisvest": "Registratie van de gemeente en de begeleiders (fictief voorbeeld)",
    "mensen-wachtend": "Wachtlijst van de toegang tot Wonen Eerst (fictief voorbeeld)",
}


class Command(BaseCommand):
    help = "Laadt de gids, drie fictieve regio's en vijf demo-accounts. Alleen met DJANGO_DEBUG=1."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Het demo-commando draait alleen met DJANGO_DEBUG=1: het maakt accounts met een bekend "
                "wachtwoord, en die horen niet op een echte server."
            )
        call_command("loaddata", "guide", "indicators", verbosity=0)
        # The e-mails are sent at once, to nowhere, rather than enqueued for a worker that would send them later.
        dropped = {"EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend", "TASKS": IMMEDIATE_TASKS}
        with override_settings(**dropped), transaction.atomic():
            created = self.build()
        self.report(created)

    def build(self) -> list[Region]:
        today = timezone.localdate()
        regions, created = {}, []
        for slug, name, centrumgemeente, number, months, _ in REGIONS:
            region, is_new = Region.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "centrumgemeente": centrumgemeente,
                    "current_phase": Phase.objects.get(number=number),
                    "phase_started_on": months_before(today, months),
                },
            )
            regions[slug] = region
            if is_new:
                created.append(region)
        types = {t.slug: t for t in OrganisationType.objects.all()}
        organisations = {}
        for name, type_slug, partnerships in ORGANISATIONS:
            organisation, _ = Organisation.objects.get_or_create(name=name, type=types[type_slug])
            organisations[name] = organisation
            for slug, (is_trekker, role) in partnerships.items():
                Partnership.objects.get_or_create(
                    region=regions[slug],
                    organisation=organisation,
                    defaults={"is_trekker": is_trekker, "role": role, "since": regions[slug].phase_started_on},
                )
        users = {account[0]: self.account(*account, organisations=organisations) for account in ACCOUNTS}
        for region in created:
            self.history(region, users, today)
        if regions["voorbeeldkust"] in created:
            self.invitations(regions["voorbeeldkust"], users, organisations)
            self.work(regions["voorbeeldkust"], users["demo-gemeente"], today)
        for region in regions.values():
            if not IndicatorValue.objects.filter(region=region).exists():
                self.figures(region, users, today)
        return created

    def invitations(self, region: Region, users: dict, organisations: dict) -> None:
        """An open invitation from a corporation's own staff, and a trekker's invitation into an organisation with
        nobody in the portal yet that also works in another region: it waits for the Versnellingsteam."""
        invitation_send(
            organisation=organisations["Woonstichting Thuisbasis (fictief)"],
            email="nieuwe.collega@example.org",
            user=users["demo-corporatie"],
            region=region,
            first_name="Nina",
        )
        invitation_send(
            organisation=organisations["Regionale Kredietbank Kust en Streek (fictief)"],
            email="contact@kredietbank.example.org",
            user=users["demo-gemeente"],
            region=region,
            reason="Onze vaste contactpersoon bij de kredietbank; zij sluit aan bij het regio-overleg (fictief).",
        )

    def account(self, username, first_name, last_name, organisation_names, groups, is_superuser, *, organisations):
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
                "is_active": True,
                "is_staff": is_superuser,
                "is_superuser": is_superuser,
            },
        )
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        for name in organisation_names:
            Membership.objects.get_or_create(user=user, organisation=organisations[name])
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        return user

    def history(self, region: Region, users: dict, today: datetime.date) -> None:
        """A new region gets its phase history (one row and one history entry per phase so far) and its ticks, each
        dated within the phase it belongs to, so that the pages for a past date show the region as it was then."""
        _, _, _, number, months, earlier = next(r for r in REGIONS if r[0] == region.slug)
        starts = {step: months_before(today, months + earlier * (number - step)) for step in range(1, number + 1)}
        phases = {phase.number: phase for phase in Phase.objects.all()}
        PhaseChange.objects.bulk_create(
            PhaseChange(region=region, phase=phases[step], started_on=start) for step, start in starts.items()
        )
        ticker = users[TICKS[region.slug][0]]
        for step, start in starts.items():
            before = {"phase": phases[step - 1].pk, "started_on": starts[step - 1].isoformat()} if step > 1 else {}
            after = {"phase": phases[step].pk, "started_on": start.isoformat()}
            entry = activity_record(
                region=region,
                actor=ticker,
                kind=Activity.Kind.PHASE,
                summary=f"Huidige fase: {phases[step]} (sinds {start:%d-%m-%Y})",
                before=before,
                after=after,
                phase_id=phases[step].pk,
            )
            Activity.objects.filter(pk=entry.pk).update(created_at=midday(start))
        for phase_number, count in TICKS[region.slug][1].items():
            items = list(ChecklistItem.objects.filter(phase__number=phase_number).order_by("order"))
            ticked = items if count is None else items[:count]
            start = starts.get(phase_number, starts[number])
            end = starts.get(phase_number + 1, today)
            for index, item in enumerate(ticked):
                if item.needs_agreement:
                    self.agree(region, item)
                    continue
                progress_set(region=region, item=item, user=ticker, done=True, note=NOTE if index == 0 else None)
                moment = midday(start + (end - start) * (index + 1) / (len(ticked) + 1))
                Activity.objects.filter(region=region, item=item).update(created_at=moment)
                ChecklistProgress.objects.filter(region=region, item=item).update(done_at=moment, updated_at=moment)
        self.advice(region, users)
        self.obstacles(region, users)

    def obstacles(self, region: Region, users: dict) -> None:
        """The region's obstacles (OBSTACLES) through the services, then moved back to when they were marked and
        solved; Regio Voorbeeldkust lets other regions see what helped it."""
        username, trekker, rows = OBSTACLES[region.slug]
        user = users[username]
        if trekker:
            obstacle_sharing_set(region=region, user=users[trekker], share=True)
        for number, question, note, days, helped, solved_days in rows:
            phase = Phase.objects.get(number=number)
            start = timezone.now()
            if isinstance(question, int):
                obstacle = obstacle_open(
                    region=region, user=user, phase=phase, question=phase.questions.get(order=question), note=note
                )
            else:
                obstacle = obstacle_open(region=region, user=user, phase=phase, text=question, note=note)
            opened = datetime.timedelta(days=days)
            Obstacle.objects.filter(pk=obstacle.pk).update(opened_at=F("opened_at") - opened)
            Activity.objects.filter(region=region, created_at__gte=start).update(created_at=F("created_at") - opened)
            if helped:
                start = timezone.now()
                obstacle_solve(obstacle=obstacle, user=user, what_helped=helped)
                solved = datetime.timedelta(days=solved_days)
                Obstacle.objects.filter(pk=obstacle.pk).update(solved_at=F("solved_at") - solved)
                Activity.objects.filter(region=region, created_at__gte=start).update(
                    created_at=F("created_at") - solved
                )

    def work(self, region: Region, user, today: datetime.date) -> None:
        """The coalition's work in the first region: an action well past its date, a blocked one, and the first item
        that needs every partner's akkoord agreed by the gemeente alone (half agreed)."""
        staffed = [
            p.organisation
            for p in region.partnerships.select_related("organisation")
            if p.organisation.memberships.exists()
        ]
        mine = user.memberships.first().organisation
        others = [organisation for organisation in staffed if organisation != mine] or [mine]
        items = ChecklistItem.objects.filter(phase=region.current_phase).order_by("order")
        action_create(
            region=region,
            item=items[0],
            user=user,
            what="Verslag van het bestuurlijk overleg rondsturen (fictief)",
            owner=mine,
            due_on=today - datetime.timedelta(days=45),
        )
        action_create(
            region=region,
            item=items[1],
            user=user,
            what="Gezamenlijke visie laten vaststellen (fictief)",
            owner=others[0],
            due_on=today + datetime.timedelta(days=20),
            status=Action.Status.BLOCKED,
            blocked_reason="Wacht op het besluit van de raad van bestuur (fictief).",
        )
        agreement_give(region=region, item=items.filter(needs_agreement=True).first(), organisation=mine, user=user)

    def agree(self, region: Region, item) -> None:
        """The akkoord of every partner that has people in the portal: where one has nobody yet, the item stays
        half agreed, as it would be in a coalition that is still growing."""
        for partnership in region.partnerships.select_related("organisation"):
            person = partnership.organisation.memberships.select_related("user").first()
            if person is not None:
                agreement_give(region=region, item=item, organisation=partnership.organisation, user=person.user)

    def advice(self, region: Region, users: dict) -> None:
        """The region's support request, taken on, answered and closed as far as SUPPORT says, and its advice;
        all through the services, so the history has them, then moved back to when they were asked."""
        adviser = users["demo-adviseur"]
        username, kind, question, status, days, answer = SUPPORT[region.slug]
        asker = users[username]
        start = timezone.now()
        asked = support_request_create(region=region, user=asker, kind=kind, description=question)
        if status != SupportRequest.Status.NEW:
            support_request_take(support_request=asked, user=adviser)
            support_request_reply(support_request=asked, user=adviser, text=answer)
        if status == SupportRequest.Status.CLOSED:
            support_request_close(support_request=asked, user=adviser)
        if region.slug in ADVICE:
            number, text = ADVICE[region.slug]
            review_create(region=region, user=adviser, text=text, phase=Phase.objects.get(number=number))
        back = datetime.timedelta(days=days)
        SupportRequest.objects.filter(pk=asked.pk).update(
            created_at=F("created_at") - back, taken_at=F("taken_at") - back, closed_at=F("closed_at") - back
        )
        SupportMessage.objects.filter(request=asked).update(created_at=F("created_at") - back)
        Review.objects.filter(region=region).update(created_at=F("created_at") - back)
        Activity.objects.filter(region=region, created_at__gte=start).update(created_at=F("created_at") - back)

    def figures(self, region: Region, users: dict, today: datetime.date) -> None:
        """Two years of key figures through the services, each dated back in the history to a fortnight after its
        period ended (when a region would report it), so the figures on a past date tell the same story."""
        indicators = {indicator.slug: indicator for indicator in Indicator.objects.all()}
        last = previous_period("halfjaar", today)
        halves = periods_between(last.shifted(-3), last)
        username, series = FIGURES[region.slug]
        plan = [
            (indicators[slug], period, value)
            for slug, values in series.items()
            for period, value in zip(halves, values, strict=True)
        ]
        years = periods_between(previous_period("jaar", today).shifted(-1), previous_period("jaar", today))
        for slug, counts in ETHOS_COUNTS.get(region.slug, {}).items():
            plan += [(indicators[slug], year, count) for year, count in zip(years, counts, strict=True)]
        user = users[username]
        for indicator, period, value in plan:
            if value is None:
                continue
            source = FIGURE_SOURCE.get(indicator.slug, "ETHOS-telling in de regio (fictief voorbeeld)")
            indicator_value_set(
                region=region, indicator=indicator, period=period.code, value=value, source=source,
                measured_on=period.end, user=user,
            )  # fmt: skip
            self._date_back(
                region,
                Activity.Kind.FIGURE,
                {"after__indicator": indicator.pk, "after__period": period.code},
                period.end,
            )
            IndicatorValue.objects.filter(region=region, indicator=indicator, period=period.code).update(
                updated_at=self._moment(period.end, today)
            )
        if region.slug in TARGETS:
            username, targets = TARGETS[region.slug]
            trekker = users[username]
            for slug, values in targets.items():
                for year, value in zip((today.year - 1, today.year), values, strict=True):
                    indicator_target_set(
                        region=region, indicator=indicators[slug], year=year, value=value, user=trekker
                    )
                    start = datetime.date(year, 1, 1)
                    lookup = {"after__indicator": indicators[slug].pk, "after__year": year}
                    self._date_back(region, Activity.Kind.TARGET, lookup, start)
                    IndicatorTarget.objects.filter(region=region, indicator=indicators[slug], year=year).update(
                        updated_at=self._moment(start, today)
                    )

    @staticmethod
    def _moment(day: datetime.date, today: datetime.date) -> datetime.datetime:
        """A fortnight after ``day`` at ten in the morning, but never later than now."""
        moment = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=14), datetime.time(10)))
        return min(moment, timezone.now())

    def _date_back(self, region: Region, kind: str, lookup: dict, day: datetime.date) -> None:
        Activity.objects.filter(region=region, kind=kind, **lookup).update(
            created_at=self._moment(day, timezone.localdate())
        )

    def report(self, created: list[Region]) -> None:
        if created:
            self.stdout.write(f"Aangemaakt: {', '.join(region.name for region in created)}.")
        else:
            self.stdout.write("De demoregio's bestonden al; ze zijn niet veranderd.")
        self.stdout.write(
            "De gids, de kengetallen en drie fictieve regio's staan klaar. Log in met een van deze accounts:"
        )
        for username, *_ in ACCOUNTS:
            self.stdout.write(f"  {username:<17} {ACCOUNT_NOTES[username]}")
        self.stdout.write(f"Wachtwoord voor alle demo-accounts: {PASSWORD}")


def midday(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month, ``months`` earlier (the last day of a shorter month)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    for dom in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, dom)
        except ValueError:
            continue
    raise AssertionError("unreachable")
