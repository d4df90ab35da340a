import datetime
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from phases.models import OrganisationType, Phase
from regions import permissions
from regions.models import Activity, Membership, Organisation, Partnership, PhaseChange, Region
from regions.services.history import activity_record
from regions.tokens import invitation_token, invitation_uid, valid_days
from wonen_eerst.mail import send_mail_later

NOT_TREKKER = "Alleen medewerkers van een trekker in deze regio kunnen dit wijzigen."
LAST_TREKKER = "Een regio heeft minstens één trekker nodig. Maak eerst een andere partner trekker."


def _keep_a_trekker(partnership: Partnership) -> None:
    """A region always keeps at least one trekker: someone must be able to manage its coalition."""
    others = Partnership.objects.select_for_update().filter(region_id=partnership.region_id, is_trekker=True)
    if partnership.is_trekker and not others.exclude(pk=partnership.pk).exists():
        raise ValidationError(LAST_TREKKER)


@transaction.atomic
def region_set_phase(*, region: Region, phase: Phase, started_on: datetime.date, user) -> Region:
    """Set the region's current phase and the date it began; the phase history keeps every change."""
    if not permissions.can_manage_coalition(user, region):
        raise PermissionDenied(NOT_TREKKER)
    region = Region.objects.select_for_update().get(pk=region.pk)
    before = {"phase": region.current_phase_id, "started_on": region.phase_started_on.isoformat()}
    if before == {"phase": phase.pk, "started_on": started_on.isoformat()}:
        return region
    region.current_phase = phase
    region.phase_started_on = started_on
    region.save(update_fields=["current_phase", "phase_started_on"])
    PhaseChange.objects.create(region=region, phase=phase, started_on=started_on, changed_by=user)
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.PHASE,
        summary=f"Huidige fase: {phase} (sinds {started_on:%d-%m-%Y})",
        before=before,
        after={"phase": phase.pk, "started_on": started_on.isoformat()},
        phase_id=phase.pk,
    )
    return region


@transaction.atomic
def partnership_add(
    *, region: Region, organisation: Organisation, user, is_trekker: bool = False, role: str = ""
) -> Partnership:
    if not permissions.can_manage_coalition(user, region):
        raise PermissionDenied(NOT_TREKKER)
    partnership, created = Partnership.objects.get_or_create(
        region=region, organisation=organisation, defaults={"is_trekker": is_trekker, "role": role}
    )
    if created:
        activity_record(
            region=region,
            actor=user,
            kind=Activity.Kind.PARTNER_ADDED,
            summary=f"Partner toegevoegd: {organisation}" + (" (trekker)" if is_trekker else ""),
            after={"organisation": organisation.name, "is_trekker": is_trekker},
            organisation_id=organisation.pk,
        )
    return partnership


@transaction.atomic
def partnership_remove(*, partnership: Partnership, user) -> None:
    region = partnership.region
    if not permissions.can_manage_coalition(user, region):
        raise PermissionDenied(NOT_TREKKER)
    _keep_a_trekker(partnership)
    organisation = partnership.organisation
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.PARTNER_REMOVED,
        summary=f"Partner verwijderd: {organisation}",
        before={"organisation": organisation.name, "is_trekker": partnership.is_trekker, "role": partnership.role},
        organisation_id=organisation.pk,
    )
    partnership.delete()
    permissions.forget(user)


@transaction.atomic
def partnership_set_trekker(*, partnership: Partnership, is_trekker: bool, user) -> Partnership:
    region = partnership.region
    if not permissions.can_manage_coalition(user, region):
        raise PermissionDenied(NOT_TREKKER)
    if partnership.is_trekker == is_trekker:
        return partnership
    if not is_trekker:
        _keep_a_trekker(partnership)
    before = {"is_trekker": partnership.is_trekker}
    partnership.is_trekker = is_trekker
    partnership.save(update_fields=["is_trekker"])
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.TREKKER,
        summary=f"{partnership.organisation} is {'nu' if is_trekker else 'geen'} trekker",
        before=before,
        after={"is_trekker": is_trekker},
        organisation_id=partnership.organisation_id,
    )
    permissions.forget(user)
    return partnership


@transaction.atomic
def partnership_set_role(*, partnership: Partnership, role: str, user) -> Partnership:
    """An organisation's own staff describe its role in the region, in their own words."""
    if not permissions.can_edit_role(user, partnership):
        raise PermissionDenied("Alleen medewerkers van deze organisatie kunnen haar rol beschrijven.")
    partnership = (
        Partnership.objects.select_for_update().select_related("organisation", "region").get(pk=partnership.pk)
    )
    if partnership.role == role:
        return partnership
    before = {"role": partnership.role}
    partnership.role = role
    partnership.save(update_fields=["role"])
    activity_record(
        region=partnership.region,
        actor=user,
        kind=Activity.Kind.ROLE,
        summary=f"Rol van {partnership.organisation} beschreven",
        before=before,
        after={"role": role},
        organisation_id=partnership.organisation_id,
    )
    return partnership


@transaction.atomic
def partnership_add_new_organisation(
    *, region: Region, name: str, organisation_type: OrganisationType, user, is_trekker: bool = False
) -> Partnership:
    """Add an organisation that may not exist yet: one of that name and type is reused."""
    if not permissions.can_manage_coalition(user, region):
        raise PermissionDenied(NOT_TREKKER)
    organisation = Organisation.objects.filter(name__iexact=name, type=organisation_type).first()
    if organisation is None:
        organisation = Organisation.objects.create(name=name, type=organisation_type)
    return partnership_add(region=region, organisation=organisation, user=user, is_trekker=is_trekker)


def _free_username(email: str) -> str:
    User = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", email.lower())[:140] or "collega"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


@transaction.atomic
def invitation_send(
    *, region: Region, organisation: Organisation, email: str, user, request, first_name: str = "", last_name: str = ""
):
    """Invite a colleague by e-mail to work for a partner organisation in the region.

    A new person becomes an inactive user without a usable password, with a Membership; the e-mail
    holds a one-time link that expires (regions.tokens). Someone who already has an account is added
    to the organisation and gets an e-mail pointing to the login page. Returns the invited user.
    """
    if not permissions.can_manage_coalition(user, region):
        raise PermissionDenied(NOT_TREKKER)
    if not Partnership.objects.filter(region=region, organisation=organisation).exists():
        raise PermissionDenied("Je kunt alleen collega's uitnodigen voor een partnerorganisatie van deze regio.")
    User = get_user_model()
    email = User.objects.normalize_email(email.strip())
    invitee = User.objects.filter(email__iexact=email).order_by("pk").first()
    if invitee is None:
        invitee = User(
            username=_free_username(email), email=email, first_name=first_name, last_name=last_name, is_active=False
        )
        invitee.set_unusable_password()
        invitee.save()
    Membership.objects.get_or_create(user=invitee, organisation=organisation)
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.INVITED,
        summary=f"Collega uitgenodigd voor {organisation}: {email}",
        after={"email": email, "user_id": invitee.pk, "organisation": organisation.name},
        organisation_id=organisation.pk,
    )
    if invitee.is_active:
        link = request.build_absolute_uri(reverse("login"))
    else:
        path = reverse(
            "regions:invitation_accept", args=[invitation_uid(invitee), invitation_token.make_token(invitee)]
        )
        link = request.build_absolute_uri(path)
    context = {
        "region": region,
        "organisation": organisation,
        "inviter": user,
        "invitee": invitee,
        "link": link,
        "days": valid_days(),
    }
    subject = render_to_string("regions/invite_email_subject.txt", context).strip()
    send_mail_later(subject, render_to_string("regions/invite_email.txt", context), [email])
    return invitee


@transaction.atomic
def invitation_accept(*, invitee, password: str, first_name: str = "", last_name: str = ""):
    """The invited person sets a password: the account becomes active and the link is spent.

    Returns the region the person was invited for (the latest invitation), or None.
    """
    invitee.set_password(password)
    invitee.is_active = True
    invitee.first_name = first_name or invitee.first_name
    invitee.last_name = last_name or invitee.last_name
    invitee.save()
    invitation = (
        Activity.objects.filter(kind=Activity.Kind.INVITED, after__user_id=invitee.pk).select_related("region").first()
    )
    return invitation.region if invitation else None
