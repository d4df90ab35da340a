"""Logging in with the organisation's own account (OpenID Connect) against a real provider (conftest.py): linked
people by issuer and subject, first logins through a verified e-mail address to an invitation or an existing account,
refusals without an account made, tampered tokens, deactivated accounts, two-step login and logout."""

import base64
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from regions.models import Activity, Invitation, Membership, Partnership, ProviderLink
from regions.services.logins import DEACTIVATED, NOT_VERIFIED
from regions.services.people import invitation_send
from tests import factories
from wonen_eerst.oidc import FAILED, ProviderBackend

User = get_user_model()


def logged_in_as(client):
    """The account the test client's session belongs to, or None."""
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def refused(response, reason: str) -> bool:
    return response.status_code == 403 and reason in response.content.decode()


def test_the_login_page_offers_the_organisation_account_only_when_configured(client, settings, db):
    assert "organisatie-account" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_login")).status_code == 404
    assert client.get(reverse("oidc_callback"), {"code": "x", "state": "y"}).status_code == 404
    settings.OIDC_RP_CLIENT_ID = "ergens"  # one setting is not enough
    assert client.get(reverse("oidc_login")).status_code == 404


def test_the_login_page_links_to_the_organisation_account(client, oidc):
    page = client.get(reverse("login"), {"next": "/regios/"}).content.decode()
    assert "Inloggen met je organisatie-account" in page
    assert f'href="{reverse("oidc_login")}?next=/regios/"' in page


def test_a_linked_person_is_known_by_the_providers_subject_not_by_e_mail(client, oidc, browser, coalition):
    """Their e-mail address at the provider changed (and is not even verified): the link still says who they are."""
    person = coalition.partner_user
    ProviderLink.objects.create(user=person, issuer=oidc.issuer, subject="k-100")
    oidc.account("k-100", email="nieuw-adres@corporatie.example", verified=False)

    region_page = reverse("regions:detail", args=[coalition.region.slug])

    response = browser.log_in(client, "k-100", next=region_page)

    assert response.status_code == 302 and response["Location"] == region_page
    assert logged_in_as(client) == person
    assert client.get(response["Location"]).status_code == 200


def test_a_first_login_accepts_the_open_invitation(client, oidc, browser, coalition):
    invitation = invitation_send(
        organisation=coalition.corporatie, email="Nieuw@Corporatie.example", user=coalition.partner_user
    )
    oidc.account("k-200", email="nieuw@corporatie.example", given_name="Noor", family_name="de Vries")

    response = browser.log_in(client, "k-200")

    assert response.status_code == 302 and response["Location"] == reverse("regions:start")
    person = logged_in_as(client)
    assert person.email.lower() == "nieuw@corporatie.example" and person.get_full_name() == "Noor de Vries"
    assert not person.has_usable_password()
    assert Membership.objects.filter(user=person, organisation=coalition.corporatie).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED and invitation.accepted_by == person
    joined = Activity.objects.get(region=coalition.region, kind=Activity.Kind.MEMBER_JOINED)
    assert joined.actor == person and "Noor de Vries werkt nu voor" in joined.summary
    assert ProviderLink.objects.get(issuer=oidc.issuer, subject="k-200").user == person
    assert client.get(reverse("regions:detail", args=[coalition.region.slug])).status_code == 200
    assert client.get(reverse("regions:detail", args=[coalition.other_region.slug])).status_code == 404


def test_an_invitation_waiting_for_the_versnellingsteam_is_not_accepted(client, oidc, browser, coalition):
    shared = factories.make_partner(region=coalition.region, type_slug="woningcorporatie")
    Partnership.objects.create(region=coalition.other_region, organisation=shared)
    invitation = invitation_send(
        organisation=shared,
        email="eerste@corporatie.example",
        user=coalition.trekker_user,
        region=coalition.region,
        reason="Onze contactpersoon.",
    )
    assert invitation.status == Invitation.Status.AWAITING_APPROVAL
    oidc.account("k-300", email="eerste@corporatie.example")
    users = User.objects.count()

    response = browser.log_in(client, "k-300")

    assert refused(response, "wacht nog op goedkeuring van het Versnellingsteam")
    assert logged_in_as(client) is None and User.objects.count() == users
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.AWAITING_APPROVAL and not ProviderLink.objects.exists()


def test_a_first_login_is_linked_to_the_existing_account_of_that_address(client, oidc, browser, coalition):
    person = coalition.trekker_user
    oidc.account("k-400", email=person.email.upper())
    users = User.objects.count()

    response = browser.log_in(client, "k-400")

    assert response.status_code == 302 and logged_in_as(client) == person and User.objects.count() == users
    assert ProviderLink.objects.get(subject="k-400").user == person
    assert person.memberships.count() == 1  # nothing joined on its own


def test_without_an_invitation_nobody_gets_an_account(client, oidc, browser, guide):
    oidc.account("k-500", email="onbekend@gemeente.example")
    users = User.objects.count()

    response = browser.log_in(client, "k-500")

    assert refused(response, "Je hebt een uitnodiging nodig")
    assert "onbekend@gemeente.example" in response.content.decode()
    assert logged_in_as(client) is None and User.objects.count() == users and not ProviderLink.objects.exists()


def test_an_unverified_e_mail_address_matches_nobody(client, oidc, browser, coalition):
    invitation_send(organisation=coalition.corporatie, email="nieuw@corporatie.example", user=coalition.partner_user)
    oidc.account("k-600", email=coalition.trekker_user.email, verified=False)
    oidc.account("k-601", email="nieuw@corporatie.example", verified=False)
    users = User.objects.count()

    for login in ("k-600", "k-601"):
        assert refused(browser.log_in(client, login), NOT_VERIFIED)

    assert logged_in_as(client) is None and User.objects.count() == users and not ProviderLink.objects.exists()


@pytest.mark.parametrize("linked", [True, False])
def test_a_deactivated_account_is_refused(client, oidc, browser, coalition, linked):
    person = coalition.partner_user
    person.is_active = False
    person.save()
    if linked:
        ProviderLink.objects.create(user=person, issuer=oidc.issuer, subject="k-700")
    oidc.account("k-700", email=person.email)

    response = browser.log_in(client, "k-700")

    assert refused(response, DEACTIVATED) and logged_in_as(client) is None
    assert ProviderLink.objects.filter(subject="k-700").count() == (1 if linked else 0)


def _tamper(part: str):
    """An ID token with a changed payload (now claiming to be the victim) or a changed signature."""

    def change(id_token: str) -> str:
        header, payload, signature = id_token.split(".")
        if part == "signature":
            return ".".join([header, payload, signature[:-6] + ("AAAAAA" if signature[-6:] != "AAAAAA" else "BBBBBB")])
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["sub"] = "k-slachtoffer"
        payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
        return ".".join([header, payload, signature])

    return change


@pytest.mark.parametrize("part", ["payload", "signature"])
def test_a_tampered_id_token_is_refused(client, oidc, browser, coalition, monkeypatch, part):
    """The token exchange is real; the ID token is changed on its way back, and the signature check catches it."""
    victim = coalition.trekker_user
    ProviderLink.objects.create(user=victim, issuer=oidc.issuer, subject="k-slachtoffer")
    oidc.account("k-aanvaller", email="aanvaller@example.org")
    real_get_token = ProviderBackend.get_token
    change = _tamper(part)

    def tampered(self, payload):
        tokens = real_get_token(self, payload)
        return {**tokens, "id_token": change(tokens["id_token"])}

    monkeypatch.setattr(ProviderBackend, "get_token", tampered)

    response = browser.log_in(client, "k-aanvaller")

    assert refused(response, FAILED) and logged_in_as(client) is None


def test_an_id_token_of_another_issuer_is_refused(client, oidc, browser, coalition, settings):
    """A correctly signed token whose issuer is not the configured one (as from another tenant of the same cloud)."""
    ProviderLink.objects.create(user=coalition.partner_user, issuer=oidc.issuer, subject="k-slachtoffer")
    oidc.account("k-slachtoffer", email=coalition.partner_user.email)
    settings.OIDC_OP_ISSUER = oidc.issuer + "/ander"

    assert refused(browser.log_in(client, "k-slachtoffer"), FAILED) and logged_in_as(client) is None


def test_two_step_login_still_asks_for_the_portals_code(client, oidc, browser, coalition, settings):
    settings.WONEN_EERST_REQUIRE_2FA = True
    advisor = coalition.advisor
    ProviderLink.objects.create(user=advisor, issuer=oidc.issuer, subject="k-800")
    oidc.account("k-800", email=advisor.email)

    response = browser.log_in(client, "k-800")

    assert response.status_code == 302 and logged_in_as(client) == advisor
    page = client.get(response["Location"])
    assert page.status_code == 302 and page["Location"].startswith(reverse("twofactor_setup"))
    assert client.get(reverse("regions:advisors")).status_code == 302


def test_logout_ends_the_portals_session_and_the_providers(client, oidc, browser, coalition):
    ProviderLink.objects.create(user=coalition.partner_user, issuer=oidc.issuer, subject="k-900")
    oidc.account("k-900", email=coalition.partner_user.email)
    browser.log_in(client, "k-900")
    assert logged_in_as(client) == coalition.partner_user

    response = client.post(reverse("logout"))

    assert logged_in_as(client) is None
    assert response.status_code == 302 and response["Location"].startswith(oidc.discovery["end_session_endpoint"])
    assert "id_token_hint=" in response["Location"]
    assert browser.until_portal(response["Location"]) == "http://testserver/"
    # The provider forgot the person too: a new login asks for their name again instead of going straight back.
    again = browser.page(client.get(reverse("oidc_login"))["Location"])
    assert again.status_code == 200 and 'name="login"' in again.text


def test_a_password_login_ends_without_a_provider_logout(client, oidc, coalition):
    client.force_login(coalition.partner_user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("phases:home")
