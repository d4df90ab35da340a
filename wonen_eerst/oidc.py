"""Log in with the organisation's own account: OpenID Connect (authorization code with PKCE) through
mozilla-django-oidc, with one provider set in the environment (settings.py, ``OIDC_*``).

The ID token from the provider's token endpoint is checked for its signature (with the provider's published keys),
nonce, expiry, issuer and audience; the user info must be about the same ``sub``. Who that is in the portal is
decided by ``regions.services.logins``; a refusal is a Dutch page, never an account made on its own. Two-step login
then follows exactly as after a password (``wonen_eerst.twofactor`` decides it on every request from the role).
"""

import logging
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render, resolve_url
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from regions.services.logins import LoginRefused, person_for_provider_login

logger = logging.getLogger(__name__)

REQUIRED = (
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_ISSUER",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)
FAILED = (
    "Het portaal kon je aanmelding bij je organisatie niet controleren, of de aanmelding is afgebroken. Je bent niet "
    "ingelogd. Probeer het opnieuw, of log in met je gebruikersnaam en wachtwoord."
)
NOT_CHECKED = (SuspiciousOperation, jwt.PyJWTError, requests.RequestException, KeyError, ValueError)


def configured() -> bool:
    return all(getattr(settings, name, "") for name in REQUIRED)


class ProviderBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if "nonce" not in kwargs or not configured():
            return None  # only the callback below logs in this way, never the password form
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if (
            payload.get("iss") != settings.OIDC_OP_ISSUER
            or settings.OIDC_RP_CLIENT_ID not in audiences
            or not payload.get("sub")
            or "exp" not in payload
        ):
            raise SuspiciousOperation("The ID token is not from the configured provider, or not for this portal.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload["sub"]:
            raise SuspiciousOperation("The provider's user info is about someone else than its ID token.")
        claims = {**payload, **userinfo}
        return person_for_provider_login(issuer=payload["iss"], subject=payload["sub"], claims=claims)


def refused(request, reason: str):
    return render(request, "registration/provider_login_refused.html", {"reason": reason}, status=403)


class ProviderLoginStart(OIDCAuthenticationRequestView):
    """To the provider's login, with state, nonce and PKCE kept in the session."""

    def get(self, request):
        if not configured():
            raise Http404("Inloggen met een organisatie-account is niet ingesteld.")
        return super().get(request)


class ProviderLoginCallback(OIDCAuthenticationCallbackView):
    """Back from the provider: the code is exchanged for the tokens, checked, and the person logged in or refused."""

    def get(self, request):
        if not configured():
            raise Http404("Inloggen met een organisatie-account is niet ingesteld.")
        try:
            return super().get(request)
        except LoginRefused as refusal:
            return refused(request, " ".join(refusal.messages))
        except NOT_CHECKED as error:
            logger.warning("Login with the organisation's account refused: %r", error)
            return refused(request, FAILED)

    def login_failure(self):
        return refused(self.request, FAILED)


def end_session_url(request) -> str:
    """The provider's end-session address for a person who logged in there, or "" (then only the portal's session
    ends). Read before logging out: the ID token it names is kept in the session."""
    id_token = request.session.get("oidc_id_token")
    if not (id_token and settings.OIDC_OP_LOGOUT_ENDPOINT and configured()):
        return ""
    query = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
    }
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(query)}"
