"""Regions and their partners from a checked spreadsheet (``regions.regions_io``), all at once or nothing.

What the import changes is worked out again inside the transaction, with the regions it names locked as every change
of a region's partners locks them (``regions.services.coalition``): new regions (in phase 1 from today), changed
centrumgemeenten, new organisations, new partners and changed trekker flags, each with its line in the region's
history as when a trekker makes the change. Nothing that is not in the file is changed or removed. When the portal's
data refuses a row meanwhile, nothing is saved and the plan says why.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from phases.models import Phase
from regions import permissions
from regions.models import Activity, Organisation, Partnership, PhaseChange, Region
from regions.selectors.region_import import Change, ImportPlan, name_key, region_import_plan
from regions.services.coalition import partnership_record_added, partnership_record_trekker
from regions.services.history import activity_record

NOT_SUPERUSER = "Alleen beheerders (superusers) kunnen regio's en partners importeren."


@transaction.atomic
def regions_import(*, rows, user) -> ImportPlan:
    """Carry out the import of checked rows (``PartnerRow``); ``user`` is a superuser, or None for the command line.
    Returns the plan it carried out; when ``plan.errors`` is not empty, nothing was saved."""
    if user is not None and not permissions.can_import_regions(user):
        raise PermissionDenied(NOT_SUPERUSER)
    names = {name_key(row.region) for row in rows}
    ids = [region.pk for region in Region.objects.only("pk", "name") if name_key(region.name) in names]
    list(Region.objects.select_for_update(no_key=True).filter(pk__in=ids).order_by("pk").values_list("pk"))
    plan = region_import_plan(rows)
    if plan.errors:
        return plan
    regions, organisations = dict(plan.regions), dict(plan.organisations)
    for change in plan.changes:
        row, region_key, organisation_key = change.row, name_key(change.row.region), name_key(change.row.organisation)
        if change.kind == "regio":
            regions[region_key] = _region_create(change, user)
        elif change.kind == "centrumgemeente":
            _region_set_centrumgemeente(change, user)
        elif change.kind == "organisatie":
            organisations[organisation_key] = Organisation.objects.create(name=row.organisation, type=row.type)
        elif change.kind == "partner":
            partnership = Partnership.objects.create(
                region=regions[region_key], organisation=organisations[organisation_key], is_trekker=row.is_trekker
            )
            partnership_record_added(partnership=partnership, user=user)
        elif change.kind == "trekker":
            partnership = change.existing
            partnership.is_trekker = row.is_trekker
            partnership.save(update_fields=["is_trekker"])
            partnership_record_trekker(partnership=partnership, user=user)
    return plan


def _region_create(change: Change, user) -> Region:
    row, today = change.row, timezone.localdate()
    phase = Phase.objects.order_by("number").first()
    region = Region.objects.create(
        name=row.region,
        slug=slugify(row.region),
        centrumgemeente=row.centrumgemeente,
        current_phase=phase,
        phase_started_on=today,
    )
    PhaseChange.objects.create(region=region, phase=phase, started_on=today, changed_by=user)
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.REGION,
        summary=f"Regio aangemaakt (import): centrumgemeente {region.centrumgemeente}, {phase} vanaf {today:%d-%m-%Y}",
        after={
            "name": region.name,
            "centrumgemeente": region.centrumgemeente,
            "phase": phase.pk,
            "started_on": today.isoformat(),
        },
        phase_id=phase.pk,
    )
    return region


def _region_set_centrumgemeente(change: Change, user) -> None:
    region, centrumgemeente = change.existing, change.row.centrumgemeente
    before = region.centrumgemeente
    region.centrumgemeente = centrumgemeente
    region.save(update_fields=["centrumgemeente"])
    activity_record(
        region=region,
        actor=user,
        kind=Activity.Kind.REGION,
        summary=f"Centrumgemeente: {centrumgemeente} (was {before}) (import)",
        before={"centrumgemeente": before},
        after={"centrumgemeente": centrumgemeente},
    )
