"""One place that answers "may this person do this here?".

Views fetch a region with ``regions.selectors.access.region_access`` (someone else's region is a 404) and pass
the ``RegionAccess`` it returns to these functions; services ask ``access_for(user, region)`` and check again.
Templates get the answers as context; they never decide on their own.

- Partner staff (a Membership in an organisation that is a partner in the region) see the region and change
  its progress; they describe their own organisation's role and ask the Versnellingsteam for help.
- Staff of a *trekker* organisation also manage partners, trekkers and the region's current phase.
- An organisation governs its own people: only its own staff invite colleagues, resend or withdraw their
  invitations and remove colleagues. A trekker may invite the first person of a partner organisation that has
  nobody in the portal yet; when that organisation is also a partner in another region, the Versnellingsteam
  approves it first. Nothing done in one region grants access to another without consent from that side.
- The Versnellingsteam (permission ``regions.view_all_regions``) sees every region, read-only:
  *het eigenaarschap van de opgave blijft altijd bij de regio zelf*. It writes reviews, answers support
  requests and approves invitations; it never ticks, and it cannot join a partner organisation.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q

from regions.models import ADVISOR_PERMISSION, Membership, Organisation, Partnership
from regions.selectors.access import RegionAccess, access_for, is_advisor, signed_in, user_organisation_ids

__all__ = ["access_for", "is_advisor"]


def is_partner_staff(access: RegionAccess) -> bool:
    return access.is_partner


def works_in_region(access: RegionAccess) -> bool:
    """The region's own work is changed by its partner staff only; advisors advise, they do not change it."""
    return access.is_partner and not access.is_advisor


def can_change_progress(access: RegionAccess) -> bool:
    """Ticks, notes and links."""
    return works_in_region(access)


def can_manage_coalition(access: RegionAccess) -> bool:
    """Partners, trekkers, the current phase: staff of a trekker organisation."""
    return access.is_trekker and not access.is_advisor


def can_request_support(access: RegionAccess) -> bool:
    return access.is_partner


def can_advise(user) -> bool:
    """Reviews, answers to support requests and approving invitations: the Versnellingsteam."""
    return is_advisor(user)


def can_reply_to_support(access: RegionAccess) -> bool:
    """The thread of a support request: the Versnellingsteam and the region's partner staff."""
    return access.is_advisor or access.is_partner


def advisor_users():
    """Active people of the Versnellingsteam: those who hold its permission, through a group or directly."""
    app_label, codename = ADVISOR_PERMISSION.split(".")
    permission = Permission.objects.filter(codename=codename, content_type__app_label=app_label)
    held = Q(groups__permissions__in=permission) | Q(user_permissions__in=permission)
    return get_user_model().objects.filter(held, is_active=True).distinct()


def can_edit_role(user, partnership: Partnership) -> bool:
    """An organisation describes its own role, in its own words."""
    return partnership.organisation_id in user_organisation_ids(user)


def works_for(user, organisation: Organisation) -> bool:
    return signed_in(user) and Membership.objects.filter(user=user, organisation=organisation).exists()


def can_manage_people(user, organisation: Organisation) -> bool:
    """An organisation's people and invitations are managed by its own staff."""
    return works_for(user, organisation)


def can_start_organisation(access: RegionAccess, organisation: Organisation) -> bool:
    """A trekker may invite the first person of a partner organisation of the region that has nobody yet."""
    return (
        can_manage_coalition(access)
        and Partnership.objects.filter(region=access.region, organisation=organisation).exists()
        and not Membership.objects.filter(organisation=organisation).exists()
    )


def needs_approval(organisation: Organisation, region) -> bool:
    """A first person invited by a trekker of ``region`` into an organisation that also works in another region
    reaches that region too: its Versnellingsteam approves that first."""
    return Partnership.objects.filter(organisation=organisation).exclude(region=region).exists()


def can_enter_figures(access: RegionAccess) -> bool:
    """Key figures (kengetallen): the region's partner staff enter values; advisors read them."""
    return works_in_region(access)


def can_set_targets(access: RegionAccess) -> bool:
    """The yearly targets for the key figures: staff of a trekker organisation."""
    return can_manage_coalition(access)


def can_mark_obstacles(access: RegionAccess) -> bool:
    """Obstacles (knelpunten): the region's partner staff mark, solve and reopen them; advisors read them."""
    return works_in_region(access)


def can_share_obstacles(access: RegionAccess) -> bool:
    """Whether other regions may see the obstacles the region solved and what helped: its trekkers decide."""
    return can_manage_coalition(access)


def can_change_actions(access: RegionAccess) -> bool:
    """Actions under the checklist items: the region's partner staff add and change them; advisors read them."""
    return works_in_region(access)


def can_agree_for(access: RegionAccess, organisation_id: int) -> bool:
    """An organisation's akkoord on an item is given and withdrawn by its own staff, in a region it partners."""
    return organisation_id in access.organisation_ids and not access.is_advisor


def can_import_regions(user) -> bool:
    """Regions and their partners from a spreadsheet, in /beheer/: superusers (and the command line)."""
    return signed_in(user) and user.is_superuser
