"""More machines behind a load balancer: all state in the database, nothing on the local disk."""

from django.apps import apps
from django.conf import settings
from django.db import models


def test_no_model_stores_files_on_local_disk():
    file_fields = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert file_fields == []


def test_sessions_lockouts_and_second_factors_live_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert settings.AXES_HANDLER == "axes.handlers.database.AxesDatabaseHandler"
    assert apps.is_installed("django_otp.plugins.otp_totp")  # devices and their last used code: a table
    assert "file" not in getattr(settings, "MESSAGE_STORAGE", "").lower()


def test_no_cache_or_mail_on_local_disk():
    """The only cache use (PDFs under a hash of their content) may be per process: it is never stale."""
    for cache in settings.CACHES.values():
        assert "filebased" not in cache["BACKEND"].lower()
    assert "filebased" not in settings.EMAIL_BACKEND.lower()
