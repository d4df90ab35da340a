import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from phases.models import OrganisationType, Phase
from regions import permissions
from regions.models import Activity, Organisation, Partnership, PhaseChange, Region
from regions.services.history import activity_record

NOT_TREKKER = "Alleen medewerkers van een trekker in deze regio kunnen dit wijzigen."
LAST_TREKKER = "Een regio heeft minstens één trekker nodig. Maak eerst een andere partner trekker."
GONE = "Deze organisatie is intussen geen partner meer in deze regio."


def _coalition_locked(partnership: Partnership, user) -> Partnership | None:
    """Wait until no other change to the region's partners is under way, check again that ``user`` may manage the
    coalition as it is now, and return the partnership as it is now (None when it was removed meanwhile). Call
    inside the transaction of the change.

    Every change of a region's partners or trekkers first locks the region's row, so that such changes in one
    region happen one after another, each seeing what the one before did, and take their locks in one order: two
    trekkers demoting or removing each other at the same moment cannot deadlock, nor leave the region without a
    trekker. The lock is FOR NO KEY UPDATE: ticks and history entries, which only refer to the region, go on."""
    list(Region.objects.select_for_update(no_key=True).filter(pk=partnership.region_id).values_list("pk"))
    # Asked after the lock: the change that went first may have made this user's organisation no trekker.
    if not permissions.can_manage_coalition(permissions.access_for(user, partnership.region)):
        raise PermissionDenied(NOT_TREKKER)
    return Partnership.objects.select_related("organisation", "region").filter(pk=partnership.pk).first()


def _keep_a_trekker(partnership: Partnership) -> None:
    """A region always keeps at least one trekker: someone must be able to manage its coalition. Call with the
    coalition locked (``_coalition_locked``)."""
    others = Partnership.objects.filter(region_id=partnership.region_id, is_trekker=True).exclude(pk=partnership.pk)
    if partnership.is_trekker and not others.exists():
        raise ValidationError(LAST_TREKKER)


@transaction.atomic
def region_set_phase(*, region: Region, phase: Phase, started_on: datetime.date, user) -> Region:
    """Set the region's current phase and the date it began; the phase history keeps every change."""
    if not permissions.can_manage_coalition(permissions.access_for(user, region)):
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
    if not permissions.can_manage_coalition(permissions.access_for(user, region)):
        raise PermissionDenied(NOT_TREKKER)
    partnership, created = Partnership.objects.get_or_create(
        region=region, organisation=organisation, defaults={"is_trekker": is_trekker, "role": role}
    )
    if created:
        partnership_record_added(partnership=partnership, user=user)
    return partnership


@transaction.atomic
def partnership_add_in_admin(*, partnership: Partnership, user) -> Partnership:
    """A partner added in /beheer/ while a region is set up (the admin has checked the add permission): saved, with
    its line in the region's history as when a trekker adds one."""
    partnership.save()
    partnership_record_added(partnership=partnership, user=user)
    return partnership


def partnership_record_added(*, partnership: Partnership, user) -> None:
    """The line in the region's history for a partner just added (by a trekker, in /beheer/ or by an import)."""
    organisation = partnership.organisation
    activity_record(
        region=partnership.region,
        actor=user,
        kind=Activity.Kind.PARTNER_ADDED,
        summary=f"Partner toegevoegd: {organisation}" + (" (trekker)" if partnership.is_trekker else ""),
        after={"organisation": organisation.name, "is_trekker": partnership.is_trekker},
        organisation_id=organisation.pk,
    )


@transaction.atomic
def partnership_remove(*, partnership: Partnership, user) -> None:
    region = partnership.region
    if not permissions.can_manage_coalition(permissions.access_for(user, region)):
        raise PermissionDenied(NOT_TREKKER)
    partnership = _coalition_locked(partnership, user)
    if partnership is None:
        return  # removed meanwhile by someone else, who recorded it
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


@transaction.atomic
def partnership_set_trekker(*, partnership: Partnership, is_trekker: bool, user) -> Partnership:
    region = partnership.region
    if not permissions.can_manage_coalition(permissions.access_for(user, region)):
        raise PermissionDenied(NOT_TREKKER)
    partnership = _coalition_locked(partnership, user)
    if partnership is None:
        raise ValidationError(GONE)
    if partnership.is_trekker == is_trekker:
        return partnership
    if not is_trekker:
        _keep_a_trekker(partnership)
    partnership.is_trekker = is_trekker
    partnership.save(update_fields=["is_trekker"])
    partnership_record_trekker(partnership=partnership, user=user)
    return partnership


def partnership_record_trekker(*, partnership: Partnership, user) -> None:
    """The line in the region's history for a partner whose trekker flag was just turned to what it is now."""
    is_trekker = partnership.is_trekker
    activity_record(
        region=partnership.region,
        actor=user,
        kind=Activity.Kind.TREKKER,
        summary=f"{partnership.organisation} is {'nu' if is_trekker else 'geen'} trekker",
        before={"is_trekker": not is_trekker},
        after={"is_trekker": is_trekker},
        organisation_id=partnership.organisation_id,
    )


@transaction.atomic
def partnership_set_role(*, partnership: Partnership, role: str, user) -> Partnership:
    """An organisation's own staff describe its role in the region, in their own words."""
    if not permissions.can_edit_role(user, partnership):
        raise PermissionDenied("Alleen medewerkers van deze organisatie kunnen haar rol beschrijven.")
    partnership = (
        Partnership.objects.select_for_update(of=("self",))
        .select_related("organisation", "region")
        .get(pk=partnership.pk)
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
    if not permissions.can_manage_coalition(permissions.access_for(user, region)):
        raise PermissionDenied(NOT_TREKKER)
    organisation = Organisation.objects.filter(name__iexact=name, type=organisation_type).first()
    if organisation is None:
        organisation = Organisation.objects.create(name=name, type=organisation_type)
    return partnership_add(region=region, organisation=organisation, user=user, is_trekker=is_trekker)
