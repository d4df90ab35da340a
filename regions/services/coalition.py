import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction

from phases.models import Phase
from regions import permissions
from regions.models import Activity, Organisation, Partnership, PhaseChange, Region
from regions.services.history import activity_record

NOT_TREKKER = "Alleen medewerkers van een trekker in deze regio kunnen dit wijzigen."


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
