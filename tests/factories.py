"""Test data builders: plain functions with keyword arguments and sensible defaults."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from phases.models import ChecklistItem, OrganisationType, Phase
from regions.models import Membership, Organisation, Partnership, Region
from regions.services import agreement_give

PASSWORD = "test-wachtwoord-123"
_seq = itertools.count(1)


def make_user(*, username=None, groups=(), organisations=(), is_superuser=False, **extra):
    n = next(_seq)
    user = get_user_model().objects.create_user(
        username=username or f"gebruiker{n}",
        email=extra.pop("email", f"gebruiker{n}@example.org"),
        password=PASSWORD,
        first_name=extra.pop("first_name", "Test"),
        last_name=extra.pop("last_name", f"Persoon {n}"),
        is_superuser=is_superuser,
        is_staff=is_superuser or extra.pop("is_staff", False),
        **extra,
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    for organisation in organisations:
        Membership.objects.create(user=user, organisation=organisation)
    return user


def make_organisation(*, type_slug="gemeente", name=None):
    return Organisation.objects.create(
        name=name or f"Organisatie {next(_seq)}", type=OrganisationType.objects.get(slug=type_slug)
    )


def make_region(*, name=None, phase=1, started_on=None, centrumgemeente=None):
    n = next(_seq)
    name = name or f"Regio {n}"
    return Region.objects.create(
        name=name,
        slug=f"regio-{n}",
        centrumgemeente=centrumgemeente or f"Centrumstad {n}",
        current_phase=Phase.objects.get(number=phase),
        phase_started_on=started_on or (timezone.localdate() - datetime.timedelta(days=60)),
    )


def make_partner(*, region, type_slug="gemeente", is_trekker=False, role="", organisation=None):
    organisation = organisation or make_organisation(type_slug=type_slug)
    Partnership.objects.create(region=region, organisation=organisation, is_trekker=is_trekker, role=role)
    return organisation


def item(phase=1, index=0):
    return ChecklistItem.objects.filter(phase__number=phase).order_by("order")[index]


def tickable(phase=1, index=0):
    """The ``index``-th item of a phase that is ticked off (not one that needs every partner's agreement)."""
    return ChecklistItem.objects.filter(phase__number=phase, needs_agreement=False).order_by("order")[index]


def agree_all(region, point):
    """Every current partner of the region gives its akkoord on ``point``, each through one of its own people."""
    for partnership in Partnership.objects.filter(region=region).select_related("organisation"):
        person = get_user_model().objects.filter(memberships__organisation=partnership.organisation).first()
        if person is None:
            person = make_user(organisations=[partnership.organisation])
        agreement_give(region=region, item=point, organisation=partnership.organisation, user=person)
