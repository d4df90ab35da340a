"""A real OpenID provider for the tests of logging in with the organisation's own account.

``provider.mjs`` beside this file runs the certified ``oidc-provider`` package (installed by
``npm ci --prefix tests/oidc``) on the machine's Node.js, on a free port of the loopback, once per test session (per
xdist worker). The portal talks to it over real HTTP: the code is exchanged at its token endpoint and the ID token's
signature is checked with the keys it publishes. Where Node.js or the package is missing these tests are skipped with
the reason shown, except under CI=true, where they must run.
"""

import html.parser
import json
import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.urls import reverse

HERE = Path(__file__).parent
NODE = shutil.which("node")
CLIENT_ID, CLIENT_SECRET = "wonen-eerst-portaal", "tests-only-client-secret-0123456789"
PORTAL = "http://testserver"  # Django's test client


def missing() -> str | None:
    if NODE is None:
        return "Node.js not found for the test OpenID provider (apt-get install nodejs npm)"
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        return "the test OpenID provider is not installed (npm ci --prefix tests/oidc)"
    return None


def pytest_collection_modifyitems(config, items):
    ours = [item for item in items if str(item.fspath).startswith(str(HERE))]
    reason = missing() if ours else None
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError(f"CI=true but {reason}: the OpenID Connect tests must run in CI.")
    for item in ours:
        item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class TestProvider:
    issuer: str
    discovery: dict
    accounts_file: Path

    def account(self, sub: str, *, email: str, verified: bool = True, **claims) -> str:
        """Give the provider a person (their login name is ``sub``); returns the login name."""
        accounts = json.loads(self.accounts_file.read_text())
        accounts[sub] = {"email": email, "email_verified": verified, **claims}
        self.accounts_file.write_text(json.dumps(accounts))
        return sub


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc")
    accounts, log_path = folder / "accounts.json", folder / "provider.log"
    accounts.write_text("{}")
    port = _free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "ACCOUNTS_FILE": str(accounts),
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": PORTAL + reverse("oidc_callback"),
        "POST_LOGOUT_REDIRECT_URI": PORTAL + "/",
    }
    issuer = f"http://127.0.0.1:{port}"
    with open(log_path, "w") as log:
        process = subprocess.Popen([NODE, str(HERE / "provider.mjs")], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                discovery = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=2).json()
                break
            except requests.RequestException:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the test OpenID provider did not start:\n{log_path.read_text()}")
                time.sleep(0.1)
        yield TestProvider(issuer=issuer, discovery=discovery, accounts_file=accounts)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def oidc(settings, oidc_provider):
    """The portal configured for the test provider, as the OIDC_* environment variables would (settings.py)."""
    found = oidc_provider.discovery
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = found["issuer"]
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = found["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = found["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = found["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = found["jwks_uri"]
    settings.OIDC_OP_LOGOUT_ENDPOINT = found["end_session_endpoint"]
    return oidc_provider


class Form(html.parser.HTMLParser):
    """The first form of a page: its action and the values of its inputs."""

    def __init__(self, page: str):
        super().__init__()
        self.action, self.fields, self._done = None, {}, False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.action is None:
            self.action = attrs.get("action", "")
        elif tag == "input" and self.action is not None and not self._done and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        self._done = self._done or tag == "form"


class Browser:
    """A person's browser at the provider (real HTTP, its cookies kept); the portal's side is Django's test client."""

    def __init__(self):
        self.http = requests.Session()
        self.answers = {"password": "onbelangrijk", "logout": "yes"}  # the development forms check no password

    def page(self, url: str):
        """The provider's page at ``url`` after its own redirects (one that sends the person to the portal ends it)."""
        response = self.http.get(url, allow_redirects=False, timeout=10)
        for _ in range(12):
            if not response.is_redirect or self.to_portal(response):
                return response
            response = self.http.get(urljoin(response.url, response.headers["Location"]), allow_redirects=False)
        raise AssertionError("the provider keeps redirecting")

    @staticmethod
    def to_portal(response) -> str:
        location = urljoin(response.url, response.headers.get("Location", "")) if response.is_redirect else ""
        return location if location.startswith(PORTAL) else ""

    def until_portal(self, url: str) -> str:
        """Open ``url`` at the provider, fill in its forms (login name, consent, logout) until it sends the person
        back to the portal; returns that address."""
        response = self.page(url)
        for _ in range(6):
            if self.to_portal(response):
                return self.to_portal(response)
            assert response.status_code == 200, response.text
            form = Form(response.text)
            assert form.action is not None, response.text
            response = self.http.post(
                urljoin(response.url, form.action), data={**form.fields, **self.answers}, allow_redirects=False
            )
            if response.is_redirect and not self.to_portal(response):
                response = self.page(urljoin(response.url, response.headers["Location"]))
        raise AssertionError("the provider did not send the person back to the portal")

    def log_in(self, client, login: str, *, next: str = ""):
        """Start at the portal's "Inloggen met je organisatie-account", log in at the provider as ``login``, and
        return the portal's answer to the provider's redirect back."""
        start = client.get(reverse("oidc_login") + (f"?next={next}" if next else ""))
        assert start.status_code == 302 and not start["Location"].startswith(PORTAL), start
        self.answers["login"] = login
        back = urlsplit(self.until_portal(start["Location"]))
        return client.get(f"{back.path}?{back.query}")


@pytest.fixture
def browser():
    return Browser()
