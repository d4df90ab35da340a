"""Brute-force protection of the login (django-axes): 5 failures for an account from an address lock it, whether
they were typed as its username or as its e-mail address."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests import factories

LOGIN = "/account/inloggen/"
ADMIN_LOGIN = "/beheer/login/"


def _fail(client, username, times, url=LOGIN, **extra):
    for _ in range(times):
        response = client.post(url, {"username": username, "password": "verkeerd"}, **extra)
    return response


@pytest.fixture(autouse=True)
def login_template(settings, tmp_path):
    """A fallback login form for as long as the project has none of its own (the project's wins)."""
    (tmp_path / "registration").mkdir()
    (tmp_path / "registration" / "login.html").write_text("{{ form.errors }}")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]


@pytest.fixture
def person(db):
    return factories.make_user(username="ellen")


def _login(client, username, url=LOGIN, **extra):
    return client.post(url, {"username": username, "password": factories.PASSWORD, "next": "/fasen/"}, **extra)


def _logged_in(client):
    return "_auth_user_id" in client.session


def test_four_failures_do_not_lock(client, person):
    _fail(client, "ellen", 4)
    _login(client, "ellen")
    assert _logged_in(client)


def test_fifth_failure_locks_with_a_dutch_page(client, person):
    response = _fail(client, "ellen", 5)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in html
    assert "beheerder" in html and "minuten" in html
    assert reverse("password_reset") in html
    response = _login(client, "ellen")
    assert response.status_code == 429
    assert not _logged_in(client)


def test_lock_is_per_username_and_address(client, person):
    factories.make_user(username="karim")
    _fail(client, "ellen", 5)
    _login(client, "karim")
    assert _logged_in(client), "another username from the same address still logs in"
    other_address = Client()
    _login(other_address, "ellen", REMOTE_ADDR="10.1.2.3")
    assert _logged_in(other_address), "the same username from another address still logs in"


def test_failures_by_username_and_by_email_address_count_together(client, db):
    factories.make_user(username="e.dekker", email="ellen.dekker@example.org")
    _fail(client, "e.dekker", 2)
    _fail(client, "Ellen.Dekker@example.org", 2)
    response = _fail(client, "ELLEN.DEKKER@EXAMPLE.ORG", 1)
    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == "e.dekker", "one count, under the account's username"
    for name in ("e.dekker", "ellen.dekker@example.org"):
        assert _login(client, name).status_code == 429
        assert not _logged_in(client)


def test_the_lockout_page_shows_what_was_typed_not_the_username(client, db):
    factories.make_user(username="e.dekker", email="ellen.dekker@example.org")
    html = _fail(client, "ellen.dekker@example.org", 5).content.decode()
    assert "ingevuld voor <strong>ellen.dekker@example.org</strong>." in html
    assert "e.dekker" not in html, "the page never tells which username an address belongs to"


def test_a_login_by_email_address_resets_the_count(client, db):
    factories.make_user(username="e.dekker", email="ellen.dekker@example.org")
    _fail(client, "e.dekker", 4)
    _login(client, "ellen.dekker@example.org")
    assert _logged_in(client)
    client.post(reverse("logout"))
    _fail(client, "ellen.dekker@example.org", 4)
    _login(client, "e.dekker")
    assert _logged_in(client)


def test_failures_for_an_address_without_one_account_lock_only_what_was_typed(client, db):
    factories.make_user(username="sam.gemeente", email="sam@example.org")
    factories.make_user(username="sam.corporatie", email="sam@example.org")
    assert _fail(client, "sam@example.org", 5).status_code == 429
    _login(client, "sam.gemeente")
    assert _logged_in(client), "a shared address names no account; its people still log in by username"


def test_admin_login_is_protected_too(client, db):
    factories.make_user(username="beheer", is_superuser=True)
    response = _fail(client, "beheer", 5, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert _login(client, "beheer", url=ADMIN_LOGIN).status_code == 429


def test_successful_login_resets_the_count(client, person):
    _fail(client, "ellen", 4)
    _login(client, "ellen")
    client.post(reverse("logout"))
    _fail(client, "ellen", 4)
    _login(client, "ellen")
    assert _logged_in(client)


def test_administrator_unlocks_in_the_admin(client, person, settings):
    settings.WONEN_EERST_REQUIRE_2FA = False
    _fail(client, "ellen", 5)
    attempt = AccessAttempt.objects.get(username="ellen")
    admin = Client()
    admin.force_login(factories.make_user(username="beheerder", is_superuser=True))
    assert admin.get("/beheer/axes/accessattempt/").status_code == 200
    response = admin.post(
        "/beheer/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    _login(client, "ellen")
    assert _logged_in(client)


def test_behind_a_proxy_the_forwarded_client_address_counts(client, person, settings):
    settings.WONEN_EERST_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    _fail(client, "ellen", 5, HTTP_X_FORWARDED_FOR="203.0.113.7", **proxy)
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    # A different client behind the same proxy is not locked out; a forged left-hand entry changes nothing.
    _login(client, "ellen", HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    assert _logged_in(client)
    locked = Client()
    response = _login(locked, "ellen", HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7", **proxy)
    assert response.status_code == 429


def test_without_proxy_setting_forwarded_header_is_ignored(client, person, settings):
    settings.WONEN_EERST_PROXY_COUNT = 0
    _fail(client, "ellen", 1, HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="192.0.2.10")
    assert AccessAttempt.objects.get().ip_address == "192.0.2.10"


def test_client_login_in_tests_and_shell_still_works(client, person):
    assert client.login(username="ellen", password=factories.PASSWORD)
