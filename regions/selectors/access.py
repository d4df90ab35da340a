""" "This person and this region": fetched once per request, passed on as a value.

Every region view starts with ``region_access(request, slug)``: the region when the person may see it (else a
404), with the person's own organisations among its partners and whether one of them is a trekker. Services ask
``access_for(user, region)`` for the same answer. Nothing is kept on the user object or between requests.
"""

from dataclasses import dataclass

from django.http import Http404

from regions.models import ADVISOR_PERMISSION, Membership, Partnership, Region


@dataclass(frozen=True)
class RegionAccess:
    region: Region
    organisation_ids: frozenset[int]  # the person's own organisations among the region's partners
    is_trekker: bool  # one of them is a trekker in the region
    is_advisor: bool  # the Versnellingsteam (or a superuser): sees every region, changes nothing of it

    @property
    def is_partner(self) -> bool:
        return bool(self.organisation_ids)


def signed_in(user) -> bool:
    """An active account: a deactivated one has no access, whatever its memberships say."""
    return user.is_authenticated and user.is_active


def is_advisor(user) -> bool:
    return signed_in(user) and user.has_perm(ADVISOR_PERMISSION)


def user_organisation_ids(user) -> frozenset[int]:
    """The organisations a person works for: one query."""
    if not signed_in(user):
        return frozenset()
    return frozenset(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))


def _partner_rows(user, **region_lookup) -> list[Partnership]:
    """The region's partnerships of the person's own organisations, with the region: one query."""
    return list(
        Partnership.objects.filter(organisation__memberships__user=user, **region_lookup)
        .select_related("region__current_phase")
        .order_by()
    )


def _access(region: Region, rows: list[Partnership], advisor: bool) -> RegionAccess:
    return RegionAccess(
        region=region,
        organisation_ids=frozenset(row.organisation_id for row in rows),
        is_trekker=any(row.is_trekker for row in rows),
        is_advisor=advisor,
    )


def region_access(request, slug: str) -> RegionAccess:
    """The region with this slug and what the signed-in person is in it; a 404 when they may not see it.

    Partner staff: one query. The Versnellingsteam: the region in a second one."""
    user = request.user
    if not signed_in(user):
        raise Http404("Deze regio bestaat niet of je hebt er geen toegang toe.")
    rows = _partner_rows(user, region__slug=slug)
    if rows:
        return _access(rows[0].region, rows, is_advisor(user))
    if is_advisor(user):
        region = Region.objects.select_related("current_phase").filter(slug=slug).first()
        if region is not None:
            return _access(region, [], True)
    raise Http404("Deze regio bestaat niet of je hebt er geen toegang toe.")


def access_for(user, region: Region) -> RegionAccess:
    """What ``user`` is in ``region`` (a region already fetched): one query, none for anonymous."""
    if not signed_in(user):
        return RegionAccess(region, frozenset(), False, False)
    rows = list(
        Partnership.objects.filter(region=region, organisation__memberships__user=user).only(
            "organisation_id", "is_trekker"
        )
    )
    return _access(region, rows, is_advisor(user))
