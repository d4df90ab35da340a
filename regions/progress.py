"""Reads about a region's progress: how long it has been in its current phase, against the guide's
typical duration, and how far it is with the checklists, now or at the end of a past day.

One place for the computation, so the region page, the checklist page, the PDF and the
Versnellingsteam's overview say the same: "Fase 3 sinds 14 maanden — gebruikelijk 6 tot 12 maanden".
Every function costs a fixed number of queries, whatever the size of the history.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, JSONField, OuterRef, Subquery, prefetch_related_objects
from django.utils import timezone

from phases.models import ChecklistItem, Phase
from regions.models import Activity, ChecklistProgress


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 when ``end`` is before ``start``)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(months, 0)


def months_in_phase(region, today: datetime.date) -> int:
    """Whole months the region has been in its current phase on ``today``."""
    return months_between(region.phase_started_on, today)


def is_over_duration(region, today: datetime.date) -> bool:
    """True when the region has been in its phase longer than the guide's typical maximum.

    Phase 6 (*doorlopend*) has no maximum and is never over. A region is over once it has
    completed more whole months than the maximum: 12 months and a few days in a phase of
    "6 tot 12 maanden" is not over yet, 13 months is.
    """
    maximum = region.current_phase.duration_max_months
    return maximum is not None and months_in_phase(region, today) > maximum


def months_label(months: int) -> str:
    if months == 0:
        return "minder dan een maand"
    return "1 maand" if months == 1 else f"{months} maanden"


def duration_summary(region, today: datetime.date) -> dict:
    """Everything a page needs to say how long the region has been in its phase."""
    phase = region.current_phase
    months = months_in_phase(region, today)
    typical = "deze fase is doorlopend" if phase.is_ongoing else f"gebruikelijk {phase.duration_label}"
    return {
        "months": months,
        "months_label": months_label(months),
        "typical": typical,
        "is_ongoing": phase.is_ongoing,
        "is_over": is_over_duration(region, today),
        "text": f"Fase {phase.number} sinds {months_label(months)} — {typical}",
    }


# --- The checklist: per-phase progress, item states now and on a past day ---------------------------------

PROGRESS_KINDS = (Activity.Kind.TICK, Activity.Kind.UNTICK, Activity.Kind.NOTE, Activity.Kind.LINK)


def person_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@dataclass
class ItemState:
    """One checklist item in one region: now (from ChecklistProgress) or on a past day (from the history)."""

    item: ChecklistItem
    done: bool = False
    done_by: str = ""
    done_at: datetime.datetime | None = None
    note: str = ""
    link: str = ""

    @classmethod
    def from_row(cls, item: ChecklistItem, row: ChecklistProgress | None) -> "ItemState":
        if row is None:
            return cls(item=item)
        return cls(item, row.done, person_name(row.done_by), row.done_at, row.note, row.link)

    @classmethod
    def from_history(cls, item: ChecklistItem, after: dict | None) -> "ItemState":
        """``after`` of the item's latest progress activity: the full state it left behind."""
        if not after:
            return cls(item=item)
        done_at = after.get("done_at")
        return cls(
            item=item,
            done=bool(after.get("done")),
            done_by=after.get("done_by") or "",
            done_at=datetime.datetime.fromisoformat(done_at) if done_at else None,
            note=after.get("note") or "",
            link=after.get("link") or "",
        )


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


def journey(region) -> list[PhaseProgress]:
    """Done of total for each of the six phases of one region: one query for what the region ticked; the phases
    and their numbers of items are held per guide version (``guide_checklists``)."""
    return journeys([region], phases=guide_checklists(region.current_phase.guide_changed_at))[region.pk]


def read_phases_with_totals() -> list[Phase]:
    """The six phases in order, each with ``items_total``: one query."""
    return list(Phase.objects.annotate(items_total=Count("checklist_items")).order_by("number"))


_guide_in_process: tuple[datetime.datetime, list[Phase]] | None = None


def guide_checklists(guide_version: datetime.datetime) -> list[Phase]:
    """The six phases in order, each with ``items_total`` and its checklist items (``phase.checklist_items.all()``,
    each item's ``phase`` set), for the guide's version (``Phase.guide_changed_at``, which every change to the guide
    moves, for every phase): two queries after a change, none after.

    The latest version is held in the process, read-only and shared by its threads (as Django holds content types):
    a request neither queries nor unpickles it, and a new version replaces it on the next request in every process."""
    global _guide_in_process
    held = _guide_in_process
    if held is not None and held[0] == guide_version:
        return held[1]
    phases = read_phases_with_totals()
    prefetch_related_objects(phases, "checklist_items")
    _guide_in_process = (guide_version, phases)
    return phases


def forget_guide_in_process() -> None:
    """Drop the guide held in the process (for tests that roll the database back between them)."""
    global _guide_in_process
    _guide_in_process = None


def checklist_phase(region, number: int) -> Phase | None:
    """Phase ``number`` with its checklist items (as ``guide_checklists``), or None when there is no such phase:
    no query while the guide is unchanged. ``region.current_phase`` brings the guide's version along."""
    return next((p for p in guide_checklists(region.current_phase.guide_changed_at) if p.number == number), None)


def journeys(regions, *, phases=None) -> dict[int, list[PhaseProgress]]:
    """Region id → done of total per phase, for many regions: two queries however many regions (one when the
    ``phases`` come along, annotated with ``items_total``)."""
    if phases is None:
        phases = read_phases_with_totals()
    done = (
        ChecklistProgress.objects.filter(region__in=regions, done=True)
        .values_list("region_id", "item__phase_id")
        .annotate(n=Count("pk"))
    )
    counts = {(region_id, phase_id): n for region_id, phase_id, n in done}
    return {
        region.pk: [PhaseProgress(phase, counts.get((region.pk, phase.pk), 0), phase.items_total) for phase in phases]
        for region in regions
    }


def checklist(region, phase: Phase) -> list[ItemState]:
    """The items of a phase with their state in the region now. The items come from ``phase.checklist_items``
    (prefetch them); the states cost one query."""
    rows = ChecklistProgress.objects.filter(region=region, item__phase=phase).select_related("done_by")
    by_item = {row.item_id: row for row in rows}
    return [ItemState.from_row(item, by_item.get(item.pk)) for item in phase.checklist_items.all()]


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first moment after ``day`` in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def with_state_then(items, region, cutoff: datetime.datetime):
    """Checklist items annotated with ``state_then``: the ``after`` of each item's latest progress activity in
    the region before ``cutoff`` (None when there was none). One query, whatever the history's size (each
    item's subquery walks the index on region, item and time)."""
    latest = (
        Activity.objects.filter(region=region, item=OuterRef("pk"), kind__in=PROGRESS_KINDS, created_at__lt=cutoff)
        .order_by("-created_at", "-id")
        .values("after")[:1]
    )
    return items.annotate(state_then=Subquery(latest, output_field=JSONField()))


def checklist_on(region, phase: Phase, day: datetime.date) -> list[ItemState]:
    """The items of a phase as they stood in the region at the end of ``day``, rebuilt from the history."""
    items = with_state_then(ChecklistItem.objects.filter(phase=phase), region, end_of_day(day))
    return [ItemState.from_history(item, item.state_then) for item in items]


def item_state(region, item: ChecklistItem, row: ChecklistProgress | None = None) -> ItemState:
    if row is None:
        row = ChecklistProgress.objects.filter(region=region, item=item).select_related("done_by").first()
    return ItemState.from_row(item, row)


# --- The history ---------------------------------------------------------------------------------------------

KIND_CHOICES = Activity.Kind.choices
CHANGE_LABELS = {
    "done": "Afgerond",
    "note": "Toelichting",
    "link": "Link",
    "phase": "Fase",
    "started_on": "Begonnen op",
    "organisation": "Organisatie",
    "is_trekker": "Trekker",
    "role": "Rol",
}
KIND_FIELDS = {
    Activity.Kind.TICK: ("done",),
    Activity.Kind.UNTICK: ("done",),
    Activity.Kind.NOTE: ("note",),
    Activity.Kind.LINK: ("link",),
}


def recent_changes(region, *, phase=None):
    """The region's history (or one phase's), newest first, with who made each change: what the short lists of
    latest changes show (when, who, what)."""
    entries = Activity.objects.filter(region=region).select_related("actor").order_by("-created_at", "-id")
    return entries if phase is None else entries.filter(phase=phase)


def latest_changes(region, *, phase=None, count: int) -> list[Activity]:
    """The few latest changes beside a checklist or on the region page, with only what they show: when, who and
    what (not the states before and after)."""
    shown = ("created_at", "summary", "actor", "actor__first_name", "actor__last_name", "actor__username")
    return list(recent_changes(region, phase=phase).only(*shown)[:count])


def activities(region, *, phase: int | None = None, actor: int | None = None, kind: str | None = None):
    """The region's history, newest first, with who, which phase and which item in the same query."""
    entries = recent_changes(region).select_related("phase", "item")
    if phase:
        entries = entries.filter(phase__number=phase)
    if actor:
        entries = entries.filter(actor_id=actor)
    if kind:
        entries = entries.filter(kind=kind)
    return entries


def people_in_history(region) -> list[tuple[int, str]]:
    """(user id, name) of everyone who changed something in the region: one query."""
    users = get_user_model().objects.filter(pk__in=Activity.objects.filter(region=region).values("actor"))
    return sorted(((user.pk, person_name(user)) for user in users), key=lambda pair: pair[1].lower())


def _shown(key: str, value, phase_names: dict[int, str]) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if key == "phase" and value in phase_names:
        return phase_names[value]
    if key == "started_on" and value:
        return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
    return "" if value is None else str(value)


def changes(entry: Activity, phase_names: dict[int, str]) -> list[dict]:
    """What an activity changed, as label, before and after, for the fields people recognise."""
    rows = []
    for key in KIND_FIELDS.get(entry.kind, CHANGE_LABELS):
        label = CHANGE_LABELS[key]
        before, after = entry.before.get(key), entry.after.get(key)
        if (key in entry.before or key in entry.after) and before != after:
            rows.append(
                {"label": label, "before": _shown(key, before, phase_names), "after": _shown(key, after, phase_names)}
            )
    return rows


def progress_summary(region, *, recent: int = 5) -> dict:
    """What the region page shows about the checklists and the history: two queries."""
    steps = journey(region)
    return {
        "journey": steps,
        "journey_done": sum(step.done for step in steps),
        "journey_total": sum(step.total for step in steps),
        "recent_activity": latest_changes(region, count=recent),
    }
