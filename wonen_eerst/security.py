"""Protection of the login: the login form, the client's address and username for django-axes, and its lockout
backend."""

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


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


def client_username(request, credentials=None) -> str | None:
    """The username a login was tried with, as django-axes records it: no longer than its column holds, so that a
    very long name typed into a login form (the admin's too) is a failed login, not a database error."""
    if credentials:
        username = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        username = request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
    return username[: AccessAttempt._meta.get_field("username").max_length] if username else username


class LoginForm(AuthenticationForm):
    """Django's login form, with a Dutch error for a username longer than any username can be (Django sets the
    field's maximum length but checks it nowhere)."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        limit = self.fields["username"].max_length
        message = f"Een gebruikersnaam heeft hoogstens {limit} tekens."
        self.fields["username"].validators.append(MaxLengthValidator(limit, message=message))


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login through a web request.

    ``authenticate()`` without a request (the shell, ``Client.login()`` in tests) is no web login and
    cannot be brute-forced from outside; it goes straight on to the model backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
