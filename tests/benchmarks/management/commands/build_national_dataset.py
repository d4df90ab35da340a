"""A national-scale synthetic data set: 45 fictional regions with their coalitions, 3 000 people and three
years of history (over 200 000 activity rows), with their key figures (values per period and targets, each in
the history too), for load tests and for measuring how cost grows.

    python manage.py build_national_dataset [--scale 1|10] [--seed 1] [--flush | --force]

Every name is invented (places from syllables, "(fictief)" after each region, e-mail addresses under
.invalid). All accounts share one password (``--password``, hashed once) and the advisors' and editors'
authenticator keys are derived from the seed (``national_otp_key``), so a load test can log in as them;
build this only into a database for tests and benchmarks. Writes use ``bulk_create`` in batches and no
per-row services; the history is replayed per checklist item, so every progress activity holds the full
item state before and after, consistent with the final ``ChecklistProgress`` rows.
"""

import datetime
import hashlib
import hmac
import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django_otp.plugins.otp_totp.models import TOTPDevice

from phases.models import ChecklistItem, Indicator, OrganisationType, Phase
from regions.models import (
    Activity,
    ChecklistProgress,
    IndicatorTarget,
    IndicatorValue,
    Membership,
    Organisation,
    Partnership,
    PhaseChange,
    Region,
    Review,
    SupportMessage,
    SupportRequest,
)
from regions.periods import period_containing, periods_between, previous_period
from regions.selectors.overview import ADVISOR_SIDE
from regions.services.figures import target_state, value_state

USERNAME_PREFIX = "nl-"
DEFAULT_PASSWORD = "landelijk-proef-2026"
BATCH = 5000
YEARS = 3

PER_SCALE = {"regions": 45, "gemeenten": 350, "corporations": 120, "care": 160, "other": 20, "people": 3000}
ADVISORS, EDITORS = 15, 3
ACTIVITIES_PER_REGION = 4600  # 45 regions → about 207 000 rows

HEADS = [
    "Veen", "Hoog", "Laag", "Beek", "Wolder", "Zand", "Linde", "Esch", "Brug", "Kaps", "Moer", "Heide", "Dijk",
    "Vlas", "Rietel", "Molen", "Klaver", "Berken", "Eikel", "Water", "Weide", "Kroon", "Duin", "Haver", "Lier",
    "Stroo", "Vennen", "Gors", "Kreek", "Slenk", "Akker", "Hazel", "Wilgen", "Elzen", "Essen", "Bramel", "Dorren",
    "Kempel", "Lommer", "Putter",
]  # fmt: skip
MIDS = ["", "en", "er", "el", "ing", "s", "e", "ter", "o", "a", "ven", "den", "ker", "mer", "wer"]
TAILS = [
    "dam", "dijk", "hoven", "wijk", "veld", "horst", "waard", "rode", "loo", "kerk", "dorp", "stede", "broek",
    "haven", "burg", "meer", "beek", "zande", "donk", "hem",
]  # fmt: skip
FIRST_NAMES = [
    "Anouk", "Bram", "Carla", "Daan", "Eline", "Fenna", "Gijs", "Hanna", "Ilse", "Joris", "Kim", "Lotte", "Mees",
    "Noor", "Olaf", "Pien", "Quinten", "Roos", "Sem", "Tess", "Ugur", "Vera", "Wout", "Yara", "Zoë", "Fatima",
    "Mohamed", "Priya", "Chen", "Sanne", "Thijs", "Lieke", "Ruben", "Maartje", "Youssef", "Ayla",
]  # fmt: skip
CORPORATION_FORMS = ["Woonstichting {}", "Woningbouwvereniging {}", "{} Wonen", "Woonbron {}", "Thuis in {}"]
CARE_FORMS = ["Zorggroep {}", "Stichting Opvang {}", "Welzijn {}", "Herstelhuis {}", "GGZ {}", "Buurtteam {}"]
OTHER_FORMS = {"uitkering-schuldhulp": "Schuldhulp {}", "politie-veiligheid": "Veiligheidshuis {}"}
NOTES = [
    "Besproken in het regionaal overleg; verslag staat op het samenwerkingsplatform.",
    "Afspraak vastgelegd in de intentieverklaring van de coalitie.",
    "Concept ligt bij de stuurgroep; besluit volgt in het volgende overleg.",
    "Uitgewerkt door de werkgroep wonen en zorg, zie het plan van aanpak.",
    "Gedeeld met de bestuurders van alle partners.",
    "Nog een reactie nodig van twee corporaties.",
    "Opgenomen in de regionale woonzorgvisie.",
    "Evaluatie gepland na het eerste halfjaar.",
]
ROLES = [
    "Wij leveren jaarlijks woningen voor de doelgroep en zitten in de stuurgroep.",
    "Wij bieden begeleiding aan huis, zo lang als nodig, vanaf de eerste dag in de woning.",
    "Wij zijn trekker en brengen de partners bij elkaar; wij regelen de financiering van de begeleiding.",
    "Wij denken mee over de toewijzing en zorgen voor spreiding over de wijken.",
    "Wij zorgen dat schulden vroeg in beeld komen en regelen inkomen vanaf de eerste maand.",
]
REVIEWS = [
    "Goede voortgang. Leg de afspraken over toewijzing vast voordat je naar de volgende fase gaat.",
    "Betrek de corporaties eerder bij de keuze voor de doelgroep; dat voorkomt vertraging later.",
    "Sterk plan. Let op de financiering van de begeleiding na de pilotperiode.",
]
SUPPORT_TEXTS = [
    "Wij zoeken hulp bij het overtuigen van de bestuurders van twee randgemeenten.",
    "Hoe hebben andere regio's de toewijzing via urgentie juridisch geregeld?",
    "Graag meedenken over de keuze tussen een pilot en direct regionaal opschalen.",
]
# How many regions stand in each phase now (1..6), out of 45.
PHASE_SPREAD = [5, 8, 10, 10, 7, 5]
# Kinds of history rows per region, with their weights.
EVENT_MIX = [("note", 400), ("tick", 280), ("untick", 90), ("link", 130), ("role", 94), ("review", 4), ("support", 2)]


def national_otp_key(seed: int, username: str) -> str:
    """The authenticator key (40 hex digits) of a synthetic advisor or editor: the load test computes codes."""
    return hmac.new(f"wonen-eerst-{seed}".encode(), username.encode(), hashlib.sha1).hexdigest()


class Names:
    """Unique invented place names from syllables, in a seeded order."""

    def __init__(self, rng: random.Random):
        combos = [h + m + t for h in HEADS for m in MIDS for t in TAILS]
        rng.shuffle(combos)
        self.all = combos
        self._combos = iter(combos)

    def next(self) -> str:
        return next(self._combos).capitalize()


class Command(BaseCommand):
    help = "Build a national-scale synthetic data set (45 regions × scale, 3 000 people × scale, ≥200 000 activities)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="multiply regions, people and history (1 or 10)")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="the one password of every account")
        parser.add_argument("--history", type=int, default=ACTIVITIES_PER_REGION, help="activity rows per region")
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--flush", action="store_true", help="first delete every region, organisation and nl-* user")
        group.add_argument("--force", action="store_true", help="add to a database that already holds regions")

    def handle(self, *args, scale, seed, password, history, flush, force, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        if Region.objects.exists() and not (flush or force):
            raise CommandError(
                "The database already holds regions. Use --flush to replace them or --force to add to them."
            )
        started = time.monotonic()
        if not Phase.objects.exists():
            call_command("loaddata", "guide", verbosity=0)
        if not Indicator.objects.exists():
            call_command("loaddata", "indicators", verbosity=0)
        with transaction.atomic():
            if flush:
                self._flush()
            builder = Builder(scale=scale, seed=seed, password=password, history=history)
            counts = builder.build()
        with connection.cursor() as cursor:
            # Fresh planner statistics after a bulk load; on PostgreSQL also the vacuum that autovacuum would
            # otherwise run later (visibility map for index-only scans), so it does not run during a benchmark.
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block  # not in a transaction
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        seconds = time.monotonic() - started
        summary = ", ".join(f"{value} {name}" for name, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Built in {seconds:.1f} s: {summary}."))

    def _flush(self):
        Activity.objects.all().delete()
        SupportRequest.objects.all().delete()
        Review.objects.all().delete()
        Region.objects.all().delete()
        Organisation.objects.all().delete()
        get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).delete()


class Builder:
    def __init__(self, *, scale: int, seed: int, password: str, history: int):
        self.scale, self.seed, self.history = scale, seed, history
        self.rng = random.Random(seed)
        self.names = Names(self.rng)
        self.password_hash = make_password(password)
        self.now = timezone.now().replace(microsecond=0)
        self.start = self.now - datetime.timedelta(days=365 * YEARS)
        self.phases = {phase.number: phase for phase in Phase.objects.all()}
        self.items = list(ChecklistItem.objects.select_related("phase").order_by("phase__number", "order"))
        self.types = {t.slug: t for t in OrganisationType.objects.all()}
        self.suffix = self._name_suffix()
        self.counts = {}
        self.pending = []

    def _name_suffix(self) -> str:
        taken = Region.objects.count()
        return "" if not taken else f" {taken // PER_SCALE['regions'] + 1}"

    # ---- helpers -------------------------------------------------------------------------------------------------
    def _at(self, low: datetime.datetime, high: datetime.datetime | None = None) -> datetime.datetime:
        high = high or self.now
        span = max(1, int((high - low).total_seconds()))
        return low + datetime.timedelta(seconds=self.rng.randrange(span))

    def _add(self, entry: Activity) -> None:
        self.pending.append(entry)
        if len(self.pending) >= BATCH:
            self._flush_activities()

    def _flush_activities(self) -> None:
        Activity.objects.bulk_create(self.pending, batch_size=BATCH)
        self.counts["activities"] = self.counts.get("activities", 0) + len(self.pending)
        self.pending = []

    # ---- the build -----------------------------------------------------------------------------------------------
    def build(self) -> dict:
        organisations = self._organisations()
        regions = self._regions(organisations["gemeente"])
        partners = self._partnerships(regions, organisations)
        staff = self._people(partners)
        self._staff_accounts()
        for region in regions:
            self._history(region, partners[region.pk], staff)
        KeyFigures(self, random.Random(f"{self.seed}-kengetallen")).build(regions, partners, staff)
        self._flush_activities()
        return self.counts

    def _organisations(self) -> dict[str, list[Organisation]]:
        s = self.scale
        plan = [("gemeente", "Gemeente {}", PER_SCALE["gemeenten"] * s)]
        plan += [
            ("woningcorporatie", form, PER_SCALE["corporations"] * s // len(CORPORATION_FORMS))
            for form in CORPORATION_FORMS
        ]
        plan += [("zorg-welzijn", form, PER_SCALE["care"] * s // len(CARE_FORMS) + 1) for form in CARE_FORMS]
        plan += [(slug, form, PER_SCALE["other"] * s // 2) for slug, form in OTHER_FORMS.items()]
        rows = [
            Organisation(
                name=form.format(self.names.next()) + self.suffix, type=self.types[slug], created_at=self.start
            )
            for slug, form, count in plan
            for _ in range(count)
        ]
        Organisation.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["organisations"] = len(rows)
        by_type = {}
        for row in Organisation.objects.filter(name__in=[r.name for r in rows]).select_related("type"):
            by_type.setdefault(row.type.slug, []).append(row)
        for group in by_type.values():
            group.sort(key=lambda o: o.name)
            self.rng.shuffle(group)
        return by_type

    def _regions(self, gemeenten: list[Organisation]) -> list[Region]:
        count = PER_SCALE["regions"] * self.scale
        numbers = [n for n, times in enumerate(PHASE_SPREAD, start=1) for _ in range(times)] * self.scale
        self.rng.shuffle(numbers)
        rows = []
        for index in range(count):
            centrum = gemeenten[index].name.removeprefix("Gemeente ").removesuffix(self.suffix)
            name = f"Regio {centrum}{self.suffix} (fictief)"
            rows.append(
                Region(
                    name=name,
                    slug=slugify(name)[:120],
                    centrumgemeente=centrum,
                    current_phase=self.phases[numbers[index]],
                    phase_started_on=self.start.date(),
                    created_at=self._at(self.start, self.start + datetime.timedelta(days=60)),
                )
            )
        Region.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["regions"] = len(rows)
        regions = list(Region.objects.filter(slug__in=[r.slug for r in rows]).order_by("slug"))
        by_slug = {r.slug: r for r in rows}
        for region in regions:  # keep the in-memory created_at
            region.created_at = by_slug[region.slug].created_at
        return regions

    def _partnerships(self, regions, organisations) -> dict[int, list[tuple[Organisation, bool]]]:
        """Each gemeente in one region (the first as trekker); corporations and care in one or two regions."""
        partners = {region.pk: [] for region in regions}
        for index, gemeente in enumerate(organisations["gemeente"]):
            region = regions[index % len(regions)]
            partners[region.pk].append((gemeente, index < len(regions)))
        others = [o for slug in ("woningcorporatie", "zorg-welzijn", *OTHER_FORMS) for o in organisations.get(slug, [])]
        for index, organisation in enumerate(others):
            homes = {regions[index % len(regions)]}
            if self.rng.random() < 0.3:
                homes.add(self.rng.choice(regions))
            for region in homes:
                partners[region.pk].append(
                    (organisation, organisation.type.slug == "zorg-welzijn" and self.rng.random() < 0.1)
                )
        rows = [
            Partnership(
                region=region,
                organisation=organisation,
                is_trekker=is_trekker,
                role=self.rng.choice(ROLES) if self.rng.random() < 0.7 else "",
                since=region.created_at.date(),
            )
            for region in regions
            for organisation, is_trekker in partners[region.pk]
        ]
        Partnership.objects.bulk_create(rows, batch_size=BATCH)
        self.counts["partnerships"] = len(rows)
        return partners

    def _people(self, partners) -> dict[int, list]:
        """3 000 people × scale: each works for one organisation, some for two; staff per organisation."""
        organisations = {o.pk: o for rows in partners.values() for o, _ in rows}
        ids = sorted(organisations)
        total = PER_SCALE["people"] * self.scale
        offset = get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).count()
        users = [self._user(f"{USERNAME_PREFIX}{offset + n:05d}") for n in range(1, total + 1)]
        get_user_model().objects.bulk_create(users, batch_size=BATCH)
        users = list(get_user_model().objects.filter(username__in=[u.username for u in users]).order_by("username"))
        staff, memberships = {}, []
        for index, user in enumerate(users):
            homes = {ids[index % len(ids)]}
            if self.rng.random() < 0.05:
                homes.add(self.rng.choice(ids))
            for organisation_id in homes:
                staff.setdefault(organisation_id, []).append(user)
                memberships.append(Membership(user=user, organisation_id=organisation_id, created_at=self.start))
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        self.counts["people"] = len(users)
        self.counts["memberships"] = len(memberships)
        return staff

    def _user(self, username: str, **extra):
        first = self.rng.choice(FIRST_NAMES)
        last = self.rng.choice(self.names.all).capitalize()  # surnames may repeat
        return get_user_model()(
            username=username,
            password=self.password_hash,
            first_name=first,
            last_name=f"{last} (fictief)",
            email=f"{username}@voorbeeld.invalid",
            date_joined=self.start,
            **extra,
        )

    def _staff_accounts(self) -> None:
        """Advisors (Versnellingsteam) and editors (Redactie), each with an authenticator app (TOTP)."""
        existing = set(
            get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).values_list("username", flat=True)
        )
        plan = [(f"{USERNAME_PREFIX}adviseur-{n:02d}", "Versnellingsteam", False) for n in range(1, ADVISORS + 1)]
        plan += [(f"{USERNAME_PREFIX}redacteur-{n}", "Redactie", True) for n in range(1, EDITORS + 1)]
        plan = [row for row in plan if row[0] not in existing]
        get_user_model().objects.bulk_create([self._user(name, is_staff=is_staff) for name, _, is_staff in plan])
        accounts = {u.username: u for u in get_user_model().objects.filter(username__in=[row[0] for row in plan])}
        groups = {g.name: g for g in Group.objects.filter(name__in=["Versnellingsteam", "Redactie"])}
        through = get_user_model().groups.through
        through.objects.bulk_create(
            [through(user_id=accounts[name].pk, group_id=groups[group].pk) for name, group, _ in plan]
        )
        TOTPDevice.objects.bulk_create(
            [
                TOTPDevice(
                    user=accounts[name], name="Authenticator-app", confirmed=True, key=national_otp_key(self.seed, name)
                )
                for name, _, _ in plan
            ]
        )
        self.advisors = list(get_user_model().objects.filter(username__startswith=f"{USERNAME_PREFIX}adviseur-"))
        self.counts["advisors and editors"] = len(plan)

    # ---- three years of one region -------------------------------------------------------------------------------
    def _history(self, region: Region, partners: list[tuple[Organisation, bool]], staff: dict[int, list]) -> None:
        rng = self.rng
        people = [u for o, _ in partners for u in staff.get(o.pk, [])] or self.advisors
        trekkers = [u for o, is_trekker in partners if is_trekker for u in staff.get(o.pk, [])] or people
        for organisation, is_trekker in partners:
            self._add(
                Activity(
                    region=region,
                    actor=rng.choice(trekkers),
                    created_at=region.created_at,
                    kind=Activity.Kind.PARTNER_ADDED,
                    organisation=organisation,
                    summary=(f"Partner toegevoegd: {organisation}" + (" (trekker)" if is_trekker else ""))[:300],
                    after={"organisation": organisation.name, "is_trekker": is_trekker},
                )
            )
        starts = self._phase_changes(region, trekkers)
        reached = [item for item in self.items if item.phase.number <= region.current_phase.number]
        kinds = [kind for kind, weight in EVENT_MIX for _ in range(weight)]
        events = []
        for _ in range(self.history - len(partners) - len(starts)):
            kind = rng.choice(kinds)
            if kind in ("note", "tick", "untick", "link"):
                item = rng.choice(reached)
                events.append((self._at(starts[item.phase.number]), kind, item))
            else:
                events.append((self._at(region.created_at), kind, None))
        events.sort(key=lambda event: event[0])
        states = {}
        for when, kind, item in events:
            if item is None:
                self._coalition_event(region, when, kind, partners, people, staff)
            else:
                self._progress_event(region, when, kind, item, states, rng.choice(people))
        ChecklistProgress.objects.bulk_create(
            [
                ChecklistProgress(region=region, item=item, **state["row"])
                for item, state in ((self._item(pk), s) for pk, s in states.items())
            ],
            batch_size=BATCH,
        )
        self.counts["checklist rows"] = self.counts.get("checklist rows", 0) + len(states)

    def _item(self, pk: int) -> ChecklistItem:
        if not hasattr(self, "_items_by_pk"):
            self._items_by_pk = {item.pk: item for item in self.items}
        return self._items_by_pk[pk]

    def _phase_changes(self, region: Region, trekkers: list) -> dict[int, datetime.datetime]:
        """The region moved through phases 1..current over three years; returns when each began."""
        current = region.current_phase.number
        moments = sorted(
            self._at(region.created_at, self.now - datetime.timedelta(days=30)) for _ in range(current - 1)
        )
        starts = dict(zip(range(1, current + 1), [region.created_at, *moments], strict=True))
        rows, previous = [], None
        for number, when in starts.items():
            actor = self.rng.choice(trekkers)
            rows.append(
                PhaseChange(
                    region=region, phase=self.phases[number], started_on=when.date(), changed_by=actor, changed_at=when
                )
            )
            after = {"phase": self.phases[number].pk, "started_on": when.date().isoformat()}
            self._add(
                Activity(
                    region=region,
                    actor=actor,
                    created_at=when,
                    kind=Activity.Kind.PHASE,
                    phase=self.phases[number],
                    summary=f"Huidige fase: {self.phases[number]} (sinds {when:%d-%m-%Y})"[:300],
                    before=previous or {},
                    after=after,
                )
            )
            previous = after
        PhaseChange.objects.bulk_create(rows)
        Region.objects.filter(pk=region.pk).update(phase_started_on=starts[current].date())
        return starts

    def _progress_event(self, region, when, kind, item, states, actor) -> None:
        state = states.setdefault(item.pk, {"done": False, "note": "", "link": "", "done_by": "", "done_at": None})
        before = {key: state[key] for key in ("done", "note", "link", "done_by", "done_at")}
        if kind == "tick" and state["done"] or kind == "untick" and not state["done"]:
            kind = "note"
        if kind == "tick":
            state.update(
                done=True, done_by=actor.get_full_name(), done_at=when.isoformat(), done_by_id=actor.pk, done_when=when
            )
        elif kind == "untick":
            state.update(done=False, done_by="", done_at=None, done_by_id=None, done_when=None)
        elif kind == "note":
            state["note"] = self.rng.choice(NOTES)
        else:
            state["link"] = f"https://intranet.voorbeeld.invalid/documenten/{self.rng.randrange(10_000, 99_999)}"
        after = {key: state[key] for key in ("done", "note", "link", "done_by", "done_at")}
        state["row"] = {
            "done": state["done"],
            "done_by_id": state.get("done_by_id"),
            "done_at": state.get("done_when"),
            "note": state["note"],
            "link": state["link"],
            "updated_by_id": actor.pk,
            "updated_at": when,
        }
        label = Activity.Kind(kind).label
        self._add(
            Activity(
                region=region, actor=actor, created_at=when, kind=kind, phase_id=item.phase_id, item=item,
                summary=f"{label}: {item.text}"[:300], before=before, after=after,
            )
        )  # fmt: skip

    def _coalition_event(self, region, when, kind, partners, people, staff) -> None:
        rng = self.rng
        if kind == "role":
            organisation, _ = rng.choice(partners)
            actor = rng.choice(staff.get(organisation.pk) or people)
            role = rng.choice(ROLES)
            self._add(
                Activity(
                    region=region, actor=actor, created_at=when, kind=Activity.Kind.ROLE, organisation=organisation,
                    summary=f"Rol van {organisation} beschreven"[:300], before={"role": ""}, after={"role": role},
                )
            )  # fmt: skip
        elif kind == "review":
            advisor = rng.choice(self.advisors)
            review = Review.objects.create(region=region, author=advisor, text=rng.choice(REVIEWS), created_at=when)
            self._add(
                Activity(
                    region=region, actor=advisor, created_at=when, kind=Activity.Kind.REVIEW,
                    summary="Advies van het Versnellingsteam", after={"review": review.pk, "side": ADVISOR_SIDE},
                )
            )  # fmt: skip
            self.counts["reviews"] = self.counts.get("reviews", 0) + 1
        else:
            self._support(region, when, rng.choice(people))

    def _support(self, region, when, asker) -> None:
        rng = self.rng
        kind = rng.choice([k for k in SupportRequest.Kind.values if k != "anders"])
        closed = when < self.now - datetime.timedelta(days=60)
        advisor = rng.choice(self.advisors)
        request = SupportRequest.objects.create(
            region=region, kind=kind, description=rng.choice(SUPPORT_TEXTS), requested_by=asker,
            status=SupportRequest.Status.CLOSED if closed else rng.choice(SupportRequest.Status.values),
            assigned_to=advisor, created_at=when, taken_at=when + datetime.timedelta(days=2),
            closed_at=when + datetime.timedelta(days=30) if closed else None,
        )  # fmt: skip
        thread = [(advisor, "Wij nemen contact op voor een gesprek.", 2), (asker, "Dank, volgende week past ons.", 3)]
        SupportMessage.objects.bulk_create(
            [
                SupportMessage(
                    request=request, author=author, text=text, created_at=when + datetime.timedelta(days=days)
                )
                for author, text, days in thread
            ]
        )
        self._add(
            Activity(
                region=region, actor=asker, created_at=when, kind=Activity.Kind.SUPPORT,
                summary=f"Hulpvraag gesteld: {request.get_kind_display()}"[:300],
                after={"request": request.pk, "status": request.status, "side": "regio"},
            )
        )  # fmt: skip
        self.counts["support requests"] = self.counts.get("support requests", 0) + 1


# The key figures: most regions report every half year since they began; some missed the last half year (the
# overview's signal); about a third take part in a yearly ETHOS count; trekkers set targets for this year and the last.
MISSED_LAST_PERIOD = 0.15
ETHOS_SHARE = 0.3


class KeyFigures:
    """Three years of key figures per region, as the services would have written them (values and targets with
    their history entries), from a random generator of their own: the rest of the data set stays as it was."""

    def __init__(self, builder: Builder, rng: random.Random):
        self.builder, self.rng = builder, rng
        self.indicators = list(Indicator.objects.active())
        self.values, self.targets = [], []

    def build(self, regions, partners, staff) -> None:
        for region in regions:
            people = [u for o, _ in partners[region.pk] for u in staff.get(o.pk, [])] or self.builder.advisors
            trekkers = [u for o, is_trekker in partners[region.pk] if is_trekker for u in staff.get(o.pk, [])]
            self._region(region, people, trekkers or people)
        IndicatorValue.objects.bulk_create(self.values, batch_size=BATCH)
        IndicatorTarget.objects.bulk_create(self.targets, batch_size=BATCH)
        self.builder.counts["key figure values"] = len(self.values)
        self.builder.counts["key figure targets"] = len(self.targets)

    def _moment(self, day: datetime.date) -> datetime.datetime:
        """Some days after ``day``, when a region reports; never later than the build."""
        moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
        return min(moment + datetime.timedelta(days=self.rng.randint(3, 40)), self.builder.now)

    def _region(self, region, people, trekkers) -> None:
        rng, today = self.rng, self.builder.now.date()
        counts, missed = rng.random() < ETHOS_SHARE, rng.random() < MISSED_LAST_PERIOD
        walks = {
            "woningen-beschikbaar": rng.randint(2, 12),
            "mensen-gehuisvest": 0,
            "mensen-wachtend": rng.randint(20, 90),
        }
        for indicator in self.indicators:
            frequency = indicator.frequency
            first = period_containing(frequency, region.created_at.date())
            last = previous_period(frequency, today).shifted(-1 if missed else 0)
            if indicator.group and not counts:
                continue
            level = walks.get(indicator.slug, rng.randint(5, 60))
            for period in periods_between(first, last) if first <= last else []:
                level = self._step(indicator.slug, level, walks)
                self._value(region, indicator, period, level, rng.choice(people))
            if indicator.is_key:
                for year in (today.year - 1, today.year):
                    target = max(0, level + rng.randint(-10, 20))
                    self._target(region, indicator, year, target, rng.choice(trekkers))

    def _step(self, slug: str, level: int, walks: dict) -> int:
        rng = self.rng
        if slug == "woningen-beschikbaar":
            level = max(0, level + rng.randint(-3, 5))
            walks["homes"] = level
            return level
        if slug == "mensen-gehuisvest":
            return level + walks.get("homes", rng.randint(2, 10))  # cumulative: the homes made available so far
        return max(0, level + rng.randint(-8, 5))

    def _value(self, region, indicator, period, value, actor) -> None:
        row = IndicatorValue(
            region=region, indicator=indicator, period=period.code, value=value, measured_on=period.end,
            source="Registratie van de partners (fictief)", entered_by=actor, updated_at=self._moment(period.end),
        )  # fmt: skip
        self.values.append(row)
        label = f"{indicator.name}, {period.label}: {value} {indicator.unit}"
        self.builder._add(
            Activity(
                region=region, actor=actor, created_at=row.updated_at, kind=Activity.Kind.FIGURE,
                summary=label[:300], before={}, after=value_state(row),
            )
        )  # fmt: skip

    def _target(self, region, indicator, year, value, actor) -> None:
        moment = self._moment(datetime.date(year, 1, 1))
        row = IndicatorTarget(
            region=region, indicator=indicator, year=year, value=value, set_by=actor, updated_at=moment
        )
        self.targets.append(row)
        label = f"{indicator.name}, doel voor {year}: {value} {indicator.unit}"
        self.builder._add(
            Activity(
                region=region, actor=actor, created_at=moment, kind=Activity.Kind.TARGET, summary=label[:300],
                before={}, after=target_state(row),
            )
        )  # fmt: skip
