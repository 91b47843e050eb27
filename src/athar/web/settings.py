"""athar's Django settings. Every knob is an ATHAR_* environment variable (docs/configuration.md).

Secure by default: DEBUG off, login required everywhere, nothing served to other hosts unless
ATHAR_ALLOWED_HOSTS says so, every file created 0600 in a 0700 data directory, a strict
Content-Security-Policy, no page cached, sessions that end with the browser or after inactivity,
login throttled. `athar demo` sets what a demo needs."""

from __future__ import annotations

import contextlib
import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from athar.files import private_directory, use_private_umask
from athar.locations import default_data_dir

BASE_DIR = Path(__file__).resolve().parent

# Before anything opens the database: SQLite's -wal and -shm files, DuckDB's spill files and every
# export are then created 0600 (athar.files).
use_private_umask()


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {number}")
    return number


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_secret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME or from the file named by NAME_FILE (container secrets)."""
    if file_name := os.environ.get(f"{name}_FILE"):
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name} ({error.strerror})") from None
    return os.environ.get(name, default)


_data_dir_setting = os.environ.get("ATHAR_DATA_DIR", "")
if _data_dir_setting and not Path(_data_dir_setting).expanduser().is_absolute():
    # A relative path would again depend on the directory a command is run from (athar.locations).
    raise ImproperlyConfigured(f"ATHAR_DATA_DIR must be an absolute path, not {_data_dir_setting!r}")
DATA_DIR = (Path(_data_dir_setting).expanduser() if _data_dir_setting else default_data_dir()).resolve()
# 0700: the database, its WAL, the key and linkage runs live here. A read-only or foreign location
# is left as it is: opening the database then fails with a clear message.
with contextlib.suppress(OSError):
    private_directory(DATA_DIR)
DEBUG = env_bool("ATHAR_DEBUG", False)
SECRET_KEY = env_secret("ATHAR_SECRET_KEY")
if not SECRET_KEY:
    # A per-installation key kept in the data directory, created once: no shared default key ships.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        SECRET_KEY = key_file.read_text(encoding="utf-8").strip()
    else:
        import secrets

        SECRET_KEY = secrets.token_urlsafe(50)
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(SECRET_KEY)
        except FileExistsError:
            SECRET_KEY = key_file.read_text(encoding="utf-8").strip()  # another process won the race
        except OSError:
            pass  # read-only location: a process-local key still works, sessions end on restart
ALLOWED_HOSTS = env_list("ATHAR_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_otp",
    # django-otp's own device models stay installed only for migration accounts.0002, which moved
    # their devices (secrets in the clear) into athar.accounts.devices (secrets encrypted).
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "athar.web",
    "athar.audit",
    "athar.encryption",
    "athar.accounts",
    "athar.registry",
    "athar.imports",
    "athar.search",
    "athar.review",
    "athar.tracing",
    "athar.administration",
    "athar.stats",
    "athar.un",
    "athar.exports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "athar.web.middleware.ChosenLanguageMiddleware",  # Arabic unless the person chose otherwise
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "athar.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",  # request.htmx: a page's own HTMX request asks for a fragment
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "athar.web.middleware.NoStoreMiddleware",  # no page is kept by a browser or a proxy
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires: answers locked-out logins
]

ROOT_URLCONF = "athar.web.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "athar.web.navigation.navigation",
            ],
        },
    },
]
WSGI_APPLICATION = "athar.web.wsgi.application"

_db_url = env_str("ATHAR_DATABASE", "sqlite")
if _db_url == "sqlite":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "athar.sqlite3"),
            # IMMEDIATE: a transaction takes SQLite's write lock when it begins, so two writers queue
            # (for up to `timeout` seconds) instead of one failing with "database is locked" when it
            # tries to write after reading a snapshot the other has since changed.
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                        "transaction_mode": "IMMEDIATE", "timeout": 30},
        }
    }
elif _db_url.startswith("postgres"):
    from urllib.parse import unquote, urlparse

    _u = urlparse(_db_url)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _u.path.lstrip("/"),
            "USER": unquote(_u.username or ""),
            "PASSWORD": unquote(_u.password or "") or env_secret("ATHAR_DATABASE_PASSWORD") or "",
            "HOST": _u.hostname or "",
            "PORT": str(_u.port or ""),
        }
    }
else:
    raise ImproperlyConfigured("ATHAR_DATABASE must be 'sqlite' or a postgresql:// URL")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},  # a date is not a password
]
# Argon2 for every new or changed password; the others only verify (and upgrade) older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# django-axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Two-factor login (TOTP + recovery codes) for every role that reads personal data.
ATHAR_REQUIRE_2FA = env_bool("ATHAR_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = env_str("ATHAR_OTP_ISSUER", "athar")

LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", "العربية"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

# The REST API (docs/api.md): token or session authentication, JSON only (no browsable API: its
# forms would be a second, unaudited user interface), one error envelope, an OpenAPI schema.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "athar.web.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "athar.web.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "athar API",
    "DESCRIPTION": "Persons, records, search, imports and review of the athar registry.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several apps have a "status" with choices of their own: each enum gets a name that says whose.
    "ENUM_NAME_OVERRIDES": {"TracingStatusEnum": "athar.tracing.models.Status"},
}

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# An HTTPS reverse proxy (nginx, Caddy) in front of athar: trust its X-Forwarded-Proto header (and
# only then: a client could otherwise claim HTTPS itself), and take the client's address from the
# X-Forwarded-For header the proxy sets, so login throttling counts people, not the proxy.
BEHIND_HTTPS_PROXY = env_bool("ATHAR_BEHIND_HTTPS_PROXY", False)
if BEHIND_HTTPS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The https:// address people type, when a proxy serves athar under a name or port of its own
# (Django's CSRF check compares the Origin header with it).
CSRF_TRUSTED_ORIGINS = env_list("ATHAR_CSRF_TRUSTED_ORIGINS", "")
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"ATHAR_CSRF_TRUSTED_ORIGINS: {_origin!r} must start with https://")

# Cookies travel over HTTPS only unless ATHAR_SECURE_COOKIES=false says otherwise. Never inferred
# from the host names: `athar serve` and `athar demo`, which speak plain HTTP to this machine only,
# set it to false themselves unless an HTTPS proxy is declared (docs/configuration.md).
SECURE_COOKIES = env_bool("ATHAR_SECURE_COOKIES", True)
if BEHIND_HTTPS_PROXY and not SECURE_COOKIES:
    raise ImproperlyConfigured("ATHAR_SECURE_COOKIES=false contradicts ATHAR_BEHIND_HTTPS_PROXY=true")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# A session ends when the browser closes (a shared computer in an internet café) and after
# ATHAR_SESSION_IDLE_MINUTES without a request: every request moves the expiry forward, and the
# server refuses an expired session whatever the browser still holds.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_AGE = env_int("ATHAR_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): this site's own scripts, styles, images and fonts only; no
# inline script or style, no plug-ins, no framing, forms post only here. A template that needs an
# inline script gets a nonce from django-csp rather than a weaker policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# Login throttling (django-axes): after ATHAR_LOGIN_FAILURE_LIMIT wrong passwords for one account,
# or from one address, further attempts are refused for ATHAR_LOGIN_LOCKOUT_MINUTES, even with the
# right password. `python -m django axes_reset_username NAME` lifts a lockout early.
AXES_FAILURE_LIMIT = env_int("ATHAR_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("ATHAR_LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins belong in athar's audit log, not a second table
AXES_VERBOSE = False  # its log lines name the account and address tried
if BEHIND_HTTPS_PROXY:
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Linkage runs (`athar resolve`) leave working files full of names under DATA_DIR/linkage/: by
# default they are removed when the run ends; ATHAR_KEEP_LINKAGE_RUNS keeps the newest N.
KEEP_LINKAGE_RUNS = env_int("ATHAR_KEEP_LINKAGE_RUNS", 0)
# Extra columns of the imported rows that `athar resolve` compares as evidence, as
# `athar link --compare` does: "address,detainee_number:id" (COLUMN[:KIND], KIND text, exact, id or
# phone). Off by default: a column is evidence only where the organisation knows what it holds.
LINK_COMPARE = env_list("ATHAR_LINK_COMPARE", "")

# Imports from the browser run as jobs in a thread of the serving process, their page polling the
# progress (athar.imports.jobs); inline runs each before its request returns (tests, one-shot tools).
IMPORT_JOBS_INLINE = env_bool("ATHAR_IMPORT_JOBS_INLINE", False)

# No personal data in logs: requests are logged by id only, and errors never echo field values.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("ATHAR_LOG_LEVEL", "WARNING")},
}

# UN communications (docs/un.md): who submits, and the mechanisms' forms, lifecycles and deadlines.
UN_ORGANISATION = {
    "name": env_str("ATHAR_UN_ORGANISATION_NAME", ""),
    "address": env_str("ATHAR_UN_ORGANISATION_ADDRESS", ""),
    "email": env_str("ATHAR_UN_ORGANISATION_EMAIL", ""),
    "phone": env_str("ATHAR_UN_ORGANISATION_PHONE", ""),
}
UN_MECHANISMS_FILE = env_str("ATHAR_UN_MECHANISMS_CONFIG", "")

# Exports of personal data (docs/exports.md): how often and how long an approved file may be fetched.
EXPORT_MAX_DOWNLOADS = env_int("ATHAR_EXPORT_MAX_DOWNLOADS", 3, minimum=1)
EXPORT_EXPIRY_HOURS = env_int("ATHAR_EXPORT_EXPIRY_HOURS", 72, minimum=1)
