"""Secure by default: deploy checks, security headers, a Content-Security-Policy without 'unsafe-inline'."""

import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

BASE_DIR = Path(__file__).resolve().parent.parent
PUBLIC_PAGES = ["/", "/fasen/", "/fasen/1/", "/hulpmiddelen/", "/over/toelichting/", "/toegankelijkheid/"]


def test_check_deploy_is_clean_with_debug_off():
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "wonen_eerst.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "DJANGO_ALLOWED_HOSTS": "example.org",
    }
    env.pop("DJANGO_SECURE_SSL_REDIRECT", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "wonen_eerst.settings", "DJANGO_DEBUG": "0"}
    env.pop("DJANGO_SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_security_headers_on_public_pages(client, guide, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_pages_have_no_inline_scripts_or_styles(client, guide, path):
    html = client.get(path).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "<style" not in html
    assert not re.search(r"\sstyle\s*=", html)
    assert not re.search(r"\shx-on[:-]", html), "hx-on needs eval, which the CSP forbids"


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_ssl_redirect_honours_the_proxy_header(client, guide):
    response = client.get("/fasen/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/fasen/"
    assert client.get("/fasen/", HTTP_X_FORWARDED_PROTO="https").status_code == 200


@override_settings(
    SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), SECURE_HSTS_SECONDS=31536000
)
def test_hsts_over_https_and_health_check_exempt_from_redirect(client, guide):
    response = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert client.get("/gezond/").status_code == 200
