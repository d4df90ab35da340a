"""The coalition's actions: under each checklist item, open ones (overdue first), and the actions on a past date
(rebuilt from the history). Each function costs a fixed number of queries, however many actions there are."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from regions.models import Action, Activity, Agreement, Membership, Partnership
from regions.selectors.checklists import AGREEMENT_KINDS, end_of_day, person_name

ACTION_KINDS = (Activity.Kind.ACTION_ADDED, Activity.Kind.ACTION)
STATUS_LABELS = dict(Action.Status.choices)


@dataclass(frozen=True)
class ActionView:
    """An action as pages, exports and the PDF show it: now (from the row) or on a past day (from the history)."""

    pk: int
    item_id: int
    what: str
    owner_id: int
    owner: str
    person_id: int | None
    person: str
    due_on: datetime.date
    status: str
    blocked_reason: str
    today: datetime.date

    @classmethod
    def from_row(cls, action: Action, today: datetime.date) -> "ActionView":
        return cls(
            action.pk,
            action.item_id,
            action.what,
            action.owner_id,
            action.owner.name,
            action.person_id,
            person_name(action.person),
            action.due_on,
            action.status,
            action.blocked_reason,
            today,
        )

    @classmethod
    def from_history(cls, item_id: int, state: dict, today: datetime.date) -> "ActionView":
        return cls(
            state["id"],
            item_id,
            state.get("what", ""),
            state.get("owner_id"),
            state.get("owner", ""),
            state.get("person_id"),
            state.get("person", ""),
            datetime.date.fromisoformat(state["due_on"]),
            state.get("status", Action.Status.OPEN),
            state.get("blocked_reason", ""),
            today,
        )

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_done(self) -> bool:
        return self.status == Action.Status.DONE

    @property
    def is_blocked(self) -> bool:
        return self.status == Action.Status.BLOCKED

    @property
    def days_overdue(self) -> int:
        return 0 if self.is_done else max(0, (self.today - self.due_on).days)

    @property
    def is_overdue(self) -> bool:
        return self.days_overdue > 0


def _rows(region):
    return Action.objects.filter(region=region).select_related("owner", "person")


def actions_by_item(region, items, today: datetime.date) -> dict[int, list[ActionView]]:
    """Item id → its actions in the region now, by due date: one query."""
    by_item = {}
    for action in _rows(region).filter(item__in=items).order_by("due_on", "id"):
        by_item.setdefault(action.item_id, []).append(ActionView.from_row(action, today))
    return by_item


def actions_by_item_on(region, items, day: datetime.date) -> dict[int, list[ActionView]]:
    """Item id → its actions as they stood at the end of ``day``, from the history: one query."""
    entries = (
        Activity.objects.filter(region=region, item__in=items, kind__in=ACTION_KINDS, created_at__lt=end_of_day(day))
        .order_by("created_at", "id")
        .values_list("item_id", "after")
    )
    latest = {}
    for item_id, after in entries:
        if after.get("id") is not None:
            latest[after["id"]] = (item_id, after)
    by_item = {}
    views = sorted((ActionView.from_history(i, s, day) for i, s in latest.values()), key=lambda a: (a.due_on, a.pk))
    for view in views:
        by_item.setdefault(view.item_id, []).append(view)
    return by_item


def open_actions(region, today: datetime.date, *, organisation_ids=None) -> list[ActionView]:
    """Actions not yet klaar, overdue ones first (longest overdue first), then by due date: one query."""
    rows = _rows(region).exclude(status=Action.Status.DONE).select_related("item__phase")
    if organisation_ids is not None:
        rows = rows.filter(owner_id__in=organisation_ids)
    rows = rows.annotate(
        late=Case(When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("late", "due_on", "id")
    return [_with_item(action, today) for action in rows]


def _with_item(action: Action, today: datetime.date):
    view = ActionView.from_row(action, today)
    return {"action": view, "item": action.item, "phase": action.item.phase}


def region_actions(region):
    """Every action of the region with its item and phase, for the exports: one query."""
    return (
        _rows(region)
        .select_related("item__phase", "created_by", "updated_by")
        .order_by("item__phase__number", "item__order", "due_on", "id")
    )


@dataclass(frozen=True)
class AgreementView:
    organisation_id: int
    given_by: str
    given_at: datetime.datetime | None
    note: str


@dataclass
class CoalitionWork:
    """What the items of a checklist carry beside their tick: the region's partners, the actions per item and, per
    item, each partner's akkoord."""

    partners: list[tuple[int, str]]
    actions: dict[int, list[ActionView]]
    agreements: dict[int, dict[int, AgreementView]]


def partner_names(region, since_before: datetime.date | None = None) -> list[tuple[int, str]]:
    """(organisation id, name) of the region's partners (on ``since_before``, those who were partners then): one
    query."""
    partnerships = Partnership.objects.filter(region=region)
    if since_before is not None:
        partnerships = partnerships.filter(since__lte=since_before)
    return list(partnerships.order_by("organisation__name").values_list("organisation_id", "organisation__name"))


def partners_and_people(region):
    """The choices of an action's owner and person: (organisation id, name) of the region's partners, and (user id,
    "name (organisation)", organisation id) of their active people: two queries."""
    partners = partner_names(region)
    rows = (
        Membership.objects.filter(organisation__partnerships__region=region, user__is_active=True)
        .order_by("user__first_name", "user__last_name", "user__username")
        .values_list(
            "user_id", "user__first_name", "user__last_name", "user__username", "organisation_id", "organisation__name"
        )
    )
    people = [
        (pk, f"{(f'{first} {last}'.strip() or username)} ({org_name})", org)
        for pk, first, last, username, org, org_name in rows
    ]
    return partners, people


def coalition_work(region, items, *, today: datetime.date, day: datetime.date | None = None) -> CoalitionWork:
    """The work on ``items`` in the region now, or at the end of a past ``day`` (from the history): three queries."""
    partners = partner_names(region, since_before=day)
    if day is None:
        actions = actions_by_item(region, items, today)
        agreements = {}
        for row in Agreement.objects.filter(region=region, item__in=items).select_related("given_by"):
            view = AgreementView(row.organisation_id, person_name(row.given_by), row.given_at, row.note)
            agreements.setdefault(row.item_id, {})[row.organisation_id] = view
        return CoalitionWork(partners, actions, agreements)
    actions = actions_by_item_on(region, items, day)
    entries = (
        Activity.objects.filter(region=region, item__in=items, kind__in=AGREEMENT_KINDS, created_at__lt=end_of_day(day))
        .select_related("actor")
        .order_by("created_at", "id")
    )
    latest = {}
    for entry in entries:
        latest[(entry.item_id, entry.organisation_id)] = entry
    agreements = {}
    for (item_id, organisation_id), entry in latest.items():
        if entry.kind == Activity.Kind.AGREED:
            view = AgreementView(
                organisation_id, person_name(entry.actor), entry.created_at, entry.after.get("note", "")
            )
            agreements.setdefault(item_id, {})[organisation_id] = view
    return CoalitionWork(partners, actions, agreements)


OVERDUE_SIGNAL_DAYS = 30


def is_long_overdue(action: ActionView) -> bool:
    """The Versnellingsteam's signal: an action not klaar more than 30 days after its due date."""
    return action.days_overdue > OVERDUE_SIGNAL_DAYS


def region_work(region, today: datetime.date) -> dict:
    """What the region page shows of the coalition's work: the open actions (overdue first) and the two signals,
    actions more than 30 days overdue and blocked actions: one query."""
    rows = open_actions(region, today)
    return {
        "open_actions": rows,
        "long_overdue_actions": [row for row in rows if is_long_overdue(row["action"])],
        "blocked_actions": [row for row in rows if row["action"].is_blocked],
        "overdue_signal_days": OVERDUE_SIGNAL_DAYS,
    }
