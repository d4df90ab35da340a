"""A region's key figures out (CSV for Excel, JSON) and in (a CSV file or an Excel sheet in the export's shape).

The export has one row per value and one per target:

    Kengetal;Naam;Eenheid;Soort;Periode;Waarde;Bron;Gemeten op;Ingevoerd door;Bijgewerkt op
    woningen-beschikbaar;Woningen …;woningen;waarde;2026-H1;12;Registratie corporaties;2026-06-30;…
    woningen-beschikbaar;Woningen …;woningen;doel;2026;15;;;…

The import reads the same columns (Kengetal, Periode and Waarde always; Bron and Gemeten op for a value; Soort
``waarde`` (the default) or ``doel``; the others are ignored), checks every row with the rules the entry form
uses, and reports every refused row with its row number, column and reason in Dutch. Nothing is saved unless the
whole file is valid (``regions.services.figures.figures_import``).
"""

import datetime
import json
import re

from django.http import JsonResponse, StreamingHttpResponse
from django.utils import timezone

from phases.models import Indicator
from regions.exports import _csv_lines as csv_lines
from regions.models import IndicatorTarget, IndicatorValue, Region
from regions.periods import Frequency, parse_period
from regions.selectors.checklists import person_name
from regions.services.figures import (
    MAX_FIGURE,
    NOT_TREKKER,
    NUMBER_PROBLEM,
    FigureRow,
    target_problems,
    value_problems,
)
from regions.spreadsheets import Checked, Layout, RowError, cell_text

COLUMNS = {
    "kengetal": "Kengetal",
    "naam": "Naam",
    "eenheid": "Eenheid",
    "soort": "Soort",
    "periode": "Periode",
    "waarde": "Waarde",
    "bron": "Bron",
    "gemeten_op": "Gemeten op",
    "ingevoerd_door": "Ingevoerd door",
    "bijgewerkt_op": "Bijgewerkt op",
}
LAYOUT = Layout(
    columns=COLUMNS,
    required=("kengetal", "periode", "waarde"),
    rows_are="kengetallen",
    in_parts="de kengetallen",
    header_hint=(
        "De eerste regel moet de kolomnamen van de export bevatten, zoals Kengetal, Soort, Periode, Waarde, Bron en "
        "Gemeten op."
    ),
)
VALUE, TARGET = "waarde", "doel"
FIELD_COLUMN = {"period": "periode", "year": "periode", "value": "waarde", "measured_on": "gemeten_op"}
MAX_SOURCE = 300


# --- Out ---------------------------------------------------------------------------------------------------------


def _moment(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def export_rows(region: Region):
    """Every value and target of the region's active key figures, per figure in its order: three queries."""
    indicators = list(Indicator.objects.active())
    values, targets = {}, {}
    for row in IndicatorValue.objects.filter(region=region, indicator__in=indicators).select_related("entered_by"):
        values.setdefault(row.indicator_id, []).append(row)
    for row in IndicatorTarget.objects.filter(region=region, indicator__in=indicators).select_related("set_by"):
        targets.setdefault(row.indicator_id, []).append(row)
    for indicator in indicators:
        common = {"kengetal": indicator.slug, "naam": indicator.name, "eenheid": indicator.unit}
        for row in sorted(values.get(indicator.pk, []), key=lambda r: r.period):
            yield {
                **common,
                "soort": VALUE,
                "periode": row.period,
                "waarde": row.value,
                "bron": row.source,
                "gemeten_op": row.measured_on.isoformat(),
                "ingevoerd_door": person_name(row.entered_by),
                "bijgewerkt_op": _moment(row.updated_at),
            }
        for row in sorted(targets.get(indicator.pk, []), key=lambda r: r.year):
            yield {
                **common,
                "soort": TARGET,
                "periode": str(row.year),
                "waarde": row.value,
                "bron": "",
                "gemeten_op": "",
                "ingevoerd_door": person_name(row.set_by),
                "bijgewerkt_op": _moment(row.updated_at),
            }


def export_response(region: Region, fmt: str):
    filename = f"kengetallen-{region.slug}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_lines(COLUMNS, export_rows(region)), content_type="text/csv; charset=utf-8"
        )
    else:
        data = {
            "regio": {"naam": region.name, "slug": region.slug},
            "geexporteerd_op": _moment(timezone.now()),
            "kengetallen": list(export_rows(region)),
        }
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- In: checking the rows ---------------------------------------------------------------------------------------


def whole_number(raw) -> tuple[int | None, str]:
    """(the number, "") or (None, why not) for a cell or a form field: a whole number from 0 to 1 000 000."""
    if isinstance(raw, bool):
        return None, NUMBER_PROBLEM
    if isinstance(raw, float):
        if not raw.is_integer():
            return None, f"{raw} is geen heel getal. Vul een aantal in zonder komma."
        raw = int(raw)
    if isinstance(raw, int):
        return (raw, "") if 0 <= raw <= MAX_FIGURE else (None, NUMBER_PROBLEM)
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None, "Vul een aantal in."
    if re.fullmatch(r"\d+", text):
        number = int(text)
        return (number, "") if number <= MAX_FIGURE else (None, NUMBER_PROBLEM)
    if re.fullmatch(r"-\s*\d+([.,]\d+)?", text):
        return None, "Een aantal kan niet negatief zijn."
    if re.fullmatch(r"\d{1,3}([. ]\d{3})+", text):
        return None, f"Schrijf {text} zonder punten of spaties, zoals {re.sub(r'[. ]', '', text)}."
    if re.fullmatch(r"\d+[.,]\d+", text):
        return None, f"{text} is geen heel getal. Vul een aantal in zonder komma."
    shown = text if len(text) <= 40 else text[:40] + "…"
    return None, f"'{shown}' is geen getal. Vul alleen een aantal in, zoals 12: geen tekst, namen of lijsten."


def parse_date(raw) -> tuple[datetime.date | None, str]:
    if isinstance(raw, datetime.datetime):
        return raw.date(), ""
    if isinstance(raw, datetime.date):
        return raw, ""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return None, "Vul de datum in waarop het getal is gemeten of geteld."
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.datetime.strptime(text, pattern).date(), ""
        except ValueError:
            continue
    return None, "Schrijf de datum als 2026-06-30 of 30-06-2026."


def _period_text(raw, frequency: str) -> str:
    """Excel may turn a month such as 2026-03 into a date: a date is read back as its month."""
    if frequency == Frequency.MONTH and isinstance(raw, datetime.date | datetime.datetime):
        return f"{raw.year}-{raw.month:02d}"
    return cell_text(raw)


def check_rows(raw_rows: list[tuple[int, dict]], *, may_set_targets: bool, today: datetime.date) -> Checked:
    """Every row checked as the entry forms check a value or a target; a row that repeats an earlier one (same
    figure, kind and period) is refused. One query (the indicators), however many rows."""
    indicators = {i.slug: i for i in Indicator.objects.all()}
    example = next((i.slug for i in indicators.values() if i.active), "woningen-beschikbaar")
    checked = Checked(raw=raw_rows)
    seen: dict[tuple, int] = {}
    for line, row in raw_rows:
        errors = []

        def refuse(column: str, message: str, line=line, errors=errors) -> None:
            errors.append(RowError(line, COLUMNS[column], message))

        slug = cell_text(row.get("kengetal"))
        indicator = indicators.get(slug)
        kind = cell_text(row.get("soort")).lower() or VALUE
        if indicator is None:
            refuse("kengetal", f"Onbekend kengetal '{slug[:60]}'. Gebruik de code uit de export, zoals {example}.")
        if kind not in (VALUE, TARGET):
            refuse("soort", f"Soort is '{VALUE}' of '{TARGET}', niet '{kind[:30]}'.")
        elif kind == TARGET and not may_set_targets:
            refuse("soort", NOT_TREKKER + " Laat de regels met soort 'doel' weg.")
        number, problem = whole_number(row.get("waarde"))
        if problem:
            refuse("waarde", problem)
        if indicator is None or kind not in (VALUE, TARGET):
            checked.errors += errors
            continue
        if kind == TARGET:
            figure = _target_row(line, indicator, row, number, today, refuse)
            key = (indicator.pk, TARGET, figure.year if figure else cell_text(row.get("periode")))
        else:
            figure = _value_row(line, indicator, row, number, today, refuse)
            key = (
                indicator.pk,
                VALUE,
                figure.period if figure else _period_text(row.get("periode"), indicator.frequency),
            )
        if key in seen:
            refuse("periode", f"Dubbele regel: {slug} {kind} voor {key[2]} staat ook in regel {seen[key]}.")
        seen.setdefault(key, line)
        if errors:
            checked.errors += errors
        elif figure is not None and number is not None:
            checked.rows.append(figure)
    return checked


def _value_row(line, indicator, row, number, today, refuse) -> FigureRow | None:
    period_text = _period_text(row.get("periode"), indicator.frequency)
    measured_on, date_problem = parse_date(row.get("gemeten_op"))
    if date_problem:
        refuse("gemeten_op", date_problem)
    source = cell_text(row.get("bron"))
    if not source:
        refuse("bron", "Vul de bron in: waar komt het getal vandaan?")
    elif len(source) > MAX_SOURCE or re.search(r"<\s*/?\s*[a-z!?]|javascript\s*:", source, re.IGNORECASE):
        refuse("bron", f"Gebruik gewone tekst van hoogstens {MAX_SOURCE} tekens.")
    problems = value_problems(
        indicator=indicator,
        period=period_text,
        value=number if number is not None else 0,
        measured_on=measured_on if not date_problem else today,
        today=today,
    )
    for name, message in problems.items():
        if name == "indicator":
            refuse("kengetal", message)
        elif not (name == "measured_on" and date_problem):
            refuse(FIELD_COLUMN[name], message)
    period = parse_period(period_text, indicator.frequency)
    if problems or date_problem or number is None or period is None:
        return None
    return FigureRow(line, indicator, number, period=period.code, source=source, measured_on=measured_on)


def _target_row(line, indicator, row, number, today, refuse) -> FigureRow | None:
    year_text = cell_text(row.get("periode"))
    year = int(year_text) if re.fullmatch(r"\d{4}", year_text) else None
    if year is None:
        refuse("periode", "Een doel geldt voor een jaar: schrijf de periode als 2026.")
        return None
    problems = target_problems(indicator=indicator, year=year, value=number if number is not None else 0, today=today)
    for name, message in problems.items():
        refuse("kengetal" if name == "indicator" else FIELD_COLUMN[name], message)
    if problems or number is None:
        return None
    return FigureRow(line, indicator, number, year=year)


def serialise(raw_rows: list[tuple[int, dict]]) -> str:
    """The rows as JSON for the confirmation step, which checks them again. A date is written as the import reads
    it: as a date in "Gemeten op", as its month in "Periode" (where Excel made a date of a month such as 2026-03)."""

    def plain(key, value):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return f"{value.year}-{value.month:02d}" if key == "periode" else value.isoformat()
        return value

    return json.dumps([[line, {key: plain(key, value) for key, value in row.items()}] for line, row in raw_rows])


def deserialise(text: str) -> list[tuple[int, dict]]:
    return [(int(line), dict(row)) for line, row in json.loads(text)]
