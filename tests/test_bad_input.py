"""Input no form expects is answered in Dutch, never with a server error: NUL characters anywhere in a request
(PostgreSQL cannot store or compare them) and a username longer than any username can be."""

import pytest
from axes.models import AccessAttempt
from django.test import Client

REFUSED = "Dit verzoek kon niet worden verwerkt"


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    "who, url",
    [
        (None, "/hulpmiddelen/?q=%00"),
        (None, "/hulpmiddelen/?q=wonen%00eerst&fase=2"),
        (None, "/hulpmiddelen/?%00=1"),
        (None, "/fasen/%00/"),
        ("advisor", "/versnellingsteam/?q=%00"),
        ("advisor", "/versnellingsteam/?signaal=%00"),
        ("advisor", "/versnellingsteam/export.csv?q=%00"),
        ("advisor", "/versnellingsteam/hulpvragen/?status=%00"),
        ("partner", "/regios/regio-noordkust/activiteit/?persoon=%00"),
        ("partner", "/regios/regio-noordkust/fasen/3/?datum=%00"),
    ],
)
def test_nul_in_an_address_is_a_dutch_400(coalition, who, url):
    response = _client(coalition.person(who) if who else None).get(url)
    assert response.status_code == 400
    assert REFUSED in response.content.decode()


@pytest.mark.parametrize(
    "url, data",
    [
        ("/regios/regio-noordkust/partners/", {"name": "Zorg\x00groep", "type": "1"}),
        ("/regios/regio-noordkust/fase/", {"phase": "3", "started_on": "2026-01-01\x00"}),
        ("/regios/regio-noordkust/hulpvragen/nieuw/", {"kind": "juridisch", "description": "\x00"}),
        ("/regios/regio-noordkust/partners/?next=%00", {"name": "Zorggroep"}),
        ("/account/inloggen/", {"username": "trekker\x00", "password": "x"}),
    ],
)
def test_nul_in_a_form_is_a_dutch_400_and_changes_nothing(coalition, url, data):
    from regions.models import Activity

    response = _client(coalition.trekker_user).post(url, data)
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not Activity.objects.exists()


def test_nul_in_a_cookie_is_a_dutch_400(guide):
    client = _client()
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    response = client.get("/")
    assert response.status_code == 400
    assert REFUSED in response.content.decode()


def test_a_very_long_username_gets_a_dutch_error_next_to_the_field(guide):
    response = _client().post("/account/inloggen/", {"username": "x" * 256, "password": "geheim"})
    assert response.status_code == 200
    assert "Een gebruikersnaam of e-mailadres heeft hoogstens 254 tekens." in response.content.decode()
    assert 'value="' + "x" * 256 + '"' in response.content.decode()  # the input is kept


def test_a_very_long_username_in_the_admin_login_is_a_failed_login(guide):
    """The admin's own login form checks no length: django-axes records the attempt under a username as long as
    its column holds."""
    response = _client().post("/beheer/login/", {"username": "y" * 300, "password": "geheim"})
    assert response.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "y" * 255 and attempt.failures_since_start == 1
