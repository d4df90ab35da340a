"""One place that answers "may this user do this here?".

Views fetch objects through scoped querysets (``Region.objects.visible_to(user)``) so that someone
else's region is a 404; these functions then decide about changes. Templates may use them to hide
buttons, but every view and service checks again.

- Partner staff (a Membership in an organisation that is a partner in the region) see the region and
  change its progress; they describe their own organisation's role.
- Staff of a *trekker* organisation also manage partners, trekkers and the region's current phase,
  and invite colleagues.
- The Versnellingsteam (permission ``regions.view_all_regions``) sees every region, read-only:
  *het eigenaarschap van de opgave blijft altijd bij de regio zelf*. It writes reviews and answers
  support requests.
"""

from django.contrib.auth.models import AnonymousUser

from regions.models import ADVISOR_PERMISSION, Membership, Partnership, Region


def organisation_ids(user) -> frozenset[int]:
    """The organisations a user works for; cached on the user object for the request."""
    if isinstance(user, AnonymousUser) or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_we_organisation_ids", None)
    if cached is None:
        cached = frozenset(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        user._we_organisation_ids = cached
    return cached


def _partner_rows(user, region: Region) -> list[tuple[int, bool]]:
    cache = getattr(user, "_we_partner_rows", None)
    if cache is None:
        cache = user._we_partner_rows = {}
    if region.pk not in cache:
        cache[region.pk] = list(
            Partnership.objects.filter(region=region, organisation_id__in=organisation_ids(user)).values_list(
                "organisation_id", "is_trekker"
            )
        )
    return cache[region.pk]


def partner_region(user, slug: str) -> Region | None:
    """The region with this slug when the user works for one of its partners, else None; one query,
    and the answers of the functions below for this region come with it (no further queries)."""
    if not user.is_authenticated:
        return None
    rows = list(
        Partnership.objects.filter(region__slug=slug, organisation__memberships__user=user)
        .select_related("region__current_phase")
        .order_by()  # any order will do: no sort, and no join to the organisation types for it
    )
    if not rows:
        return None
    region = rows[0].region
    if getattr(user, "_we_partner_rows", None) is None:
        user._we_partner_rows = {}
    user._we_partner_rows[region.pk] = [(row.organisation_id, row.is_trekker) for row in rows]
    return region


def forget(user) -> None:
    """Drop the per-request caches after memberships or partnerships changed."""
    for name in ("_we_organisation_ids", "_we_partner_rows"):
        if hasattr(user, name):
            delattr(user, name)


def is_advisor(user) -> bool:
    return user.is_authenticated and user.has_perm(ADVISOR_PERMISSION)


def is_partner_staff(user, region: Region) -> bool:
    return user.is_authenticated and bool(_partner_rows(user, region))


def region_organisation_ids(user, region: Region) -> set[int]:
    """The user's own organisations among the region's partners."""
    return {organisation_id for organisation_id, _ in _partner_rows(user, region)} if user.is_authenticated else set()


def is_trekker_staff(user, region: Region) -> bool:
    return user.is_authenticated and any(is_trekker for _, is_trekker in _partner_rows(user, region))


def can_view_region(user, region: Region) -> bool:
    return is_advisor(user) or is_partner_staff(user, region)


def can_change_progress(user, region: Region) -> bool:
    """Ticks, notes and links: the region's own partners only; advisors advise, they do not tick."""
    return is_partner_staff(user, region)


def can_manage_coalition(user, region: Region) -> bool:
    """Partners, trekkers, the current phase, invitations: staff of a trekker organisation."""
    return is_trekker_staff(user, region)


def can_edit_role(user, partnership: Partnership) -> bool:
    """An organisation describes its own role, in its own words."""
    return user.is_authenticated and partnership.organisation_id in organisation_ids(user)


def can_request_support(user, region: Region) -> bool:
    return is_partner_staff(user, region)


def can_advise(user) -> bool:
    """Reviews and answers to support requests: the Versnellingsteam."""
    return is_advisor(user)


def can_enter_figures(user, region: Region) -> bool:
    """Key figures (kengetallen): the region's partner staff enter values; advisors read them."""
    return is_partner_staff(user, region)


def can_set_targets(user, region: Region) -> bool:
    """The yearly targets for the key figures: staff of a trekker organisation."""
    return is_trekker_staff(user, region)
