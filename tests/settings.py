"""Settings for the test suite: the project's settings as in production, with test conveniences."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")

from wonen_eerst.settings import *  # noqa: E402, F403

# The benchmark commands are tested too (tests/test_national_dataset.py), with or without the bench extra.
if "tests.benchmarks" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "tests.benchmarks"]  # noqa: F405

# Plain HTTP from the test client; the HTTPS settings are checked in tests of their own.
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Two-factor authentication is tested on its own (tests/test_security_2fa.py switches it on).
WONEN_EERST_REQUIRE_2FA = False

# Serve static files from the app folders; no collectstatic before the tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Background tasks run at once, after the transaction commits (tests of the worker use the database backend).
WONEN_EERST_TASKS_BACKEND = "immediate"
TASKS = {"default": {"BACKEND": TASK_BACKENDS["immediate"]}}  # noqa: F405
WONEN_EERST_REPORT_WAIT_SECONDS = 0  # tests of the worker set their own wait (tests/test_report_stored.py)
