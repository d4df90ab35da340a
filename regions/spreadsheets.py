"""Reading a spreadsheet that people bring: a CSV file (UTF-8 with or without BOM, or Windows' cp1252; ``;``, ``,``
or tab separated, as Excel writes it) or the first sheet of an Excel workbook (.xlsx).

What every import shares: the file read into rows under its header, row numbers as the spreadsheet shows them, a
refused file or row explained in Dutch, and the checked rows signed into the preview's confirmation form, to be
checked again when someone confirms. The imports themselves (``regions.figures_io``, ``regions.regions_io``) say
which columns they read and what a valid row is.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core import signing

from regions.exports import FORMULA_START

MAX_BYTES = 2 * 1024 * 1024
CONFIRM_MAX_AGE = 3600  # seconds between the check of a file and saving it
EXPIRED = "De controle is verlopen of het formulier is gewijzigd. Kies het bestand opnieuw."


class FileRefused(ValueError):
    """The file as a whole cannot be read; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class Layout:
    """The columns an import reads (key → name as written in the header) and the words of its messages."""

    columns: dict[str, str]
    required: tuple[str, ...]
    rows_are: str  # "Het bestand heeft geen regels met {rows_are} onder de kolomnamen."
    in_parts: str  # "Importeer {in_parts} in delen."
    header_hint: str  # what the first row must hold, said when columns are missing
    aliases: dict[str, str] = field(default_factory=dict)  # other spellings of a header (as its key) → column key
    max_rows: int = 2000

    def column(self, header) -> str | None:
        key = header_key(header)
        key = self.aliases.get(key, key)
        return key if key in self.columns else None


@dataclass(frozen=True)
class RowError:
    line: int  # the row number as the spreadsheet shows it (the header is row 1)
    column: str  # the column's name as the header writes it
    message: str


@dataclass
class Checked:
    """The rows of a file that passed the checks, every refusal, or why the file was refused as a whole."""

    rows: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    raw: list[tuple[int, dict]] = field(default_factory=list)  # what a confirmation posts back, to check again

    @property
    def is_valid(self) -> bool:
        return not self.errors and not self.file_error and bool(self.rows)


def header_key(text) -> str:
    """A column name as written, or as its key: "Gemeten op", "gemeten_op", " GEMETEN OP "."""
    return re.sub(r"[\s_]+", "_", str(text or "").strip().lower().removeprefix("\ufeff"))


def cell_text(raw) -> str:
    """A cell as text; the apostrophe an export puts before a formula-like text is taken off again."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    text = str(raw).strip()
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_START else text


def read_rows(name: str, content: bytes, layout: Layout) -> list[tuple[int, dict]]:
    """(row number, {column key: cell}) for every non-empty row under the header; FileRefused says why not."""
    table = read_table(name, content, layout)
    if not table:
        raise FileRefused("Het bestand is leeg.")
    header = [layout.column(cell) for cell in table[0]]
    missing = [layout.columns[key] for key in layout.required if key not in header]
    if missing:
        names = ", ".join(f"'{name}'" for name in missing)
        plural = len(missing) > 1
        raise FileRefused(
            f"De kolom{'men' if plural else ''} {names} ontbre{'ken' if plural else 'ekt'}. {layout.header_hint}"
        )
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if all(cell_text(cell) == "" for cell in cells):
            continue
        rows.append((number, {key: cells[i] if i < len(cells) else None for i, key in enumerate(header) if key}))
    if len(rows) > layout.max_rows:
        raise FileRefused(f"Het bestand heeft meer dan {layout.max_rows} regels. Importeer {layout.in_parts} in delen.")
    if not rows:
        raise FileRefused(f"Het bestand heeft geen regels met {layout.rows_are} onder de kolomnamen.")
    return rows


def read_table(name: str, content: bytes, layout: Layout) -> list[list]:
    """The rows of a CSV file or of an Excel workbook's first sheet, header first."""
    if len(content) > MAX_BYTES:
        raise FileRefused(f"Het bestand is groter dan 2 MB. Importeer {layout.in_parts} in delen.")
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "xlsx":
        return _read_xlsx(content, layout.max_rows)
    if suffix == "csv":
        return _read_csv(content)
    raise FileRefused("Kies een CSV-bestand (.csv) of een Excelbestand (.xlsx).")


def _read_csv(content: bytes) -> list[list]:
    text = ""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # Excel on Windows saves CSV as cp1252; latin-1 reads anything
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise FileRefused(
            "Dit CSV-bestand kan niet worden gelezen. Sla het op als CSV (puntkomma-gescheiden)."
        ) from error


def _read_xlsx(content: bytes, max_rows: int) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            rows = []
            for row in sheet.iter_rows(values_only=True):
                rows.append(list(row))
                if len(rows) > max_rows + 1:
                    break
            return rows
        finally:
            workbook.close()
    except Exception as error:  # a damaged or disguised file: any failure of the reader means "cannot read"
        raise FileRefused("Dit Excelbestand kan niet worden gelezen. Sla het op als .xlsx of als CSV.") from error


def sign(text: str, *, salt: str) -> str:
    """The checked rows (as text) for the preview's confirmation form, which cannot change them unseen."""
    return signing.dumps(text, salt=salt, compress=True)


def unsign(token, *, salt: str) -> str:
    """The rows the preview showed, signed with this ``salt`` an hour ago at most; FileRefused otherwise."""
    try:
        return signing.loads(token or "", salt=salt, max_age=CONFIRM_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise FileRefused(EXPIRED) from error
