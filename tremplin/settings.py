"""Tremplin's settings: one module, read from the environment.

Unset, TREMPLIN_ENV means production: a server started without it shows no debug page
and no demo, and asks for the settings that must be chosen (secret key, hosts, database,
mail server, public address, CAS server). `make demo`, `make test` and pytest set
TREMPLIN_ENV=development, where every setting has a safe local default. A value that
cannot be read stops the start-up with a message naming the variable. The README lists
every variable with its default.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import NoReturn

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tremplin.lib import observability
from tremplin.lib.env import Env
from tremplin.lib.http import TimeoutSession

env = Env()
BASE_DIR = Path(__file__).resolve().parent.parent

ENVIRONMENT = env.choice("TREMPLIN_ENV", "production", ["development", "production"])
PRODUCTION = ENVIRONMENT == "production"
_UNSET_ENVIRONMENT_HINT = (
    ""
    if env.is_set("TREMPLIN_ENV")
    else " TREMPLIN_ENV is unset, which means production; a development machine sets"
    " TREMPLIN_ENV=development (make demo and make test do)."
)


def _required_in_production(name: str) -> NoReturn:
    raise ImproperlyConfigured(
        f"{name} must be set when TREMPLIN_ENV=production.{_UNSET_ENVIRONMENT_HINT}"
    )


VAR_DIR = Path(env.str("TREMPLIN_VAR_DIR", str(BASE_DIR / "var"))).resolve()

DEBUG = env.bool("DJANGO_DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG cannot be true when TREMPLIN_ENV=production.")

# The demo: demo data, the development ENT, the /demo/ pages. Never in production.
DEMO = env.bool("TREMPLIN_DEMO", not PRODUCTION)
if PRODUCTION and DEMO:
    raise ImproperlyConfigured("TREMPLIN_DEMO cannot be true when TREMPLIN_ENV=production.")


def _local_secret_key() -> str:
    """A per-checkout key kept in var/, so a development checkout holds no secret in git."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", "") or _required_in_production("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
else:
    SECRET_KEY = env.str("SECRET_KEY", "") or _local_secret_key()

# Production speaks HTTPS only: the public address goes into e-mailed links.
SITE_URL = env.url(
    "SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000", https_only=PRODUCTION
) or _required_in_production("SITE_URL")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    _required_in_production("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", [SITE_URL])

UNIVERSITY_NAME = env.str("UNIVERSITY_NAME", "Université de Démonstration")
UNIVERSITY_LOGO = env.str("UNIVERSITY_LOGO", "img/logo.svg")
UNIVERSITY_URL = env.url("UNIVERSITY_URL", "")
# The domains of the university's own mailboxes (and their subdomains): a graduate who
# registers with an address in them that the registry holds is validated at once
# (`graduates.models.is_institutional`); empty, nobody is.
INSTITUTIONAL_EMAIL_DOMAINS = env.list("INSTITUTIONAL_EMAIL_DOMAINS", ["etu.univ-demo.fr"])

INSTALLED_APPS = [
    "tremplin.accounts.admin_config.TremplinAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_htmx",
    "procrastinate.contrib.django",
    "django_cas_ng",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "tremplin.lib",
    "tremplin.accounts",
    "tremplin.audit",
    "tremplin.directory",
    "tremplin.moderation",
    "tremplin.mailings",
    "tremplin.pages",
    "tremplin.graduates",
    "tremplin.recruiters",
    "tremplin.offers",
    "tremplin.events",
    "tremplin.alerts",
    "tremplin.profiles",
    "tremplin.newsletters",
    "tremplin.backoffice",
    "tremplin.reports",
]
if DEMO:
    INSTALLED_APPS += ["tremplin.demo"]

MIDDLEWARE = [
    "tremplin.lib.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "tremplin.lib.middleware.PermissionsPolicyMiddleware",
    "tremplin.lib.middleware.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tremplin.lib.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tremplin.accounts.middleware.SessionLifetimeMiddleware",
    "tremplin.accounts.middleware.CharterMiddleware",
    "tremplin.alerts.middleware.SearchProfileStepMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "tremplin.lib.files.DiskFullMiddleware",
]

ROOT_URLCONF = "tremplin.urls"
CSRF_FAILURE_VIEW = "tremplin.pages.errors.csrf_failure"
WSGI_APPLICATION = "tremplin.wsgi.application"
ADMIN_URL_PATH = env.str("ADMIN_URL_PATH", "django-admin/").strip("/") + "/"
# Pages that hold personal data and must never be cached (lib.middleware.NoStoreMiddleware):
# staff pages, the Django admin, accounts, recruiters (applications and CVs).
NO_STORE_PATH_PREFIXES = (
    "/gestion/",
    f"/{ADMIN_URL_PATH}",
    "/compte/",
    "/recruteurs/",
    "/evenements/inscriptions/",  # a person's registrations and their check-in codes
    "/evenements/agenda/",  # a person's calendar feed
)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tremplin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tremplin.pages.context_processors.site",
            ],
        },
    },
]

# --- Database: PostgreSQL only --------------------------------------------------------
if env.is_set("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env.required("DATABASE_URL"))}
    if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raise ImproperlyConfigured("DATABASE_URL must point at a PostgreSQL server.")
elif PRODUCTION:
    _required_in_production("DATABASE_URL")
else:
    from tremplin.lib import embedded_db

    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": embedded_db.DATABASE_NAME,
            **embedded_db.ensure_running(VAR_DIR),
        }
    }
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Short queries only: the JIT compiler would add tens of milliseconds to a search.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds allauth's rate-limit counts and the ENT's health: it must be shared by every
# web process on every machine, so it lives in PostgreSQL too (table created by a migration).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "tremplin_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# --- Accounts ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "tremplin.accounts.backends.LocalAccountBackend",
    "tremplin.accounts.backends.CASBackend",
    "tremplin.accounts.permissions.AdministratorBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
PASSWORD_RESET_TIMEOUT = 3600  # "Mot de passe oublié" links work one hour, once

# --- Local accounts (graduates, recruiters): django-allauth ---------------------------
# Sign-in with an e-mail and a password, verification, reset, rate limits, no account
# enumeration, TOTP. Accounts are created by Tremplin's own registration journeys, never
# by allauth's sign-up form.
ACCOUNT_ADAPTER = "tremplin.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_LOGOUT_REDIRECT_URL = "pages:home"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_USER_DISPLAY = lambda user: user.get_full_name() or user.email  # noqa: E731
# The client's address behind the reverse proxies (tremplin.lib.urls.client_ip): allauth
# reads it there too (AccountAdapter.get_client_ip), so its ALLAUTH_TRUSTED_* settings are
# not used. 0: no proxy is trusted, X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# A limit per address counts an IPv6 client with its /64 (tremplin.lib.ratelimit).
RATE_LIMIT_IPV6_PREFIX = 64
# Exports of the back office (tremplin.reports): at most this many per staff member per
# period of seconds. An export reads the whole scope; a few an hour serve any report.
EXPORT_RATE_LIMIT = (env.int("EXPORT_RATE_LIMIT", 30, minimum=1), 3600)
# A CSV export streams any number of rows (PostgreSQL writes it at about 100,000 rows a
# second); an XLSX file is written by Python at a few thousand rows a second, so within a
# request (gunicorn's 30 s) it holds at most this many rows (see bench_exports); a longer
# one is written by a worker and kept EXPORT_FILE_HOURS for its owner to download.
EXPORT_XLSX_MAX_ROWS = env.int("EXPORT_XLSX_MAX_ROWS", 30_000, minimum=1)
EXPORT_FILE_HOURS = env.int("EXPORT_FILE_HOURS", 24, minimum=1)
ALLAUTH_RATE_LIMIT_IPV6_PREFIX = RATE_LIMIT_IPV6_PREFIX
# Only a verified address identifies an account (accounts.services.accounts_with_emails):
# "Mot de passe oublié" and adding an address use Tremplin's forms, and an address nobody
# uses gets no mail, as a staff address (staff have no local password) does not.
ACCOUNT_FORMS = {
    "reset_password": "tremplin.accounts.forms.ResetPasswordForm",
    "add_email": "tremplin.accounts.forms.AddEmailForm",
}
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/300s/key",
    "reset_password": "20/m/ip,3/h/key",
}
# The graduate registration answers by mail whether the registry knows a person: besides
# the limits per address, per name and per e-mail (tremplin.graduates.services), a ceiling
# on all registrations stops a sweep spread over many addresses and names. The busiest
# normal day is the month after diplomas are awarded: a few thousand new graduates a
# year, most registering then, is about 150 a day and 20-40 an hour at the peak; the
# ceilings leave three times that.
GRADUATE_REGISTRATIONS_PER_HOUR = env.int("GRADUATE_REGISTRATIONS_PER_HOUR", 100, minimum=1)
GRADUATE_REGISTRATIONS_PER_DAY = env.int("GRADUATE_REGISTRATIONS_PER_DAY", 500, minimum=1)
# How long personal data is kept (days); the "Données personnelles" page says the same.
RETENTION_DAYS = {
    "registration_request": 2,  # the graduate form as typed, if never answered
    "rejected_account": env.int("RETENTION_REJECTED_ACCOUNT_DAYS", 30, minimum=1),
    "unconfirmed_recruiter": 7,
    "inactive_account": env.int("RETENTION_INACTIVE_ACCOUNT_DAYS", 3 * 365, minimum=30),
    "inactive_warning": 30,  # warned this long before deletion
    "application_after_offer": env.int("RETENTION_APPLICATION_DAYS", 365, minimum=30),
    "audit_entry": env.int("RETENTION_AUDIT_DAYS", 365, minimum=180),  # CNIL: 6 to 12 months
    # An account its owner asked to delete, while a sign-in can still cancel the request.
    "account_deletion_grace": env.int("ACCOUNT_DELETION_GRACE_DAYS", 30, minimum=1),
    # Registrations, attendance and job-dating bookings, after the event ended.
    "event_registration_after_event": env.int(
        "RETENTION_EVENT_REGISTRATION_DAYS", 365, minimum=30
    ),
    "refused_address": 365,  # an address the mail server refused, not refused again since
    # Which opt-in mails went to whom, who unsubscribed: the career service's yearly figures.
    "mail_history": env.int("RETENTION_MAIL_HISTORY_DAYS", 400, minimum=30),
}
# Downloads of "everything held about me" per person per day (a ZIP of their files).
PERSONAL_DATA_DOWNLOADS_PER_DAY = env.int("PERSONAL_DATA_DOWNLOADS_PER_DAY", 5, minimum=1)
# What waits for a moderator (a graduate claim, a recruiter registration, an offer) this
# many days reminds the moderators whose scope covers it; this many more, the
# administrators too (tremplin.moderation.deadlines).
MODERATION_REMINDER_DAYS = env.int("MODERATION_REMINDER_DAYS", 5, minimum=1)
MODERATION_ESCALATION_DAYS = env.int("MODERATION_ESCALATION_DAYS", 10, minimum=2)
if MODERATION_ESCALATION_DAYS <= MODERATION_REMINDER_DAYS:
    raise ImproperlyConfigured(
        "MODERATION_ESCALATION_DAYS must be longer than MODERATION_REMINDER_DAYS."
    )
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = UNIVERSITY_NAME
# A code of the 30 seconds before or after is accepted too (phones' clocks drift); each
# code still works once.
MFA_TOTP_TOLERANCE = 1
# The pages only administrators reach (the Django admin included) need a recent TOTP check.
MFA_RECENT_SECONDS = env.int("MFA_RECENT_SECONDS", 12 * 3600, minimum=60)

# --- Sign-in through the ENT: CAS 3.0 (django-cas-ng), optionally an LDAP bind ----------
# Production refuses http://: the service tickets and the users' attributes would cross
# the network in clear.
CAS_SERVER_URL = env.url(
    "CAS_SERVER_URL", "http://127.0.0.1:8001/cas" if DEMO else "", https_only=PRODUCTION
)
if PRODUCTION and not CAS_SERVER_URL:
    _required_in_production("CAS_SERVER_URL")
CAS_SERVER_URL = f"{CAS_SERVER_URL}/" if CAS_SERVER_URL else ""
CAS_VERSION = "3"
CAS_APPLY_ATTRIBUTES_TO_USER = False  # attributes are mapped explicitly, see below
CAS_CREATE_USER = False
CAS_SESSION_FACTORY = TimeoutSession
CAS_REDIRECT_URL = "/"
# Which released attribute feeds which field (SUPANN names by default); override with
# ENT_ATTRIBUTE_MAP="email=mail,vet=supannEtuEtape,…".
ENT_ATTRIBUTE_MAP = {
    "email": "mail",
    "last_name": "sn",
    "first_name": "givenName",
    "affiliations": "eduPersonAffiliation",
    "primary_affiliation": "eduPersonPrimaryAffiliation",
    "student_number": "supannEtuId",
    "composante": "supannEntiteAffectationPrincipale",
    "vet": "supannEtuEtape",
}
for _item in env.list("ENT_ATTRIBUTE_MAP"):
    _field, _sep, _attribute = (part.strip() for part in _item.partition("="))
    if _field not in ENT_ATTRIBUTE_MAP or not _attribute:
        raise ImproperlyConfigured(
            f"ENT_ATTRIBUTE_MAP: {_item!r}; expected field=attribute with field in "
            + ", ".join(ENT_ATTRIBUTE_MAP)
        )
    ENT_ATTRIBUTE_MAP[_field] = _attribute
STUDENT_AFFILIATIONS = env.list("STUDENT_AFFILIATIONS", ["student"])
STAFF_AFFILIATIONS = env.list("STAFF_AFFILIATIONS", ["staff", "faculty", "employee"])
# A signed-in session ends after this long without a request, and after its maximum age
# whatever happens (accounts.middleware.SessionLifetimeMiddleware); staff's are shorter.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", 120, minimum=1)
SESSION_MAX_HOURS = env.int("SESSION_MAX_HOURS", 24, minimum=1)
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", 30, minimum=1)
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", 12, minimum=1)
# Without an LDAP directory to ask (LDAP_SERVER_URI and LDAP_BIND_DN), staff roles lapse
# after this many days without a sign-in (accounts.services.lapse_departed_staff).
STAFF_ROLE_LAPSE_DAYS = env.int("STAFF_ROLE_LAPSE_DAYS", 180, minimum=1)
# The ENT's own second factor, when its CAS server asserts it (Apereo CAS releases
# authnContextClass, e.g. mfa-duo): administrators signed in through CAS with one of these
# values are not asked for a TOTP code. Off unless set; the development ENT asserts it
# for paul.admin, so the demo trusts it.
CAS_MFA_ATTRIBUTE = env.str("CAS_MFA_ATTRIBUTE", "authnContextClass" if DEMO else "")
CAS_MFA_VALUES = env.list("CAS_MFA_VALUES", ["mfa-duo"] if DEMO else [])
if CAS_MFA_ATTRIBUTE and not CAS_MFA_VALUES:
    raise ImproperlyConfigured("CAS_MFA_ATTRIBUTE needs CAS_MFA_VALUES: the values meaning MFA.")

# --- Staff sign-in with an LDAP bind (optional; python-ldap from requirements-ldap.lock) --
# Empty LDAP_SERVER_URI: no LDAP at all, django_auth_ldap is not even imported. Set, it lets
# STAFF_LOGIN_METHOD=ldap put a username + password form in the home page's staff module.
LDAP_SERVER_URI = env.str("LDAP_SERVER_URI", "")
STAFF_LOGIN_METHOD = env.choice("STAFF_LOGIN_METHOD", "cas", ["cas", "ldap"])
if STAFF_LOGIN_METHOD == "ldap" and not LDAP_SERVER_URI:
    raise ImproperlyConfigured("STAFF_LOGIN_METHOD=ldap needs LDAP_SERVER_URI.")
if LDAP_SERVER_URI:
    try:
        import ldap
        from django_auth_ldap.config import LDAPSearch
    except ImportError as error:
        raise ImproperlyConfigured(
            f"LDAP_SERVER_URI is set but {error.name} is missing: "
            "pip install -r requirements-ldap.lock"
        ) from None
    if not all(
        uri.startswith(("ldap://", "ldaps://", "ldapi://")) for uri in LDAP_SERVER_URI.split()
    ):
        raise ImproperlyConfigured(
            f"LDAP_SERVER_URI={LDAP_SERVER_URI!r}: expected ldap://, ldaps:// or ldapi:// URIs."
        )
    AUTH_LDAP_SERVER_URI = LDAP_SERVER_URI
    AUTH_LDAP_START_TLS = env.bool("LDAP_START_TLS", False)
    if PRODUCTION and not AUTH_LDAP_START_TLS and "ldap://" in LDAP_SERVER_URI:
        raise ImproperlyConfigured(
            "LDAP_SERVER_URI: staff passwords would cross the network in clear; "
            "use ldaps:// or LDAP_START_TLS=true."
        )
    # The entry's identifier, kept in ExternalIdentity("ldap", uid): the login, as for CAS.
    AUTH_LDAP_UID_ATTRIBUTE = env.str("LDAP_UID_ATTRIBUTE", "uid")
    AUTH_LDAP_USER_ATTRLIST = [AUTH_LDAP_UID_ATTRIBUTE, *ENT_ATTRIBUTE_MAP.values()]
    _dn_template = env.str("LDAP_USER_DN_TEMPLATE", "")
    _search_base = env.str("LDAP_USER_SEARCH_BASE", "")
    if bool(_dn_template) == bool(_search_base):
        raise ImproperlyConfigured(
            "LDAP_SERVER_URI is set: set either LDAP_USER_DN_TEMPLATE or LDAP_USER_SEARCH_BASE."
        )
    if _dn_template:
        if "%(user)s" not in _dn_template:
            raise ImproperlyConfigured("LDAP_USER_DN_TEMPLATE must contain %(user)s.")
        AUTH_LDAP_USER_DN_TEMPLATE = _dn_template
    else:
        _search_filter = env.str("LDAP_USER_SEARCH_FILTER", "(uid=%(user)s)")
        if "%(user)s" not in _search_filter:
            raise ImproperlyConfigured("LDAP_USER_SEARCH_FILTER must contain %(user)s.")
        AUTH_LDAP_USER_SEARCH = LDAPSearch(
            _search_base, ldap.SCOPE_SUBTREE, _search_filter, AUTH_LDAP_USER_ATTRLIST
        )
    # The account that searches (empty: an anonymous search). The user's own bind reads
    # their entry afterwards (AUTH_LDAP_BIND_AS_AUTHENTICATING_USER, see accounts/ldap.py).
    AUTH_LDAP_BIND_DN = env.str("LDAP_BIND_DN", "")
    AUTH_LDAP_BIND_PASSWORD = env.str("LDAP_BIND_PASSWORD", "")
    _ldap_timeout = env.int("LDAP_TIMEOUT", 5, minimum=1)
    AUTH_LDAP_CONNECTION_OPTIONS = {
        ldap.OPT_NETWORK_TIMEOUT: _ldap_timeout,
        ldap.OPT_TIMEOUT: _ldap_timeout,
        ldap.OPT_REFERRALS: 0,
    }
    AUTHENTICATION_BACKENDS += ["tremplin.accounts.ldap.LDAPBackend"]
# --- End of the LDAP sign-in ------------------------------------------------------------

# --- Internationalisation: French by default, English complete ----------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tremplin" / "locale"]
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "tremplin" / "static"]
STORAGES = {
    # Django's file system storage, removing what a failed write (a full disk) left.
    "default": {"BACKEND": "tremplin.lib.files.SafeFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
# The help pages' video tutorials (`manage.py build_tutorials`), served by the project.
TUTORIALS_DIR = Path(env.str("TUTORIALS_DIR", str(VAR_DIR / "tutorials")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
REGISTRY_UPLOAD_MAX_BYTES = env.int("REGISTRY_UPLOAD_MAX_BYTES", 500 * 1024 * 1024, minimum=1)

# --- E-mail ---------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Tremplin <tremplin@univ-demo.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAIL_OUTBOX_DIR = VAR_DIR / "mail"
if env.is_set("EMAIL_HOST") or PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST", "") or _required_in_production("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", 20, minimum=1)
else:
    # The demo writes every message under var/mail/, listed at /demo/mails/.
    EMAIL_BACKEND = "tremplin.lib.mail.OutboxBackend"

# Mails people opt into (alerts, newsletters, event news: tremplin.mailings). Each person
# receives at most MAIL_WEEKLY_BUDGET of them a week, all kinds together, of which
# MAIL_BUDGET_RESERVED_FOR_ALERTS only alerts may use. An address the mail server refuses
# for good (5xx) MAIL_UNDELIVERABLE_AFTER times receives none of them any more.
MAIL_WEEKLY_BUDGET = env.int("MAIL_WEEKLY_BUDGET", 3, minimum=0)
MAIL_BUDGET_RESERVED_FOR_ALERTS = env.int("MAIL_BUDGET_RESERVED_FOR_ALERTS", 1, minimum=0)
MAIL_UNDELIVERABLE_AFTER = env.int("MAIL_UNDELIVERABLE_AFTER", 3, minimum=1)
# A mailbox reading "unsubscribe" requests, added to List-Unsubscribe when set.
MAIL_UNSUBSCRIBE_MAILTO = env.str("MAIL_UNSUBSCRIBE_MAILTO", "")
# Wrong preference links a client address may try in an hour before it is refused (429).
MAIL_LINK_FAILURES_PER_HOUR = env.int("MAIL_LINK_FAILURES_PER_HOUR", 20, minimum=1)
# Newsletters leave in jobs of this many recipients each.
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", 200, minimum=1)

# --- Background jobs (procrastinate on PostgreSQL) -------------------------------------
PROCRASTINATE_IMPORT_PATHS = ["tremplin.lib.tasks"]
# A job deferred during a request carries the request's id; the worker logs it
# (tremplin.lib.observability).
PROCRASTINATE_ON_APP_READY = "tremplin.lib.observability.carry_request_id"
PROCRASTINATE_WORKER_DEFAULTS = {"worker_middleware": [observability.job_request_id]}
# A worker killed in the middle of a job leaves it "doing": once the worker has sent no
# heartbeat for this long, `retry_stalled_jobs` (every minute) puts the job back in the
# queue. Procrastinate's workers send one every 10 seconds.
# /healthz (tremplin.lib.health): not ok when no worker sent a heartbeat for this long, or
# a mail asked for this many minutes ago has not left; the answer is kept a few seconds.
HEALTH_WORKER_SECONDS = env.int("HEALTH_WORKER_SECONDS", 60, minimum=15)
HEALTH_MAIL_DELAY_MINUTES = env.int("HEALTH_MAIL_DELAY_MINUTES", 30, minimum=1)
HEALTH_CACHE_SECONDS = env.int("HEALTH_CACHE_SECONDS", 5, minimum=0)
STALLED_WORKER_SECONDS = env.int("STALLED_WORKER_SECONDS", 60, minimum=15)
# How long a job is kept once it ran (tremplin.lib.tasks.remove_finished_jobs). Jobs carry
# ids, never what a mail says; failed ones are kept longer, to find out why they failed.
JOB_RETENTION_HOURS = {
    "succeeded": env.int("RETENTION_SUCCEEDED_JOB_HOURS", 24, minimum=1),
    "failed": 24 * env.int("RETENTION_FAILED_JOB_DAYS", 30, minimum=1),
}

# --- Job alerts (tremplin.alerts) -----------------------------------------------------
# JobTeaser's Job Alert is the floor: at most one mail a day per person (always), at most
# ALERT_MAX_OFFERS offers in it, at most ALERT_MAX_PER_ORGANISATION of one organisation.
ALERT_MAX_OFFERS = env.int("ALERT_MAX_OFFERS", 10, minimum=1)
ALERT_MAX_PER_ORGANISATION = env.int("ALERT_MAX_PER_ORGANISATION", 2, minimum=1)
# The alert mails one worker's job sends over one connection to the mail server.
ALERT_MAIL_BATCH = env.int("ALERT_MAIL_BATCH", 100, minimum=1)
# The day weekly alerts leave (0 is Monday, 6 Sunday); daily ones leave every morning.
ALERT_WEEKLY_DAY = env.int("ALERT_WEEKLY_DAY", 0, minimum=0)
if ALERT_WEEKLY_DAY > 6:
    raise ImproperlyConfigured("ALERT_WEEKLY_DAY is a day of the week: 0 (Monday) to 6.")

# --- Security -------------------------------------------------------------------------
# Django's database sessions, each row naming its account: a person's sessions in every
# browser end together (their account's deletion asked, a merge).
SESSION_ENGINE = "tremplin.accounts.sessions"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The longest any session may last; a signed-in one is cut shorter (see SESSION_MAX_HOURS).
SESSION_COOKIE_AGE = max(SESSION_MAX_HOURS, STAFF_SESSION_MAX_HOURS) * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# The request id (X-Request-ID) of the load balancer or proxy in front is trusted only
# when this is on; otherwise each request gets a new one. Either way it is sent back in
# the response's X-Request-ID, logged with every line, and carried into the jobs.
TRUST_REQUEST_ID_HEADER = env.bool("TRUST_REQUEST_ID_HEADER", False)
# LOG_FORMAT=json: one JSON object per line (time, level, logger, message, request_id).
LOG_FORMAT = env.choice("LOG_FORMAT", "text", ["text", "json"])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "tremplin.lib.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "tremplin.lib.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "procrastinate": {"level": env.str("LOG_LEVEL_JOBS", "WARNING")},
    },
}
