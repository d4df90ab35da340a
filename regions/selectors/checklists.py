"""A region's checklists: per-phase tallies (the journey), and the state of each item, now or at the end of a
past day (rebuilt from the history).

Every function costs a fixed number of queries, whatever the size of the history.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import BooleanField, Case, Count, Exists, JSONField, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from phases.models import ChecklistItem, Phase
from regions.models import Activity, Agreement, ChecklistProgress, Partnership, Region

PROGRESS_KINDS = (Activity.Kind.TICK, Activity.Kind.UNTICK, Activity.Kind.NOTE, Activity.Kind.LINK)
AGREEMENT_KINDS = (Activity.Kind.AGREED, Activity.Kind.AGREEMENT_WITHDRAWN)


def all_agreed(region, cutoff: datetime.datetime | None = None) -> Q:
    """A condition on ChecklistItem: it needs the agreement of every partner, the region has partners, and each of
    them has agreed (now; or before ``cutoff``, from the history, among the partners since before it). ``region``
    is a Region or a reference to the enclosing query's region (``OuterRef(OuterRef("pk"))``)."""
    partners = Partnership.objects.filter(region=region)
    if cutoff is None:
        agreed = Agreement.objects.filter(
            region=OuterRef("region"), item=OuterRef(OuterRef("pk")), organisation=OuterRef("organisation")
        )
        missing = partners.filter(~Exists(agreed))
    else:
        partners = partners.filter(since__lt=timezone.localtime(cutoff).date())
        last = (
            Activity.objects.filter(
                region=OuterRef("region"),
                item=OuterRef(OuterRef("pk")),
                organisation=OuterRef("organisation"),
                kind__in=AGREEMENT_KINDS,
                created_at__lt=cutoff,
            )
            .order_by("-created_at", "-id")
            .values("kind")[:1]
        )
        missing = partners.annotate(last=Subquery(last)).filter(Q(last__isnull=True) | ~Q(last=Activity.Kind.AGREED))
    return Q(Exists(partners), ~Exists(missing), needs_agreement=True)


def item_is_done(region) -> Q:
    """A condition on ChecklistItem: done in the region now. An ordinary item when it is ticked; an item that needs
    every partner's agreement when every current partner agreed (a partner added later reopens it)."""
    ticked = Exists(ChecklistProgress.objects.filter(region=region, item=OuterRef("pk"), done=True))
    return Q(ticked, needs_agreement=False) | all_agreed(region)


def person_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@dataclass
class ItemState:
    """One checklist item in one region: now (from ChecklistProgress) or on a past day (from the history)."""

    item: ChecklistItem
    done: bool = False  # for an item that needs every partner's agreement: all current partners agreed
    done_by: str = ""
    done_at: datetime.datetime | None = None
    note: str = ""
    link: str = ""
    actions: list = field(default_factory=list)  # the item's actions, where a page or the report shows them

    @classmethod
    def from_row(cls, item: ChecklistItem, row: ChecklistProgress | None, agreed: bool = False) -> "ItemState":
        if item.needs_agreement:
            return cls(item, agreed, note=row.note if row else "", link=row.link if row else "")
        if row is None:
            return cls(item=item)
        return cls(item, row.done, person_name(row.done_by), row.done_at, row.note, row.link)

    @classmethod
    def from_history(cls, item: ChecklistItem, after: dict | None) -> "ItemState":
        """``after`` of the item's latest progress activity: the full state it left behind; an item that needs
        every partner's agreement is done when they had all agreed (``agreed_then``, see ``with_state_then``)."""
        if item.needs_agreement:
            after = after or {}
            return cls(
                item,
                bool(getattr(item, "agreed_then", False)),
                note=after.get("note") or "",
                link=after.get("link") or "",
            )
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
    done_items = ChecklistItem.objects.filter(item_is_done(OuterRef(OuterRef("pk")))).order_by()
    per_phase = {
        f"phase_{phase.pk}": Subquery(
            done_items.filter(phase_id=phase.pk).values("phase_id").annotate(n=Count("pk")).values("n")
        )
        for phase in phases
    }
    rows = Region.objects.filter(pk__in=[region.pk for region in regions]).annotate(**per_phase).values()
    counts = {(row["id"], phase.pk): row[f"phase_{phase.pk}"] or 0 for row in rows for phase in phases}
    return {
        region.pk: [PhaseTally(phase, counts.get((region.pk, phase.pk), 0), phase.items_total) for phase in phases]
        for region in regions
    }


def journey(region) -> list[PhaseTally]:
    """Done of total for each of the six phases of one region: one query."""
    done = (
        ChecklistItem.objects.filter(item_is_done(region), phase=OuterRef("pk"))
        .order_by()
        .values("phase")
        .annotate(n=Count("pk"))
        .values("n")
    )
    phases = Phase.objects.annotate(items_total=Count("checklist_items"), items_done=Subquery(done)).order_by("number")
    return [PhaseTally(phase, phase.items_done or 0, phase.items_total) for phase in phases]


def journey_on(region, day: datetime.date) -> list[PhaseTally]:
    """Done of total for each phase as it stood at the end of ``day``, rebuilt from the history: two queries."""
    items = with_state_then(ChecklistItem.objects.all(), region, end_of_day(day)).values_list(
        "phase_id", "needs_agreement", "state_then", "agreed_then"
    )
    done = Counter(
        phase_id
        for phase_id, needs_agreement, state, agreed in items
        if (agreed if needs_agreement else bool(state and state.get("done")))
    )
    return [PhaseTally(phase, done[phase.pk], phase.items_total) for phase in phases_with_totals()]


def checklist(region, phase: Phase) -> list[ItemState]:
    """The items of a phase with their state in the region now. The items come from ``phase.checklist_items``
    (prefetch them); the states cost one query."""
    rows = ChecklistProgress.objects.filter(region=region, item__phase=phase).select_related("done_by")
    by_item = {row.item_id: row for row in rows}
    items = list(phase.checklist_items.all())
    agreed = agreed_items(region, [item for item in items if item.needs_agreement])
    return [ItemState.from_row(item, by_item.get(item.pk), item.pk in agreed) for item in items]


def agreed_items(region, items) -> set[int]:
    """Of ``items``, the ids of those every current partner of the region agreed to: one query (none without
    items that need agreement)."""
    if not items:
        return set()
    return set(
        ChecklistItem.objects.filter(all_agreed(region), pk__in=[item.pk for item in items]).values_list(
            "pk", flat=True
        )
    )


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
    agreed = Case(When(all_agreed(region, cutoff), then=Value(True)), default=Value(False), output_field=BooleanField())
    return items.annotate(state_then=Subquery(latest, output_field=JSONField()), agreed_then=agreed)


def checklist_on(region, phase: Phase, day: datetime.date) -> list[ItemState]:
    """The items of a phase as they stood in the region at the end of ``day``, rebuilt from the history."""
    items = with_state_then(ChecklistItem.objects.filter(phase=phase), region, end_of_day(day))
    return [ItemState.from_history(item, item.state_then) for item in items]


def item_state(region, item: ChecklistItem) -> ItemState:
    row = ChecklistProgress.objects.filter(region=region, item=item).select_related("done_by").first()
    return ItemState.from_row(item, row)
