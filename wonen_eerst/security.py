"""The login: a username or an e-mail address with the password (form and backend), and its protection: the
client's address and the account for django-axes, and its lockout backend."""

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

LOGIN_NAME = "Gebruikersnaam of e-mailadres"
INVALID_LOGIN = (
    "Inloggen lukt niet met deze gegevens. Controleer je gebruikersnaam of e-mailadres en je wachtwoord (let op "
    "hoofdletters). Hoort je e-mailadres bij meer dan één account? Log dan in met je gebruikersnaam."
)


def account_for_login(name: str):
    """The one account a login name means, active or not: the account with exactly this username, else the only
    account with this e-mail address (in any capitals). None when there is none, and when two or more accounts
    share the address: it is not guessed which one was meant (their owners log in with their username)."""
    User = get_user_model()
    if not name:
        return None
    try:
        return User._default_manager.get_by_natural_key(name)
    except User.DoesNotExist:
        pass
    if "@" not in name:
        return None
    accounts = list(User._default_manager.filter(email__iexact=name)[:2])
    return accounts[0] if len(accounts) == 1 else None


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
    """The account a login was tried for, as django-axes counts failed logins: the username of the account that the
    typed username or e-mail address means, so that both ways of logging in (and an address in other capitals) share
    one count; else what was typed. No longer than its column holds, so that a very long name typed into a login
    form (the admin's too) is a failed login, not a database error."""
    if credentials:
        typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    else:
        typed = request.POST.get(settings.AXES_USERNAME_FORM_FIELD) if request is not None else None
    if not typed:
        return typed
    account = account_for_login(typed)
    name = account.get_username() if account is not None else typed
    return name[: AccessAttempt._meta.get_field("username").max_length]


class LoginForm(AuthenticationForm):
    """Django's login form for a username or an e-mail address (``UsernameOrEmailBackend``), with a Dutch error
    for a name longer than any username or address can be (Django sets the field's maximum length but checks it
    nowhere)."""

    error_messages = {**AuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        User = get_user_model()
        limit = max(self.fields["username"].max_length, User._meta.get_field(User.EMAIL_FIELD).max_length)
        field = self.fields["username"]
        field.label = LOGIN_NAME
        field.max_length = limit
        field.widget.attrs["maxlength"] = limit
        message = f"Een gebruikersnaam of e-mailadres heeft hoogstens {limit} tekens."
        field.validators.append(MaxLengthValidator(limit, message=message))


class UsernameOrEmailBackend(ModelBackend):
    """Django's model backend, for a username or an e-mail address (``account_for_login``): the password of that
    account, which must be active. Takes as long for a name without an account as for one with an account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = account_for_login(username)
        if user is None:
            User().set_password(password)  # the password hasher runs once, as for an existing account (#20760)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check for every login through a web request.

    ``authenticate()`` without a request (the shell, ``Client.login()`` in tests) is no web login and
    cannot be brute-forced from outside; it goes straight on to the model backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
