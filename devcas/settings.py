"""Settings of the development ENT: a real CAS 3.0 server (django-cas-server) on port 8001.

This is the university's single sign-on as `make demo` and the test-suite see it: a
directory of demo people (devcas/directory.py, every password `demo`) who sign in here
and come back to Tremplin with SUPANN attributes. It is never deployed: it has no
production mode, and Tremplin's production settings point at the university's real CAS.

Environment (all optional):
- DEVCAS_DEBUG: Django's DEBUG (default false).
- DEVCAS_DATABASE_URL: the database to use. Otherwise the server of DATABASE_URL with the
  database `tremplin_devcas` (created if missing), otherwise the project's embedded
  PostgreSQL (under TREMPLIN_VAR_DIR, default var/). Never SQLite.
- DEVCAS_SECRET_KEY: otherwise a key generated once into var/devcas_secret_key.
- DEVCAS_DIRECTORY_FILE: a JSON file of extra or replaced directory entries.
- DEVCAS_TICKET_VALIDITY: seconds a service ticket stays valid (default 60).
- UNIVERSITY_NAME: the university the ENT's banner names, as Tremplin's setting does (so a
  university's video tutorials show its own name here too).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from devcas import db


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, "").strip() or default


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name).lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected true/false, yes/no, 1/0.")


def _env_int(name: str, default: int) -> int:
    value = _env(name)
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a positive whole number.")
    return int(value)


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = db.default_var_dir()

DEBUG = _env_bool("DEVCAS_DEBUG", False)
UNIVERSITY_NAME = _env("UNIVERSITY_NAME", "Université de Démonstration")
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]


def _local_secret_key() -> str:
    """A per-checkout key kept in var/, so that no key sits in git, even a development one."""
    path = VAR_DIR / "devcas_secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _env("DEVCAS_SECRET_KEY") or _local_secret_key()

INSTALLED_APPS = [
    "devcas",  # first: its templates, static files and the devcas_setup command
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "cas_server",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "devcas.urls"
WSGI_APPLICATION = "devcas.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.messages.context_processors.messages",
                "devcas.views.demo_accounts",
            ],
        },
    },
]

# --- Database: PostgreSQL only --------------------------------------------------------
if _env("DEVCAS_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(_env("DEVCAS_DATABASE_URL"))}
elif _env("DATABASE_URL"):
    # Tremplin's server, a database of our own on it.
    DATABASES = {"default": dj_database_url.parse(_env("DATABASE_URL"))}
    DATABASES["default"]["NAME"] = db.DATABASE_NAME
    db.ensure_database(db.params_from_url(_env("DATABASE_URL")), db.DATABASE_NAME)
else:
    from tremplin.lib.embedded_db import ensure_running

    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": db.DATABASE_NAME,
            **ensure_running(VAR_DIR, database=db.DATABASE_NAME),
        }
    }
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("The development ENT runs on PostgreSQL only.")
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# django-cas-server's migrations use AutoField; anything else would leave a pending migration.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# --- Cookies: browsers share them across the ports of one host ------------------------
# With Django's default names, signing in here would sign the user out of Tremplin.
SESSION_COOKIE_NAME = "devcas_sessionid"
CSRF_COOKIE_NAME = "devcas_csrftoken"
LANGUAGE_COOKIE_NAME = "devcas_language"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Messages live in the session: the cookie storage would use a cookie named `messages`,
# the same name as Tremplin's, each side discarding the other's as badly signed.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Languages: French by default, English on request ---------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# --- Static files: served by whitenoise straight from the apps, nothing from a CDN -----
STATIC_URL = "/static/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- The CAS server -------------------------------------------------------------------
CAS_AUTH_CLASS = "devcas.auth.DirectoryAuthUser"
CAS_USER_CREDENTIAL_FORM = "devcas.forms.CredentialForm"
CAS_LOGIN_TEMPLATE = "devcas/login.html"
CAS_WARN_TEMPLATE = "devcas/warn.html"
CAS_LOGGED_TEMPLATE = "devcas/logged.html"
CAS_LOGOUT_TEMPLATE = "devcas/logout.html"
# The package's own templates are not used; should one ever be, it gets local files
# instead of Bootstrap and jQuery from a CDN.
CAS_COMPONENT_URLS = {
    name: f"{STATIC_URL}devcas/{'devcas.css' if name.endswith('css') else 'empty.js'}"
    for name in (
        "bootstrap3_css",
        "bootstrap3_js",
        "html5shiv",
        "respond",
        "bootstrap4_css",
        "bootstrap4_js",
        "jquery",
    )
}
CAS_SHOW_POWERED = False
# Both would query pypi.org from the server.
CAS_NEW_VERSION_HTML_WARNING = False
CAS_NEW_VERSION_EMAIL_WARNING = False
CAS_ENABLE_AJAX_AUTH = False
CAS_TICKET_VALIDITY = _env_int("DEVCAS_TICKET_VALIDITY", 60)
# Single logout is switched on per service pattern (devcas_setup does); a logout here
# POSTs a logoutRequest to every service the user signed in to, waiting this long for each.
CAS_SLO_TIMEOUT = 5

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
