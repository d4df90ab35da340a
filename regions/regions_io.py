"""Regions and their partners in from a spreadsheet: a CSV file or an Excel sheet with one row per partner.

    Regio;Centrumgemeente;Organisatie;Soort organisatie;Trekker
    Regio Voorbeeld-Noord (fictief);Noordstad;Gemeente Noordstad;Gemeente;ja
    Regio Voorbeeld-Noord (fictief);Noordstad;Woonstichting Noorderhuis;Woningcorporatie;nee

Every row is checked on its own (nothing empty, a kind of organisation the guide knows, ja or nee) and against the
other rows of the file (a region has one centrumgemeente, an organisation one kind, a partner one row); then against
the portal's data (``regions.selectors.region_import``: an organisation that exists with another kind, a region left
without a trekker). Every refused row is reported with its row number, column and reason in Dutch, and nothing is
saved unless the whole file is valid (``regions.services.region_import.regions_import``).
"""

import json
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from phases.models import OrganisationType
from regions.forms.fields import no_markup, too_long
from regions.models import Organisation, Region
from regions.selectors.region_import import name_key, region_import_plan, similar_names
from regions.spreadsheets import Checked, Layout, RowError, cell_text

COLUMNS = {
    "regio": "Regio",
    "centrumgemeente": "Centrumgemeente",
    "organisatie": "Organisatie",
    "soort_organisatie": "Soort organisatie",
    "trekker": "Trekker",
}
LAYOUT = Layout(
    columns=COLUMNS,
    required=tuple(COLUMNS),
    rows_are="partners",
    in_parts="de regio's",
    header_hint=(
        "De eerste regel moet de kolomnamen bevatten: Regio, Centrumgemeente, Organisatie, Soort organisatie en "
        "Trekker."
    ),
    aliases={
        "regionaam": "regio",
        "naam_regio": "regio",
        "partner": "organisatie",
        "partnerorganisatie": "organisatie",
        "naam_organisatie": "organisatie",
        "organisatietype": "soort_organisatie",
        "type_organisatie": "soort_organisatie",
        "soort": "soort_organisatie",
        "type": "soort_organisatie",
        "trekker?": "trekker",
        "is_trekker": "trekker",
    },
)
MAX_LENGTH = {
    "regio": Region._meta.get_field("name").max_length,
    "centrumgemeente": Region._meta.get_field("centrumgemeente").max_length,
    "organisatie": Organisation._meta.get_field("name").max_length,
}
EMPTY = {
    "regio": "Vul de naam van de regio in.",
    "centrumgemeente": "Vul de centrumgemeente van de regio in, op elke regel van die regio.",
    "organisatie": "Vul de naam van de partnerorganisatie in.",
}
YES = {"ja", "j", "x", "1", "waar", "true", "yes", "y"}
NO = {"nee", "n", "0", "onwaar", "false", "no"}
# Spellings people use for the guide's kinds of organisation, besides the name, its parts around "/" and the code.
OTHER_SPELLINGS = {
    "woningcorporatie": ("corporatie", "woningbouwcorporatie", "wooncorporatie"),
    "zorg-welzijn": (
        "zorg en welzijn",
        "zorg",
        "welzijn",
        "zorgorganisatie",
        "welzijnsorganisatie",
        "zorg en welzijnsorganisaties",
    ),
    "uitkering-schuldhulp": ("uitkering", "schuldhulp", "schuldhulpverlening"),
    "politie-veiligheid": ("politie", "veiligheid", "veiligheidspartner"),
}


@dataclass(frozen=True)
class PartnerRow:
    """One checked row: an organisation of a kind, partner (trekker or not) in a region with its centrumgemeente."""

    line: int
    region: str
    centrumgemeente: str
    organisation: str
    type: OrganisationType
    is_trekker: bool


def spelling(text: str) -> str:
    """A kind of organisation as its letters: "Zorg- en welzijnsorganisatie" → "zorg en welzijnsorganisatie"."""
    text = re.sub(r"\([^)]*\)", " ", text.lower())  # "(indien nodig)"
    return " ".join(re.findall(r"[^\W_]+", text))


def type_spellings() -> tuple[dict[str, OrganisationType], str]:
    """(spelling → kind of organisation, the kinds named for a message): one query."""
    spellings, names = {}, []
    for kind in OrganisationType.objects.all():
        names.append(kind.name)
        for text in (kind.name, *kind.name.split("/"), kind.slug, *OTHER_SPELLINGS.get(kind.slug, ())):
            spellings.setdefault(spelling(text), kind)
    return spellings, ", ".join(names)


def _name(row: dict, column: str, refuse) -> str:
    """A name from the row, its spaces tidied: "" (and the reason refused) when it is empty or not plain text."""
    text = " ".join(cell_text(row.get(column)).split())
    if not text:
        refuse(column, EMPTY[column])
        return ""
    problem = ""
    if len(text) > MAX_LENGTH[column]:
        problem = too_long(MAX_LENGTH[column]) % {"show_value": len(text)}
    else:
        try:
            no_markup(text)
        except ValidationError as error:
            problem = error.messages[0]
    if problem:
        refuse(column, problem)
        return ""
    return text


def _yes_no(row: dict, refuse) -> bool | None:
    text = cell_text(row.get("trekker")).lower()
    if text in YES or text in NO:
        return text in YES
    if not text:
        refuse("trekker", "Vul ja of nee in: is deze organisatie trekker in de regio?")
    else:
        refuse("trekker", f"Trekker is ja of nee, niet '{text[:30]}'.")
    return None


class _FileSoFar:
    """What the rows checked so far said, to refuse a row that contradicts an earlier one."""

    def __init__(self):
        self.regions: dict[str, tuple[int, str]] = {}  # region's name → (first row, centrumgemeente)
        self.slugs: dict[str, tuple[int, str]] = {}  # region's address → (first row, region's name)
        self.partners: dict[tuple[str, str], int] = {}  # (region, organisation) → first row
        self.kinds: dict[str, tuple[int, OrganisationType]] = {}  # organisation → (first row, kind)

    def check(self, line, region, centrumgemeente, organisation, kind, refuse) -> None:
        if region and not slugify(region):
            refuse("regio", "Gebruik letters of cijfers in de naam van de regio.")
        elif region:
            first_line, first_name = self.slugs.setdefault(slugify(region), (line, region))
            if name_key(first_name) != name_key(region):
                refuse("regio", similar_names(region, f"{first_name} in regel {first_line}"))
        if region and centrumgemeente:
            first_line, first = self.regions.setdefault(name_key(region), (line, centrumgemeente))
            if name_key(first) != name_key(centrumgemeente):
                refuse(
                    "centrumgemeente",
                    f"{region} heeft in regel {first_line} centrumgemeente {first}. Een regio heeft één "
                    "centrumgemeente: schrijf op elke regel van de regio dezelfde.",
                )
        if region and organisation:
            first_line = self.partners.setdefault((name_key(region), name_key(organisation)), line)
            if first_line != line:
                refuse(
                    "organisatie",
                    f"Dubbele regel: {organisation} staat in regel {first_line} al als partner van {region}.",
                )
        if organisation and kind:
            first_line, first = self.kinds.setdefault(name_key(organisation), (line, kind))
            if first != kind:
                refuse(
                    "soort_organisatie",
                    f"{organisation} staat in regel {first_line} als {first}. Een organisatie heeft één soort.",
                )


def check_rows(raw_rows: list[tuple[int, dict]]) -> Checked:
    """Every row checked on its own and against the rows before it: one query (the kinds of organisation). The
    rows that pass become ``PartnerRow``s; ``check_file`` also checks them against the portal."""
    spellings, kinds = type_spellings()
    checked, so_far = Checked(raw=raw_rows), _FileSoFar()
    for line, row in raw_rows:
        errors = []

        def refuse(column: str, message: str, line=line, errors=errors) -> None:
            errors.append(RowError(line, COLUMNS[column], message))

        region = _name(row, "regio", refuse)
        centrumgemeente = _name(row, "centrumgemeente", refuse)
        organisation = _name(row, "organisatie", refuse)
        kind_text = cell_text(row.get("soort_organisatie"))
        kind = spellings.get(spelling(kind_text))
        if not kind_text:
            refuse("soort_organisatie", f"Vul de soort organisatie in: {kinds}.")
        elif kind is None:
            refuse("soort_organisatie", f"Onbekende soort organisatie '{kind_text[:60]}'. Kies uit: {kinds}.")
        is_trekker = _yes_no(row, refuse)
        so_far.check(line, region, centrumgemeente, organisation, kind, refuse)
        if errors:
            checked.errors += errors
        else:
            checked.rows.append(PartnerRow(line, region, centrumgemeente, organisation, kind, is_trekker))
    return checked


def check_file(raw_rows: list[tuple[int, dict]]) -> Checked:
    """The rows checked on their own, against each other and against the portal as it is now."""
    checked = check_rows(raw_rows)
    if checked.rows:
        checked.errors = sorted(
            [*checked.errors, *region_import_plan(checked.rows).errors], key=lambda error: error.line
        )
    return checked


def serialise(raw_rows: list[tuple[int, dict]]) -> str:
    """The rows as text for the confirmation step, which checks them again."""
    return json.dumps([[line, {key: cell_text(value) for key, value in row.items()}] for line, row in raw_rows])


def deserialise(text: str) -> list[tuple[int, dict]]:
    return [(int(line), dict(row)) for line, row in json.loads(text)]
