"""CSRF is enforced on every POST of the coalition and account pages, htmx ones included.

The default test client skips the check; these tests use ``Client(enforce_csrf_checks=True)``: without a
token a POST is a 403 and changes nothing; with the token from a GET (the form field, or for htmx the
``x-csrftoken`` header that base.html puts on <body>) it goes through.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from phases.models import Question
from regions.models import Activity, Invitation, Membership, Obstacle, Partnership
from regions.services.obstacles import obstacle_open
from regions.services.people import invitation_send
from tests import factories

FORM_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HTMX_TOKEN = re.compile(r'data-hx-headers=\'\{"x-csrftoken": "([^"]+)"\}\'')


def cases(coalition):
    """(who, page to GET for the token, URL to POST, data, htmx?) for every POST endpoint."""
    slug = coalition.region.slug
    region_page = reverse("regions:detail", args=[slug])
    partners = reverse("regions:partners", args=[slug])
    organisation = reverse("regions:organisation", args=[coalition.corporatie.pk])
    role = reverse("regions:organisation_role", args=[coalition.corporatie.pk, slug])
    people = reverse("regions:people", args=[coalition.corporatie.pk])
    pending = Invitation.objects.create(email="open@example.org", organisation=coalition.corporatie, status="open")
    waiting = Invitation.objects.create(
        email="eerste@example.org",
        organisation=coalition.zorg,
        region=coalition.other_region,
        status="wacht_op_goedkeuring",
    )
    colleague = Membership.objects.get(user=factories.make_user(organisations=[coalition.corporatie]))
    obstacle = Obstacle.objects.filter(region=coalition.region, text="CSRF").first() or obstacle_open(
        region=coalition.region, user=coalition.partner_user, phase=coalition.region.current_phase, text="CSRF"
    )
    first, agreed = factories.item(3, 0), factories.item(3, 2)
    start = reverse("regions:start")
    return {
        "partner toevoegen": (
            coalition.trekker_user,
            partners,
            partners,
            {"name": "Stichting CSRF", "type": coalition.zorg.type_id},
            False,
        ),
        "trekker maken": (
            coalition.trekker_user,
            partners,
            reverse("regions:partner", args=[slug, coalition.corporatie.pk]),
            {"action": "trekker"},
            False,
        ),
        "partner verwijderen": (
            coalition.trekker_user,
            partners,
            reverse("regions:partner", args=[slug, coalition.corporatie.pk]),
            {"action": "verwijderen", "confirmed": "ja"},
            False,
        ),
        "fase": (
            coalition.trekker_user,
            reverse("regions:phase_set", args=[slug]),
            reverse("regions:phase_set", args=[slug]),
            {"phase": "4", "started_on": "2025-01-15"},
            False,
        ),
        "uitnodigen": (
            coalition.partner_user,
            reverse("regions:invite", args=[slug]),
            reverse("regions:invite", args=[slug]),
            {"email": "csrf@example.org", "organisation": coalition.corporatie.pk},
            False,
        ),
        "mensen: uitnodigen": (
            coalition.partner_user,
            reverse("regions:people", args=[coalition.corporatie.pk]),
            reverse("regions:people", args=[coalition.corporatie.pk]),
            {"email": "csrf2@example.org", "organisation": coalition.corporatie.pk},
            False,
        ),
        "uitnodiging intrekken": (
            coalition.partner_user,
            people,
            reverse("regions:invitation_change", args=[coalition.corporatie.pk, pending.pk]),
            {"actie": "intrekken"},
            False,
        ),
        "collega verwijderen": (
            coalition.partner_user,
            people,
            reverse("regions:member_remove", args=[coalition.corporatie.pk, colleague.pk]),
            {"bevestigd": "ja"},
            False,
        ),
        "uitnodiging goedkeuren": (
            coalition.advisor,
            reverse("regions:approvals"),
            reverse("regions:approval_decide", args=[waiting.pk]),
            {"actie": "goedkeuren"},
            False,
        ),
        "rol zonder js": (coalition.partner_user, organisation, role, {"role": "Onze rol."}, False),
        "rol met htmx": (coalition.partner_user, organisation, role, {"role": "Onze rol."}, True),
        "uitloggen": (coalition.partner_user, region_page, reverse("logout"), {}, False),
        "knelpunt aangeven": (
            coalition.partner_user,
            reverse("regions:phase", args=[slug, 3]),
            reverse("regions:obstacle_create", args=[slug]),
            {"question": Question.objects.get(phase__number=3, order=1).pk, "phase": "3", "terug": "fase"},
            False,
        ),
        "knelpunt opgelost": (
            coalition.partner_user,
            reverse("regions:obstacles", args=[slug]),
            reverse("regions:obstacle_solve", args=[slug, obstacle.pk]),
            {f"knelpunt-{obstacle.pk}-what_helped": "Overleg."},
            False,
        ),
        "knelpunten delen": (
            coalition.trekker_user,
            reverse("regions:obstacles", args=[slug]),
            reverse("regions:obstacle_sharing", args=[slug]),
            {"share": "on"},
            False,
        ),
        "actie toevoegen": (
            coalition.partner_user,
            reverse("regions:phase", args=[slug, 3]),
            reverse("regions:action_create", args=[slug, 3, first.pk]),
            {
                f"punt-{first.pk}-actie-what": "Verslag delen",
                f"punt-{first.pk}-actie-owner": coalition.corporatie.pk,
                f"punt-{first.pk}-actie-due_on": "2030-01-01",
                f"punt-{first.pk}-actie-status": "open",
            },
            False,
        ),
        "samenvatting uit": (coalition.trekker_user, start, start, {}, False),
        "akkoord geven": (
            coalition.partner_user,
            reverse("regions:phase", args=[slug, 3]),
            reverse("regions:agreement", args=[slug, 3, agreed.pk]),
            {"actie": "geven", f"punt-{agreed.pk}-akkoord-organisation": coalition.corporatie.pk},
            False,
        ),
    }


CASE_NAMES = [
    "partner toevoegen",
    "trekker maken",
    "partner verwijderen",
    "fase",
    "uitnodigen",
    "mensen: uitnodigen",
    "uitnodiging intrekken",
    "collega verwijderen",
    "uitnodiging goedkeuren",
    "rol zonder js",
    "rol met htmx",
    "uitloggen",
    "knelpunt aangeven",
    "knelpunt opgelost",
    "knelpunten delen",
    "actie toevoegen",
    "akkoord geven",
    "samenvatting uit",
]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_post_without_token_is_refused(coalition, case):
    user, _, url, data, htmx = cases(coalition)[case]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    before = (Activity.objects.count(), len(mail.outbox))
    response = client.post(url, data, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()
    assert (Activity.objects.count(), len(mail.outbox)) == before
    if case == "uitloggen":
        assert client.get(reverse("regions:list")).status_code == 200, "still logged in"


@pytest.mark.parametrize("case", CASE_NAMES)
def test_post_with_token_from_the_page_goes_through(coalition, case):
    user, page, url, data, htmx = cases(coalition)[case]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    content = client.get(page).content.decode()
    if htmx:
        token = HTMX_TOKEN.search(content).group(1)
        response = client.post(url, data, headers={"HX-Request": "true", "X-CSRFToken": token})
        assert response.status_code == 200
        assert Partnership.objects.get(organisation=coalition.corporatie).role == "Onze rol."
    else:
        token = FORM_TOKEN.search(content).group(1)
        response = client.post(url, {**data, "csrfmiddlewaretoken": token})
        assert response.status_code == 302


def test_login_and_invitation_accept_need_a_token(guide, django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    user = factories.make_user()
    assert client.post(reverse("login"), {"username": user.username, "password": factories.PASSWORD}).status_code == 403
    token = FORM_TOKEN.search(client.get(reverse("login")).content.decode()).group(1)
    data = {"username": user.username, "password": factories.PASSWORD, "csrfmiddlewaretoken": token}
    assert client.post(reverse("login"), data).status_code == 302

    organisation = factories.make_organisation()
    inviter = factories.make_user(organisations=[organisation])
    with django_capture_on_commit_callbacks(execute=True):
        invitation_send(organisation=organisation, email="nieuw@example.org", user=inviter)
    url = re.search(r"http://[^/]+(/uitnodiging/\S+/)", mail.outbox[-1].body).group(1)
    client = Client(enforce_csrf_checks=True)
    password = {"new_password1": "een-lang-wachtwoord-42", "new_password2": "een-lang-wachtwoord-42"}
    assert client.post(url, password).status_code == 403
    assert not get_user_model().objects.filter(email="nieuw@example.org").exists()
    token = FORM_TOKEN.search(client.get(url).content.decode()).group(1)
    assert client.post(url, {**password, "csrfmiddlewaretoken": token}).status_code == 302
    assert get_user_model().objects.get(email="nieuw@example.org").memberships.get().organisation == organisation


# --- The key figures' forms ---------------------------------------------------------------------------------------


def figure_cases(coalition, indicators):
    """(who, page to GET for the token, URL to POST, data, htmx?, status when it goes through) per figures form."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from regions.periods import previous_period

    slug, homes = coalition.region.slug, indicators["woningen-beschikbaar"]
    page = reverse("regions:figures", args=[slug])
    upload = reverse("regions:figures_import", args=[slug])
    last = previous_period("halfjaar", timezone.localdate())
    value = {
        "actie": "waarde",
        "kengetal": homes.pk,
        f"waarde-{homes.pk}-period": last.code,
        f"waarde-{homes.pk}-value": "12",
        f"waarde-{homes.pk}-source": "Registratie",
        f"waarde-{homes.pk}-measured_on": last.end.isoformat(),
    }
    target = {"actie": "doel", "kengetal": homes.pk, f"doel-{homes.pk}-year": last.year, f"doel-{homes.pk}-value": "9"}
    csv = f"Kengetal;Periode;Waarde;Bron;Gemeten op\r\nwoningen-beschikbaar;{last.code};12;Bron;{last.end}\r\n"
    return {
        "waarde zonder js": (coalition.partner_user, page, page, value, False, 302),
        "waarde met htmx": (coalition.partner_user, page, page, value, True, 200),
        "doel": (coalition.trekker_user, page, page, target, False, 302),
        "import controleren": (
            coalition.partner_user,
            upload,
            upload,
            {"stap": "controleren", "file": SimpleUploadedFile("k.csv", csv.encode())},
            False,
            200,
        ),
    }


FIGURE_CASES = ["waarde zonder js", "waarde met htmx", "doel", "import controleren"]


@pytest.mark.parametrize("case", FIGURE_CASES)
def test_figures_post_without_token_is_refused(coalition, indicators, case):
    from regions.models import IndicatorTarget, IndicatorValue

    user, _, url, data, htmx, _ = figure_cases(coalition, indicators)[case]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(url, data, headers={"HX-Request": "true"} if htmx else {})
    assert response.status_code == 403
    assert "Het formulier is verlopen" in response.content.decode()
    assert not IndicatorValue.objects.exists() and not IndicatorTarget.objects.exists()
    assert not Activity.objects.exists()


@pytest.mark.parametrize("case", FIGURE_CASES)
def test_figures_post_with_token_from_the_page_goes_through(coalition, indicators, case):
    from regions.models import IndicatorTarget, IndicatorValue

    user, page, url, data, htmx, status = figure_cases(coalition, indicators)[case]
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    content = client.get(page).content.decode()
    if htmx:
        token = HTMX_TOKEN.search(content).group(1)
        response = client.post(url, data, headers={"HX-Request": "true", "X-CSRFToken": token})
    else:
        token = FORM_TOKEN.search(content).group(1)
        response = client.post(url, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == status
    if case == "import controleren":  # the preview; its confirmation is a form with the token of its own
        confirm = re.search(r'name="regels" value="([^"]+)"', response.content.decode()).group(1)
        token = FORM_TOKEN.search(response.content.decode()).group(1)
        response = client.post(url, {"stap": "opslaan", "regels": confirm, "csrfmiddlewaretoken": token})
        assert response.status_code == 302
    assert IndicatorValue.objects.exists() or IndicatorTarget.objects.exists()
