"""In a real browser: log in, open a region, describe the organisation's role inline (with htmx and
without JavaScript), invite a colleague and accept the invitation; axe finds nothing on any of these pages."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regions.models import Partnership, Region
from tests import factories
from tests.browser.conftest import assert_accessible, login

# The live server's database is emptied after each test; this brings back what the migrations made
# (the Versnellingsteam and Redactie groups with their permissions).
pytestmark = pytest.mark.django_db(transaction=True)

LINK = re.compile(r"https?://[^/\s]+(/uitnodiging/\S+/)")


def test_log_in_open_a_region_and_edit_the_role_inline(page, coalition):
    login(page, coalition.partner_user)
    assert page.url.endswith(reverse("regions:start"))
    assert_accessible(page)
    page.get_by_role("link", name=coalition.region.name).click()
    assert page.get_by_role("heading", level=1).inner_text() == coalition.region.name
    assert_accessible(page)
    page.get_by_role("link", name=f"Rol van {coalition.corporatie.name} beschrijven").click()
    assert page.get_by_role("heading", level=1).inner_text() == coalition.corporatie.name
    assert_accessible(page)

    page.evaluate("window.stillTheSamePage = true")
    row = page.locator(f"#rol-{coalition.region.slug}")
    row.get_by_text("Rol bewerken").click()
    assert_accessible(page)
    row.get_by_label(f"Rol in {coalition.region.name}").fill("Wij leveren twintig woningen per jaar.")
    row.get_by_role("button", name="Rol opslaan").click()
    saved = page.locator(f"#rol-{coalition.region.slug}")
    saved.get_by_text("Opgeslagen.").wait_for()
    assert "Wij leveren twintig woningen per jaar." in saved.inner_text()
    assert page.evaluate("window.stillTheSamePage") is True, "swapped in place, no reload"
    assert Partnership.objects.get(organisation=coalition.corporatie).role == "Wij leveren twintig woningen per jaar."

    # An error shows next to the field, in the same row, with the input kept.
    saved.get_by_text("Rol bewerken").click()
    saved.get_by_label(f"Rol in {coalition.region.name}").fill("<b>vet</b>")
    saved.get_by_role("button", name="Rol opslaan").click()
    page.get_by_text("Gebruik geen HTML-code of scripts").wait_for()
    assert page.locator(f"#rol-{coalition.region.slug} textarea").input_value() == "<b>vet</b>"
    assert page.evaluate("window.stillTheSamePage") is True
    assert_accessible(page)


def test_edit_the_role_without_javascript(page_nojs, coalition):
    page = page_nojs
    login(page, coalition.partner_user)
    page.goto(reverse("regions:organisation", args=[coalition.corporatie.pk]))
    row = page.locator(f"#rol-{coalition.region.slug}")
    row.get_by_text("Rol bewerken").click()
    row.get_by_label(f"Rol in {coalition.region.name}").fill("Zonder JavaScript beschreven.")
    row.get_by_role("button", name="Rol opslaan").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#rol-{coalition.region.slug}")
    assert page.get_by_text(f"De rol van {coalition.corporatie.name} in {coalition.region.name} is opgeslagen.").count()
    assert "Zonder JavaScript beschreven." in page.locator(f"#rol-{coalition.region.slug}").inner_text()


def test_invite_a_colleague_who_accepts_and_is_removed_again(page, coalition):
    """A corporation's own staff invite a colleague, who chooses a password and lands in the region; later the
    colleague is removed from the organisation and can no longer open the region."""
    login(page, coalition.partner_user)
    page.goto(reverse("regions:detail", args=[coalition.region.slug]))
    page.get_by_role("link", name="Collega uitnodigen").click()
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("nieuwe.collega@example.org")
    page.get_by_label("Werkt voor").select_option(label=coalition.corporatie.name)
    page.get_by_label("Voornaam").fill("Nina")
    page.get_by_label("Achternaam").fill("Nieuw")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_text("De uitnodiging is verstuurd naar nieuwe.collega@example.org.").wait_for()
    assert_accessible(page)

    link = LINK.search(mail.outbox[-1].body).group(1)
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == f"Uitnodiging voor {coalition.corporatie.name}"
    assert_accessible(page)
    page.get_by_label("Wachtwoord", exact=True).fill("kort")
    page.get_by_label("Wachtwoord nog een keer").fill("kort")
    page.get_by_role("button", name="Account aanmaken en aanvaarden").click()
    page.get_by_text("Dit wachtwoord is te kort.").wait_for()
    assert_accessible(page)
    page.get_by_label("Wachtwoord", exact=True).fill("samen-wonen-eerst-2026")
    page.get_by_label("Wachtwoord nog een keer").fill("samen-wonen-eerst-2026")
    page.get_by_role("button", name="Account aanmaken en aanvaarden").click()
    page.wait_for_load_state()
    region_url = reverse("regions:detail", args=[coalition.region.slug])
    assert page.url.endswith(region_url)
    assert page.get_by_text("Je gebruikersnaam is nieuwe.collega@example.org").count()
    assert "Nina Nieuw" in page.locator(".partner-list").all_inner_texts()[1]
    page.goto(link)  # the link is spent
    assert page.get_by_role("heading", level=1).inner_text() == "Deze uitnodigingslink werkt niet"

    # A colleague at the corporation removes Nina; she loses the region at once.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    login(page, coalition.partner_user)
    page.goto(reverse("regions:people", args=[coalition.corporatie.pk]))
    assert_accessible(page)
    page.get_by_role("button", name="Verwijderen Nina Nieuw").click()
    page.get_by_role("heading", name="Nina Nieuw verwijderen?").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Ja, verwijderen").click()
    page.get_by_text(f"Nina Nieuw werkt in het portaal niet meer voor {coalition.corporatie.name}.").wait_for()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    login(page, get_user_model().objects.get(email="nieuwe.collega@example.org"), "samen-wonen-eerst-2026")
    response = page.goto(region_url)
    assert response.status == 404


def test_the_versnellingsteam_approves_a_trekkers_invitation(page, coalition):
    shared = factories.make_partner(region=coalition.region, type_slug="woningcorporatie")
    Partnership.objects.create(region=coalition.other_region, organisation=shared)
    login(page, coalition.trekker_user)
    page.goto(reverse("regions:invite", args=[coalition.region.slug]))
    page.get_by_label("E-mailadres").fill("eerste@example.org")
    page.get_by_label("Werkt voor").select_option(label=shared.name)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_text("Schrijf waarom deze persoon erbij moet").wait_for()
    assert page.get_by_label("E-mailadres").input_value() == "eerste@example.org"
    assert_accessible(page)
    page.get_by_label("Waarom").fill("Onze vaste contactpersoon.")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_text("wacht op goedkeuring van het Versnellingsteam").first.wait_for()
    assert not mail.outbox
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    login(page, coalition.advisor)
    page.goto(reverse("regions:approvals"))
    assert_accessible(page)
    page.get_by_role("button", name="Goedkeuren voor eerste@example.org").click()
    page.get_by_text("Goedgekeurd: de uitnodiging is verstuurd naar eerste@example.org.").wait_for()
    assert LINK.search(mail.outbox[-1].body)


def test_trekker_pages_have_no_axe_violations(page, coalition):
    login(page, coalition.trekker_user)
    slug = coalition.region.slug
    for url in [
        reverse("regions:list"),
        reverse("regions:detail", args=[slug]),
        reverse("regions:partners", args=[slug]),
        reverse("regions:phase_set", args=[slug]),
        reverse("regions:invite", args=[slug]),
        reverse("regions:organisation", args=[coalition.gemeente.pk]),
        reverse("password_change"),
    ]:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)


def test_forms_with_errors_have_no_axe_violations(page, coalition):
    login(page, coalition.trekker_user)
    page.goto(reverse("regions:partners", args=[coalition.region.slug]))
    page.get_by_label("Of een nieuwe organisatie: naam").fill("Stichting Zonder Soort")
    page.get_by_role("button", name="Partner toevoegen").click()
    page.get_by_text("Kies de soort organisatie.").wait_for()
    assert_accessible(page)
    page.get_by_label("Woningcorporatie").check()
    page.get_by_role("button", name="Partner toevoegen").click()
    page.get_by_text("Stichting Zonder Soort is nu partner").wait_for()

    page.goto(reverse("regions:phase_set", args=[coalition.region.slug]))
    page.get_by_label("In deze fase sinds").fill("2099-01-01")
    page.get_by_role("button", name="Fase opslaan").click()
    page.get_by_text("De datum kan niet in de toekomst liggen.").wait_for()
    assert_accessible(page)


def test_account_pages_have_no_axe_violations(page, coalition):
    for url in [reverse("login"), reverse("password_reset"), reverse("password_reset_done")]:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)
    page.goto(reverse("login"))
    page.get_by_label("Gebruikersnaam").fill("partner")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Inloggen lukt niet met deze gegevens.").wait_for()
    assert_accessible(page)
    page.goto(reverse("password_reset"))
    page.get_by_label("E-mailadres").fill(coalition.partner_user.email)
    page.get_by_role("button", name="Stuur de e-mail").click()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/account/wachtwoord/nieuw/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Nieuw wachtwoord kiezen"
    assert_accessible(page)


def test_an_advisor_reads_and_is_told_clearly_when_changing_is_not_theirs(page, coalition):
    login(page, coalition.advisor)
    page.goto(reverse("regions:detail", args=[coalition.region.slug]))
    assert page.get_by_role("link", name="Partners beheren").count() == 0
    assert_accessible(page)
    page.goto(reverse("regions:partners", args=[coalition.region.slug]))
    assert page.get_by_role("heading", level=1).inner_text() == "Dit mag je hier niet wijzigen"
    assert_accessible(page)


@pytest.mark.parametrize("javascript", [True, False])
def test_removing_a_partner_asks_first_then_removes(request, live_server, coalition, javascript):
    page = request.getfixturevalue("page" if javascript else "page_nojs")  # live_server named: its hosts are allowed
    name = coalition.corporatie.name
    login(page, coalition.trekker_user)
    page.goto(reverse("regions:partners", args=[coalition.region.slug]))
    page.get_by_role("button", name=re.compile(rf"^Verwijderen\s*: {name}$")).click()
    page.get_by_role("heading", level=1, name=f"{name} verwijderen als partner?").wait_for()
    assert Partnership.objects.filter(organisation=coalition.corporatie).exists()
    if javascript:
        assert_accessible(page)
    page.get_by_role("link", name="Nee, terug naar de partners").click()
    page.get_by_role("heading", level=1, name=f"Partners van {coalition.region.name}").wait_for()
    assert Partnership.objects.filter(organisation=coalition.corporatie).exists()

    page.get_by_role("button", name=re.compile(rf"^Verwijderen\s*: {name}$")).click()
    page.get_by_role("button", name=f"Ja, verwijder {name}").click()
    page.get_by_text(f"{name} is geen partner meer in {coalition.region.name}.").wait_for()
    assert not Partnership.objects.filter(organisation=coalition.corporatie).exists()


def test_choosing_another_phase_sets_its_start_date_to_today(page, coalition):
    old_start, today = coalition.region.phase_started_on.isoformat(), timezone.localdate().isoformat()
    login(page, coalition.trekker_user)
    page.goto(reverse("regions:phase_set", args=[coalition.region.slug]))
    page.get_by_text("Nu fase 3 Coalitievorming: 0 van 5 punten afgevinkt.").wait_for()
    phase, date = page.get_by_label("Huidige fase"), page.get_by_label("In deze fase sinds")
    assert date.input_value() == old_start
    phase.select_option("4")
    assert date.input_value() == today
    phase.select_option("3")
    assert date.input_value() == old_start
    phase.select_option("5")
    date.fill("2025-02-03")  # typed: the person's own
    phase.select_option("4")
    assert date.input_value() == "2025-02-03"
    date.fill(today)
    assert_accessible(page)
    page.get_by_role("button", name="Fase opslaan").click()
    page.get_by_text("De huidige fase is nu Fase 4").wait_for()
    region = Region.objects.get(pk=coalition.region.pk)
    assert (region.current_phase.number, region.phase_started_on.isoformat()) == (4, today)
