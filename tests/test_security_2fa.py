"""Two-factor authentication (TOTP): required for advisors, staff and superusers, optional for others."""

import time

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests import factories

SETUP = "/account/tweestaps/instellen/"
VERIFY = "/account/tweestaps/controle/"
MANAGE = "/account/tweestaps/"
PAGE = "/fasen/2/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.WONEN_EERST_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # tested on its own below


def code(device, wrong=False) -> str:
    """The code the person's app shows now (the next time step if this one was just used)."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    ahead = max(0, device.last_t + 1 - now)
    value = totp(device.bin_key, device.step, device.t0, device.digits, drift=device.drift + ahead)
    if wrong:
        value = (value + 1) % 10**6
    return f"{value:06d}"


def signed_in(user) -> Client:
    """A browser that got past the password step (with CSRF checks on, as in real life)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def post(client, url, data):
    client.get(url)
    return client.post(url, {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


def enrol(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
    return device


def test_advisor_without_device_is_sent_to_setup_first(coalition):
    client = signed_in(coalition.advisor)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Ffasen%2F2%2F"
    assert client.get("/beheer/").status_code == 302


def test_setup_shows_svg_qr_and_key_and_confirms_with_a_real_code(coalition):
    client = signed_in(coalition.advisor)
    page = client.get(f"{SETUP}?next={PAGE}")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg class="qr-code__image" role="img"' in html and "<img" not in html.split("<main", 1)[1]
    assert 'for="id_code"' in html and 'autocomplete="one-time-code"' in html
    device = TOTPDevice.objects.get(user=coalition.advisor, confirmed=False)
    wrong = post(client, SETUP, {"code": code(device, wrong=True), "next": PAGE})
    assert wrong.status_code == 200
    assert "Deze code klopt niet" in wrong.content.decode()
    assert 'value="' in wrong.content.decode(), "the input is kept"
    response = post(client, SETUP, {"code": code(device), "next": PAGE})
    assert response.status_code == 302 and response["Location"] == PAGE
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(PAGE).status_code == 200
    assert client.get("/beheer/").status_code == 302, "an advisor is no admin user; still no 2FA loop"


def test_advisor_with_device_must_enter_a_code_after_the_password(coalition):
    device = enrol(coalition.advisor)
    client = Client(enforce_csrf_checks=False)
    response = client.post("/account/inloggen/", {"username": "adviseur", "password": factories.PASSWORD, "next": PAGE})
    assert response.status_code == 302
    response = client.get(PAGE)
    assert response["Location"].startswith(VERIFY)
    assert client.get(SETUP)["Location"].startswith(VERIFY), "no second device before the first code"
    assert "Deze code klopt niet" in client.post(VERIFY, {"code": code(device, wrong=True)}).content.decode()
    assert "zes cijfers" in client.post(VERIFY, {"code": "abc"}).content.decode()
    response = client.post(VERIFY, {"code": code(device), "next": PAGE})
    assert response.status_code == 302 and response["Location"] == PAGE
    assert client.get(PAGE).status_code == 200


def test_a_login_by_email_address_asks_for_the_code_too(coalition):
    device = enrol(coalition.advisor)
    client = Client()
    response = client.post(
        "/account/inloggen/", {"username": coalition.advisor.email.upper(), "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(PAGE)["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": code(device), "next": PAGE})["Location"] == PAGE
    assert client.get(PAGE).status_code == 200


def test_a_code_cannot_be_used_twice(coalition):
    device = enrol(coalition.advisor)
    used = code(device)
    first = signed_in(coalition.advisor)
    assert post(first, VERIFY, {"code": used})["Location"] == "/mijn/"
    second = signed_in(coalition.advisor)
    assert post(second, VERIFY, {"code": used}).status_code == 200


def test_wrong_codes_slow_down_further_tries(coalition, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    device = enrol(coalition.advisor)
    client = signed_in(coalition.advisor)
    post(client, VERIFY, {"code": code(device, wrong=True)})
    response = post(client, VERIFY, {"code": code(device)})
    assert response.status_code == 200
    assert "Te veel foute codes" in response.content.decode()
    assert client.get(PAGE).status_code == 302


def test_verify_refuses_outside_next_urls(coalition):
    device = enrol(coalition.advisor)
    client = signed_in(coalition.advisor)
    response = post(client, VERIFY, {"code": code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/mijn/"


def test_superuser_and_staff_need_it_for_the_admin(coalition):
    for user in (coalition.superuser, coalition.editor):
        client = signed_in(user)
        response = client.get("/beheer/")
        assert response["Location"] == f"{SETUP}?next=%2Fbeheer%2F"
        client.get(response["Location"])
        post(client, SETUP, {"code": code(TOTPDevice.objects.get(user=user))})
        assert client.get("/beheer/").status_code == 200


def test_partner_staff_may_log_in_with_password_alone(coalition):
    client = signed_in(coalition.partner_user)
    assert client.get(PAGE).status_code == 200
    assert "staat uit" in client.get(MANAGE).content.decode()


def test_partner_staff_may_switch_it_on_and_then_need_the_code(coalition):
    client = signed_in(coalition.partner_user)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=coalition.partner_user)
    assert post(client, SETUP, {"code": code(device)})["Location"] == MANAGE
    assert "staat aan" in client.get(MANAGE).content.decode()
    later = signed_in(coalition.partner_user)
    assert later.get(PAGE)["Location"].startswith(VERIFY)
    post(later, VERIFY, {"code": code(device)})
    assert later.get(PAGE).status_code == 200


def test_optional_two_factor_can_be_switched_off_with_a_code(coalition):
    device = enrol(coalition.partner_user)
    client = signed_in(coalition.partner_user)
    post(client, VERIFY, {"code": code(device)})
    assert "Deze code klopt niet" in post(client, MANAGE, {"code": code(device, wrong=True)}).content.decode()
    assert post(client, MANAGE, {"code": code(device)})["Location"] == MANAGE
    assert not TOTPDevice.objects.filter(user=coalition.partner_user).exists()


def test_required_two_factor_cannot_be_switched_off(coalition):
    device = enrol(coalition.advisor)
    client = signed_in(coalition.advisor)
    post(client, VERIFY, {"code": code(device)})
    assert post(client, MANAGE, {"code": code(device)}).status_code == 403
    assert TOTPDevice.objects.filter(user=coalition.advisor).exists()


def test_htmx_requests_are_redirected_by_htmx_back_to_the_page_they_came_from(coalition):
    client = signed_in(coalition.advisor)
    response = client.get(
        "/versnellingsteam/?fase=2", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/versnellingsteam/"
    )
    assert response["HX-Redirect"] == f"{SETUP}?next=%2Fversnellingsteam%2F"


def test_with_debug_on_demo_advisors_log_in_with_password_alone(coalition, settings):
    settings.WONEN_EERST_REQUIRE_2FA = False
    client = signed_in(coalition.advisor)
    assert client.get(PAGE).status_code == 200


def test_the_setting_follows_debug_by_default(monkeypatch):
    import importlib

    import wonen_eerst.settings as project_settings

    for debug, expected in (("1", False), ("0", True)):
        monkeypatch.setenv("DJANGO_DEBUG", debug)
        monkeypatch.delenv("DJANGO_REQUIRE_2FA", raising=False)
        assert importlib.reload(project_settings).WONEN_EERST_REQUIRE_2FA is expected
    monkeypatch.undo()
    importlib.reload(project_settings)


def test_anonymous_and_health_check_untouched(client, guide):
    assert client.get("/gezond/").status_code == 200
    assert client.get(MANAGE)["Location"].startswith("/account/inloggen/")


@pytest.mark.parametrize("promotion", ["versnellingsteam", "staff", "superuser"])
def test_a_promotion_mid_session_asks_for_the_second_factor_before_the_next_page(coalition, settings, promotion):
    """The decision follows the role on every request, not what the session decided at login (DEBUG off)."""
    settings.DEBUG = False
    user = coalition.partner_user
    client = signed_in(user)
    region_page = f"/regios/{coalition.region.slug}/"
    assert client.get(region_page).status_code == 200
    if promotion == "versnellingsteam":
        user.groups.add(coalition.advisor.groups.get())
    else:
        setattr(user, f"is_{promotion}", True)
        user.save()
    response = client.get(region_page)
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    enrol(user)
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
