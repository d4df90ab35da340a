"""Protection of the login: the client's address behind proxies and django-axes' lockout backend."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings


def client_ip(request) -> str:
    """The address a request came from, for the lockout after failed logins.

    With ``WONEN_EERST_PROXY_COUNT = 0`` (no proxy) that is REMOTE_ADDR. Behind N proxies that each append
    the address they saw to X-Forwarded-For, the client is the N-th entry from the right; entries further
    left were written by the client itself and cannot be trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.WONEN_EERST_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    return forwarded[-count]


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login through a web request.

    ``authenticate()`` without a request (the shell, ``Client.login()`` in tests) is no web login and
    cannot be brute-forced from outside; it goes straight on to the model backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
