"""People and their organisations: invitations, approvals, joining, leaving.

An organisation governs its own people. A person joins an organisation only by accepting an invitation from
someone who works for it, or, for an organisation with nobody in the portal yet, from a trekker of a region where
it is a partner; when that organisation is also a partner in another region, a Versnellingsteam advisor approves
that invitation first. An existing account is never attached silently: its owner accepts while logged in as
themselves. Every step is recorded in the history of each region the organisation is a partner in.
"""

import datetime
import hashlib
import re
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from regions import permissions
from regions.models import Activity, Invitation, Membership, Organisation, Partnership, Region
from regions.selectors.checklists import person_name
from regions.services.advice import site_url
from regions.services.history import activity_entry, activity_record_many
from regions.services.throttle import throttle_take
from wonen_eerst.mail import send_mail_later

Status = Invitation.Status
PENDING = (Status.OPEN, Status.AWAITING_APPROVAL)
INVITATIONS_PER_HOUR = 20

NOT_OWN_PEOPLE = (
    "Alleen medewerkers van {organisation} kunnen collega's uitnodigen. Vraag iemand van {organisation} om de "
    "uitnodiging te versturen."
)
DEACTIVATED = (
    "Voor dit e-mailadres bestaat een account dat is uitgeschakeld. De uitnodiging is niet verstuurd; neem contact op "
    "met beheer."
)
REASON_NEEDED = (
    "{organisation} is ook partner in een andere regio. Schrijf waarom deze persoon erbij moet: het Versnellingsteam "
    "keurt de uitnodiging eerst goed."
)


class InvitationRefused(ValidationError):
    """An invitation that cannot be sent, resent or accepted now; the message is Dutch and meant for the person."""


def valid_days() -> int:
    """How many days an invitation link stays valid."""
    return settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def name_of(user) -> str:
    return person_name(user) or "iemand"


def regions_of(organisation: Organisation, also: Region | None = None) -> list[Region]:
    """Every region the organisation is a partner in (and ``also``): where a change to its people is recorded."""
    regions = {p.region for p in Partnership.objects.filter(organisation=organisation).select_related("region")}
    if also is not None:
        regions.add(also)
    return sorted(regions, key=lambda region: region.name)


def _record_everywhere(invitation_or_org, *, actor, kind, summary, before=None, after=None, region=None) -> None:
    organisation = getattr(invitation_or_org, "organisation", invitation_or_org)
    entries = [
        activity_entry(
            region=each,
            actor=actor,
            kind=kind,
            summary=summary,
            before=before,
            after=after,
            organisation_id=organisation.pk,
        )
        for each in regions_of(organisation, also=region)
    ]
    activity_record_many(entries)


def _state(invitation: Invitation) -> dict:
    """What the history keeps of an invitation: never the account behind the address."""
    name = f"{invitation.first_name} {invitation.last_name}".strip()
    return {"invitation": invitation.pk, "email": invitation.email, "name": name, "status": invitation.status}


def _send_link(invitation: Invitation) -> None:
    """A fresh secret link, e-mailed after the transaction commits; the old link stops working."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["token_hash", "sent_at", "status"])
    context = {
        "invitation": invitation,
        "inviter": name_of(invitation.invited_by),
        "link": site_url(reverse("regions:invitation", args=[token])),
        "days": valid_days(),
    }
    subject = render_to_string("regions/email/invitation_subject.txt", context).strip()
    body = render_to_string("regions/email/invitation.txt", context)
    send_mail_later(subject, body, [invitation.email])


def _throttle(user) -> None:
    if not throttle_take(f"invite:{user.pk}", limit=INVITATIONS_PER_HOUR, window=datetime.timedelta(hours=1)):
        raise InvitationRefused(
            f"Je hebt het afgelopen uur al {INVITATIONS_PER_HOUR} uitnodigingen verstuurd. Er is nu niets verstuurd; "
            "probeer het over een uur opnieuw."
        )


def _check_address(email: str, organisation: Organisation) -> None:
    User = get_user_model()
    accounts = list(User.objects.filter(email__iexact=email))
    if accounts and not any(account.is_active for account in accounts):
        raise InvitationRefused(DEACTIVATED)
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email, user__is_active=True).exists():
        raise InvitationRefused(f"Dit e-mailadres werkt al voor {organisation} in het portaal.")
    if Invitation.objects.filter(organisation=organisation, email__iexact=email, status__in=PENDING).exists():
        raise InvitationRefused(
            f"Er staat al een uitnodiging open voor dit adres bij {organisation}. Je kunt die opnieuw versturen "
            "op de pagina met de mensen van de organisatie."
        )


def may_invite(user, organisation: Organisation, region: Region | None) -> str | None:
    """How ``user`` may invite someone into ``organisation``: "own" (they work for it), "trekker" (it has nobody yet
    and they are a trekker of ``region``, where it is a partner), or None."""
    if permissions.works_for(user, organisation):
        return "own"
    if region is not None and permissions.can_start_organisation(permissions.access_for(user, region), organisation):
        return "trekker"
    return None


@transaction.atomic
def invitation_send(
    *,
    organisation: Organisation,
    email: str,
    user,
    region: Region | None = None,
    reason: str = "",
    first_name: str = "",
    last_name: str = "",
) -> Invitation:
    """Invite an address into an organisation. Returns the invitation: open (e-mailed) or waiting for approval."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()  # one invitation decision at a time
    how = may_invite(user, organisation, region)
    if how is None:
        raise PermissionDenied(NOT_OWN_PEOPLE.format(organisation=organisation))
    email = get_user_model().objects.normalize_email(email.strip())
    _check_address(email, organisation)
    approval = how == "trekker" and permissions.needs_approval(organisation, region)
    if approval and not reason.strip():
        raise InvitationRefused(REASON_NEEDED.format(organisation=organisation))
    _throttle(user)
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        region=region,
        invited_by=user,
        by_trekker=how == "trekker",
        first_name=first_name,
        last_name=last_name,
        reason=reason.strip(),
        status=Status.AWAITING_APPROVAL if approval else Status.OPEN,
    )
    if approval:
        summary = f"Uitnodiging voor {organisation} wacht op goedkeuring van het Versnellingsteam: {email}"
        _record_everywhere(
            invitation, actor=user, kind=Activity.Kind.INVITATION, summary=summary, after=_state(invitation)
        )
    else:
        _send_link(invitation)
        summary = f"Collega uitgenodigd voor {organisation}: {email}"
        _record_everywhere(
            invitation, actor=user, kind=Activity.Kind.INVITED, summary=summary, after=_state(invitation), region=region
        )
    return invitation


def _may_manage(user, invitation: Invitation) -> bool:
    """The organisation's own staff, and whoever sent a trekker's invitation, manage a pending invitation."""
    return permissions.can_manage_people(user, invitation.organisation) or (
        invitation.by_trekker and invitation.invited_by_id == user.pk
    )


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "region", "invited_by")
        .get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, user) -> Invitation:
    """A new link for an open (or expired) invitation; the old link stops working."""
    invitation = _locked(invitation)
    if not _may_manage(user, invitation):
        raise PermissionDenied(NOT_OWN_PEOPLE.format(organisation=invitation.organisation))
    if invitation.status != Status.OPEN:
        raise InvitationRefused(
            f"Deze uitnodiging is {invitation.get_state_display().lower()}; opnieuw sturen kan niet."
        )
    _throttle(user)
    _send_link(invitation)
    return invitation


def _decide(invitation: Invitation, user, status: str, summary: str) -> Invitation:
    before = _state(invitation)
    invitation.status = status
    invitation.decided_by = user
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_by", "decided_at"])
    _record_everywhere(
        invitation,
        actor=user,
        kind=Activity.Kind.INVITATION,
        summary=summary,
        before=before,
        after=_state(invitation),
        region=invitation.region,
    )
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, user) -> Invitation:
    invitation = _locked(invitation)
    if not _may_manage(user, invitation):
        raise PermissionDenied(NOT_OWN_PEOPLE.format(organisation=invitation.organisation))
    if invitation.status not in PENDING:
        raise InvitationRefused(f"Deze uitnodiging is al {invitation.get_state_display().lower()}.")
    return _decide(
        invitation,
        user,
        Status.WITHDRAWN,
        f"Uitnodiging voor {invitation.organisation} ingetrokken: {invitation.email}",
    )


def _awaiting_decision(invitation: Invitation, user) -> Invitation:
    """The invitation, locked, when ``user`` may decide on it and it still waits for that decision."""
    if not permissions.can_advise(user):
        raise PermissionDenied("Alleen het Versnellingsteam keurt uitnodigingen goed of af.")
    invitation = _locked(invitation)
    if invitation.status != Status.AWAITING_APPROVAL:
        raise InvitationRefused(f"Deze uitnodiging is al {invitation.get_state_display().lower()}.")
    return invitation


@transaction.atomic
def invitation_approve(*, invitation: Invitation, user) -> Invitation:
    """The Versnellingsteam agrees that a trekker's invitation may bring a first person into the organisation."""
    invitation = _decide(
        _awaiting_decision(invitation, user),
        user,
        Status.OPEN,
        f"Uitnodiging voor {invitation.organisation} goedgekeurd door het Versnellingsteam: {invitation.email}",
    )
    _send_link(invitation)
    return invitation


@transaction.atomic
def invitation_refuse(*, invitation: Invitation, user) -> Invitation:
    return _decide(
        _awaiting_decision(invitation, user),
        user,
        Status.REFUSED,
        f"Uitnodiging voor {invitation.organisation} afgewezen door het Versnellingsteam: {invitation.email}",
    )


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("organisation", "region", "invited_by")
        .filter(token_hash=token_hash(token))
        .first()
    )


def _still_consented(invitation: Invitation) -> None:
    """A trekker's invitation holds only while the organisation still has nobody, and, where it works in another
    region too, once the Versnellingsteam approved it."""
    if not invitation.by_trekker:
        return
    organisation = invitation.organisation
    if Membership.objects.filter(organisation=organisation).exists():
        raise InvitationRefused(
            f"{organisation} heeft inmiddels eigen medewerkers in het portaal. Vraag hen om je uit te nodigen."
        )
    if invitation.decided_at is None and permissions.needs_approval(organisation, invitation.region):
        raise InvitationRefused(
            f"{organisation} is inmiddels ook partner in een andere regio; deze uitnodiging moet opnieuw worden "
            "verstuurd en door het Versnellingsteam worden goedgekeurd."
        )


def _acceptable(invitation: Invitation) -> None:
    if invitation.state == Status.EXPIRED:
        raise InvitationRefused(f"Deze uitnodiging is verlopen: een link is {valid_days()} dagen geldig.")
    if invitation.status == Status.AWAITING_APPROVAL:
        raise InvitationRefused("Deze uitnodiging wacht nog op goedkeuring van het Versnellingsteam.")
    if invitation.status != Status.OPEN:
        raise InvitationRefused(f"Deze uitnodiging is {invitation.get_state_display().lower()}.")
    _still_consented(invitation)


def _join(invitation: Invitation, person) -> Membership:
    before = _state(invitation)
    membership, _ = Membership.objects.get_or_create(user=person, organisation=invitation.organisation)
    invitation.status = Status.ACCEPTED
    invitation.accepted_by = person
    invitation.accepted_at = timezone.now()
    invitation.token_hash = ""
    invitation.save(update_fields=["status", "accepted_by", "accepted_at", "token_hash"])
    _record_everywhere(
        invitation,
        actor=person,
        kind=Activity.Kind.MEMBER_JOINED,
        summary=f"{name_of(person)} werkt nu voor {invitation.organisation} (uitgenodigd door "
        f"{name_of(invitation.invited_by)})",
        before=before,
        after=_state(invitation),
        region=invitation.region,
    )
    return membership


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """The owner of an existing account accepts, logged in as themselves."""
    invitation = _locked(invitation)
    _acceptable(invitation)
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(
            f"Deze uitnodiging is voor {invitation.email}. Log in met het account van dat adres om hem te aanvaarden."
        )
    if permissions.is_advisor(user):
        raise InvitationRefused(
            "Als adviseur van het Versnellingsteam kun je geen medewerker van een partnerorganisatie worden: "
            "het Versnellingsteam adviseert, de regio houdt het eigenaarschap."
        )
    return _join(invitation, user)


def _free_username(email: str) -> str:
    User = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", email.lower())[:140] or "collega"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def account_for(invitation: Invitation):
    """The account that has the invitation's address, if any (active or not)."""
    return get_user_model().objects.filter(email__iexact=invitation.email).order_by("-is_active", "pk").first()


@transaction.atomic
def invitation_accept_new(*, invitation: Invitation, password: str | None, first_name: str = "", last_name: str = ""):
    """Someone without an account accepts: the account is made, active, with the chosen password (None: no password,
    for someone who logs in with their organisation's own account). Returns it."""
    invitation = _locked(invitation)
    _acceptable(invitation)
    if account_for(invitation) is not None:
        raise InvitationRefused("Voor dit adres bestaat al een account. Log in om de uitnodiging te aanvaarden.")
    person = get_user_model()(
        username=_free_username(invitation.email),
        email=invitation.email,
        first_name=first_name or invitation.first_name,
        last_name=last_name or invitation.last_name,
    )
    if password is None:
        person.set_unusable_password()
    else:
        person.set_password(password)
    person.save()
    _join(invitation, person)
    return person


@transaction.atomic
def membership_remove(*, membership: Membership, user) -> None:
    """A colleague removes someone from the organisation (or a person leaves it): access through it ends at once;
    the history keeps what they did."""
    organisation = membership.organisation
    leaving = membership.user_id == user.pk and user.is_active
    if not (leaving or permissions.can_manage_people(user, organisation)):
        raise PermissionDenied(f"Alleen medewerkers van {organisation} kunnen collega's verwijderen.")
    person = membership.user
    summary = f"{name_of(person)} werkt niet meer voor {organisation} in het portaal" + (
        "" if leaving else f" (verwijderd door {name_of(user)})"
    )
    _record_everywhere(
        organisation,
        actor=user,
        kind=Activity.Kind.MEMBER_LEFT,
        summary=summary,
        before={"person": name_of(person), "organisation": organisation.name},
    )
    membership.delete()
