"""Settings for the Wonen Eerst portal, read from the environment.

DATABASE_URL          database (default: SQLite file db.sqlite3 in the project; postgres://… uses psycopg)
DJANGO_SECRET_KEY     required unless DJANGO_DEBUG=1
DJANGO_DEBUG          "1" for development
DJANGO_ALLOWED_HOSTS  comma-separated host names
DJANGO_EMAIL_BACKEND  default: console
DJANGO_DEFAULT_FROM_EMAIL
WONEN_EERST_TASKS_BACKEND  "database" (tasks wait for manage.py db_worker) or "immediate" (run at once); default:
                      database on PostgreSQL, immediate on SQLite
WONEN_EERST_SITE_URL  the portal's address in e-mails (default http://localhost:8000)
WONEN_EERST_INACTIVITY_DAYS, WONEN_EERST_SUPPORT_WAITING_DAYS, WONEN_EERST_REMINDER_DAYS  signals and reminders
OIDC_*                log in with the organisation's own account (OpenID Connect); see below
"""

import datetime
import importlib.util
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production, "
            "or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "development-only-key-not-for-production"  # noqa: S105 (only with DEBUG on)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "phases",
    "regions",
]
# The benchmark commands of tests/load/ (build_national_dataset, bench_pdf, measure_pages) only where the bench extra
# is installed (pip install -e '.[bench]'), never in production.
if importlib.util.find_spec("locust") is not None:
    INSTALLED_APPS.append("tests.benchmarks")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wonen_eerst.middleware.RefuseNulBytes",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "wonen_eerst.middleware.NoStoreWhenSignedIn",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wonen_eerst.saved.SavedDespiteError",
    "wonen_eerst.middleware.BackToThePage",
    "wonen_eerst.middleware.MethodNotAllowedPage",
    "wonen_eerst.twofactor.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "wonen_eerst.urls"
WSGI_APPLICATION = "wonen_eerst.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "regions.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    # No JIT compilation: the portal's queries are short; on the advisors' overview of 450 regions compiling
    # took half of the query's time.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # DJANGO_DB_PREPARE_THRESHOLD=N binds parameters on the server and has psycopg prepare a statement once it has
    # run N times on a connection (PostgreSQL then no longer plans it on every execution). Off by default: it needs
    # a connection pooler that keeps prepared statements (PgBouncer 1.21 or newer with max_prepared_statements).
    prepare_threshold = os.environ.get("DJANGO_DB_PREPARE_THRESHOLD", "off")
    if prepare_threshold != "off":
        DATABASES["default"]["OPTIONS"] |= {"server_side_binding": True, "prepare_threshold": int(prepare_threshold)}

# Background work (every e-mail, the stored progress report) runs on Django's task framework (django-tasks, the
# backport of Django 6's django.tasks). "database": tasks wait in the database until `manage.py db_worker` runs
# them, so a request never waits for the mail server or a PDF. "immediate": a task runs at once in the process that
# enqueues it, after the transaction commits; the SQLite demo needs no extra process that way.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
WONEN_EERST_TASKS_BACKEND = os.environ.get(
    "WONEN_EERST_TASKS_BACKEND",
    "immediate" if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else "database",
)
if WONEN_EERST_TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(f"WONEN_EERST_TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[WONEN_EERST_TASKS_BACKEND]}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "wonen_eerst.security.LoginLockoutBackend",  # django-axes: refuses a locked-out account + address
    "wonen_eerst.security.UsernameOrEmailBackend",  # Django's ModelBackend, for a username or an e-mail address
    "wonen_eerst.oidc.ProviderBackend",  # the organisation's own account; only from its callback, when configured
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "regions:start"
LOGOUT_REDIRECT_URL = "phases:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3  # three days, also the lifetime of an invitation link

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
# Django's Dutch texts that the portal says otherwise (je instead of u; a message its catalogue lacks). The compiled
# .mo files are committed beside their .po, so nothing needs compiling; tests/test_voice.py checks they agree.
LOCALE_PATHS = [BASE_DIR / "wonen_eerst" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Files browsers ask for at the site's root (/favicon.ico), served by whitenoise like the static files.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Two caches per process, keyed so that they can never be stale, so they need no shared server. "default": converted
# PDFs under a hash of the HTML they were made from, and the guide PDF's size per version of the guide (at most 200
# entries, about 20 MB). "guide": the guide's part of the phase pages per version of the guide
# (Phase.guide_changed_at), in a cache of its own so that many PDFs never push it out.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pdf",
        "OPTIONS": {"MAX_ENTRIES": 200},
    },
    "guide": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "guide",
        "OPTIONS": {"MAX_ENTRIES": 50},
    },
}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Wonen Eerst portaal <noreply@localhost>")

# Security headers; with DEBUG off the deploy checks pass.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Brute-force protection (django-axes): 5 failed logins for one account (typed as its username or its e-mail
# address: wonen_eerst.security.client_username) from one address lock that combination for AXES_COOLOFF_TIME; an
# administrator unlocks earlier in the admin (Axes → Toegangspogingen).
# Behind a load balancer or reverse proxy set DJANGO_PROXY_COUNT to the number of proxies that append
# to X-Forwarded-For, so the lockout counts the client's address, not the proxy's.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DJANGO_AXES_COOLOFF_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_CLIENT_IP_CALLABLE = "wonen_eerst.security.client_ip"
AXES_USERNAME_CALLABLE = "wonen_eerst.security.client_username"
WONEN_EERST_PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

# Two-factor authentication (TOTP, django-otp): required for advisors, staff and superusers unless
# DJANGO_REQUIRE_2FA=0; by default on whenever DEBUG is off (the demo accounts exist only with DEBUG on).
WONEN_EERST_REQUIRE_2FA = env_bool("DJANGO_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Wonen Eerst portaal"

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline scripts or styles.
# htmx is a static file (script-src 'self'); the NL Design System CSS uses data: URIs for its icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Log in with the organisation's own account (OpenID Connect, mozilla-django-oidc; wonen_eerst/oidc.py). On when the
# client id and secret, the issuer and the four endpoints below are set (from the provider's
# /.well-known/openid-configuration); the login page then offers it. OIDC_OP_LOGOUT_ENDPOINT (the provider's
# end_session_endpoint) is optional: logging out then also ends the session at the provider.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True  # for the provider's end-session endpoint at logout
OIDC_CREATE_USER = False  # accounts come from invitations only (regions.services.logins)
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_callback"
OIDC_TIMEOUT = 10
if OIDC_OP_LOGOUT_ENDPOINT:  # logging out is a form whose answer goes on to the provider
    _logout = urlsplit(OIDC_OP_LOGOUT_ENDPOINT)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_logout.scheme}://{_logout.netloc}")

# The Versnellingsteam's signals.
WONEN_EERST_INACTIVITY_DAYS = int(os.environ.get("WONEN_EERST_INACTIVITY_DAYS", "90"))
WONEN_EERST_SUPPORT_WAITING_DAYS = int(os.environ.get("WONEN_EERST_SUPPORT_WAITING_DAYS", "14"))
# send_reminders: the same reminder (region + signal) at most once in this many days.
WONEN_EERST_REMINDER_DAYS = int(os.environ.get("WONEN_EERST_REMINDER_DAYS", "30"))
# The portal's address in e-mails (links to support requests, reviews and reminders).
WONEN_EERST_SITE_URL = os.environ.get("WONEN_EERST_SITE_URL", "http://localhost:8000")
# An e-mail the mail server did not take is tried again after this many seconds, then twice as long each time (at
# most an hour), for about a day (wonen_eerst.mail).
WONEN_EERST_MAIL_RETRY_SECONDS = float(os.environ.get("WONEN_EERST_MAIL_RETRY_SECONDS", "60"))
# A region's current progress report is rendered in the background once the region has not changed for this many
# seconds, so that a burst of changes makes one PDF, not one each (regions.tasks).
WONEN_EERST_REPORT_DELAY_SECONDS = float(os.environ.get("WONEN_EERST_REPORT_DELAY_SECONDS", "30"))
# A download whose stored report is not current waits this long for the worker to render it, then converts it itself.
WONEN_EERST_REPORT_WAIT_SECONDS = float(os.environ.get("WONEN_EERST_REPORT_WAIT_SECONDS", "15"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
