"""Protection of the login: the login form, the client's address and username for django-axes, its lockout
backend, and the permission backend."""

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxLengthValidator
from django.db import connection


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


class PermissionBackend(ModelBackend):
    """Django's model backend, with a user's permissions (their own and their groups') read in one query.

    Every page asks whether the signed-in person is an advisor (the menu shows the Versnellingsteam); the
    model backend answers that with two queries, built through the ORM each time. Superusers, inactive
    users and object permissions behave exactly as in ModelBackend.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if user_obj.is_superuser or not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            with connection.cursor() as cursor:
                cursor.execute(_permissions_sql(), [user_obj.pk, user_obj.pk])
                user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in cursor.fetchall()}
        return user_obj._perm_cache


def _permissions_sql() -> str:
    """The permissions of one user (the first parameter) and of their groups (the second), as (app, codename)."""
    own = get_user_model().user_permissions.field
    groups = get_user_model().groups.field
    granted = Group.permissions.field
    return (
        f"SELECT ct.app_label, p.codename FROM {Permission._meta.db_table} p"
        f" JOIN {ContentType._meta.db_table} ct ON ct.id = p.content_type_id"
        f" WHERE p.id IN ("
        f"SELECT {own.m2m_reverse_name()} FROM {own.m2m_db_table()} WHERE {own.m2m_column_name()} = %s"
        f" UNION SELECT gp.{granted.m2m_reverse_name()} FROM {granted.m2m_db_table()} gp"
        f" JOIN {groups.m2m_db_table()} ug ON ug.{groups.m2m_reverse_name()} = gp.{granted.m2m_column_name()}"
        f" WHERE ug.{groups.m2m_column_name()} = %s)"
    )
