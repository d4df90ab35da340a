import importlib
from dataclasses import dataclass

import pytest
from django.core.management import call_command

from tests import factories


def ensure_groups():
    """The Versnellingsteam and Redactie groups, as their migration made them.

    A transactional test (live server, threads) empties every table when it ends; Django then recreates
    content types and permissions, but not the rows a data migration wrote.
    """
    from django.contrib.auth.models import Group, Permission

    if Group.objects.filter(name__in=["Versnellingsteam", "Redactie"]).count() < 2:
        importlib.import_module("regions.migrations.0002_groups").assign_groups(Group, Permission)
        importlib.import_module("regions.migrations.0005_figures_editors").assign_indicator_permissions(
            Group, Permission
        )


@pytest.fixture(autouse=True)
def _empty_pdf_cache():
    """Every test converts its own PDFs: a PDF of identical HTML from an earlier test is not reused; and every test
    reads the guide's checklists from its own database, not from an earlier test's."""
    from django.core.cache import cache

    from regions.progress import forget_guide_in_process

    cache.clear()
    forget_guide_in_process()


@pytest.fixture
def guide(db):
    """The guide's content from fixtures/guide.json and the groups (restored after a transactional test)."""
    from phases.models import Phase

    if not Phase.objects.exists():
        call_command("loaddata", "guide", verbosity=0)
    ensure_groups()


@dataclass
class Coalition:
    """Two regions and one person of every kind the access rules know."""

    region: object
    other_region: object
    gemeente: object  # trekker organisation in `region`
    corporatie: object  # partner (not trekker) in `region`
    zorg: object  # partner in `other_region` only
    trekker_user: object
    partner_user: object
    other_user: object
    advisor: object
    editor: object
    superuser: object

    def person(self, role: str):
        """The user of one of the access matrices' roles; None for anonymous."""
        return {
            "anonymous": None,
            "partner": self.partner_user,
            "trekker": self.trekker_user,
            "other": self.other_user,
            "advisor": self.advisor,
            "editor": self.editor,
        }[role]


@pytest.fixture
def coalition(guide):
    region = factories.make_region(name="Regio Noordkust", phase=3)
    other_region = factories.make_region(name="Regio Zuidwaard", phase=2)
    gemeente = factories.make_partner(region=region, type_slug="gemeente", is_trekker=True)
    corporatie = factories.make_partner(region=region, type_slug="woningcorporatie", role="Wij leveren woningen.")
    zorg = factories.make_partner(region=other_region, type_slug="zorg-welzijn", is_trekker=True)
    return Coalition(
        region=region,
        other_region=other_region,
        gemeente=gemeente,
        corporatie=corporatie,
        zorg=zorg,
        trekker_user=factories.make_user(username="trekker", organisations=[gemeente]),
        partner_user=factories.make_user(username="partner", organisations=[corporatie]),
        other_user=factories.make_user(username="buitenstaander", organisations=[zorg]),
        advisor=factories.make_user(username="adviseur", groups=["Versnellingsteam"]),
        editor=factories.make_user(username="redacteur", groups=["Redactie"], is_staff=True),
        superuser=factories.make_user(username="beheerder", is_superuser=True),
    )


@pytest.fixture
def indicators(guide):
    """The starter set of key figures from fixtures/indicators.json, by slug."""
    from phases.models import Indicator

    call_command("loaddata", "indicators", verbosity=0)
    return {indicator.slug: indicator for indicator in Indicator.objects.all()}
