"""An organisation governs its own people: invitations, approvals, joining and leaving, and the paths by which a
region's trekker could once reach another region."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from regions.models import Activity, Invitation, Membership, Partnership
from regions.services import partnership_add, progress_set
from regions.services.people import InvitationRefused, invitation_send
from tests import factories

LINK = re.compile(r"https?://\S+(/uitnodiging/[^/\s]+/)")
PASSWORD = {"new_password1": "een-lang-wachtwoord-42", "new_password2": "een-lang-wachtwoord-42"}


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Send an invitation through the service with its e-mail delivered; returns (invitation, link path)."""

    def send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_send(**kwargs)
        paths = [LINK.search(message.body).group(1) for message in mail.outbox if invitation.email in message.to]
        return invitation, (paths[-1] if paths else None)

    return send


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sees(user, region) -> bool:
    return login(user).get(reverse("regions:detail", args=[region.slug])).status_code == 200


# --- The path that once leaked: trekker of A → an organisation of B → invite ------------------------------------


@pytest.mark.parametrize("whom", ["self", "b-staff", "advisor", "deactivated", "stranger"])
def test_a_trekker_cannot_invite_anyone_into_an_organisation_of_another_region(client, coalition, whom):
    """The trekker of A adds B's trekker organisation as a partner of A and tries to invite into it: refused, and
    nobody gains B (nothing in B's history either)."""
    a, b, trekker = coalition.region, coalition.other_region, coalition.trekker_user
    partnership_add(region=a, organisation=coalition.zorg, user=trekker)
    deactivated = factories.make_user(email="weg@example.org", is_active=False)
    email = {
        "self": trekker.email,
        "b-staff": coalition.other_user.email,
        "advisor": coalition.advisor.email,
        "deactivated": deactivated.email,
        "stranger": "iemand@example.org",
    }[whom]
    b_history = Activity.objects.filter(region=b).count()
    client.force_login(trekker)
    response = client.post(
        reverse("regions:invite", args=[a.slug]), {"email": email, "organisation": coalition.zorg.pk}
    )
    assert response.status_code == 400
    assert "Kies een organisatie uit de lijst." in response.content.decode()
    assert not Invitation.objects.exists() and not mail.outbox
    assert not sees(trekker, b)
    assert Membership.objects.filter(organisation=coalition.zorg).count() == 1  # B's own person only
    assert Activity.objects.filter(region=b).count() == b_history
    with pytest.raises(Exception, match="Alleen medewerkers van"):
        invitation_send(organisation=coalition.zorg, email=email, user=trekker, region=a)


def test_adding_a_partner_gives_its_own_people_this_region_only(coalition):
    a, b = coalition.region, coalition.other_region
    partnership_add(region=a, organisation=coalition.zorg, user=coalition.trekker_user)
    assert sees(coalition.other_user, a) and sees(coalition.other_user, b)  # zorg's own person: both, by consent
    assert not sees(coalition.trekker_user, b) and not sees(coalition.partner_user, b)
    added = Activity.objects.get(region=a, kind=Activity.Kind.PARTNER_ADDED)
    assert coalition.zorg.name in added.summary


# --- A trekker starts an organisation that has nobody yet ------------------------------------------------------


def test_a_trekker_invites_the_first_person_of_an_organisation_with_nobody(client, coalition, sent):
    a = coalition.region
    nobody = factories.make_partner(region=a, type_slug="zorg-welzijn")
    invitation, path = sent(organisation=nobody, email="eerste@example.org", user=coalition.trekker_user, region=a)
    assert invitation.status == Invitation.Status.OPEN and invitation.by_trekker
    response = client.post(path, {**PASSWORD, "first_name": "Eva", "last_name": "Eerste"})
    assert response.status_code == 302 and response["Location"] == a.get_absolute_url()
    assert client.get(a.get_absolute_url()).status_code == 200, "the new account stays logged in"
    person = get_user_model().objects.get(email="eerste@example.org")
    assert person.is_active and person.memberships.get().organisation == nobody
    assert sees(person, a) and not sees(person, coalition.other_region)
    assert Activity.objects.filter(region=a, kind=Activity.Kind.MEMBER_JOINED).exists()
    # Now it has its own person: the trekker can no longer invite into it.
    with pytest.raises(Exception, match="Alleen medewerkers van"):
        invitation_send(organisation=nobody, email="tweede@example.org", user=coalition.trekker_user, region=a)


def test_an_organisation_in_another_region_too_waits_for_the_versnellingsteam(
    client, coalition, sent, django_capture_on_commit_callbacks
):
    a, b = coalition.region, coalition.other_region
    shared = factories.make_partner(region=a, type_slug="woningcorporatie")
    Partnership.objects.create(region=b, organisation=shared)
    with pytest.raises(InvitationRefused, match="Schrijf waarom"):
        invitation_send(organisation=shared, email="eerste@example.org", user=coalition.trekker_user, region=a)
    invitation, path = sent(
        organisation=shared, email="eerste@example.org", user=coalition.trekker_user, region=a, reason="Onze contact."
    )
    assert invitation.status == Invitation.Status.AWAITING_APPROVAL and path is None and not mail.outbox
    for region in (a, b):
        assert Activity.objects.filter(region=region, kind=Activity.Kind.INVITATION).count() == 1

    advisor = login(coalition.advisor)
    queue = advisor.get(reverse("regions:approvals")).content.decode()
    assert "eerste@example.org" in queue and "Onze contact." in queue and b.name in queue
    assert login(coalition.trekker_user).get(reverse("regions:approvals")).status_code == 404
    decide = reverse("regions:approval_decide", args=[invitation.pk])
    assert login(coalition.trekker_user).post(decide, {"actie": "goedkeuren"}).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        advisor.post(decide, {"actie": "goedkeuren"})
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.OPEN and len(mail.outbox) == 1
    for region in (a, b):
        assert Activity.objects.filter(region=region, kind=Activity.Kind.INVITATION).count() == 2
    path = LINK.search(mail.outbox[0].body).group(1)
    assert client.post(path, PASSWORD).status_code == 302
    person = get_user_model().objects.get(email="eerste@example.org")
    assert sees(person, a) and sees(person, b)
    assert Activity.objects.filter(region=b, kind=Activity.Kind.MEMBER_JOINED).exists()


def test_a_refused_invitation_sends_nothing_and_is_in_both_histories(coalition, sent):
    a, b = coalition.region, coalition.other_region
    shared = factories.make_partner(region=a, type_slug="woningcorporatie")
    Partnership.objects.create(region=b, organisation=shared)
    invitation, _ = sent(organisation=shared, email="x@example.org", user=coalition.trekker_user, region=a, reason="r")
    login(coalition.advisor).post(reverse("regions:approval_decide", args=[invitation.pk]), {"actie": "afwijzen"})
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.REFUSED and not mail.outbox
    for region in (a, b):
        assert Activity.objects.filter(region=region, summary__contains="afgewezen").exists()


def test_a_trekkers_invitation_no_longer_holds_once_the_organisation_works_elsewhere(client, coalition, sent):
    a, b = coalition.region, coalition.other_region
    nobody = factories.make_partner(region=a, type_slug="woningcorporatie")
    _, path = sent(organisation=nobody, email="eerste@example.org", user=coalition.trekker_user, region=a)
    Partnership.objects.create(region=b, organisation=nobody)  # B's trekker adds it after the invitation went out
    response = client.post(path, PASSWORD)
    assert response.status_code == 400 and "Versnellingsteam" in response.content.decode()
    assert not Membership.objects.filter(organisation=nobody).exists()


# --- Existing accounts are never attached silently ---------------------------------------------------------------


def test_an_existing_account_accepts_logged_in_as_itself(client, coalition, sent):
    colleague = factories.make_user(first_name="Bestaande", last_name="Collega", email="bestaand@example.org")
    invitation, path = sent(
        organisation=coalition.corporatie, email="bestaand@example.org", user=coalition.partner_user
    )
    assert not Membership.objects.filter(user=colleague).exists()  # nothing happens before the owner accepts
    people = login(coalition.partner_user).get(reverse("regions:people", args=[coalition.corporatie.pk]))
    assert "bestaand@example.org" in people.content.decode() and "Bestaande" not in people.content.decode()
    # Not logged in: asked to log in as the owner of the address.
    page = client.get(path).content.decode()
    assert "Log in met dat account" in page
    # Logged in as someone else: asked first, never switched or attached.
    other = login(coalition.other_user)
    page = other.get(path).content.decode()
    assert "Uitloggen en verder met de uitnodiging" in page
    assert other.post(path).status_code == 200
    assert not Membership.objects.filter(organisation=coalition.corporatie, user=coalition.other_user).exists()
    # The owner accepts.
    owner = login(colleague)
    assert "Uitnodiging aanvaarden" in owner.get(path).content.decode()
    assert owner.post(path).status_code == 302
    assert Membership.objects.filter(user=colleague, organisation=coalition.corporatie).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED
    assert owner.get(path).status_code == 400  # spent


def test_an_advisor_cannot_join_a_partner_organisation(coalition, sent):
    _, path = sent(organisation=coalition.corporatie, email=coalition.advisor.email, user=coalition.partner_user)
    response = login(coalition.advisor).post(path)
    assert response.status_code == 400 and "Versnellingsteam" in response.content.decode()
    assert not Membership.objects.filter(user=coalition.advisor).exists()


def test_a_deactivated_account_is_refused_and_stays_deactivated(coalition):
    gone = factories.make_user(email="weg@example.org", organisations=[], is_active=False)
    client = login(coalition.partner_user)
    response = client.post(
        reverse("regions:people", args=[coalition.corporatie.pk]),
        {"email": "WEG@example.org", "organisation": coalition.corporatie.pk},
    )
    assert response.status_code == 400 and "neem contact op met beheer" in response.content.decode()
    gone.refresh_from_db()
    assert not gone.is_active and not Invitation.objects.exists() and not mail.outbox


# --- The organisation's people page ----------------------------------------------------------------------------


def test_resend_gives_a_new_link_and_withdraw_ends_it(client, coalition, sent, django_capture_on_commit_callbacks):
    invitation, first = sent(organisation=coalition.corporatie, email="nieuw@example.org", user=coalition.partner_user)
    staff = login(coalition.partner_user)
    change = reverse("regions:invitation_change", args=[coalition.corporatie.pk, invitation.pk])
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(change, {"actie": "opnieuw"})
    second = LINK.search(mail.outbox[-1].body).group(1)
    assert second != first
    assert client.get(first).status_code == 400 and client.get(second).status_code == 200
    staff.post(change, {"actie": "intrekken"})
    assert client.get(second).status_code == 400
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.WITHDRAWN
    assert Activity.objects.filter(region=coalition.region, summary__contains="ingetrokken").exists()


def test_a_removed_colleague_loses_the_region_at_once_and_their_history_stays(coalition):
    colleague = factories.make_user(first_name="Oud", last_name="Collega", organisations=[coalition.corporatie])
    progress_set(region=coalition.region, item=factories.item(1, 0), user=colleague, done=True)
    assert sees(colleague, coalition.region)
    membership = Membership.objects.get(user=colleague)
    staff = login(coalition.partner_user)
    url = reverse("regions:member_remove", args=[coalition.corporatie.pk, membership.pk])
    confirm = staff.post(url)
    assert confirm.status_code == 200 and "Ja, verwijderen" in confirm.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()  # asked first
    staff.post(url, {"bevestigd": "ja"})
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not sees(colleague, coalition.region)
    assert Activity.objects.filter(region=coalition.region, kind=Activity.Kind.MEMBER_LEFT).exists()
    assert Activity.objects.filter(region=coalition.region, kind=Activity.Kind.TICK, actor=colleague).exists()
    # Someone of another organisation cannot remove anyone here.
    other = Membership.objects.get(user=coalition.partner_user)
    url = reverse("regions:member_remove", args=[coalition.corporatie.pk, other.pk])
    assert login(coalition.trekker_user).post(url, {"bevestigd": "ja"}).status_code == 404


def test_a_person_can_leave_an_organisation(coalition):
    membership = Membership.objects.get(user=coalition.partner_user)
    client = login(coalition.partner_user)
    url = reverse("regions:member_remove", args=[coalition.corporatie.pk, membership.pk])
    assert "Ja, ik vertrek" in client.post(url).content.decode()
    assert client.post(url, {"bevestigd": "ja"}).status_code == 302
    assert not sees(coalition.partner_user, coalition.region)


# --- Limits and links ------------------------------------------------------------------------------------------


def test_invitations_are_limited_per_inviter_per_hour(coalition, sent):
    for n in range(20):
        sent(organisation=coalition.corporatie, email=f"c{n}@example.org", user=coalition.partner_user)
    assert len(mail.outbox) == 20
    response = login(coalition.partner_user).post(
        reverse("regions:people", args=[coalition.corporatie.pk]),
        {"email": "c21@example.org", "organisation": coalition.corporatie.pk},
    )
    assert response.status_code == 400 and "probeer het over een uur opnieuw" in response.content.decode()
    assert len(mail.outbox) == 20 and Invitation.objects.count() == 20


def test_email_links_come_from_the_site_url_not_the_host_header(
    coalition, settings, django_capture_on_commit_callbacks
):
    settings.WONEN_EERST_SITE_URL = "https://wonen-eerst.example.nl"
    settings.ALLOWED_HOSTS = ["*"]
    client = login(coalition.partner_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("regions:people", args=[coalition.corporatie.pk]),
            {"email": "nieuw@example.org", "organisation": coalition.corporatie.pk},
            HTTP_HOST="aanvaller.example.com",
        )
    reset = Client()
    with django_capture_on_commit_callbacks(execute=True):
        reset.post(
            reverse("password_reset"), {"email": coalition.partner_user.email}, HTTP_HOST="aanvaller.example.com"
        )
    bodies = [message.body for message in mail.outbox]
    assert len(bodies) == 2
    assert all("https://wonen-eerst.example.nl/" in body and "aanvaller" not in body for body in bodies)


def test_password_reset_emails_are_limited_per_address_and_per_client(coalition, django_capture_on_commit_callbacks):
    client = Client()

    def ask(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("password_reset"), {"email": email})

    for _ in range(3):
        ask(coalition.partner_user.email)
    assert len(mail.outbox) == 3
    response = ask(coalition.partner_user.email)
    assert response.status_code == 200 and "probeer het over een uur opnieuw" in response.content.decode()
    assert len(mail.outbox) == 3
    for n in range(7):  # other addresses from the same client, up to ten requests in the hour
        ask(f"onbekend{n}@example.org")
    response = ask(coalition.trekker_user.email)
    assert "probeer het over een uur opnieuw" in response.content.decode() and len(mail.outbox) == 3


# --- Data from before invitations had a model --------------------------------------------------------------------


def test_placeholder_accounts_become_open_invitations(coalition):
    import importlib

    from django.apps import apps

    placeholder = factories.make_user(email="oud@example.org", organisations=[coalition.corporatie], is_active=False)
    placeholder.set_unusable_password()
    placeholder.save()
    Activity.objects.create(
        region=coalition.region,
        actor=coalition.trekker_user,
        kind="invited",
        organisation=coalition.corporatie,
        summary="Collega uitgenodigd",
        after={"email": "oud@example.org", "user_id": placeholder.pk},
    )
    importlib.import_module("regions.migrations.0005_pending_accounts_to_invitations").forwards(apps, None)
    invitation = Invitation.objects.get(email="oud@example.org")
    assert (invitation.organisation, invitation.region, invitation.invited_by) == (
        coalition.corporatie,
        coalition.region,
        coalition.trekker_user,
    )
    assert not get_user_model().objects.filter(pk=placeholder.pk).exists()
    assert Membership.objects.filter(user=coalition.partner_user).exists()  # real memberships stay


def test_the_partner_form_finds_the_organisation_meant(coalition):
    for n in range(60):
        factories.make_organisation(type_slug="woningcorporatie", name=f"Woonstichting {n:02d}")
    factories.make_organisation(type_slug="zorg-welzijn", name="Stichting Zorgzaam")
    client = login(coalition.trekker_user)
    url = reverse("regions:partners", args=[coalition.region.slug])
    page = client.get(url).content.decode()
    assert "Er zijn meer organisaties dan in de lijst passen" in page
    page = client.get(url, {"zoek": "zorgzaam"}).content.decode()
    assert "Stichting Zorgzaam" in page and "Woonstichting 01" not in page
    page = client.get(url, {"zoek": coalition.corporatie.name}).content.decode()
    assert f"Al partner in {coalition.region.name}: <strong>{coalition.corporatie.name}</strong>" in page
