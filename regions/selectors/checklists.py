"""A region's checklists: per-phase tallies (the journey), and the state of each item, now or at the end of a
past day (rebuilt from the history).

Every function costs a fixed number of queries, whatever the size of the history.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, JSONField, OuterRef, Subquery
from django.utils import timezone

from phases.models import ChecklistItem, Phase
from regions.models import Activity, ChecklistProgress

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
class PhaseTally:
    """How many of a phase's checklist items a region has done: one step of its journey."""

    phase: Phase
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.done >= self.total


def phases_with_totals() -> list[Phase]:
    """The six phases in order, each with ``items_total``: one query."""
    return list(Phase.objects.annotate(items_total=Count("checklist_items")).order_by("number"))


def checklist_item(number: int, item_id: int) -> ChecklistItem | None:
    """Item ``item_id`` of phase ``number``, with its phase, or None when the phase has no such item: one query."""
    return ChecklistItem.objects.select_related("phase").filter(phase__number=number, pk=item_id).first()


def checklist_phase(number: int) -> Phase | None:
    """Phase ``number`` with its checklist items prefetched, or None when there is no such phase: two queries."""
    return Phase.objects.prefetch_related("checklist_items").filter(number=number).first()


def journeys(regions, *, phases=None) -> dict[int, list[PhaseTally]]:
    """Region id → done of total per phase, for many regions: two queries however many regions (one when the
    ``phases`` come along, annotated with ``items_total``)."""
    if phases is None:
        phases = phases_with_totals()
    done = (
        ChecklistProgress.objects.filter(region__in=regions, done=True)
        .values_list("region_id", "item__phase_id")
        .annotate(n=Count("pk"))
    )
    counts = {(region_id, phase_id): n for region_id, phase_id, n in done}
    return {
        region.pk: [PhaseTally(phase, counts.get((region.pk, phase.pk), 0), phase.items_total) for phase in phases]
        for region in regions
    }


def journey(region) -> list[PhaseTally]:
    """Done of total for each of the six phases of one region: one query."""
    done = (
        ChecklistProgress.objects.filter(region=region, done=True, item__phase=OuterRef("pk"))
        .values("item__phase")
        .annotate(n=Count("pk"))
        .values("n")
    )
    phases = Phase.objects.annotate(items_total=Count("checklist_items"), items_done=Subquery(done)).order_by("number")
    return [PhaseTally(phase, phase.items_done or 0, phase.items_total) for phase in phases]


def journey_on(region, day: datetime.date) -> list[PhaseTally]:
    """Done of total for each phase as it stood at the end of ``day``, rebuilt from the history: two queries."""
    items = with_state_then(ChecklistItem.objects.all(), region, end_of_day(day)).values_list("phase_id", "state_then")
    done = Counter(phase_id for phase_id, state in items if state and state.get("done"))
    return [PhaseTally(phase, done[phase.pk], phase.items_total) for phase in phases_with_totals()]


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


def item_state(region, item: ChecklistItem) -> ItemState:
    row = ChecklistProgress.objects.filter(region=region, item=item).select_related("done_by").first()
    return ItemState.from_row(item, row)
