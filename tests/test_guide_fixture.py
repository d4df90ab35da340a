"""fixtures/guide.json holds the guide "Samen bouwen aan Wonen Eerst" complete and word for word.

The expected texts below are copied literally from the guide's source text, so that this test does not
depend on any file outside the repository. Two kinds of change to the printed guide are made for the web: the
guide pages' print-only wording (phases/migrations/0007_guide_for_the_web.py lists each sentence) and resource
addresses, each confirmed on its publisher's own site and on the publisher's domain below.
"""

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from phases.models import (
    ChecklistItem,
    GuidePage,
    OrganisationType,
    Phase,
    PhaseResource,
    PhaseRole,
    Question,
    Resource,
)

PHASES = {
    1: ("Oriëntatie", "Initiatief · Bewustwording · Kennis", 3, 9),
    2: ("Initiatief", "Draagvlak · Verbinding · Inzicht", 3, 6),
    3: ("Coalitievorming", "Visie · Samenwerking · Overzicht · Gedeeld beeld", 6, 12),
    4: ("Concretisering", "Expertise · Van denken naar doen · Afspraken · Randvoorwaarden", 6, 9),
    5: ("Uitvoering", "Ontwikkeling · Resultaat · Verandering", 12, 24),
    6: ("Ontwikkeling", "Opschaling · Doorontwikkeling · Borging · Monitoring", None, None),
}

# Per phase: the first and last sentence of the description, and the last checklist item.
DESCRIPTION_STARTS = {
    1: "In de eerste fase verkennen organisaties wat Wonen Eerst inhoudt en wat het voor hen kan betekenen.",
    2: "In de tweede fase groeit de interesse om met Wonen Eerst aan de slag te gaan.",
    3: "In de derde fase groeit het ambtelijk en bestuurlijk draagvlak om (sub)regionaal te werken aan Wonen Eerst.",
    4: "In de vierde fase maken de betrokken organisaties de eerste concrete plannen die toewerken naar de "
    "regionale uitvoering.",
    5: "Fase 5 staat in het teken van de uitvoering van de afspraken tussen gemeenten, woningcorporaties en zorg- "
    "en welzijnspartners.",
    6: "In de zesde fase ontwikkelt de regio Wonen Eerst tot een breed gedragen en structureel ingebedde werkwijze.",
}
DESCRIPTION_ENDS = {
    1: "Kortom: er is veel te doen in het verkennen en contacten leggen binnen én buiten de organisatie.",
    2: "Dit leidt veelal tot een gezamenlijke ambitie om Wonen Eerst op te starten.",
    3: "Op deze manier ontwikkelt Wonen Eerst zich steeds meer als het regionale vertrekpunt bij het ondersteunen "
    "van mensen die dak- en thuisloos zijn.",
    4: "Hierbij wordt ook het gesprek gevoerd over de afbouw van de maatschappelijke opvangvoorziening.",
    5: "De betrokken organisaties schalen de aanpak waar mogelijk op en verankeren Wonen Eerst in regionaal en "
    "lokaal beleid en uitvoering.",
    6: "Daarbij ontstaat ruimte voor evalueren of gezamenlijke doelen worden behaald, het beoordelen of de "
    "samenwerking en governance functioneren en het opnieuw maken van keuzes over voortzetting of bijstelling.",
}
LAST_CHECKLIST_ITEM = {
    1: "Verhalen van dak- en thuisloze mensen worden verzameld en gedeeld door de beleidsmedewerkers om "
    "bestuurders inzicht te geven in de (mogelijke) impact van Wonen Eerst.",
    2: "Zicht op de relevante wet- en regelgeving voor verschillende aandachtsgroepen.",
    3: "Rollen en verantwoordelijkheden regionaal vastgelegd.",
    4: "Er is structurele betrokkenheid vanuit ervaringsdeskundigen (o.a. in meedenken en -schrijven rond keuzes).",
    5: "Er is structurele betrokkenheid vanuit ervaringsdeskundigen (bijv. bij begeleiding, monitoring, "
    "signalering en herstelgerichte ondersteuning).",
    6: "Ervaringskennis is structureel verankerd in beleid, evaluatie, scholing en doorontwikkeling.",
}
CHECKLIST_COUNTS = {1: 6, 2: 6, 3: 5, 4: 6, 5: 6, 6: 6}
QUESTIONS = {
    1: [
        "Hoe begin ik?",
        "Wat is er nodig om Wonen Eerst echt goed van de grond te krijgen?",
        "Hoe zorg ik voor draagvlak voor dit concept?",
    ],
    2: [
        "Hoe doorbreken we de complexiteit van dit vraagstuk?",
        "Hoe creëer ik draagvlak onder bestuurders en ambtenaren?",
        "Hoe zorg ik voor verbinding tussen het sociale en fysieke domein?",
    ],
    3: ["Wie heeft welke rol?", "Welke randvoorwaarden moeten we organiseren?", "Wat moeten we waar vastleggen?"],
    4: [
        "Hoe vertalen we de ambitie naar afspraken?",
        "Welke keuzes moeten we maken?",
        "Welke aantallen hanteren we?",
    ],
    5: [
        "Hoe zorgen we dat de processen goed verlopen?",
        "Hoe laten we zien welke resultaten we met Wonen Eerst bereiken?",
        "Hoe richten we goede monitoring in?",
    ],
    6: [
        "Hoe breiden we Wonen Eerst verder uit binnen de regio?",
        "Hoe werken we aan structurele borging?",
        "Wanneer weten we of de maatschappelijke opvang echt volledig af- en omgebouwd kan worden?",
    ],
}
# Per phase: the number of resources under Kennis en inspiratie and Aan de slag, and one of them in full.
RESOURCES = {
    1: (6, 6, ("Receptenboek", "Wonen Eerst met woonvormen en succesversnellers", "Eerst een Thuis", "kennis")),
    2: (
        10,
        4,
        (
            "ETHOS-telling",
            "maakt inzichtelijk (per categorie) welke groepen dak- en thuisloze inwoners een regio telt",
            "Kansfonds",
            "aan-de-slag",
        ),
    ),
    3: (
        7,
        3,
        (
            "Transitie-arena",
            "om Wonen Eerst als werkwijze in de regio uit te rollen",
            "VU Amsterdam en Movisie",
            "aan-de-slag",
        ),
    ),
    4: (5, 4, ("Spel", "om samenwerkingsafspraken te maken", "Divosa", "aan-de-slag")),
    5: (5, 4, ("Monitor", "van Waarstaatjegemeente.nl", "VNG", "aan-de-slag")),
    6: (
        3,
        3,
        (
            "Community of Practice",
            "voor woningcorporaties gericht op jongerendakloosheid",
            "De Vernieuwde Stad",
            "aan-de-slag",
        ),
    ),
}
# Per phase: a passage from the role of the gemeente.
GEMEENTE_ROLE = {
    1: "oriënteren zich op Wonen Eerst door zich individueel in de aanpak te verdiepen",
    2: "verbindt intern het sociaal en fysiek domein en zorgt voor afstemming tussen beleidsterreinen.",
    3: "vervult een verbindende en agenderende rol in het bij elkaar brengen van (regio) gemeenten",
    4: "concretiseren de aanpak door regionaal kaders vast te stellen voor toewijzing, lokale toegang en financiering.",
    5: "op uitvoering, monitoren de voortgang en sturen bij waar nodig.",
    6: "borgen Wonen Eerst structureel in beleid en uitvoering en sturen op verdere opschaling.",
}


def test_the_guide_loads_with_the_seeds_counts(guide):
    assert Phase.objects.count() == 6
    assert ChecklistItem.objects.count() == 35
    assert Question.objects.count() == 18
    assert PhaseResource.objects.count() == 60
    assert Resource.objects.count() == 47
    assert OrganisationType.objects.count() == 5
    assert GuidePage.objects.count() == 6
    assert PhaseRole.objects.count() == 12


def test_loading_twice_changes_nothing_and_new_records_still_get_ids(guide):
    call_command("loaddata", "guide", verbosity=0)
    assert (Phase.objects.count(), ChecklistItem.objects.count(), Resource.objects.count()) == (6, 35, 47)
    # After loading records with fixed ids, the database hands out fresh ones (PostgreSQL sequences reset).
    resource = Resource.objects.create(label="Nieuw hulpmiddel")
    item = ChecklistItem.objects.create(phase=Phase.objects.get(number=1), text="Nieuw punt", order=99)
    assert resource.pk > 47 and item.pk > 35


@pytest.mark.parametrize("number", range(1, 7))
def test_each_phase_holds_the_guides_text(guide, number):
    phase = Phase.objects.get(number=number)
    name, themes, duration_min, duration_max = PHASES[number]
    assert (phase.name, phase.themes) == (name, themes)
    assert (phase.duration_min_months, phase.duration_max_months) == (duration_min, duration_max)
    assert phase.description.startswith(DESCRIPTION_STARTS[number])
    assert phase.description.endswith(DESCRIPTION_ENDS[number])
    assert list(phase.questions.order_by("order").values_list("text", flat=True)) == QUESTIONS[number]

    items = list(phase.checklist_items.order_by("order").values_list("text", flat=True))
    assert len(items) == CHECKLIST_COUNTS[number]
    assert items[-1] == LAST_CHECKLIST_ITEM[number]

    roles = {role.organisation_type.slug: role.text for role in phase.roles.select_related("organisation_type")}
    assert set(roles) == {"gemeente", "woningcorporatie"}
    assert GEMEENTE_ROLE[number] in roles["gemeente"]

    knowledge, get_started, (label, description, publisher, section) = RESOURCES[number]
    links = phase.phase_resources.select_related("resource")
    assert links.filter(section="kennis").count() == knowledge
    assert links.filter(section="aan-de-slag").count() == get_started
    assert links.filter(
        section=section, resource__label=label, resource__description=description, resource__publisher=publisher
    ).exists()


def test_phase_durations_and_notes():
    assert Phase(duration_min_months=3, duration_max_months=9).duration_label == "3 tot 9 maanden"
    assert Phase().duration_label == "doorlopend"


def test_duration_notes_and_the_pilot_callout(guide):
    notes = dict(Phase.objects.values_list("number", "duration_note"))
    assert notes[3] == (
        "In de praktijk zien we dat fase 3 zo'n 6 tot 12 maanden in beslag neemt. Dit is afhankelijk van de al "
        "bestaande samenwerking en afspraken én de beschikbare beleidscapaciteit."
    )
    assert notes[6] == (
        "De verdere ontwikkeling vraagt om doorlopende inzet voor beleid en uitvoering. Afhankelijk van de gestelde "
        "doelen kan bijstelling plaatsvinden."
    )
    pilot = Phase.objects.get(number=2)
    assert pilot.callout_title == "Pilot Wonen Eerst"
    assert pilot.callout_text.startswith(
        "In deze fase kan kleinschalig worden gestart met Wonen Eerst, bijvoorbeeld in enkele gemeenten of voor een "
        "specifieke doelgroep."
    )
    assert not Phase.objects.exclude(number=2).exclude(callout_title="").exists()


def test_a_resource_recurring_across_phases_is_one_record(guide):
    kennisbank = Resource.objects.get(label="Kennisbank")
    assert kennisbank.description == "met kennis en ervaring rond Housing First en Wonen Eerst"
    assert kennisbank.publisher == "Housing First"
    assert sorted(kennisbank.phase_links.values_list("phase__number", flat=True)) == [1, 2, 3, 4, 5, 6]
    aedes = Resource.objects.get(label="Regionale belangenbehartigers van Aedes")
    assert sorted(aedes.phase_links.filter(section="aan-de-slag").values_list("phase__number", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
        6,
    ]
    platform = Resource.objects.get(label="Platform Sociaal Domein")
    assert sorted(platform.phase_links.values_list("phase__number", flat=True)) == [1, 2, 3, 4]


# The domain of each publisher whose resources have an address. An address on any other domain, or of a publisher
# not listed here, fails: a new address comes with the publisher's domain, after it was seen on that site.
PUBLISHER_DOMAINS = {
    "VNG": ["vng.nl"],
    "Kansfonds": ["kansfonds.nl"],
    "Hogeschool Utrecht": ["hu.nl"],
    # The guide's "Housing First" stands for Housing First Nederland and for the Housing First Europe Hub.
    "Housing First": ["housingfirstnederland.nl", "housingfirsteurope.eu"],
}


def test_every_address_in_the_fixture_is_https_on_its_publishers_own_domain():
    records = json.loads((Path(__file__).resolve().parent.parent / "fixtures" / "guide.json").read_text())
    linked = [r["fields"] for r in records if r["model"] == "phases.resource" and r["fields"]["url"]]
    assert len(linked) >= 4
    for fields in linked:
        address = urlsplit(fields["url"])
        domains = PUBLISHER_DOMAINS.get(fields["publisher"], [])
        assert address.scheme == "https", fields["url"]
        assert any(address.hostname == d or address.hostname.endswith(f".{d}") for d in domains), (
            f"{fields['label']} {fields['description']}: {fields['url']} is not on a domain of {fields['publisher']!r}"
        )


def test_organisation_types_two_of_them_only_when_needed(guide):
    types = list(OrganisationType.objects.order_by("order"))
    assert [t.name for t in types] == [
        "Gemeente",
        "Woningcorporatie",
        "Zorg- en welzijnsorganisatie",
        "Uitkeringsorganisatie / schuldhulpverlening",
        "Politie / veiligheidspartners",
    ]
    assert [t.slug for t in types if t.optional] == ["uitkering-schuldhulp", "politie-veiligheid"]
    by_slug = {t.slug: t.description for t in types}
    assert by_slug["gemeente"].startswith(
        "In het toewerken naar Wonen Eerst vervullen gemeenten in een regio verschillende rollen."
    )
    assert (
        "Bij de uitvoering van Wonen Eerst heeft een woningcorporatie een cruciale rol." in by_slug["woningcorporatie"]
    )
    assert by_slug["politie-veiligheid"].endswith(
        "Samenwerking met de gemeente, de woningcorporatie en de betrokken zorg- en welzijnsorganisatie is dan nodig "
        "om escalatie te voorkomen."
    )


def test_guide_pages(guide):
    pages = dict(GuidePage.objects.order_by("order").values_list("slug", "title"))
    assert pages == {
        "leeswijzer": "Leeswijzer",
        "introductie": "Introductie",
        "toelichting": "Toelichting op Wonen Eerst",
        "organisaties": "Betrokken organisaties en hun rollen",
        "context": "De context waarbinnen Wonen Eerst tot stand komt",
        "versnellingsteam": "Landelijk Versnellingsteam Wonen Eerst",
    }
    body = dict(GuidePage.objects.values_list("slug", "body"))
    assert "aanpakdakloosheid@vng.nl" in body["versnellingsteam"]
    assert "Het eigenaarschap van de opgave blijft altijd bij de regio zelf." in body["versnellingsteam"]
    for kind in [
        "het creëren van ambtelijk en/of bestuurlijk draagvlak;",
        "het meedenken over operationele, tactische en strategische keuzes;",
        "inhoudelijk advies rond juridische vraagstukken;",
        "het interveniëren op casuïstiek in regio's die vastlopen.",
    ]:
        assert kind in body["versnellingsteam"]
    for heading in [
        "Wat is Wonen Eerst?",
        "Waarom Wonen Eerst?",
        "Voor wie is Wonen Eerst?",
        "Housing First en Wonen Eerst",
    ]:
        assert f"## {heading}" in body["toelichting"]
    assert (
        "Volgens het CBS waren er in 2024 ongeveer 33.000 dak- en thuisloze mensen tegenover 27.000 in 2022."
        in body["toelichting"]
    )
    assert "De penvoering van de gids ligt in handen van Andersson Elffers Felix." in body["leeswijzer"]
    assert (
        "Vanaf fase 3 verschuift het zwaartepunt naar regionale samenwerking, tenzij anders vermeld."
        in body["introductie"]
    )
    assert "Hoe maak je Wonen Eerst iets van de regio in plaats van vooral een lokaal vraagstuk?" in body["context"]
    assert body["organisaties"].startswith(
        "Het van de grond krijgen van Wonen Eerst valt of staat bij samenwerking tussen organisaties."
    )
