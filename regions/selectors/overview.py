"""The Versnellingsteam's overview of every region, and the signals that a region may be stuck.

Everything is computed in the database with annotations (Subquery, Exists, conditional aggregates), so
the overview costs the same few queries for 3 regions or 300. ``today`` can be passed in, so tests and the
reminder command decide what "today" is.

The signals, with their edges (N and W are settings):

- ``duur``: longer in the current phase than the guide's typical maximum M, as ``regions.selectors.durations`` says:
  more than M whole months (M + 1 whole months or more); phase 6, *doorlopend*, has no maximum.
- ``stil``: no activity of the region for N days (``WONEN_EERST_INACTIVITY_DAYS``, 90): the last activity
  (or, without any, the day the region was created) lies N or more days before today. Advice and the
  Versnellingsteam's own steps in a support request are not the region's activity.
- ``partners``: among the partners there is no organisation of a type the guide calls necessary
  (``OrganisationType.required_in_coalition``: woningcorporatie, zorg- en welzijnsorganisatie).
- ``hulpvraag``: a support request has been waiting (status *nieuw*) for more than W days
  (``WONEN_EERST_SUPPORT_WAITING_DAYS``, 14): it was asked W + 1 or more days before today.
- ``knelpunt``: an obstacle (knelpunt) of the region has been open for more than 90 days (``OBSTACLE_OPEN_DAYS``): it
  was marked 91 or more days before today.
- ``kengetallen``: key figures are in use, and the region entered none for its previous period (per figure the
  last period that has ended before today: the previous half year for most; ``regions.selectors.figures``).
- ``te_laat``: an action not klaar more than 30 days after its due date (due 31 or more days before today).
- ``geblokkeerd``: an action is *geblokkeerd*; the text names the first one (by due date) and its reason.
"""

import calendar
import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from phases.models import OrganisationType, Phase
from regions.models import Action, Activity, Obstacle, Partnership, Region, SupportRequest
from regions.selectors.actions import OVERDUE_SIGNAL_DAYS
from regions.selectors.checklists import journeys, phases_with_totals
from regions.selectors.durations import months_in_phase
from regions.selectors.figures import figures_expected, reported_last_period

ADVISOR_SIDE = "versnellingsteam"  # Activity.after["side"] of the Versnellingsteam's own steps


@dataclass(frozen=True)
class Signal:
    key: str
    label: str
    short: str = ""


def signal_labels() -> dict[str, str]:
    return {
        "duur": "Langer dan de typische duur van de fase",
        "stil": f"Geen activiteit in {settings.WONEN_EERST_INACTIVITY_DAYS} dagen",
        "partners": "Woningcorporatie of zorg- en welzijnsorganisatie ontbreekt",
        "hulpvraag": f"Hulpvraag wacht langer dan {settings.WONEN_EERST_SUPPORT_WAITING_DAYS} dagen",
        "kengetallen": "Geen kengetallen over de vorige periode",
        "knelpunt": f"Knelpunt langer dan {OBSTACLE_OPEN_DAYS} dagen open",
        "te_laat": f"Actie meer dan {OVERDUE_SIGNAL_DAYS} dagen over de datum",
        "geblokkeerd": "Actie geblokkeerd",
    }


def signal_short_labels() -> dict[str, str]:
    """The labels in the overview's table cells, where room is scarce."""
    return {
        "duur": "Te lang in fase",
        "stil": f"{settings.WONEN_EERST_INACTIVITY_DAYS} dagen geen activiteit",
        "partners": "Partner ontbreekt",
        "hulpvraag": f"Hulpvraag wacht > {settings.WONEN_EERST_SUPPORT_WAITING_DAYS} dagen",
        "kengetallen": "Geen kengetallen",
        "knelpunt": f"Knelpunt > {OBSTACLE_OPEN_DAYS} dagen open",
        "te_laat": f"Actie > {OVERDUE_SIGNAL_DAYS} dagen te laat",
        "geblokkeerd": "Actie geblokkeerd",
    }


SIGNAL_KEYS = ("duur", "stil", "partners", "hulpvraag", "kengetallen", "knelpunt", "te_laat", "geblokkeerd")
OBSTACLE_OPEN_DAYS = 90
PAGE_SIZE = 50  # rows of the overview per page: every Dutch MO/BW region (45) fits on the first
ANY_SIGNAL = "een"  # the filter value "any signal"

# Sort keys in the URL (Dutch) → ordering; "-key" reverses. The first column after the key is the tie-breaker.
SORTS = {
    "naam": ("name",),
    "fase": ("current_phase__number", "phase_started_on", "name"),
    "duur": ("phase_started_on", "name"),
    "activiteit": ("last_active_at", "name"),
    "hulpvragen": ("-open_requests", "name"),
    "signalen": ("-signal_count", "name"),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier, if negative), clipped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def over_duration_started_by(phase: Phase, today: datetime.date) -> datetime.date | None:
    """The latest start date for which a region in ``phase`` is over its typical maximum on ``today``.

    ``regions.selectors.durations.is_over_duration`` holds when the region has been in the phase for more than the
    maximum of whole months; that is exactly when it began on or before this date (tested day by day).
    """
    if phase.duration_max_months is None:
        return None
    return add_months(today, -(phase.duration_max_months + 1))


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def inactive_before(today: datetime.date) -> datetime.datetime:
    """The ``stil`` signal: the region's last activity is earlier than this moment."""
    return _midnight(today - datetime.timedelta(days=settings.WONEN_EERST_INACTIVITY_DAYS - 1))


def obstacle_open_before(today: datetime.date) -> datetime.datetime:
    """The ``knelpunt`` signal: an open obstacle was marked earlier than this moment."""
    return _midnight(today - datetime.timedelta(days=OBSTACLE_OPEN_DAYS))


def long_overdue_before(today: datetime.date) -> datetime.date:
    """The ``te_laat`` signal: an open action was due before this day (more than 30 days ago)."""
    return today - datetime.timedelta(days=OVERDUE_SIGNAL_DAYS)


def waiting_before(today: datetime.date) -> datetime.datetime:
    """The ``hulpvraag`` signal: a new support request was asked earlier than this moment."""
    return _midnight(today - datetime.timedelta(days=settings.WONEN_EERST_SUPPORT_WAITING_DAYS))


@dataclass
class Filters:
    phase: str = ""
    signal: str = ""
    text: str = ""
    sort: str = "naam"
    page: str = "1"
    obstacle: int | None = None  # regions with this question of the guide open as an obstacle

    def ordering(self) -> list[str]:
        key = self.sort.removeprefix("-")
        columns = list(SORTS[key])
        if self.sort.startswith("-"):
            columns[0] = columns[0][1:] if columns[0].startswith("-") else f"-{columns[0]}"
        return columns


@dataclass
class Cell:
    phase: Phase
    done: int
    total: int
    is_current: bool

    @property
    def level(self) -> int:
        """0 nothing done, 1 up to a third, 2 up to two thirds, 3 more, 4 all: the cell's shade."""
        if not self.total or not self.done:
            return 0
        if self.done >= self.total:
            return 4
        return 1 + min(2, 3 * self.done // self.total)


@dataclass
class Row:
    region: Region
    months: int
    over_duration: bool
    last_active: datetime.date
    open_requests: int
    signals: list[Signal]
    missing_types: list[OrganisationType]
    cells: list[Cell] = field(default_factory=list)
    open_obstacles: list[Obstacle] = field(default_factory=list)
    blocked: tuple[str, str] | None = None  # (what, why) of the region's first blocked action

    def _texts(self, attribute: str) -> list[tuple[str, str]]:
        texts = []
        for signal in self.signals:
            if signal.key == "partners":
                texts += [(signal.key, f"Geen {t.name[:1].lower()}{t.name[1:]}") for t in self.missing_types]
            elif signal.key == "geblokkeerd" and self.blocked:
                what, why = self.blocked
                texts.append((signal.key, f"{getattr(signal, attribute)}: {what} ({why})"))
            else:
                texts.append((signal.key, getattr(signal, attribute)))
        return texts

    @property
    def signal_texts(self) -> list[tuple[str, str]]:
        """(key, text) per signal, with the missing partner types named: "Geen woningcorporatie"."""
        return self._texts("label")

    @property
    def signal_badges(self) -> list[tuple[str, str]]:
        """As ``signal_texts``, in the short words of the table."""
        return self._texts("short")


@dataclass
class Overview:
    today: datetime.date
    filters: Filters
    phases: list[Phase]
    rows: list[Row]
    page: Page | None
    per_phase: list[tuple[Phase, int]]
    total: int
    with_signal: int
    per_signal: list[tuple[str, str, int]]


def annotated_regions(*, today: datetime.date, required_types: list[OrganisationType], phases: list[Phase]):
    """All regions with the overview's columns and signals as annotations: one query when evaluated."""
    region_activity = (
        Activity.objects.filter(region=OuterRef("pk"))
        .exclude(kind=Activity.Kind.REVIEW)
        .exclude(kind=Activity.Kind.SUPPORT, after__side=ADVISOR_SIDE)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    open_requests = (
        SupportRequest.objects.filter(region=OuterRef("pk"))
        .exclude(status=SupportRequest.Status.CLOSED)
        .order_by()
        .values("region")
        .annotate(n=Count("pk"))
        .values("n")
    )
    over_duration = Q(pk__in=[])
    for phase in phases:
        if (latest_start := over_duration_started_by(phase, today)) is not None:
            over_duration |= Q(current_phase=phase.pk, phase_started_on__lte=latest_start)
    has_type = {
        f"has_type_{t.pk}": Exists(Partnership.objects.filter(region=OuterRef("pk"), organisation__type=t.pk))
        for t in required_types
    }
    missing_partner = Q(pk__in=[])
    for name in has_type:
        missing_partner |= Q(**{name: False})
    blocked = Action.objects.filter(region=OuterRef("pk"), status=Action.Status.BLOCKED).order_by("due_on", "id")
    flags = {
        "sig_duur": Case(When(over_duration, then=True), default=False, output_field=BooleanField()),
        "sig_stil": Case(
            When(last_active_at__lt=inactive_before(today), then=True), default=False, output_field=BooleanField()
        ),
        "sig_partners": Case(When(missing_partner, then=True), default=False, output_field=BooleanField()),
        "sig_hulpvraag": Exists(
            SupportRequest.objects.filter(
                region=OuterRef("pk"), status=SupportRequest.Status.NEW, created_at__lt=waiting_before(today)
            )
        ),
        "sig_knelpunt": Exists(
            Obstacle.objects.filter(
                region=OuterRef("pk"), status=Obstacle.Status.OPEN, opened_at__lt=obstacle_open_before(today)
            )
        ),
        "sig_kengetallen": Case(
            When(figures_expected() & ~reported_last_period(today), then=True),
            default=False,
            output_field=BooleanField(),
        ),
        "sig_te_laat": Exists(
            Action.objects.filter(region=OuterRef("pk"), due_on__lt=long_overdue_before(today)).exclude(
                status=Action.Status.DONE
            )
        ),
        "sig_geblokkeerd": Exists(blocked),
    }
    signal_count = sum(
        (Case(When(**{name: True}, then=1), default=0, output_field=IntegerField()) for name in flags),
        Value(0),
    )
    return (
        Region.objects.select_related("current_phase")
        .annotate(
            last_active_at=Coalesce(Subquery(region_activity), "created_at"),
            open_requests=Coalesce(Subquery(open_requests, output_field=IntegerField()), 0),
            blocked_what=Subquery(blocked.values("what")[:1]),
            blocked_why=Subquery(blocked.values("blocked_reason")[:1]),
            **has_type,
        )
        .annotate(**flags)
        .alias(signal_count=signal_count)  # for sorting and filtering only: not worked out for every listed row
    )


def _filtered(regions, filters: Filters):
    if filters.phase:
        regions = regions.filter(current_phase__number=int(filters.phase))
    if filters.signal == ANY_SIGNAL:
        regions = regions.filter(signal_count__gt=0)
    elif filters.signal:
        regions = regions.filter(**{f"sig_{filters.signal}": True})
    if filters.obstacle:
        regions = regions.filter(
            Exists(Obstacle.objects.open().filter(region=OuterRef("pk"), question=filters.obstacle))
        )
    if filters.text:
        regions = regions.filter(
            Q(name__icontains=filters.text)
            | Q(centrumgemeente__icontains=filters.text)
            | Exists(Partnership.objects.filter(region=OuterRef("pk"), organisation__name__icontains=filters.text))
        )
    return regions.order_by(*filters.ordering())


def region_overview(
    *, filters: Filters | None = None, today: datetime.date | None = None, per_page: int | None = PAGE_SIZE
) -> Overview:
    """The table of regions (filtered, sorted and, with ``per_page``, one page of it), its heatmap, and the
    summary over all regions.

    Queries: required organisation types, the phases, the summary, the count of matching regions (when paged),
    the regions, the checklist progress of the listed regions (``regions.selectors.checklists.journeys``) and their
    open obstacles — seven, however many regions there are.
    """
    filters = filters or Filters()
    today = today or timezone.localdate()
    required_types = list(OrganisationType.objects.filter(required_in_coalition=True))
    phases = phases_with_totals()
    regions = annotated_regions(today=today, required_types=required_types, phases=phases)
    labels, shorts = signal_labels(), signal_short_labels()

    # The summary counts over every region from one row of flags per region: each signal is worked out once per
    # region (an aggregate with FILTER clauses would work out every signal twice, once for "any signal").
    flags = list(regions.values_list("current_phase_id", *(f"sig_{key}" for key in SIGNAL_KEYS)))
    per_phase = Counter(row[0] for row in flags)
    matching = _filtered(regions, filters)
    page = Paginator(matching, per_page).get_page(filters.page) if per_page else None
    listed = list(page.object_list if page else matching)
    progress = journeys(listed, phases=phases)
    open_obstacles = {}
    for obstacle in Obstacle.objects.open().filter(region__in=listed).select_related("question").order_by("opened_at"):
        open_obstacles.setdefault(obstacle.region_id, []).append(obstacle)
    rows = []
    for region in listed:
        missing = [t for t in required_types if not getattr(region, f"has_type_{t.pk}")]
        rows.append(
            Row(
                region=region,
                months=months_in_phase(region, today),
                over_duration=region.sig_duur,
                last_active=timezone.localdate(region.last_active_at),
                open_requests=region.open_requests,
                signals=[Signal(key, labels[key], shorts[key]) for key in SIGNAL_KEYS if getattr(region, f"sig_{key}")],
                missing_types=missing,
                blocked=(region.blocked_what, region.blocked_why) if region.sig_geblokkeerd else None,
                cells=[
                    Cell(phase=p.phase, done=p.done, total=p.total, is_current=p.phase.pk == region.current_phase_id)
                    for p in sorted(progress[region.pk], key=lambda p: p.phase.number)
                ],
                open_obstacles=open_obstacles.get(region.pk, []),
            )
        )
    return Overview(
        today=today,
        filters=filters,
        phases=phases,
        rows=rows,
        page=page,
        per_phase=[(p, per_phase[p.pk]) for p in phases],
        total=len(flags),
        with_signal=sum(any(row[1:]) for row in flags),
        per_signal=[(key, labels[key], sum(row[1 + n] for row in flags)) for n, key in enumerate(SIGNAL_KEYS)],
    )
