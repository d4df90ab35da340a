"""Bad input on every coalition form: a Dutch error next to the field (or a 404), the input kept,
never a 500 and never a change."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from regions.models import Activity, Organisation, Partnership, PhaseChange, Region
from regions.services import progress_set
from tests import factories

LONG = "x" * 10_000
SCRIPT = "<script>alert('hallo')</script>"


def snapshot():
    """Everything the coalition forms could change."""
    return (
        Activity.objects.count(),
        Organisation.objects.count(),
        list(Partnership.objects.order_by("pk").values_list("pk", "is_trekker", "role")),
        list(Region.objects.order_by("pk").values_list("current_phase_id", "phase_started_on")),
        PhaseChange.objects.count(),
        get_user_model().objects.count(),
        len(mail.outbox),
    )


@pytest.fixture
def trekker(client, coalition):
    client.force_login(coalition.trekker_user)
    return client


def partners_url(coalition):
    return reverse("regions:partners", args=[coalition.region.slug])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Kies een bestaande organisatie of vul de naam van een nieuwe in."),
        ({"name": "   "}, "Kies een bestaande organisatie of vul de naam van een nieuwe in."),
        ({"name": LONG, "type": "TYPE"}, "Gebruik hoogstens 160 tekens (nu 10000)."),
        ({"name": SCRIPT, "type": "TYPE"}, "Gebruik geen HTML-code of scripts, alleen gewone tekst."),
        ({"name": "Stichting Zonder Soort"}, "Kies de soort organisatie."),
        ({"name": "Stichting X", "type": "999999"}, "Kies een van de vijf soorten organisaties."),
        ({"name": "Stichting X", "type": "abc"}, "Kies een van de vijf soorten organisaties."),
        ({"organisation": "999999"}, "Kies een organisatie uit de lijst."),
        ({"organisation": "CORPORATIE"}, "Kies een organisatie uit de lijst."),  # already a partner here
        ({"organisation": "ZORG", "name": "Stichting X", "type": "TYPE"}, "niet allebei"),
    ],
)
def test_partner_form_refuses_bad_input(trekker, coalition, data, message):
    replace = {"TYPE": coalition.zorg.type_id, "CORPORATIE": coalition.corporatie.pk, "ZORG": coalition.zorg.pk}
    data = {key: replace.get(value, value) for key, value in data.items()}
    before = snapshot()
    response = trekker.post(partners_url(coalition), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert 'aria-invalid="true"' in content
    assert "<script>alert" not in content
    assert snapshot() == before


def test_partner_form_keeps_the_input(trekker, coalition):
    response = trekker.post(partners_url(coalition), {"name": "Stichting Zonder Soort", "is_trekker": "on"})
    content = response.content.decode()
    assert 'value="Stichting Zonder Soort"' in content
    assert 'name="is_trekker" id="id_is_trekker" checked' in content


def test_partner_already_in_region_by_name_is_refused(trekker, coalition):
    data = {"name": coalition.corporatie.name.upper(), "type": coalition.corporatie.type_id}
    response = trekker.post(partners_url(coalition), data)
    assert response.status_code == 400
    assert "is al partner in deze regio" in response.content.decode()


def test_adding_a_new_organisation_and_an_existing_one(trekker, coalition):
    response = trekker.post(partners_url(coalition), {"name": "Stichting Nieuw Thuis", "type": coalition.zorg.type_id})
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Stichting Nieuw Thuis")
    assert organisation.type == coalition.zorg.type
    # An organisation that exists (a partner elsewhere) is added as it is, here as trekker.
    response = trekker.post(partners_url(coalition), {"organisation": coalition.zorg.pk, "is_trekker": "on"})
    assert response.status_code == 302
    assert Partnership.objects.get(region=coalition.region, organisation=coalition.zorg).is_trekker
    kinds = list(Activity.objects.filter(region=coalition.region).values_list("kind", flat=True))
    assert kinds.count(Activity.Kind.PARTNER_ADDED) == 2


def test_new_organisation_of_the_same_name_and_type_is_reused(trekker, coalition):
    existing = factories.make_organisation(type_slug="zorg-welzijn", name="Stichting Hergebruik")
    trekker.post(partners_url(coalition), {"name": "stichting hergebruik", "type": existing.type_id})
    assert Organisation.objects.filter(name__iexact="stichting hergebruik").count() == 1
    assert Partnership.objects.filter(region=coalition.region, organisation=existing).exists()


@pytest.mark.parametrize("action", ["", "onzin", LONG, SCRIPT])
def test_partner_change_refuses_unknown_actions(trekker, coalition, action):
    before = snapshot()
    url = reverse("regions:partner", args=[coalition.region.slug, coalition.corporatie.pk])
    response = trekker.post(url, {"action": action}, follow=True)
    assert response.status_code == 200
    assert "Onbekende actie." in response.content.decode() or "Kies wat er moet gebeuren." in response.content.decode()
    assert snapshot() == before


def test_partner_change_with_another_regions_organisation_is_404(trekker, coalition):
    before = snapshot()
    url = reverse("regions:partner", args=[coalition.region.slug, coalition.zorg.pk])
    assert trekker.post(url, {"action": "verwijderen"}).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("action", ["geen-trekker", "verwijderen"])
def test_the_last_trekker_stays(trekker, coalition, action):
    before = snapshot()
    url = reverse("regions:partner", args=[coalition.region.slug, coalition.gemeente.pk])
    response = trekker.post(url, {"action": action, "confirmed": "ja"}, follow=True)
    assert "Een regio heeft minstens één trekker nodig." in response.content.decode()
    assert snapshot() == before


def test_trekker_toggles_and_removes_a_partner(trekker, coalition):
    url = reverse("regions:partner", args=[coalition.region.slug, coalition.corporatie.pk])
    trekker.post(url, {"action": "trekker"})
    assert Partnership.objects.get(organisation=coalition.corporatie).is_trekker
    trekker.post(url, {"action": "geen-trekker"})
    assert not Partnership.objects.get(organisation=coalition.corporatie).is_trekker
    response = trekker.post(url, {"action": "verwijderen", "confirmed": "ja"})
    assert response.status_code == 302
    assert not Partnership.objects.filter(organisation=coalition.corporatie).exists()
    kinds = list(Activity.objects.filter(region=coalition.region).values_list("kind", flat=True))
    assert kinds.count(Activity.Kind.TREKKER) == 2 and kinds.count(Activity.Kind.PARTNER_REMOVED) == 1


@pytest.mark.parametrize("confirmed", [None, "", "on", "nee"])
def test_removing_a_partner_asks_for_confirmation_first(trekker, coalition, confirmed):
    before = snapshot()
    url = reverse("regions:partner", args=[coalition.region.slug, coalition.corporatie.pk])
    data = {"action": "verwijderen"} | ({} if confirmed is None else {"confirmed": confirmed})
    response = trekker.post(url, data)
    assert response.status_code == 200  # the confirmation page, nothing removed
    content = response.content.decode()
    assert f"{coalition.corporatie.name} verwijderen als partner?" in content
    assert f"Ja, verwijder {coalition.corporatie.name}" in content
    assert 'name="confirmed" value="ja"' in content and 'name="action" value="verwijderen"' in content
    assert "Je werkt zelf voor" not in content
    assert snapshot() == before


def test_the_confirmation_page_warns_a_trekker_removing_their_own_organisation(trekker, coalition):
    factories.make_partner(region=coalition.region, type_slug="zorg-welzijn", is_trekker=True)
    url = reverse("regions:partner", args=[coalition.region.slug, coalition.gemeente.pk])
    content = trekker.post(url, {"action": "verwijderen"}).content.decode()
    assert f"Je werkt zelf voor {coalition.gemeente.name}" in content
    assert Partnership.objects.filter(organisation=coalition.gemeente).exists()


def test_trekker_who_hands_over_lands_on_the_region_page(trekker, coalition):
    corporatie = reverse("regions:partner", args=[coalition.region.slug, coalition.corporatie.pk])
    gemeente = reverse("regions:partner", args=[coalition.region.slug, coalition.gemeente.pk])
    trekker.post(corporatie, {"action": "trekker"})
    response = trekker.post(gemeente, {"action": "geen-trekker"})
    assert response["Location"] == coalition.region.get_absolute_url()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"phase": "0", "started_on": "2025-01-01"}, "phase", "Kies een fase van 1 tot en met 6."),
        ({"phase": "7", "started_on": "2025-01-01"}, "phase", "Kies een fase van 1 tot en met 6."),
        ({"phase": "drie", "started_on": "2025-01-01"}, "phase", "Kies een fase van 1 tot en met 6."),
        ({"phase": "", "started_on": "2025-01-01"}, "phase", "Kies de fase."),
        ({"phase": "4", "started_on": "2025-13-45"}, "started_on", "Vul een geldige datum in"),
        ({"phase": "4", "started_on": "gisteren"}, "started_on", "Vul een geldige datum in"),
        ({"phase": "4", "started_on": LONG}, "started_on", "Vul een geldige datum in"),
        ({"phase": "4", "started_on": SCRIPT}, "started_on", "Vul een geldige datum in"),
        ({"phase": "4", "started_on": ""}, "started_on", "Vul de datum in."),
        ({"phase": "4", "started_on": "1999-12-31"}, "started_on", "Kies een datum na 1 januari 2000."),
        ({"phase": "4", "started_on": "FUTURE"}, "started_on", "De datum kan niet in de toekomst liggen."),
    ],
)
def test_phase_form_refuses_bad_input(trekker, coalition, data, field, message):
    if data["started_on"] == "FUTURE":
        data["started_on"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    before = snapshot()
    response = trekker.post(reverse("regions:phase_set", args=[coalition.region.slug]), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert f'id="id_{field}_error"' in content
    assert snapshot() == before


def test_phase_form_sets_phase_and_date(trekker, coalition):
    response = trekker.post(
        reverse("regions:phase_set", args=[coalition.region.slug]), {"phase": "4", "started_on": "15-01-2025"}
    )
    assert response.status_code == 302
    region = Region.objects.get(pk=coalition.region.pk)
    assert (region.current_phase.number, region.phase_started_on) == (4, datetime.date(2025, 1, 15))
    assert PhaseChange.objects.filter(region=region, phase__number=4).exists()
    assert Activity.objects.filter(region=region, kind=Activity.Kind.PHASE).count() == 1


def test_phase_form_shows_how_far_the_phase_being_left_got(trekker, coalition):
    progress_set(region=coalition.region, item=factories.item(3, 0), user=coalition.trekker_user, done=True)
    response = trekker.get(reverse("regions:phase_set", args=[coalition.region.slug]))
    assert "Nu fase 3 Coalitievorming: 1 van 5 punten afgevinkt." in response.content.decode()


def test_another_phase_with_the_old_start_date_untouched_comes_back_with_today(trekker, coalition):
    """Without JavaScript: the trekker picks phase 4 and leaves the date as the page showed it (phase 3's start)."""
    url = reverse("regions:phase_set", args=[coalition.region.slug])
    old_start, today = coalition.region.phase_started_on, timezone.localdate()
    shown = trekker.get(url)
    assert f'value="{old_start.isoformat()}"' in shown.content.decode()
    before = snapshot()
    response = trekker.post(url, {"phase": "4", "started_on": old_start.isoformat(), "initial-started_on": old_start})
    assert response.status_code == 400 and snapshot() == before
    content = response.content.decode()
    assert "Voor fase 4 staat nu vandaag ingevuld" in content
    assert f'name="started_on" value="{today.isoformat()}"' in content  # today, visible and editable
    assert '<option value="4" selected>' in content

    form = {"phase": "4", "started_on": today.isoformat(), "initial-started_on": today.isoformat()}
    assert trekker.post(url, form).status_code == 302  # sent again as it came back
    region = Region.objects.get(pk=coalition.region.pk)
    assert (region.current_phase.number, region.phase_started_on) == (4, today)


def test_another_phase_on_a_date_the_trekker_chose_is_kept(trekker, coalition):
    """The page (or its script) showed today; the trekker typed the old start date on purpose: a correction."""
    url = reverse("regions:phase_set", args=[coalition.region.slug])
    old_start = coalition.region.phase_started_on
    data = {"phase": "4", "started_on": old_start.isoformat(), "initial-started_on": timezone.localdate().isoformat()}
    assert trekker.post(url, data).status_code == 302
    region = Region.objects.get(pk=coalition.region.pk)
    assert (region.current_phase.number, region.phase_started_on) == (4, old_start)


def test_same_phase_with_another_start_date_corrects_the_date(trekker, coalition):
    url = reverse("regions:phase_set", args=[coalition.region.slug])
    old_start = coalition.region.phase_started_on
    data = {"phase": "3", "started_on": "2025-01-15", "initial-started_on": old_start.isoformat()}
    assert trekker.post(url, data).status_code == 302
    region = Region.objects.get(pk=coalition.region.pk)
    assert (region.current_phase.number, region.phase_started_on) == (3, datetime.date(2025, 1, 15))


def test_a_phase_begun_today_moves_on_today_without_a_question(trekker, coalition):
    today = timezone.localdate().isoformat()
    Region.objects.filter(pk=coalition.region.pk).update(phase_started_on=today)
    url = reverse("regions:phase_set", args=[coalition.region.slug])
    assert trekker.post(url, {"phase": "4", "started_on": today, "initial-started_on": today}).status_code == 302
    assert Region.objects.get(pk=coalition.region.pk).current_phase.number == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "organisation": "CORPORATIE"}, "Vul het e-mailadres van je collega in."),
        ({"email": "geen-adres", "organisation": "CORPORATIE"}, "Vul een geldig e-mailadres in"),
        ({"email": LONG + "@example.org", "organisation": "CORPORATIE"}, "Een e-mailadres heeft hoogstens 254 tekens."),
        ({"email": SCRIPT, "organisation": "CORPORATIE"}, "Vul een geldig e-mailadres in"),
        ({"email": "a@example.org", "organisation": ""}, "Kies de organisatie waarvoor je collega werkt."),
        ({"email": "a@example.org", "organisation": "ZORG"}, "Kies een organisatie uit de lijst."),
        ({"email": "a@example.org", "organisation": "GEMEENTE"}, "Kies een organisatie uit de lijst."),
        ({"email": "a@example.org", "organisation": "999999"}, "Kies een organisatie uit de lijst."),
        ({"email": "a@example.org", "organisation": "CORPORATIE", "first_name": SCRIPT}, "Gebruik geen HTML-code"),
        ({"email": "a@example.org", "organisation": "CORPORATIE", "last_name": LONG}, "Gebruik hoogstens 150 tekens"),
        ({"email": "PARTNER", "organisation": "CORPORATIE"}, "werkt al voor"),
    ],
)
def test_invite_form_refuses_bad_input(client, coalition, data, message):
    """Partner staff invite colleagues of their own organisation (the corporatie), not of another one."""
    client.force_login(coalition.partner_user)
    replace = {
        "CORPORATIE": coalition.corporatie.pk,
        "GEMEENTE": coalition.gemeente.pk,
        "ZORG": coalition.zorg.pk,
        "PARTNER": coalition.partner_user.email.upper(),
    }
    data = {key: replace.get(value, value) for key, value in data.items()}
    before = snapshot()
    response = client.post(reverse("regions:invite", args=[coalition.region.slug]), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert "<script>alert" not in content
    assert snapshot() == before


@pytest.mark.parametrize(
    ("role", "message"),
    [
        ("", "Beschrijf de rol; een lege rol wordt niet opgeslagen."),
        ("   ", "Beschrijf de rol; een lege rol wordt niet opgeslagen."),
        (LONG, "Gebruik hoogstens 2000 tekens (nu 10000)."),
        (SCRIPT, "Gebruik geen HTML-code of scripts, alleen gewone tekst."),
        ('<img src="x" onerror="alert(1)">', "Gebruik geen HTML-code of scripts, alleen gewone tekst."),
        ("Zie javascript:alert(1)", "Gebruik geen HTML-code of scripts, alleen gewone tekst."),
    ],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_role_form_refuses_bad_input(client, coalition, role, message, htmx):
    client.force_login(coalition.partner_user)
    before = snapshot()
    url = reverse("regions:organisation_role", args=[coalition.corporatie.pk, coalition.region.slug])
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(url, {"role": role}, headers=headers)
    assert response.status_code == (200 if htmx else 400)
    content = response.content.decode()
    assert message in content
    assert "<script>alert" not in content and "<img src" not in content
    assert snapshot() == before


def test_role_text_with_angle_brackets_in_plain_words_is_fine(client, coalition):
    client.force_login(coalition.partner_user)
    url = reverse("regions:organisation_role", args=[coalition.corporatie.pk, coalition.region.slug])
    response = client.post(url, {"role": "Wij leveren < 5 woningen per jaar & zoeken er meer > 10."})
    assert response.status_code == 302
    assert Partnership.objects.get(organisation=coalition.corporatie).role.startswith("Wij leveren < 5")
    page = client.get(reverse("regions:organisation", args=[coalition.corporatie.pk])).content.decode()
    assert "Wij leveren &lt; 5 woningen per jaar &amp; zoeken" in page


def test_ids_beyond_64_bits_are_a_404_or_a_dutch_error(client, coalition):
    huge = 2**70
    slug = coalition.region.slug
    before = snapshot()
    client.force_login(coalition.trekker_user)
    assert client.get(reverse("regions:organisation", args=[huge])).status_code == 404
    assert client.post(reverse("regions:partner", args=[slug, huge]), {"action": "trekker"}).status_code == 404
    response = client.post(reverse("regions:partners", args=[slug]), {"organisation": huge})
    assert "Kies een organisatie uit de lijst." in response.content.decode()
    response = client.post(reverse("regions:invite", args=[slug]), {"email": "a@example.org", "organisation": huge})
    assert "Kies een organisatie uit de lijst." in response.content.decode()
    response = client.post(reverse("regions:phase_set", args=[slug]), {"phase": huge, "started_on": "2025-01-01"})
    assert "Kies een fase van 1 tot en met 6." in response.content.decode()
    client.force_login(coalition.partner_user)
    assert client.post(reverse("regions:organisation_role", args=[huge, slug]), {"role": "x"}).status_code == 404
    assert snapshot() == before
