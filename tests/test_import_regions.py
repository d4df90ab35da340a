"""Importing regions and their partners from a spreadsheet (``manage.py import_regions``): a dry run shows what would
change, every refused row has a Dutch reason naming its row and column, nothing is saved unless the whole file is
valid, nothing outside the file is touched, and a second run changes nothing."""

import io
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from regions.models import Activity, Organisation, Partnership, PhaseChange, Region
from regions.selectors.history import changes
from tests import factories

HEADER = ["Regio", "Centrumgemeente", "Organisatie", "Soort organisatie", "Trekker"]
EXAMPLE = Path(settings.BASE_DIR) / "fixtures" / "regios-voorbeeld-fictief.csv"
NORTH, SOUTH = "Regio Voorbeeld-Noord (fictief)", "Regio Voorbeeld-Zuid (fictief)"
KINDS = (
    "Gemeente, Woningcorporatie, Zorg- en welzijnsorganisatie, Uitkeringsorganisatie / schuldhulpverlening, "
    "Politie / veiligheidspartners"
)


def csv_file(tmp_path, rows, *, header=HEADER, delimiter=";", encoding="utf-8-sig", name="regios.csv") -> Path:
    lines = [delimiter.join(header)] + [delimiter.join(str(cell) for cell in row) for row in rows]
    path = tmp_path / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def xlsx_file(tmp_path, rows, *, header=HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "regios.xlsx"
    workbook.save(path)
    return path


def run(path, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_regions", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path) -> tuple[str, list[str]]:
    """The command's refusal and every refused row it named."""
    err = io.StringIO()
    with pytest.raises(CommandError) as refusal:
        call_command("import_regions", str(path), stdout=io.StringIO(), stderr=err)
    return str(refusal.value), err.getvalue().splitlines()


def stored() -> tuple:
    """Everything an import may write."""
    return (
        sorted(Region.objects.values_list("name", "centrumgemeente")),
        sorted(Organisation.objects.values_list("name", "type__slug")),
        sorted(Partnership.objects.values_list("region__name", "organisation__name", "is_trekker")),
        Activity.objects.count(),
        PhaseChange.objects.count(),
    )


def test_the_example_file_creates_its_regions_and_partners_with_their_history(guide):
    out, err = run(EXAMPLE)
    assert err == ""
    north = Region.objects.get(name=NORTH)
    assert Region.objects.filter(name=SOUTH, centrumgemeente="Zuidhaven (fictief)").exists()
    assert (north.slug, north.centrumgemeente, north.current_phase.number) == (
        "regio-voorbeeld-noord-fictief",
        "Noordstad (fictief)",
        1,
    )
    assert north.phase_started_on == timezone.localdate()
    assert PhaseChange.objects.filter(region=north, phase__number=1).exists()
    partners = set(Partnership.objects.values_list("region__name", "organisation__name", "is_trekker"))
    assert partners == {
        (NORTH, "Gemeente Noordstad (fictief)", True),
        (NORTH, "Gemeente Heidedorp (fictief)", False),
        (NORTH, "Woonstichting Noorderhuis (fictief)", False),
        (NORTH, "Stichting Onderdak Noord (fictief)", False),
        (SOUTH, "Gemeente Zuidhaven (fictief)", True),
        (SOUTH, "Woonstichting Noorderhuis (fictief)", False),
        (SOUTH, "Welzijn Zuid (fictief)", True),
        (SOUTH, "Schuldhulp Zuidhaven (fictief)", False),
    }
    # one corporation in both regions; the kinds as the guide names them, whatever the spelling in the file
    assert dict(Organisation.objects.values_list("name", "type__slug")) == {
        "Gemeente Noordstad (fictief)": "gemeente",
        "Gemeente Heidedorp (fictief)": "gemeente",
        "Woonstichting Noorderhuis (fictief)": "woningcorporatie",
        "Stichting Onderdak Noord (fictief)": "zorg-welzijn",
        "Gemeente Zuidhaven (fictief)": "gemeente",
        "Welzijn Zuid (fictief)": "zorg-welzijn",
        "Schuldhulp Zuidhaven (fictief)": "uitkering-schuldhulp",
    }
    history = list(Activity.objects.filter(region=north).order_by("id").values_list("kind", "summary", "actor"))
    assert history[0][:2] == (
        Activity.Kind.REGION,
        f"Regio aangemaakt (import): centrumgemeente Noordstad (fictief), Fase 1 Oriëntatie vanaf "
        f"{timezone.localdate():%d-%m-%Y}",
    )
    assert history[1][:2] == (Activity.Kind.PARTNER_ADDED, "Partner toegevoegd: Gemeente Noordstad (fictief) (trekker)")
    assert [kind for kind, _, _ in history[1:]] == [Activity.Kind.PARTNER_ADDED] * 4
    assert {actor for _, _, actor in history} == {None}, "the command line is no person"
    assert "Regel 2: Regio Voorbeeld-Noord (fictief): nieuwe regio, centrumgemeente Noordstad (fictief)" in out
    assert (
        "17 wijzigingen: 2 nieuwe regio's, 0 centrumgemeenten gewijzigd, 7 nieuwe organisaties, 8 nieuwe "
        "partnerschappen, 0 trekkerschappen gewijzigd." in out
    )
    assert "Er wordt niets verwijderd" in out and "Opgeslagen." in out


def test_running_it_again_changes_nothing_and_says_so(guide):
    run(EXAMPLE)
    before = stored()
    out, _ = run(EXAMPLE)
    assert stored() == before
    assert (
        "0 wijzigingen: 0 nieuwe regio's, 0 centrumgemeenten gewijzigd, 0 nieuwe organisaties, 0 nieuwe "
        "partnerschappen, 0 trekkerschappen gewijzigd; 8 regels staan al zo in het portaal." in out
    )
    assert "Er was niets te veranderen." in out


def test_a_dry_run_shows_the_changes_and_saves_nothing(guide):
    before = stored()
    out, _ = run(EXAMPLE, "--dry-run")
    assert stored() == before
    assert "Regel 4: Regio Voorbeeld-Noord (fictief), Woonstichting Noorderhuis (fictief): nieuwe organisatie" in out
    assert "17 wijzigingen" in out and "Proefdraaien (--dry-run): er is niets opgeslagen." in out
    assert "Opgeslagen." not in out


def test_an_excel_sheet_with_other_spellings_imports_as_a_csv_does(guide, tmp_path):
    east = "Regio Voorbeeld-Oost (fictief)"
    rows = [
        [east, "Oostdorp", "Gemeente Oostdorp", "GEMEENTE", True],
        [east, "Oostdorp", "Oost Wonen", "corporatie", False],
        [east, "Oostdorp", "Politie Oost", "Politie / veiligheidspartners (indien nodig)", "Nee"],
        [east, "Oostdorp", "Zorg Oost", "zorg-welzijn", "JA"],
        [None, None, None, None, None],  # an empty row is skipped
        ["  Regio  Voorbeeld-Oost (fictief) ", "Oostdorp", "Schuld Oost", "schuldhulp", 0],
    ]
    run(xlsx_file(tmp_path, rows))
    assert set(Partnership.objects.values_list("organisation__name", "organisation__type__slug", "is_trekker")) == {
        ("Gemeente Oostdorp", "gemeente", True),
        ("Oost Wonen", "woningcorporatie", False),
        ("Politie Oost", "politie-veiligheid", False),
        ("Zorg Oost", "zorg-welzijn", True),
        ("Schuld Oost", "uitkering-schuldhulp", False),
    }
    assert list(Region.objects.values_list("name", flat=True)) == [east]


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [(";", "utf-8-sig"), (",", "utf-8"), (";", "utf-8"), (",", "cp1252"), ("\t", "utf-8")]
)
def test_csv_as_excel_writes_it_is_read(guide, tmp_path, delimiter, encoding):
    rows = [["Regio Voorbeeld-Ée (fictief)", "Élst", "Gemeente Élst", "Gemeente", "ja"]]
    header = ["regio", "CENTRUMGEMEENTE", "Organisatie", "organisatietype", "Trekker"]  # other spellings of the header
    run(csv_file(tmp_path, rows, header=header, delimiter=delimiter, encoding=encoding))
    assert Region.objects.get().centrumgemeente == "Élst"
    assert Partnership.objects.get().organisation.name == "Gemeente Élst"


def test_an_existing_region_gets_new_partners_and_trekkers_and_keeps_what_is_not_in_the_file(coalition, tmp_path):
    region, gemeente, corporatie = coalition.region, coalition.gemeente, coalition.corporatie
    was = region.centrumgemeente
    rows = [
        [region.name.upper(), "Nieuwe Centrumstad", gemeente.name, "gemeente", "nee"],
        [region.name, "Nieuwe Centrumstad", corporatie.name.lower(), "Woningcorporatie", "ja"],
        [region.name, "Nieuwe Centrumstad", coalition.zorg.name, "Zorg- en welzijnsorganisatie", "nee"],
    ]
    other = factories.make_partner(region=region, type_slug="zorg-welzijn")  # not in the file
    before_other_region = list(Partnership.objects.filter(region=coalition.other_region).values())
    out, _ = run(csv_file(tmp_path, rows))
    region.refresh_from_db()
    assert region.centrumgemeente == "Nieuwe Centrumstad" and region.name == "Regio Noordkust"
    flags = dict(Partnership.objects.filter(region=region).values_list("organisation", "is_trekker"))
    assert flags == {gemeente.pk: False, corporatie.pk: True, coalition.zorg.pk: False, other.pk: False}
    assert Partnership.objects.get(region=region, organisation=corporatie).role == "Wij leveren woningen."
    assert list(Partnership.objects.filter(region=coalition.other_region).values()) == before_other_region
    assert Organisation.objects.filter(name__iexact=corporatie.name).count() == 1, "found whatever its capitals"
    entries = list(Activity.objects.filter(region=region).order_by("id"))
    assert [(e.kind, e.summary) for e in entries] == [
        (Activity.Kind.REGION, f"Centrumgemeente: Nieuwe Centrumstad (was {was}) (import)"),
        (Activity.Kind.TREKKER, f"{gemeente.name} is geen trekker"),
        (Activity.Kind.TREKKER, f"{corporatie.name} is nu trekker"),
        (Activity.Kind.PARTNER_ADDED, f"Partner toegevoegd: {coalition.zorg.name}"),
    ]  # fmt: skip
    assert changes(entries[0], {}) == [{"label": "Centrumgemeente", "before": was, "after": "Nieuwe Centrumstad"}]
    assert (entries[1].before, entries[1].after) == ({"is_trekker": True}, {"is_trekker": False})
    assert "1 centrumgemeente gewijzigd" in out and "2 trekkerschappen gewijzigd" in out


def test_every_kind_of_refused_row_is_named_in_dutch_and_nothing_is_saved(coalition, tmp_path):
    existing = factories.make_region(name="Regio Oostrand")
    Region.objects.filter(pk=existing.pk).update(slug="regio-oostrand")
    new = "Regio Voorbeeld-West (fictief)"
    rows = [
        [new, "Weststad", "Gemeente Weststad", "Gemeente", "ja"],  # 2: good, yet not saved
        ["", "Weststad", "Gemeente Ergens", "Gemeente", "ja"],  # 3
        [new, "Weststad", "Bakkerij West", "Bakkerij", "nee"],  # 4
        [new, "Oostdorp", "Wonen West", "Woningcorporatie", "nee"],  # 5
        [new, "Weststad", "gemeente  weststad", "Gemeente", "nee"],  # 6: the same partner again
        [new, "Weststad", "Zorg West", "Zorg", "misschien"],  # 7
        [new, "Weststad", coalition.gemeente.name, "Woningcorporatie", "nee"],  # 8
        ["Regio Voorbeeld-Elders (fictief)", "Elders", "Gemeente Weststad", "Woningcorporatie", "ja"],  # 9
        ["<b>Regio</b>", "Weststad", "Gemeente Weststad", "Gemeente", "ja"],  # 10
        ["Regio Zonder Trekker (fictief)", "Nergens", "Gemeente Nergens", "Gemeente", "nee"],  # 11
        [new, "Weststad", "", "", ""],  # 12
        ["Regio-Oostrand", "Oostrand", "Gemeente Oostrand", "Gemeente", "ja"],  # 13: like an existing region
        [new, "Weststad", "W" * 161, "Gemeente", "nee"],  # 14
    ]
    before = stored()
    refusal, lines = refused(csv_file(tmp_path, rows))
    assert refusal == "Er is niets opgeslagen: 14 fouten in het bestand. Verbeter ze en probeer het opnieuw."
    assert lines == [
        "Regel 3, kolom Regio: Vul de naam van de regio in.",
        f"Regel 4, kolom Soort organisatie: Onbekende soort organisatie 'Bakkerij'. Kies uit: {KINDS}.",
        f"Regel 5, kolom Centrumgemeente: {new} heeft in regel 2 centrumgemeente Weststad. Een regio heeft één "
        "centrumgemeente: schrijf op elke regel van de regio dezelfde.",
        f"Regel 6, kolom Organisatie: Dubbele regel: gemeente weststad staat in regel 2 al als partner van {new}.",
        "Regel 7, kolom Trekker: Trekker is ja of nee, niet 'misschien'.",
        f"Regel 8, kolom Soort organisatie: Er is al een organisatie {coalition.gemeente.name} van de soort Gemeente. "
        "Kies die soort als het dezelfde organisatie is, of een andere naam als het een andere is.",
        "Regel 9, kolom Soort organisatie: Gemeente Weststad staat in regel 2 als Gemeente. Een organisatie heeft "
        "één soort.",
        "Regel 10, kolom Regio: Gebruik geen HTML-code of scripts, alleen gewone tekst.",
        "Regel 11, kolom Trekker: Regio Zonder Trekker (fictief) heeft na de import geen trekker. Zet bij minstens "
        "één partner van de regio ja in de kolom Trekker: een regio heeft altijd een trekker.",
        "Regel 12, kolom Organisatie: Vul de naam van de partnerorganisatie in.",
        f"Regel 12, kolom Soort organisatie: Vul de soort organisatie in: {KINDS}.",
        "Regel 12, kolom Trekker: Vul ja of nee in: is deze organisatie trekker in de regio?",
        "Regel 13, kolom Regio: Regio-Oostrand heeft bijna dezelfde naam als de regio Regio Oostrand in het portaal: "
        "ze zouden hetzelfde adres in het portaal krijgen. Schrijf dezelfde regio overal precies hetzelfde, of kies "
        "een naam die meer verschilt.",
        "Regel 14, kolom Organisatie: Gebruik hoogstens 160 tekens (nu 161).",
    ]  # fmt: skip
    assert stored() == before


def test_an_existing_region_left_without_a_trekker_is_refused(coalition, tmp_path):
    rows = [[coalition.region.name, coalition.region.centrumgemeente, coalition.gemeente.name, "Gemeente", "nee"]]
    _, lines = refused(csv_file(tmp_path, rows))
    assert lines == [
        "Regel 2, kolom Trekker: Regio Noordkust heeft na de import geen trekker. Zet bij minstens één partner van de "
        "regio ja in de kolom Trekker: een regio heeft altijd een trekker."
    ]
    assert Partnership.objects.get(organisation=coalition.gemeente).is_trekker


def test_two_spellings_of_one_new_region_in_the_file_are_refused(guide, tmp_path):
    rows = [
        ["Regio Voorbeeld Noord", "Noordstad", "Gemeente Noordstad", "Gemeente", "ja"],
        ["Regio Voorbeeld-Noord", "Noordstad", "Wonen Noord", "Woningcorporatie", "nee"],
    ]
    _, lines = refused(csv_file(tmp_path, rows))
    assert lines == [
        "Regel 3, kolom Regio: Regio Voorbeeld-Noord heeft bijna dezelfde naam als Regio Voorbeeld Noord in regel 2: "
        "ze zouden hetzelfde adres in het portaal krijgen. Schrijf dezelfde regio overal precies hetzelfde, of kies "
        "een naam die meer verschilt."
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("regios.pdf", b"%PDF-1.7", "Kies een CSV-bestand (.csv) of een Excelbestand (.xlsx)."),
        ("regios.xlsx", b"PK\x03\x04 geen echte werkmap", "Dit Excelbestand kan niet worden gelezen."),
        ("regios.csv", b"", "Het bestand is leeg."),
        (
            "regios.csv",
            b"Regio;Centrumgemeente;Organisatie\nRegio A;A;Gemeente A\n",
            "De kolommen 'Soort organisatie', 'Trekker' ontbreken. De eerste regel moet de kolomnamen bevatten: Regio, "
            "Centrumgemeente, Organisatie, Soort organisatie en Trekker.",
        ),
        (
            "regios.csv",
            "\ufeffRegio;Centrumgemeente;Organisatie;Soort organisatie;Trekker\r\n;;;;\r\n".encode(),
            "Het bestand heeft geen regels met partners onder de kolomnamen.",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(guide, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as refusal:
        run(path)
    assert str(refusal.value).startswith("Er is niets opgeslagen. ") and message in str(refusal.value)
    assert not Region.objects.exists()


def test_a_missing_file_is_a_clear_error(guide, tmp_path):
    with pytest.raises(CommandError, match="Het bestand .*bestaat-niet.csv kan niet worden geopend"):
        run(tmp_path / "bestaat-niet.csv")


def test_a_failure_while_saving_leaves_nothing_half_saved(guide):
    from regions.services import region_import

    real, calls = region_import.partnership_record_added, []

    def fail_on_the_fifth(**kwargs):
        calls.append(kwargs["partnership"].organisation.name)
        if len(calls) == 5:
            raise RuntimeError("de database viel weg")
        return real(**kwargs)

    before = stored()
    with mock.patch.object(region_import, "partnership_record_added", fail_on_the_fifth), pytest.raises(RuntimeError):
        run(EXAMPLE)
    assert len(calls) == 5
    assert stored() == before


def test_only_a_superuser_or_the_command_line_may_import(coalition):
    from django.core.exceptions import PermissionDenied

    from regions.regions_io import LAYOUT, check_file
    from regions.services.region_import import regions_import
    from regions.spreadsheets import read_rows

    rows = check_file(read_rows(EXAMPLE.name, EXAMPLE.read_bytes(), LAYOUT)).rows
    for user in (coalition.trekker_user, coalition.advisor, coalition.editor):
        with pytest.raises(PermissionDenied):
            regions_import(rows=rows, user=user)
    assert not Region.objects.filter(name=NORTH).exists()
    regions_import(rows=rows, user=coalition.superuser)
    assert set(Activity.objects.filter(region__name=NORTH).values_list("actor", flat=True)) == {coalition.superuser.pk}


def test_checking_a_file_costs_four_queries_however_many_rows(coalition, tmp_path, django_assert_num_queries):
    from regions.regions_io import LAYOUT, check_file
    from regions.spreadsheets import read_rows

    region = coalition.region
    rows = [[f"Regio Voorbeeld {n % 5} (fictief)", "Stad", f"Partner {n}", "Gemeente", "ja"] for n in range(300)]
    rows.append([region.name, region.centrumgemeente, coalition.corporatie.name, "corporatie", "ja"])
    path = csv_file(tmp_path, rows)
    raw_rows = read_rows(path.name, path.read_bytes(), LAYOUT)
    with django_assert_num_queries(4):  # the kinds of organisation, the regions, the organisations, the partners
        checked = check_file(raw_rows)
    assert checked.errors == [] and len(checked.rows) == 301
