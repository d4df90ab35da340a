"""People of organisations: who works where, open invitations, and the Versnellingsteam's approval queue."""

from django.db.models import Exists, OuterRef, Q

from regions import permissions
from regions.models import Invitation, Membership, Organisation, Partnership
from regions.selectors.access import RegionAccess

PENDING = (Invitation.Status.OPEN, Invitation.Status.AWAITING_APPROVAL)


def organisations_to_invite_into(access: RegionAccess):
    """The region's partners the person may invite someone into: their own organisations, and, for a trekker, the
    partners that have nobody in the portal yet."""
    partners = Organisation.objects.filter(partnerships__region=access.region).select_related("type")
    own = Q(pk__in=access.organisation_ids)
    if not permissions.can_manage_coalition(access):
        return partners.filter(own)
    return partners.filter(own | ~Exists(Membership.objects.filter(organisation=OuterRef("pk"))))


def pending_invitations(organisations):
    """Open invitations and those waiting for approval, for these organisations, newest first."""
    return list(
        Invitation.objects.filter(organisation__in=organisations, status__in=PENDING).select_related(
            "organisation", "region", "invited_by"
        )
    )


def members(organisation: Organisation):
    return list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )


def approval_queue() -> list[dict]:
    """Invitations waiting for the Versnellingsteam, oldest first, each with the other regions it would reach."""
    waiting = list(
        Invitation.objects.filter(status=Invitation.Status.AWAITING_APPROVAL)
        .select_related("organisation__type", "region", "invited_by")
        .order_by("created_at", "id")
    )
    partnerships = Partnership.objects.filter(organisation__in=[i.organisation_id for i in waiting]).select_related(
        "region"
    )
    regions_by_organisation = {}
    for partnership in partnerships.order_by("region__name"):
        regions_by_organisation.setdefault(partnership.organisation_id, []).append(partnership.region)
    return [
        {
            "invitation": invitation,
            "other_regions": [
                r for r in regions_by_organisation.get(invitation.organisation_id, []) if r.pk != invitation.region_id
            ],
        }
        for invitation in waiting
    ]
