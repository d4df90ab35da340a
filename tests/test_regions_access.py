"""The access matrix: every URL of the coalition pages × every kind of person × GET and POST.

Staff of a partner see the region; everyone else gets a 404 for it. Staff of a trekker manage the
coalition; an organisation's own staff describe its role; the Versnellingsteam reads and never changes
(a 403 on regions it can see). A POST that is refused changes nothing.
"""

import pytest
from django.urls import reverse

from regions.models import Activity, Invitation, Membership, Partnership
from tests import factories

PEOPLE = ["anonymous", "partner", "trekker", "other", "advisor", "editor"]


def valid_post(coalition, name):
    """A POST that succeeds for whoever may make it."""
    if name == "partners":
        return {"name": "Stichting Nieuw Thuis", "type": coalition.zorg.type_id}
    if name == "partner":
        return {"action": "trekker"}
    if name == "phase_set":
        return {"phase": "4", "started_on": "2025-01-15"}
    if name in ("invite", "people"):
        return {"email": "nieuwe.collega@example.org", "organisation": coalition.corporatie.pk}
    if name == "invitation_change":
        return {"actie": "intrekken"}
    if name == "member_remove":
        return {"bevestigd": "ja"}
    if name == "organisation_role":
        return {"role": "Wij leveren elk jaar twintig woningen."}
    return {"x": "1"}


def url(coalition, name):
    slug = coalition.region.slug
    return {
        "list": reverse("regions:list"),
        "detail": reverse("regions:detail", args=[slug]),
        "partners": reverse("regions:partners", args=[slug]),
        "partner": reverse("regions:partner", args=[slug, coalition.corporatie.pk]),
        "phase_set": reverse("regions:phase_set", args=[slug]),
        "invite": reverse("regions:invite", args=[slug]),
        "invitation": reverse("regions:invitation", args=["vervalst-123"]),
        "people": reverse("regions:people", args=[coalition.corporatie.pk]),
        "invitation_change": reverse("regions:invitation_change", args=[coalition.corporatie.pk, coalition.pending.pk]),
        "member_remove": reverse("regions:member_remove", args=[coalition.corporatie.pk, coalition.colleague.pk]),
        "organisation": reverse("regions:organisation", args=[coalition.corporatie.pk]),
        "organisation_role": reverse("regions:organisation_role", args=[coalition.corporatie.pk, slug]),
    }[name]


#                   anonymous partner trekker other advisor editor
MATRIX = {
    ("list", "GET"): (302, 200, 200, 200, 200, 200),
    ("list", "POST"): (302, 405, 405, 405, 405, 405),
    ("detail", "GET"): (302, 200, 200, 404, 200, 404),
    ("detail", "POST"): (302, 405, 405, 405, 405, 405),
    ("partners", "GET"): (302, 403, 200, 404, 403, 404),
    ("partners", "POST"): (302, 403, 302, 404, 403, 404),
    ("partner", "GET"): (302, 405, 405, 405, 405, 405),
    ("partner", "POST"): (302, 403, 302, 404, 403, 404),
    ("phase_set", "GET"): (302, 403, 200, 404, 403, 404),
    ("phase_set", "POST"): (302, 403, 302, 404, 403, 404),
    # Partner staff invite colleagues of their own organisation; the trekker cannot invite into the corporatie,
    # which has its own people (the form refuses it as a choice).
    ("invite", "GET"): (302, 200, 200, 404, 403, 404),
    ("invite", "POST"): (302, 302, 400, 404, 403, 404),
    # A forged invitation link fails the same way for everyone.
    ("invitation", "GET"): (400, 400, 400, 400, 400, 400),
    ("invitation", "POST"): (400, 400, 400, 400, 400, 400),
    # An organisation's people are its own staff's business: everyone else gets a 404.
    ("people", "GET"): (302, 200, 404, 404, 404, 404),
    ("people", "POST"): (302, 302, 404, 404, 404, 404),
    ("invitation_change", "GET"): (302, 405, 405, 405, 405, 405),
    ("invitation_change", "POST"): (302, 302, 404, 404, 404, 404),
    ("member_remove", "GET"): (302, 405, 405, 405, 405, 405),
    ("member_remove", "POST"): (302, 302, 404, 404, 404, 404),
    ("organisation", "GET"): (302, 200, 200, 404, 200, 404),
    ("organisation", "POST"): (302, 405, 405, 405, 405, 405),
    ("organisation_role", "GET"): (302, 405, 405, 405, 405, 405),
    ("organisation_role", "POST"): (302, 302, 403, 404, 403, 404),
}
CASES = [(name, method, who, MATRIX[name, method][i]) for (name, method) in MATRIX for i, who in enumerate(PEOPLE)]


@pytest.mark.parametrize(("name", "method", "who", "expected"), CASES)
def test_access_matrix(client, coalition, name, method, who, expected):
    coalition.pending = Invitation.objects.create(
        email="open@example.org", organisation=coalition.corporatie, region=coalition.region, status="open"
    )
    colleague = factories.make_user(organisations=[coalition.corporatie])
    coalition.colleague = Membership.objects.get(user=colleague)
    user = coalition.person(who)
    if user is not None:
        client.force_login(user)
    before = Activity.objects.count()
    address = url(coalition, name)
    response = client.get(address) if method == "GET" else client.post(address, valid_post(coalition, name))
    assert response.status_code == expected, f"{method} {address} as {who}"
    if expected == 302 and who == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if method == "POST" and expected != 302:
        assert Activity.objects.count() == before, "a refused POST changed nothing"
    if expected == 403:
        assert "Dit mag je hier niet wijzigen" in response.content.decode()
    if expected == 404:
        assert "Pagina niet gevonden" in response.content.decode()


def test_every_coalition_url_is_in_the_matrix():
    from regions.views import coalition, people

    names = {pattern.name for pattern in [*coalition.urlpatterns, *people.urlpatterns]}
    assert names - {"approvals", "approval_decide"} == {name for name, _ in MATRIX}


def test_region_list_shows_only_my_regions(client, coalition):
    client.force_login(coalition.partner_user)
    content = client.get(reverse("regions:list")).content.decode()
    assert coalition.region.name in content
    assert coalition.other_region.name not in content


def test_advisor_sees_every_region(client, coalition):
    client.force_login(coalition.advisor)
    content = client.get(reverse("regions:list")).content.decode()
    assert coalition.region.name in content and coalition.other_region.name in content
    assert "Alle regio's" in content


def test_person_without_organisation_sees_no_regions_and_how_to_get_in(client, coalition):
    client.force_login(coalition.editor)
    content = client.get(reverse("regions:list")).content.decode()
    assert coalition.region.name not in content
    assert "Vraag de trekker van je regio" in content


def test_partner_may_not_describe_another_organisations_role(client, coalition):
    client.force_login(coalition.partner_user)
    gemeente_role = reverse("regions:organisation_role", args=[coalition.gemeente.pk, coalition.region.slug])
    response = client.post(gemeente_role, {"role": "Overgenomen door een ander."})
    assert response.status_code == 403
    assert Partnership.objects.get(organisation=coalition.gemeente).role == ""


def test_organisation_page_lists_only_regions_the_viewer_may_see(client, coalition):
    """An organisation in two regions: a partner of one region sees only that one on its page."""
    Partnership.objects.create(region=coalition.other_region, organisation=coalition.corporatie, role="Elders.")
    client.force_login(coalition.trekker_user)
    content = client.get(reverse("regions:organisation", args=[coalition.corporatie.pk])).content.decode()
    assert coalition.region.name in content
    assert coalition.other_region.name not in content
    assert "Elders." not in content


def test_organisation_staff_see_own_organisation_even_without_region(client, guide):
    organisation = factories.make_organisation(type_slug="woningcorporatie")
    user = factories.make_user(organisations=[organisation])
    client.force_login(user)
    response = client.get(reverse("regions:organisation", args=[organisation.pk]))
    assert response.status_code == 200
    assert "nog geen partner in een regio" in response.content.decode()


def test_unknown_ids_are_404(client, coalition):
    client.force_login(coalition.advisor)
    assert client.get(reverse("regions:detail", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("regions:organisation", args=[999999])).status_code == 404
    client.force_login(coalition.trekker_user)
    assert client.post(reverse("regions:partner", args=[coalition.region.slug, 999999]), {}).status_code == 404
    role = reverse("regions:organisation_role", args=[coalition.corporatie.pk, "bestaat-niet"])
    client.force_login(coalition.partner_user)
    assert client.post(role, {"role": "x"}).status_code == 404
