"""A region's history: the latest changes, the filtered list of every change, and what each one changed."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Min
from django.utils import timezone

from regions.models import Activity
from regions.selectors.checklists import end_of_day, journey, person_name

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
    "what": "Actie",
    "owner": "Eigenaar",
    "person": "Persoon",
    "due_on": "Klaar op",
    "status": "Stand",
    "blocked_reason": "Waarom geblokkeerd",
    "agreed": "Akkoord",
    "reason": "Reden",
}
FIELD_LABELS = {
    **CHANGE_LABELS,
    "status": "Status",
    "what_helped": "Wat hielp",
    "shares": "Gedeeld met andere regio's",
    "name": "Naam",
    "centrumgemeente": "Centrumgemeente",
}
ACTION_FIELDS = ("what", "owner", "person", "due_on", "status", "blocked_reason")
KIND_FIELDS = {
    Activity.Kind.TICK: ("done",),
    Activity.Kind.UNTICK: ("done",),
    Activity.Kind.NOTE: ("note",),
    Activity.Kind.LINK: ("link",),
    Activity.Kind.OBSTACLE: ("status", "note", "what_helped"),
    Activity.Kind.SHARING: ("shares",),
    Activity.Kind.ACTION_ADDED: ACTION_FIELDS,
    Activity.Kind.ACTION: ACTION_FIELDS,
    Activity.Kind.AGREED: ("agreed", "note"),
    Activity.Kind.AGREEMENT_WITHDRAWN: ("agreed", "reason"),
    Activity.Kind.REGION: ("name", "centrumgemeente", "phase", "started_on"),
}


def recent_changes(region, *, phase=None):
    """The region's history (or one phase's), newest first, with who made each change: what the short lists of
    latest changes show (when, who, what)."""
    entries = Activity.objects.filter(region=region).select_related("actor").order_by("-created_at", "-id")
    return entries if phase is None else entries.filter(phase=phase)


def latest_changes(region, *, phase=None, count: int, day: datetime.date | None = None) -> list[Activity]:
    """The few latest changes beside a checklist or on the region page (up to the end of ``day``), with only what
    they show: when, who and what (not the states before and after)."""
    shown = ("created_at", "summary", "actor", "actor__first_name", "actor__last_name", "actor__username")
    entries = recent_changes(region, phase=phase).only(*shown)
    if day is not None:
        entries = entries.filter(created_at__lt=end_of_day(day))
    return list(entries[:count])


def first_day(region) -> datetime.date:
    """The first day the portal knows anything of the region: its creation, or an earlier first change (history
    brought in from before)."""
    first = Activity.objects.filter(region=region).aggregate(first=Min("created_at"))["first"]
    return timezone.localdate(min(filter(None, [first, region.created_at])))


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
    if key in ("started_on", "due_on") and value:
        return datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
    return "" if value is None else str(value)


def changes(entry: Activity, phase_names: dict[int, str]) -> list[dict]:
    """What an activity changed, as label, before and after, for the fields people recognise."""
    rows = []
    for key in KIND_FIELDS.get(entry.kind, CHANGE_LABELS):
        label = FIELD_LABELS[key]
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
