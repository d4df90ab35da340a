"""The progress report of a region, as it stands now or as it stood at the end of a past day.

``build_report`` gathers everything the PDF shows in a constant number of queries, whatever the size
of the history. A past day is rebuilt from the history (``Activity``): progress activities hold the
full state of an item, phase activities the phase before and after, partner activities what changed.
"""

import datetime
import math
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Prefetch, Q, Value, When
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from phases.models import ChecklistItem, Phase
from regions.models import Activity, ChecklistProgress, Partnership, Region, Review, StoredReport, SupportRequest
from regions.selectors.actions import actions_by_item, actions_by_item_on
from regions.selectors.checklists import ItemState, all_agreed, end_of_day, person_name, with_state_then
from regions.selectors.durations import months_between, months_label, phase_on
from regions.selectors.figures import Series, region_figures
from regions.selectors.history import first_day
from regions.selectors.obstacles import ObstacleThen, obstacles_on
from wonen_eerst.pdf import html_to_pdf, pdf_hash, render_pdf

PARTNER_KINDS = [
    Activity.Kind.PARTNER_ADDED,
    Activity.Kind.PARTNER_REMOVED,
    Activity.Kind.TREKKER,
    Activity.Kind.ROLE,
]
RECENT_ACTIVITY = 12
RECENT_REVIEWS = 10
REPORT_CACHE_SECONDS = 3600
# An e-mail address in running text. A PDF is made for a bestuurder or the raad: it names people, never their address.
EMAIL_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
ADDRESS_LEFT_OUT = "[e-mailadres]"


def without_email(text: str) -> str:
    """Free text (a note, a role, advice) with every e-mail address left out."""
    return EMAIL_ADDRESS.sub(ADDRESS_LEFT_OUT, text or "")


def shown_name(person) -> str:
    """A person (a user, or a name as the history holds it) as a PDF names them: by name; someone known only by an
    e-mail address (invited without a name) by the part before the @."""
    name = person_name(person) if isinstance(person, get_user_model()) else (person or "")
    return EMAIL_ADDRESS.sub(lambda match: match.group(0).split("@")[0], name)


@dataclass
class Change:
    """One line of the report's recent activity: when, by whom, what."""

    moment: datetime.datetime
    who: str
    what: str


def recent_changes(entries: list[Activity]) -> list[Change]:
    """The latest changes, with people by name: an invitation names the colleague invited as the inviter typed the
    name (without one, by the part of the address before the @), never by their address."""
    changes = []
    for entry in entries:
        what = entry.summary
        email = entry.after.get("email") or entry.before.get("email")
        if email:
            what = what.replace(email, entry.after.get("name") or entry.before.get("name") or shown_name(email))
        changes.append(Change(entry.created_at, shown_name(entry.actor) or "—", without_email(what)))
    return changes


@dataclass
class PhaseProgress:
    phase: Phase
    items: list[ItemState]
    current_number: int

    @property
    def done(self) -> int:
        return sum(state.done for state in self.items)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_current(self) -> bool:
        return self.phase.number == self.current_number

    @property
    def arc(self) -> float:
        """Length of the progress arc on a ring of radius 20 (the journey's SVG)."""
        return round(2 * math.pi * 20 * self.done / self.total, 2) if self.total else 0


@dataclass
class PartnerRow:
    name: str
    type_name: str
    type_order: int
    role: str
    is_trekker: bool
    since: datetime.date | None = None


@dataclass
class Report:
    region: Region
    date: datetime.date
    is_past: bool
    short: bool
    current_phase: Phase
    phase_started_on: datetime.date
    phases: list[PhaseProgress]
    partners: list[PartnerRow]
    activities: list[Change]
    reviews: list[Review]
    support_requests: list[SupportRequest]
    figures: list[Series] = field(default_factory=list)  # the key figures with a value or a target on the date
    before_start: bool = False  # the date lies before the portal knew anything of the region
    obstacles: list[ObstacleThen] = field(default_factory=list)  # open and solved, as they stood on the date
    generated_at: datetime.datetime = field(default_factory=timezone.now)

    @property
    def current(self) -> PhaseProgress:
        return next(p for p in self.phases if p.is_current)

    @property
    def shown_phases(self) -> list[PhaseProgress]:
        return [self.current] if self.short else self.phases

    @property
    def trekkers(self) -> list[PartnerRow]:
        return [p for p in self.partners if p.is_trekker]

    @property
    def done(self) -> int:
        return sum(p.done for p in self.phases)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.phases)

    @property
    def months_in_phase(self) -> int:
        return months_between(self.phase_started_on, self.date)

    @property
    def days_in_phase(self) -> int:
        return max(0, (self.date - self.phase_started_on).days)

    @property
    def time_in_phase(self) -> str:
        return months_label(self.months_in_phase)

    @property
    def duration_verdict(self) -> str:
        """'binnen' or 'langer' than the guide's typical duration (as on the region page), or 'doorlopend'."""
        phase = self.current_phase
        if phase.is_ongoing:
            return "doorlopend"
        return "langer" if self.months_in_phase > phase.duration_max_months else "binnen"

    @property
    def duration_scale(self) -> dict:
        """x positions on a 0–500 time axis (the title page's SVG): typical range and time spent so far."""
        phase = self.current_phase
        spent = self.days_in_phase / 30.44
        top = max(spent, phase.duration_max_months or 0, 1) * 1.15
        low, high = (
            round(500 * (months or 0) / top, 1) for months in (phase.duration_min_months, phase.duration_max_months)
        )
        return {"min": low, "max": high, "band": round(high - low, 1), "now": round(500 * spent / top, 1)}


def checklist_states(region: Region, phases: list[Phase], cutoff=None) -> dict[int, ItemState]:
    """Item id → state: from ChecklistProgress now (one query), or, before ``cutoff``, from the ``state_then``
    that ``_items`` annotated (no query of its own)."""
    items = [item for phase in phases for item in phase.checklist_items.all()]
    if cutoff is not None:
        return {item.pk: ItemState.from_history(item, item.state_then) for item in items}
    rows = {row.item_id: row for row in ChecklistProgress.objects.filter(region=region).select_related("done_by")}
    return {item.pk: ItemState.from_row(item, rows.get(item.pk), item.agreed_now) for item in items}


def _items(region: Region, cutoff=None):
    """The checklist items; before ``cutoff`` each with the ``after`` of its latest progress activity."""
    if cutoff is None:
        agreed = Case(When(all_agreed(region), then=Value(True)), default=Value(False), output_field=BooleanField())
        return ChecklistItem.objects.annotate(agreed_now=agreed)
    return with_state_then(ChecklistItem.objects.all(), region, cutoff)


def partners_state(region: Region, cutoff=None, date=None) -> list[PartnerRow]:
    """The coalition now, or rewound to ``cutoff`` by undoing the partner activities after it."""
    partners = {
        p.organisation_id: PartnerRow(
            p.organisation.name, p.organisation.type.name, p.organisation.type.order, p.role, p.is_trekker, p.since
        )
        for p in Partnership.objects.filter(region=region).select_related("organisation__type")
        if date is None or p.since <= date
    }
    if cutoff is not None:
        later = Activity.objects.filter(region=region, kind__in=PARTNER_KINDS, created_at__gte=cutoff)
        for entry in later.select_related("organisation__type").order_by("-created_at", "-id"):
            key = entry.organisation_id or f"verwijderd-{entry.pk}"
            if entry.kind == Activity.Kind.PARTNER_ADDED:
                partners.pop(key, None)
            elif entry.kind == Activity.Kind.PARTNER_REMOVED:
                kind = entry.organisation.type if entry.organisation else None
                partners[key] = PartnerRow(
                    entry.before.get("organisation", ""),
                    kind.name if kind else "",
                    kind.order if kind else 99,
                    entry.before.get("role", ""),
                    bool(entry.before.get("is_trekker")),
                )
            elif key in partners and entry.kind == Activity.Kind.TREKKER:
                partners[key].is_trekker = bool(entry.before.get("is_trekker"))
            elif key in partners and entry.kind == Activity.Kind.ROLE:
                partners[key].role = entry.before.get("role", "")
    return sorted(partners.values(), key=lambda p: (p.type_order, p.name.lower()))


def open_support_requests(region: Region, cutoff=None) -> list[SupportRequest]:
    requests = SupportRequest.objects.filter(region=region).select_related("requested_by", "assigned_to")
    if cutoff is None:
        return list(requests.exclude(status=SupportRequest.Status.CLOSED))
    requests = requests.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff), created_at__lt=cutoff)
    requests = list(requests.exclude(status=SupportRequest.Status.CLOSED, closed_at__isnull=True))
    for request in requests:  # the status it had then
        taken = request.taken_at is not None and request.taken_at < cutoff
        request.status = SupportRequest.Status.IN_PROGRESS if taken else SupportRequest.Status.NEW
    return requests


def build_report(region: Region, *, date: datetime.date | None = None, short: bool = False) -> Report:
    """Everything the progress report shows; ``date`` = as it stood at the end of that (past) day."""
    today = timezone.localdate()
    is_past = date is not None and date < today
    cutoff = end_of_day(date) if is_past else None
    phases = list(Phase.objects.prefetch_related(Prefetch("checklist_items", queryset=_items(region, cutoff))))
    states = checklist_states(region, phases, cutoff)
    items = [item for phase in phases for item in phase.checklist_items.all()]
    work = actions_by_item_on(region, items, date) if is_past else actions_by_item(region, items, today)
    for item_id, item_actions in work.items():
        states[item_id].actions = item_actions
    phase_id, started_on = phase_on(region, cutoff)
    current = next((p for p in phases if p.pk == phase_id), region.current_phase)
    activities = Activity.objects.filter(region=region).select_related("actor")
    reviews = Review.objects.filter(region=region).select_related("author", "phase")
    if cutoff is not None:
        activities, reviews = activities.filter(created_at__lt=cutoff), reviews.filter(created_at__lt=cutoff)
    return Report(
        region=region,
        date=date if is_past else today,
        is_past=is_past,
        short=short,
        current_phase=current,
        phase_started_on=started_on,
        phases=[
            PhaseProgress(
                phase=phase,
                items=[states[item.pk] for item in phase.checklist_items.all()],
                current_number=current.number,
            )
            for phase in phases
        ],
        partners=partners_state(region, cutoff, date if is_past else None),
        activities=recent_changes(list(activities[:RECENT_ACTIVITY])),
        reviews=list(reviews[:RECENT_REVIEWS]),
        support_requests=open_support_requests(region, cutoff),
        figures=[series for series in region_figures(region, day=date if is_past else None) if series.rows],
        before_start=is_past and date < first_day(region),
        obstacles=obstacles_on(region, date if is_past else today),
    )


def report_filename(report: Report) -> str:
    return f"voortgang-{report.region.slug}-{report.date.isoformat()}.pdf"


def render_report(report: Report) -> bytes:
    """The report as PDF, converted here unless the stored one is current.

    A region's current full report is kept in the database (``StoredReport``) under a hash of its HTML: rendered by
    the task worker (``regions.tasks``) or else by a download, and read from there for as long as the report would
    come out the same. A short report or one of a past day is converted here and kept in the process's cache for an
    hour, under a hash of its HTML.
    """
    if report.short or report.is_past:
        return render_pdf("pdf/report.html", report_context(report), cache_seconds=REPORT_CACHE_SECONDS)
    html = report_html(report)
    key = pdf_hash(html)
    stored = stored_report(report.region, key)
    if stored is not None:
        return stored
    pdf = html_to_pdf(html)
    StoredReport.objects.bulk_create(
        [StoredReport(region=report.region, html_hash=key, pdf=pdf, rendered_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["region"],
        update_fields=["html_hash", "pdf", "rendered_at"],
    )
    return pdf


def report_context(report: Report) -> dict:
    return {"report": report, "title": report_title(report)}


def report_html(report: Report) -> str:
    return render_to_string("pdf/report.html", report_context(report))


def stored_report(region: Region, html_hash: str) -> bytes | None:
    """The stored PDF of the region's report made from HTML with this hash, if that is the one stored."""
    stored = StoredReport.objects.filter(region=region, html_hash=html_hash).values_list("pdf", flat=True).first()
    return None if stored is None else bytes(stored)


def report_title(report: Report) -> str:
    suffix = " (korte versie)" if report.short else ""
    return f"Voortgang {report.region.name} op {date_format(report.date, 'j F Y')}{suffix}"
