"""Inviting a colleague: the e-mail with a one-time link that expires; used, expired and forged links fail
with a clear Dutch message; accepting sets a password and lands in the region."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, TestCase
from django.urls import reverse

from regions.models import Activity, Membership
from regions.services.coalition import invitation_send
from regions.tokens import InvitationTokenGenerator, invitation_token, invitation_uid
from tests import factories

LINK = re.compile(r"http://testserver(/uitnodiging/\S+/)")
PASSWORD = {"new_password1": "samen-wonen-eerst-2026", "new_password2": "samen-wonen-eerst-2026"}


def invite(client, coalition, email="nieuwe.collega@example.org", **extra):
    client.force_login(coalition.trekker_user)
    data = {"email": email, "organisation": coalition.corporatie.pk, **extra}
    with TestCase.captureOnCommitCallbacks(execute=True):  # the e-mail goes out once the invitation is committed
        response = client.post(reverse("regions:invite", args=[coalition.region.slug]), data)
    assert response.status_code == 302
    client.logout()
    return LINK.search(mail.outbox[-1].body).group(1)


def test_invitation_creates_an_inactive_colleague_and_mails_a_link(client, coalition):
    link = invite(client, coalition, first_name="Nina", last_name="Nieuw")
    invitee = get_user_model().objects.get(email="nieuwe.collega@example.org")
    assert not invitee.is_active and not invitee.has_usable_password()
    assert invitee.username == "nieuwe.collega@example.org"
    assert Membership.objects.filter(user=invitee, organisation=coalition.corporatie).exists()
    activity = Activity.objects.get(kind=Activity.Kind.INVITED)
    assert activity.region == coalition.region and activity.actor == coalition.trekker_user
    assert activity.after["user_id"] == invitee.pk
    message = mail.outbox[-1]
    assert message.to == ["nieuwe.collega@example.org"]
    assert message.subject == f"Uitnodiging: werk mee aan Wonen Eerst in {coalition.region.name}"
    assert "Beste Nina," in message.body
    assert f"namens {coalition.corporatie.name}" in message.body
    assert "3 dagen geldig" in message.body
    assert link.startswith("/uitnodiging/")


def test_invite_page_lists_pending_invitations(client, coalition):
    invite(client, coalition, email="wacht@example.org")
    client.force_login(coalition.trekker_user)
    content = client.get(reverse("regions:invite", args=[coalition.region.slug])).content.decode()
    assert "Nog niet aangenomen" in content and "wacht@example.org" in content


def test_accepting_sets_the_password_and_lands_in_the_region(client, coalition):
    link = invite(client, coalition)
    page = client.get(link)
    assert page.status_code == 200
    assert "Je gebruikersnaam is <strong>nieuwe.collega@example.org</strong>" in page.content.decode()
    response = client.post(link, {**PASSWORD, "first_name": "Nina", "last_name": "Nieuw"})
    assert response.status_code == 302
    assert response["Location"] == coalition.region.get_absolute_url()
    invitee = get_user_model().objects.get(email="nieuwe.collega@example.org")
    assert invitee.is_active and invitee.check_password(PASSWORD["new_password1"])
    assert invitee.get_full_name() == "Nina Nieuw"
    region_page = client.get(response["Location"])
    assert region_page.status_code == 200, "logged in, and the region is theirs"
    assert "Nina Nieuw" in region_page.content.decode()
    # Logging in later works with the username.
    client.logout()
    login = client.post(reverse("login"), {"username": invitee.username, "password": PASSWORD["new_password1"]})
    assert login.status_code == 302


def test_password_errors_are_dutch_and_change_nothing(client, coalition):
    link = invite(client, coalition)
    response = client.post(link, {"new_password1": "samen-wonen-eerst-2026", "new_password2": "iets-anders-2026"})
    assert response.status_code == 200
    assert "De twee wachtwoordvelden komen niet overeen." in response.content.decode()
    response = client.post(link, {"new_password1": "123", "new_password2": "123"})
    assert "Dit wachtwoord is te kort." in response.content.decode()
    assert not get_user_model().objects.get(email="nieuwe.collega@example.org").is_active


def test_a_used_link_fails_with_a_clear_message(client, coalition):
    link = invite(client, coalition)
    assert client.post(link, PASSWORD).status_code == 302
    client.logout()
    for response in (client.get(link), client.post(link, PASSWORD)):
        assert response.status_code == 400
        content = response.content.decode()
        assert "Deze uitnodigingslink werkt niet" in content
        assert "De link is al gebruikt" in content


def test_an_expired_link_fails_with_a_clear_message(client, coalition, settings):
    link = invite(client, coalition)
    later = datetime.datetime.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with mock.patch.object(InvitationTokenGenerator, "_now", return_value=later):
        response = client.get(link)
        assert response.status_code == 400
        assert "Deze uitnodiging is verlopen" in response.content.decode()
        assert client.post(link, PASSWORD).status_code == 400
    assert not get_user_model().objects.get(email="nieuwe.collega@example.org").is_active
    # Just before the end it still works.
    sooner = datetime.datetime.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT - 60)
    with mock.patch.object(InvitationTokenGenerator, "_now", return_value=sooner):
        assert client.get(link).status_code == 200


def test_an_old_token_by_its_timestamp_is_expired(client, coalition, settings):
    invite(client, coalition)
    invitee = get_user_model().objects.get(email="nieuwe.collega@example.org")
    old = invitation_token._num_seconds(invitation_token._now()) - settings.PASSWORD_RESET_TIMEOUT - 1
    token = invitation_token._make_token_with_timestamp(invitee, old, invitation_token.secret)
    response = client.get(reverse("regions:invitation_accept", args=[invitation_uid(invitee), token]))
    assert response.status_code == 400
    assert "verlopen" in response.content.decode()


@pytest.mark.parametrize(
    "forge",
    [
        lambda uid, token: (uid, token[:-1] + ("a" if token[-1] != "a" else "b")),
        lambda uid, token: (uid, "abc-" + "0" * 32),
        lambda uid, token: (uid, "zonder-streepje-en-" + "x" * 200),
        lambda uid, token: ("!!!", token),
        lambda uid, token: ("OTk5OTk5", token),  # user 999999
        lambda uid, token: ("bm90LWFuLWlk", token),  # "not-an-id"
    ],
)
def test_a_forged_link_fails_with_a_clear_message(client, coalition, forge):
    link = invite(client, coalition)
    _, _, uid, token, _ = link.split("/")
    uid, token = forge(uid, token)
    url = f"/uitnodiging/{uid}/{token}/"
    for response in (client.get(url), client.post(url, PASSWORD)):
        assert response.status_code == 400
        assert "Deze uitnodigingslink werkt niet" in response.content.decode()
    assert not get_user_model().objects.get(email="nieuwe.collega@example.org").is_active


def test_a_token_for_another_user_does_not_work(client, coalition):
    link = invite(client, coalition)
    other = factories.make_user(is_active=False)
    token = link.split("/")[3]
    response = client.get(reverse("regions:invitation_accept", args=[invitation_uid(other), token]))
    assert response.status_code == 400


def test_inviting_again_reuses_the_account(client, coalition):
    first = invite(client, coalition)
    second = invite(client, coalition, email="NIEUWE.COLLEGA@example.org")
    assert get_user_model().objects.filter(email__iexact="nieuwe.collega@example.org").count() == 1
    assert Membership.objects.filter(user__email="nieuwe.collega@example.org").count() == 1
    assert client.post(second, PASSWORD).status_code == 302
    client.logout()
    assert client.get(first).status_code == 400, "once one link is used, every earlier link is spent too"


def test_inviting_someone_with_an_account_adds_them_and_points_to_the_login(client, coalition):
    colleague = factories.make_user(email="bestaand@example.org")
    client.force_login(coalition.trekker_user)
    data = {"email": "bestaand@example.org", "organisation": coalition.corporatie.pk}
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("regions:invite", args=[coalition.region.slug]), data)
    assert Membership.objects.filter(user=colleague, organisation=coalition.corporatie).exists()
    body = mail.outbox[-1].body
    assert "Je hebt al een account" in body and "http://testserver/account/inloggen/" in body
    assert "/uitnodiging/" not in body


def test_invitation_service_checks_permission_and_organisation(coalition):
    request = RequestFactory().get("/")
    kwargs = {"region": coalition.region, "email": "x@example.org", "request": request}
    with pytest.raises(PermissionDenied):
        invitation_send(organisation=coalition.corporatie, user=coalition.advisor, **kwargs)
    with pytest.raises(PermissionDenied):
        invitation_send(organisation=coalition.corporatie, user=coalition.partner_user, **kwargs)
    with pytest.raises(PermissionDenied):
        invitation_send(organisation=coalition.zorg, user=coalition.trekker_user, **kwargs)
    assert not get_user_model().objects.filter(email="x@example.org").exists()
    assert not mail.outbox
