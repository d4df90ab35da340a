"""How long a region has been in its current phase, against the guide's typical duration.

One place for the computation, so the region page, the checklist page, the PDF and the Versnellingsteam's
overview say the same: "Fase 3 sinds 14 maanden — gebruikelijk 6 tot 12 maanden".
"""

import datetime

from regions.models import Activity


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


def phase_on(region, cutoff=None) -> tuple[int, datetime.date]:
    """(phase id, started on) now, or as the phase history says it was before ``cutoff``: one query."""
    current = (region.current_phase_id, region.phase_started_on)
    if cutoff is None:
        return current
    changes = Activity.objects.filter(region=region, kind=Activity.Kind.PHASE).order_by("created_at", "id")
    changes = list(changes.values_list("created_at", "before", "after"))
    earlier = [after for created_at, _, after in changes if created_at < cutoff]
    state = earlier[-1] if earlier else (changes[0][1] if changes else None)
    if not state or "phase" not in state:
        return current
    return state["phase"], datetime.date.fromisoformat(state["started_on"])


def duration_summary(region, today: datetime.date, *, phase=None, started_on: datetime.date | None = None) -> dict:
    """Everything a page needs to say how long the region has been in its phase: now, or, with ``phase`` and
    ``started_on`` as they were then, on a past day ``today``."""
    phase = phase or region.current_phase
    months = months_between(started_on or region.phase_started_on, today)
    typical = "deze fase is doorlopend" if phase.is_ongoing else f"gebruikelijk {phase.duration_label}"
    return {
        "months": months,
        "months_label": months_label(months),
        "typical": typical,
        "is_ongoing": phase.is_ongoing,
        "is_over": phase.duration_max_months is not None and months > phase.duration_max_months,
        "text": f"Fase {phase.number} sinds {months_label(months)} — {typical}",
    }
