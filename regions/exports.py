"""A region's own data out: its checklist state and its history, as CSV (for Excel) and as JSON.

CSV is UTF-8 with a byte order mark and semicolons, so Excel in a Dutch locale opens it as a table; cells that
start like a formula get a leading apostrophe. It is for reading: moments are local time as ``JJJJ-MM-DD UU:MM``
(Excel reads them as dates), and the history's before and after are plain Dutch ("afgevinkt", "rol: …"). JSON keeps
the structured form: moments in ISO 8601 with their offset, before and after as stored. Both exports cost a constant
number of queries: the history is streamed from one query, whatever its size.
"""

import csv
import datetime

from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone

from phases.models import ChecklistItem, Phase
from regions.models import Activity, ChecklistProgress, Obstacle, Region, SupportRequest
from regions.selectors.actions import ActionView, region_actions
from regions.selectors.checklists import person_name
from regions.selectors.history import CHANGE_LABELS, FIELD_LABELS, KIND_FIELDS

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHECKLIST_COLUMNS = {
    "fase": "Fase",
    "fasenaam": "Fasenaam",
    "volgorde": "Volgorde",
    "punt": "Checklistpunt",
    "afgerond": "Afgerond",
    "afgevinkt_door": "Afgevinkt door",
    "afgevinkt_op": "Afgevinkt op",
    "toelichting": "Toelichting",
    "link": "Link",
    "laatst_gewijzigd_door": "Laatst gewijzigd door",
    "laatst_gewijzigd_op": "Laatst gewijzigd op",
}
ACTIVITY_COLUMNS = {
    "tijdstip": "Datum en tijd",
    "wie": "Wie",
    "soort": "Soort",
    "fase": "Fase",
    "punt": "Checklistpunt",
    "organisatie": "Organisatie",
    "omschrijving": "Omschrijving",
    "voor": "Voor",
    "na": "Na",
}
OBSTACLE_COLUMNS = {
    "fase": "Fase",
    "knelpunt": "Knelpunt",
    "uit_de_gids": "Vraag uit de gids",
    "status": "Status",
    "toelichting": "Toelichting",
    "aangegeven_door": "Aangegeven door",
    "aangegeven_op": "Aangegeven op",
    "opgelost_door": "Opgelost door",
    "opgelost_op": "Opgelost op",
    "wat_hielp": "Wat hielp",
}
EXPORTS = {"checklist": "punten", "activiteit": "activiteiten", "knelpunten": "knelpunten"}

SPREADSHEET_MOMENT = "%Y-%m-%d %H:%M"
STATUS_LABELS = dict(SupportRequest.Status.choices)


def _moment(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _state_text(kind: str, state: dict, phase_names: dict[int, str]) -> str:
    """One side (before or after) of a change in plain Dutch: "afgevinkt", "toelichting: …", "rol: …"; only the
    fields the change is about (a tick's side holds the item's whole state, but says whether it was ticked)."""
    parts = []
    for key in KIND_FIELDS.get(kind, (*CHANGE_LABELS, "status")):
        if key not in state:
            continue
        value = state[key]
        if key == "done":
            parts.append("afgevinkt" if value else "niet afgevinkt")
            continue
        if key in ("is_trekker", "shares"):
            value = "ja" if value else "nee"
        elif key == "phase":
            value = phase_names.get(value, value)
        elif key == "started_on" and value:
            value = datetime.date.fromisoformat(value).strftime("%d-%m-%Y")
        elif key == "status":
            value = STATUS_LABELS.get(value, value)
        label = FIELD_LABELS.get(key, key).lower()
        parts.append(f"{label}: {value if value not in (None, '') else '(leeg)'}")
    return "; ".join(parts)


def checklist_rows(region: Region):
    """Every item of the six phases with its state in the region: two queries."""
    rows = ChecklistProgress.objects.filter(region=region).select_related("done_by", "updated_by")
    by_item = {row.item_id: row for row in rows}
    for item in ChecklistItem.objects.select_related("phase").order_by("phase__number", "order", "pk"):
        row = by_item.get(item.pk)
        yield {
            "fase": item.phase.number,
            "fasenaam": item.phase.name,
            "volgorde": item.order,
            "punt": item.text,
            "afgerond": bool(row and row.done),
            "afgevinkt_door": person_name(row.done_by) if row else "",
            "afgevinkt_op": row.done_at if row else None,
            "toelichting": row.note if row else "",
            "link": row.link if row else "",
            "laatst_gewijzigd_door": person_name(row.updated_by) if row else "",
            "laatst_gewijzigd_op": row.updated_at if row else None,
        }


def activity_rows(region: Region, *, readable: bool = False):
    """The whole history, oldest first, streamed from one query; ``readable`` puts before and after in plain Dutch
    (one more query, for the phases' names)."""
    phase_names = {phase.pk: str(phase) for phase in Phase.objects.all()} if readable else {}
    entries = Activity.objects.filter(region=region).select_related("actor", "phase", "item", "organisation")
    for entry in entries.order_by("created_at", "id").iterator(chunk_size=2000):
        before, after = entry.before, entry.after
        if readable:
            before, after = (_state_text(entry.kind, side, phase_names) for side in (before, after))
        yield {
            "tijdstip": entry.created_at,
            "wie": person_name(entry.actor),
            "soort": entry.get_kind_display(),
            "fase": entry.phase.number if entry.phase else None,
            "punt": entry.item.text if entry.item else "",
            "organisatie": entry.organisation.name if entry.organisation else "",
            "omschrijving": entry.summary,
            "voor": before,
            "na": after,
        }


def obstacle_rows(region: Region):
    """The region's obstacles, open and solved, by phase: one query."""
    obstacles = (
        Obstacle.objects.filter(region=region)
        .select_related("question", "phase", "opened_by", "solved_by")
        .order_by("phase__number", "opened_at", "id")
    )
    for obstacle in obstacles:
        yield {
            "fase": obstacle.phase.number,
            "knelpunt": obstacle.title,
            "uit_de_gids": obstacle.question_id is not None,
            "status": obstacle.get_status_display(),
            "toelichting": obstacle.note,
            "aangegeven_door": person_name(obstacle.opened_by),
            "aangegeven_op": obstacle.opened_at,
            "opgelost_door": person_name(obstacle.solved_by),
            "opgelost_op": obstacle.solved_at,
            "wat_hielp": obstacle.what_helped,
        }


def csv_safe(value) -> str:
    """Text a spreadsheet shows as text and never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _cell(value) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime(SPREADSHEET_MOMENT)
    return csv_safe(value)


def _json_value(value):
    return _moment(value) if isinstance(value, datetime.datetime) else value


class _Echo:
    def write(self, value):
        return value


def _csv_lines(columns: dict, rows):
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow(columns.values())
    for row in rows:
        yield writer.writerow([_cell(row[key]) for key in columns])


def _columns_and_rows(region: Region, what: str, fmt: str):
    if what == "checklist":
        return CHECKLIST_COLUMNS, checklist_rows(region)
    if what == "knelpunten":
        return OBSTACLE_COLUMNS, obstacle_rows(region)
    return ACTIVITY_COLUMNS, activity_rows(region, readable=fmt == "csv")


def response(region: Region, *, what: str, fmt: str):
    columns, rows = _columns_and_rows(region, what, fmt)
    filename = f"{what}-{region.slug}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        result = StreamingHttpResponse(_csv_lines(columns, rows), content_type="text/csv; charset=utf-8")
    else:
        data = {
            "regio": {"naam": region.name, "slug": region.slug},
            "geexporteerd_op": _moment(timezone.now()),
            EXPORTS[what]: [{key: _json_value(value) for key, value in row.items()} for row in rows],
        }
        result = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result


def obstacle_counts_response(data: dict):
    """The Versnellingsteam's national counts of obstacles as CSV: per phase and question, regions with it open now,
    solved, and open at the end of each of the last four quarters."""
    columns = {
        "fase": "Fase",
        "knelpunt": "Knelpunt",
        "hulp": "Hulp van het Versnellingsteam",
        "open": "Regio's met dit knelpunt open",
        "opgelost": "Keer opgelost",
        **{f"then_{n}": f"Open op {day:%d-%m-%Y}" for n, day in enumerate(data["quarter_ends"])},
    }
    rows = (
        {
            "fase": phase.number,
            "knelpunt": row.title,
            "hulp": row.help_label,
            "open": row.open_now,
            "opgelost": row.solved,
            **{f"then_{n}": count for n, count in enumerate(row.then)},
        }
        for phase, phase_rows in data["by_phase"]
        for row in phase_rows
    )
    result = StreamingHttpResponse(_csv_lines(columns, rows), content_type="text/csv; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="knelpunten-{data["today"]:%Y-%m-%d}.csv"'
    return result


ACTION_COLUMNS = {
    "fase": "Fase",
    "punt": "Checklistpunt",
    "wat": "Actie",
    "eigenaar": "Eigenaar",
    "persoon": "Persoon",
    "klaar_op": "Klaar op",
    "stand": "Stand",
    "waarom_geblokkeerd": "Waarom geblokkeerd",
    "dagen_te_laat": "Dagen te laat",
    "aangemaakt_door": "Aangemaakt door",
    "aangemaakt_op": "Aangemaakt op",
    "laatst_gewijzigd_door": "Laatst gewijzigd door",
    "laatst_gewijzigd_op": "Laatst gewijzigd op",
}


def action_rows(region: Region):
    """One row per action of the region, by phase, item and due date: one query."""
    today = timezone.localdate()
    for action in region_actions(region):
        view = ActionView.from_row(action, today)
        yield {
            "fase": action.item.phase.number,
            "punt": action.item.text,
            "wat": action.what,
            "eigenaar": view.owner,
            "persoon": view.person,
            "klaar_op": action.due_on.isoformat(),
            "stand": view.status_label,
            "waarom_geblokkeerd": action.blocked_reason,
            "dagen_te_laat": view.days_overdue,
            "aangemaakt_door": person_name(action.created_by),
            "aangemaakt_op": action.created_at,
            "laatst_gewijzigd_door": person_name(action.updated_by),
            "laatst_gewijzigd_op": action.updated_at,
        }


def actions_response(region: Region, *, fmt: str):
    filename = f"acties-{region.slug}-{timezone.localdate().isoformat()}.{fmt}"
    rows = action_rows(region)
    if fmt == "csv":
        result = StreamingHttpResponse(_csv_lines(ACTION_COLUMNS, rows), content_type="text/csv; charset=utf-8")
    else:
        data = {
            "regio": {"naam": region.name, "slug": region.slug},
            "geexporteerd_op": _moment(timezone.now()),
            "acties": [{key: _json_value(value) for key, value in row.items()} for row in rows],
        }
        result = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
