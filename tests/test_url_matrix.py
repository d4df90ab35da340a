"""Every URL of the project, from the URL configuration, with the status each kind of user gets.

The table below must name every URL: a new URL without an entry makes this test fail, so its access
rules are decided, written down and tested when it is added. Admin internals (/beheer/) and static
files are Django's own and left out. Each request is a GET and an empty POST (with CSRF checks on):
an empty POST never changes anything, so the codes show who gets past the permission checks (400 for a
form that is then refused, 302 after a step without fields), and who does not (302 to the login page
for anonymous visitors, 403 for a change one may not make, 404 for what one may not see).
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from regions.models import Invitation, Membership
from regions.services import action_create
from regions.services.advice import support_request_create
from regions.services.obstacles import obstacle_open
from tests.factories import item

ROLES = ("anonymous", "partner", "trekker", "other", "advisor", "editor")
EXCLUDED_PREFIXES = ("beheer/", "static/")


def named_urls(patterns=None, prefix="", namespace=None):
    """(full name, route) for every named URL, walking includes."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace])) or None
            yield from named_urls(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and not (prefix + str(pattern.pattern)).startswith(EXCLUDED_PREFIXES):
            assert pattern.name, f"/{prefix}{pattern.pattern} has no name"
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), prefix + str(pattern.pattern)


@dataclass(frozen=True)
class Row:
    """kwargs: names of world attributes for the path; get/post: a code per role, in ROLES order."""

    kwargs: dict
    get: tuple
    post: tuple


def codes(spec: str) -> tuple:
    """'200 200 200 200 200 200' → (200, …); a single code means the same for every role."""
    parts = [int(part) for part in spec.split()]
    return tuple(parts * len(ROLES)) if len(parts) == 1 else tuple(parts)


# Path parameters come from the fixture's values: slug = the region of partner and trekker staff ("other"
# works in the other region), org = the partner's organisation there, support = a support request in it.
#                                                              anonymous partner trekker other advisor editor
MATRIX = {
    "accessibility": Row({}, codes("200 200 200 200 200 200"), codes("405 405 405 405 405 405")),
    "health": Row({}, codes("200 200 200 200 200 200"), codes("405 405 405 405 405 405")),
    "login": Row({}, codes("200 302 302 302 302 302"), codes("200 302 302 302 302 302")),
    "logout": Row({}, codes("405 405 405 405 405 405"), codes("302 302 302 302 302 302")),
    # The organisation's own account (OpenID Connect): not configured here, so nobody finds it (tests/oidc/).
    "oidc_callback": Row({}, codes("404 404 404 404 404 404"), codes("405 405 405 405 405 405")),
    "oidc_login": Row({}, codes("404 404 404 404 404 404"), codes("405 405 405 405 405 405")),
    "password_change": Row({}, codes("302 200 200 200 200 200"), codes("302 200 200 200 200 200")),
    "password_change_done": Row({}, codes("302 200 200 200 200 200"), codes("302 405 405 405 405 405")),
    "password_reset": Row({}, codes("200 200 200 200 200 200"), codes("200 200 200 200 200 200")),
    "password_reset_complete": Row({}, codes("200 200 200 200 200 200"), codes("405 405 405 405 405 405")),
    "password_reset_confirm": Row(
        {"uidb64": "uidb64", "token": "token"}, codes("200 200 200 200 200 200"), codes("200 200 200 200 200 200")
    ),
    "password_reset_done": Row({}, codes("200 200 200 200 200 200"), codes("405 405 405 405 405 405")),
    "phases:detail": Row({"number": "number"}, codes("200 200 200 200 200 200"), codes("405 405 405 405 405 405")),
    "phases:guide_pdf": Row({}, codes("200 200 200 200 200 200"), codes("405 405 405 405 405 405")),
    "phases:home": Row({}, codes("200 200 200 200 200 200"), codes("405 405 405 405 405 405")),
    "phases:list": Row({}, codes("200 200 200 200 200 200"), codes("405 405 405 405 405 405")),
    "phases:page": Row({"slug": "page"}, codes("200 200 200 200 200 200"), codes("405 405 405 405 405 405")),
    "phases:pages": Row({}, codes("302 302 302 302 302 302"), codes("405 405 405 405 405 405")),
    "phases:resources": Row({}, codes("200 200 200 200 200 200"), codes("405 405 405 405 405 405")),
    "regions:action_create": Row(
        {"slug": "slug", "number": "number", "item_id": "item_id"},
        codes("302 405 405 405 405 405"),
        codes("302 400 400 404 403 404"),
    ),
    "regions:action_new": Row(
        {"slug": "slug", "number": "number", "item_id": "item_id"},
        codes("302 200 200 404 403 404"),
        codes("302 405 405 405 405 405"),
    ),
    "regions:action_edit": Row(
        {"slug": "slug", "pk": "action"}, codes("302 200 200 404 403 404"), codes("302 405 405 405 405 405")
    ),
    "regions:action_update": Row(
        {"slug": "slug", "pk": "action"}, codes("302 405 405 405 405 405"), codes("302 400 400 404 403 404")
    ),
    "regions:actions_csv": Row({"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")),
    "regions:actions_json": Row({"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")),
    "regions:agreement": Row(
        {"slug": "slug", "number": "number", "item_id": "agreement_item"},
        codes("302 405 405 405 405 405"),
        codes("302 400 400 404 403 404"),
    ),
    "regions:start": Row({}, codes("302 200 200 302 302 200"), codes("302 302 302 302 302 302")),
    "regions:digest_off": Row({"token": "token"}, codes("404 404 404 404 404 404"), codes("405 405 405 405 405 405")),
    "regions:activity": Row({"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")),
    "regions:advisors": Row({}, codes("404 404 404 404 200 404"), codes("405 405 405 405 405 405")),
    "regions:advisors_csv": Row({}, codes("404 404 404 404 200 404"), codes("405 405 405 405 405 405")),
    "regions:advisors_figures": Row({}, codes("404 404 404 404 200 404"), codes("405 405 405 405 405 405")),
    "regions:advisors_figures_csv": Row({}, codes("404 404 404 404 200 404"), codes("405 405 405 405 405 405")),
    "regions:checklist_item": Row(
        {"slug": "slug", "number": "number", "item_id": "item_id"},
        codes("302 405 405 405 405 405"),
        codes("302 400 400 404 403 404"),
    ),
    "regions:detail": Row({"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")),
    "regions:export_activiteit_csv": Row(
        {"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")
    ),
    "regions:export_activiteit_json": Row(
        {"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")
    ),
    "regions:export_checklist_csv": Row(
        {"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")
    ),
    "regions:export_checklist_json": Row(
        {"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")
    ),
    "regions:export_knelpunten_csv": Row(
        {"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")
    ),
    "regions:export_knelpunten_json": Row(
        {"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")
    ),
    "regions:obstacles": Row({"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")),
    "regions:obstacle_create": Row(
        {"slug": "slug"}, codes("302 405 405 405 405 405"), codes("302 400 400 404 403 404")
    ),
    "regions:obstacle_solve": Row(
        {"slug": "slug", "pk": "obstacle"}, codes("302 405 405 405 405 405"), codes("302 400 400 404 403 404")
    ),
    "regions:obstacle_reopen": Row(
        {"slug": "slug", "pk": "obstacle"}, codes("302 405 405 405 405 405"), codes("302 302 302 404 403 404")
    ),
    "regions:obstacle_sharing": Row(
        {"slug": "slug"}, codes("302 405 405 405 405 405"), codes("302 403 302 404 403 404")
    ),
    "regions:obstacles_national": Row({}, codes("404 404 404 404 200 404"), codes("405 405 405 405 405 405")),
    "regions:obstacles_national_csv": Row({}, codes("404 404 404 404 200 404"), codes("405 405 405 405 405 405")),
    "regions:approval_decide": Row(
        {"invitation_id": "invitation"}, codes("405 405 405 405 405 405"), codes("404 404 404 404 302 404")
    ),
    "regions:figures": Row({"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 400 400 404 403 404")),
    "regions:figures_csv": Row({"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")),
    "regions:figures_import": Row({"slug": "slug"}, codes("302 200 200 404 403 404"), codes("302 400 400 404 403 404")),
    "regions:figures_json": Row({"slug": "slug"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")),
    "regions:approvals": Row({}, codes("404 404 404 404 200 404"), codes("405 405 405 405 405 405")),
    "regions:invitation": Row({"token": "token"}, codes("400 400 400 400 400 400"), codes("400 400 400 400 400 400")),
    "regions:invitation_change": Row(
        {"pk": "org", "invitation_id": "invitation"}, codes("302 405 405 405 405 405"), codes("302 302 404 404 404 404")
    ),
    "regions:invite": Row({"slug": "slug"}, codes("302 200 200 404 403 404"), codes("302 400 400 404 403 404")),
    "regions:member_remove": Row(
        {"pk": "org", "membership_id": "membership"}, codes("302 405 405 405 405 405"), codes("302 200 404 404 404 404")
    ),
    "regions:people": Row({"pk": "org"}, codes("302 200 404 404 404 404"), codes("302 400 404 404 404 404")),
    "regions:list": Row({}, codes("302 200 200 200 200 200"), codes("302 405 405 405 405 405")),
    "regions:organisation": Row({"pk": "org"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")),
    "regions:organisation_role": Row(
        {"pk": "org", "slug": "slug"}, codes("302 405 405 405 405 405"), codes("302 400 403 404 403 404")
    ),
    "regions:partner": Row(
        {"slug": "slug", "pk": "org"}, codes("302 405 405 405 405 405"), codes("302 403 302 404 403 404")
    ),
    "regions:partners": Row({"slug": "slug"}, codes("302 403 200 404 403 404"), codes("302 403 400 404 403 404")),
    "regions:phase": Row(
        {"slug": "slug", "number": "number"}, codes("302 200 200 404 200 404"), codes("302 405 405 405 405 405")
    ),
    "regions:phase_set": Row({"slug": "slug"}, codes("302 403 200 404 403 404"), codes("302 403 400 404 403 404")),
    "regions:report_pdf": Row({"slug": "slug"}, codes("302 200 200 404 200 404"), codes("405 405 405 405 405 405")),
    "regions:review_create": Row({"slug": "slug"}, codes("404 404 404 404 200 404"), codes("404 404 404 404 200 404")),
    "regions:support_close": Row(
        {"slug": "slug", "pk": "support"}, codes("405 405 405 405 405 405"), codes("302 403 403 404 302 404")
    ),
    "regions:support_create": Row({"slug": "slug"}, codes("302 200 200 404 403 404"), codes("302 200 200 404 403 404")),
    "regions:support_detail": Row(
        {"slug": "slug", "pk": "support"}, codes("302 200 200 404 200 404"), codes("302 200 200 404 200 404")
    ),
    "regions:support_inbox": Row({}, codes("404 404 404 404 200 404"), codes("405 405 405 405 405 405")),
    "regions:support_list": Row({"slug": "slug"}, codes("302 200 200 404 200 404"), codes("405 405 405 405 405 405")),
    "regions:support_take": Row(
        {"slug": "slug", "pk": "support"}, codes("405 405 405 405 405 405"), codes("302 403 403 404 302 404")
    ),
    "twofactor": Row({}, codes("302 200 200 200 200 200"), codes("302 403 403 403 403 403")),
    "twofactor_setup": Row({}, codes("302 200 200 200 200 200"), codes("302 200 200 200 200 200")),
    "twofactor_verify": Row({}, codes("302 302 302 302 302 302"), codes("302 302 302 302 302 302")),
}


@pytest.fixture
def world(coalition):
    coalition.support = support_request_create(
        region=coalition.region, kind="juridisch", description="Vraag over toewijzing.", user=coalition.trekker_user
    )
    coalition.obstacle = obstacle_open(
        region=coalition.region,
        user=coalition.partner_user,
        phase=coalition.region.current_phase,
        text="Geen woningen.",
    )
    coalition.invitation = Invitation.objects.create(
        email="nieuw@example.org", organisation=coalition.corporatie, region=coalition.region, status="open"
    )
    coalition.values = {
        "slug": coalition.region.slug,
        "org": coalition.corporatie.pk,
        "partner_org": coalition.corporatie.pk,
        "number": 3,
        "item_id": item(phase=3, index=0).pk,
        "support": coalition.support.pk,
        "obstacle": coalition.obstacle.pk,
        "page": "toelichting",
        "uidb64": "MQ",
        "token": "ongeldig-token",
        "invitation": coalition.invitation.pk,
        "membership": Membership.objects.get(user=coalition.partner_user).pk,
        "agreement_item": item(phase=3, index=2).pk,
        "action": action_create(
            region=coalition.region,
            item=item(phase=3, index=0),
            user=coalition.trekker_user,
            what="Verslag delen",
            owner=coalition.gemeente,
            due_on=timezone.localdate(),
        ).pk,
    }
    return coalition


def test_every_named_url_has_an_entry():
    names = {name for name, _ in named_urls()}
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URLs without an entry in the access matrix of tests/test_url_matrix.py: {missing}"
    assert not sorted(set(MATRIX) - names), "entries for URLs that no longer exist"


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def _post(client, url):
    """An empty POST that passes the CSRF check: cookie and form field carry the same secret."""
    secret = get_random_string(32)
    client.cookies[settings.CSRF_COOKIE_NAME] = secret
    return client.post(url, {"csrfmiddlewaretoken": secret})


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(world, name, no_conversion):
    row = MATRIX[name]
    url = reverse(name, kwargs={key: world.values[source] for key, source in row.kwargs.items()})
    got_get, got_post = [], []
    for role in ROLES:
        client = _client(world.person(role))
        got_get.append(client.get(url).status_code)
        got_post.append(_post(client, url).status_code)
    assert (tuple(got_get), tuple(got_post)) == (row.get, row.post), (
        f"{name} {url}\n  roles    {ROLES}\n  GET  got {tuple(got_get)} expected {row.get}\n"
        f"  POST got {tuple(got_post)} expected {row.post}"
    )


def test_a_post_without_csrf_token_is_refused(world):
    client = _client(world.trekker_user)
    url = reverse("regions:phase_set", kwargs={"slug": world.region.slug})
    assert client.post(url, {"phase": "4", "started_on": "2025-01-01"}).status_code == 403
