"""What an import of regions and partners would change in the portal, row by row, and what in it the portal's data
refuses. The preview (the dry run) shows it; the service (``regions.services.region_import``) works it out again
inside its transaction and carries it out. Nothing that is not in the file is ever changed or removed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.text import slugify

from regions.models import Organisation, Partnership, Region
from regions.spreadsheets import RowError

if TYPE_CHECKING:
    from regions.regions_io import PartnerRow

NOTHING_REMOVED = (
    "Er wordt niets verwijderd: regio's, organisaties en partners die niet in het bestand staan, blijven zoals ze "
    "zijn, en een partner die in het bestand staat houdt zijn rol en medewerkers."
)
# kind of change → (one, many), for "2 nieuwe regio's, 1 centrumgemeente gewijzigd, …"
KINDS = {
    "regio": ("nieuwe regio", "nieuwe regio's"),
    "centrumgemeente": ("centrumgemeente gewijzigd", "centrumgemeenten gewijzigd"),
    "organisatie": ("nieuwe organisatie", "nieuwe organisaties"),
    "partner": ("nieuw partnerschap", "nieuwe partnerschappen"),
    "trekker": ("trekkerschap gewijzigd", "trekkerschappen gewijzigd"),
}


def name_key(text: str) -> str:
    """Two names are the same when they differ only in capitals and spaces."""
    return " ".join(text.split()).lower()


def similar_names(name: str, other: str) -> str:
    return (
        f"{name} heeft bijna dezelfde naam als {other}: ze zouden hetzelfde adres in het portaal krijgen. Schrijf "
        "dezelfde regio overal precies hetzelfde, of kies een naam die meer verschilt."
    )


@dataclass(frozen=True)
class Change:
    """One change the import makes: ``kind`` is a key of ``KINDS``; ``what`` says it in Dutch."""

    kind: str
    line: int
    region: str
    organisation: str
    what: str
    row: PartnerRow
    existing: Region | Partnership | None = None  # what it changes; None for what it creates


@dataclass
class ImportPlan:
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    unchanged: int = 0  # rows whose partner is already as the file says
    regions: dict[str, Region] = field(default_factory=dict)  # name_key → the file's regions that exist now
    organisations: dict[str, Organisation | None] = field(default_factory=dict)  # name_key → it now, None if new

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for change in self.changes:
            counts[change.kind] += 1
        return counts

    def summary(self) -> str:
        """ "3 wijzigingen: 1 nieuwe regio, 0 centrumgemeenten gewijzigd, …; 4 regels staan al zo in het portaal." """
        total = len(self.changes)
        parts = [f"{n} {KINDS[kind][0 if n == 1 else 1]}" for kind, n in self.counts().items()]
        text = f"{total} wijziging{'' if total == 1 else 'en'}: {', '.join(parts)}"
        if self.unchanged:
            text += f"; {self.unchanged} regel{' staat' if self.unchanged == 1 else 's staan'} al zo in het portaal"
        return text + "."


def _organisations(rows: list[PartnerRow]) -> dict[str, list[Organisation]]:
    """name_key → the organisations of that name, whatever their kind: one query. (The database's lower() may know
    only ASCII, so the names as written are asked for as well.)"""
    names = {row.organisation for row in rows}
    found = (
        Organisation.objects.annotate(lowered=Lower("name"))
        .filter(Q(name__in=names) | Q(lowered__in={name.lower() for name in names}))
        .select_related("type")
        .order_by("pk")
    )
    by_name = {}
    for organisation in found:
        by_name.setdefault(name_key(organisation.name), []).append(organisation)
    return by_name


def region_import_plan(rows: list[PartnerRow]) -> ImportPlan:
    """What importing these checked rows would change, in the order of the file, and every row the portal's data
    refuses: an organisation that exists with another kind, a new region whose name resembles another's, a region
    left without a trekker. Three queries, however many rows."""
    plan = ImportPlan()
    regions = {name_key(region.name): region for region in Region.objects.all()}
    slugs = {region.slug: region for region in regions.values()}
    named = _organisations(rows)
    regions_in_file = [regions[key] for key in {name_key(row.region) for row in rows} if key in regions]
    partnerships = {
        (p.region_id, p.organisation_id): p
        for p in Partnership.objects.filter(region__in=regions_in_file).select_related("region", "organisation")
    }
    trekkers_now: dict[int, set] = {}
    for (region_id, organisation_id), partnership in partnerships.items():
        if partnership.is_trekker:
            trekkers_now.setdefault(region_id, set()).add(organisation_id)
    trekkers: dict[str, set] = {}  # region → its trekkers after the import: organisations' ids, or names if new
    for row in rows:
        key = name_key(row.region)
        region = regions.get(key)
        if key not in trekkers:
            trekkers[key] = set(trekkers_now.get(region.pk, ())) if region else set()
            _plan_region(plan, row, region, slugs)
        shown = region.name if region else row.region  # a region or organisation by the name it has, if it has one
        organisation = _plan_organisation(plan, row, named, shown)
        if organisation is False:
            continue
        shown_organisation = organisation.name if organisation else row.organisation
        partnership = partnerships.get((region.pk, organisation.pk)) if region and organisation else None
        if partnership is None:
            what = "nieuwe partner" + (", trekker" if row.is_trekker else "")
            plan.changes.append(Change("partner", row.line, shown, shown_organisation, what, row))
        elif partnership.is_trekker != row.is_trekker:
            what = "wordt trekker" if row.is_trekker else "is geen trekker meer"
            plan.changes.append(Change("trekker", row.line, shown, shown_organisation, what, row, partnership))
        else:
            plan.unchanged += 1
        who = organisation.pk if organisation else name_key(row.organisation)
        (trekkers[key].add if row.is_trekker else trekkers[key].discard)(who)
    for row in _first_row_per_region(rows):
        if not trekkers[name_key(row.region)]:
            region = regions.get(name_key(row.region))
            message = (
                f"{region.name if region else row.region} heeft na de import geen trekker. Zet bij minstens één "
                "partner van de regio ja in de kolom Trekker: een regio heeft altijd een trekker."
            )
            plan.errors.append(RowError(row.line, "Trekker", message))
    return plan


def _first_row_per_region(rows: list[PartnerRow]) -> list[PartnerRow]:
    first = {}
    for row in rows:
        first.setdefault(name_key(row.region), row)
    return list(first.values())


def _plan_region(plan: ImportPlan, row: PartnerRow, region: Region | None, slugs: dict[str, Region]) -> None:
    """The region of a row first seen: new, its centrumgemeente changed, or as it is."""
    if region is not None:
        plan.regions[name_key(row.region)] = region
        if name_key(region.centrumgemeente) != name_key(row.centrumgemeente):
            what = f"centrumgemeente {row.centrumgemeente} (was {region.centrumgemeente})"
            plan.changes.append(Change("centrumgemeente", row.line, region.name, "", what, row, region))
    elif (similar := slugs.get(slugify(row.region))) is not None:
        plan.errors.append(
            RowError(row.line, "Regio", similar_names(row.region, f"de regio {similar.name} in het portaal"))
        )
    else:
        what = f"nieuwe regio, centrumgemeente {row.centrumgemeente}, in fase 1 vanaf vandaag"
        plan.changes.append(Change("regio", row.line, row.region, "", what, row))


def _plan_organisation(plan: ImportPlan, row: PartnerRow, named: dict[str, list[Organisation]], region_name: str):
    """The organisation of the row as it is now (of the row's kind), None when the import creates it, False when one
    of that name exists with another kind only (the row is refused)."""
    key = name_key(row.organisation)
    if key in plan.organisations:
        return plan.organisations[key]
    found = named.get(key, [])
    organisation = next((o for o in found if o.type_id == row.type.pk), None)
    if organisation is None and found:
        message = (
            f"Er is al een organisatie {found[0].name} van de soort {found[0].type}. Kies die soort als het dezelfde "
            "organisatie is, of een andere naam als het een andere is."
        )
        plan.errors.append(RowError(row.line, "Soort organisatie", message))
        return False
    plan.organisations[key] = organisation
    if organisation is None:
        what = f"nieuwe organisatie: {row.type}"
        plan.changes.append(Change("organisatie", row.line, region_name, row.organisation, what, row))
    return organisation
