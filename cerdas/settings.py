"""Settings, from environment variables only (every one is listed in .env.example).

A bad value stops the process at start with a message naming the variable: a
city's operator should learn about a typo from the first log line, not from a
wrong deadline a week later.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected true or false")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be at least {minimum}")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_choice(name: str, default: str, choices: set[str]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {sorted(choices)}")
    return value


# --- Data directory and secret ---------------------------------------------------

DATA_DIR = Path(env_str("CERDAS_DATA_DIR", str(BASE_DIR / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        key = os.environ["SECRET_KEY"]
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY: use at least 32 characters")
        return key
    # First run: generate one into the data directory, readable by this user only.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# --- The city ------------------------------------------------------------------

# `cerdas city setup` writes the city into the data directory (city.json); the
# environment variables below override it. Without either: the Manado demo city.
try:
    from cerdas.lib import cityfile

    _CITY = cityfile.read(DATA_DIR)
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from None
CERDAS_CITY_FILE = cityfile.path_in(DATA_DIR) if _CITY else None
CERDAS_CITY_NAME = env_str("CERDAS_CITY_NAME", _CITY.name if _CITY else "Kota Manado")
# Kemendagri code of the kabupaten/kota
CERDAS_CITY_CODE = env_str("CERDAS_CITY_CODE", _CITY.code if _CITY else "71.71")
CERDAS_CODE_PREFIX = env_str("CERDAS_CODE_PREFIX", _CITY.code_prefix if _CITY else "MDO")
if not (
    CERDAS_CODE_PREFIX.isalpha()
    and CERDAS_CODE_PREFIX.isupper()
    and 2 <= len(CERDAS_CODE_PREFIX) <= 4
):
    raise ImproperlyConfigured("CERDAS_CODE_PREFIX: 2 to 4 capital letters, e.g. MDO")
try:
    CERDAS_TIME_ZONE = ZoneInfo(
        env_str("CERDAS_TIME_ZONE", _CITY.time_zone if _CITY else "Asia/Makassar")
    )
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(
        f"CERDAS_TIME_ZONE={os.environ.get('CERDAS_TIME_ZONE')!r}: not an IANA time zone "
        "(Asia/Jakarta, Asia/Makassar or Asia/Jayapura)"
    ) from None
CERDAS_WORKING_HOURS = env_str("CERDAS_WORKING_HOURS", "08:00-16:00")
try:
    from cerdas.lib.workcal import parse_hours

    parse_hours(CERDAS_WORKING_HOURS)
except ValueError as exc:
    raise ImproperlyConfigured(f"CERDAS_WORKING_HOURS={CERDAS_WORKING_HOURS!r}: {exc}") from None
CERDAS_MAP_TILE_URL = env_str(
    "CERDAS_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
CERDAS_MAP_ATTRIBUTION = env_str("CERDAS_MAP_ATTRIBUTION", "&copy; OpenStreetMap contributors")
CERDAS_MAX_UPLOAD_MB = env_int("CERDAS_MAX_UPLOAD_MB", 10, minimum=1)
CERDAS_MAX_PHOTOS = env_int("CERDAS_MAX_PHOTOS", 5, minimum=1)
# REST API (/api/v1/): reports filed without a key, per client address and minute, and
# the largest JSON body (photos travel in it as base64).
CERDAS_API_ANON_SUBMITS_PER_MINUTE = env_int("CERDAS_API_ANON_SUBMITS_PER_MINUTE", 10, minimum=1)
CERDAS_API_MAX_BODY_MB = env_int("CERDAS_API_MAX_BODY_MB", 20, minimum=1)
# Look-ups by tracking code alone (`/lacak/?kode=`, `/lacak/<kode>/` without the private
# link) of a code that is unknown or not on the public map, per client address and hour.
CERDAS_TRACK_LOOKUPS_PER_HOUR = env_int("CERDAS_TRACK_LOOKUPS_PER_HOUR", 30, minimum=1)
# One-time codes (a citizen's sign-in, "saya juga" confirmations): minutes a code lives,
# wrong tries before it dies, codes one client address may ask for per hour.
CERDAS_OTP_MINUTES = env_int("CERDAS_OTP_MINUTES", 10, minimum=1)
CERDAS_OTP_MAX_ATTEMPTS = env_int("CERDAS_OTP_MAX_ATTEMPTS", 5, minimum=1)
CERDAS_OTP_PER_CLIENT_PER_HOUR = env_int("CERDAS_OTP_PER_CLIENT_PER_HOUR", 20, minimum=1)
# Below this many cases judged against their deadlines in a period, an agency or officer
# gets no score and no rank ("data belum cukup").
CERDAS_SCORE_MIN_CASES = env_int("CERDAS_SCORE_MIN_CASES", 10, minimum=1)
# Where `cerdas serve` listens (read here, not only by serve, so that the links below
# follow them).
PORT = env_int("PORT", 8000, minimum=1)
if PORT > 65535:
    raise ImproperlyConfigured(f"PORT={PORT}: must be at most 65535")
CERDAS_BIND_HOST = env_str("CERDAS_BIND_HOST", "127.0.0.1") or "127.0.0.1"


def _local_base_url() -> str:
    """The address `cerdas serve` answers at on this machine: a notice sent by
    `PORT=8101 make run` must link to port 8101, not to a default nobody listens on."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(CERDAS_BIND_HOST, CERDAS_BIND_HOST)  # noqa: S104
    return f"http://[{host}]:{PORT}" if ":" in host else f"http://{host}:{PORT}"


# The address citizens reach this site at, for absolute links sent outside a request
# (notices, webhook payloads). Scheme and host, no trailing slash. Unset: this machine
# at PORT.
CERDAS_BASE_URL = (env_str("CERDAS_BASE_URL", "") or _local_base_url()).rstrip("/")
_base = urlsplit(CERDAS_BASE_URL)
if (
    not CERDAS_BASE_URL.startswith(("http://", "https://"))
    or not _base.hostname
    or _base.query
    or _base.fragment
):
    raise ImproperlyConfigured(
        f"CERDAS_BASE_URL={CERDAS_BASE_URL!r}: expected http:// or https:// and a host, "
        "e.g. https://pengaduan.manadokota.go.id"
    )

# --- Django ------------------------------------------------------------------------

INSTALLED_APPS = [
    "cerdas.core",
    "cerdas.accounts",
    "cerdas.agencies",
    "cerdas.areas",
    "cerdas.workdays",
    "cerdas.complaints",
    "cerdas.api",
    "cerdas.open311",
    "cerdas.webhooks",
    "cerdas.channels",
    "cerdas.notifications",
    "cerdas.instructions",
    "cerdas.performance",
    "cerdas.dashboards",
    "cerdas.opendata",
    "cerdas.ppid",
    "cerdas.news",
    "cerdas.city",
    "cerdas.demo",
    "cerdas.triage",
    "cerdas.sensors",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cerdas.core.middleware.security_headers",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cerdas.urls"
WSGI_APPLICATION = "cerdas.wsgi.application"

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
                "cerdas.core.context.city",
                "cerdas.news.context.emergency_banners",
            ],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'cerdas.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        # WAL lets the web server read while the worker writes; IMMEDIATE takes the
        # write lock at BEGIN so two writers queue instead of failing mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
elif _db["ENGINE"] not in {"django.db.backends.postgresql"}:
    raise ImproperlyConfigured("DATABASE_URL: only sqlite:// and postgres:// are supported")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Login throttling: after 5 failures for one username from one address, wait 15 minutes.
AXES_FAILURE_LIMIT = env_int("CERDAS_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Behind N reverse proxies the client address is the Nth from the right in
# X-Forwarded-For; without this every client looks like the proxy and one attacker
# could lock everybody out.
CERDAS_PROXY_COUNT = env_int("CERDAS_PROXY_COUNT", 0)
if CERDAS_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = CERDAS_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = CERDAS_TIME_ZONE.key  # the city's zone at the edges; the database keeps UTC

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Photos are checked and re-encoded by us; this only caps what Django buffers.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = CERDAS_MAX_PHOTOS + 2

# --- Security ----------------------------------------------------------------------

HTTPS = env_bool("CERDAS_HTTPS", False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# --- Background tasks ----------------------------------------------------------------

# "db" (default): django-tasks-db, the queue is a table, no broker. "rq": Redis through
# django-tasks-rq, for several worker hosts (CERDAS_REDIS_URL).
CERDAS_TASKS_BACKEND = env_choice("CERDAS_TASKS_BACKEND", "db", {"db", "rq"})
CERDAS_REDIS_URL = env_str("CERDAS_REDIS_URL", "redis://127.0.0.1:6379/0")
if CERDAS_TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": CERDAS_REDIS_URL, "DEFAULT_TIMEOUT": 300}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Sensors (docs/sensors.md) ---------------------------------------------------------

# The MQTT broker the sensors publish to; "" host: `cerdas serve` starts no listener.
CERDAS_MQTT_HOST = env_str("CERDAS_MQTT_HOST", "")
CERDAS_MQTT_PORT = env_int("CERDAS_MQTT_PORT", 1883, minimum=1)
CERDAS_MQTT_USERNAME = env_str("CERDAS_MQTT_USERNAME", "")
CERDAS_MQTT_PASSWORD = env_str("CERDAS_MQTT_PASSWORD", "")
# A CA file turns TLS on (port 8883 by convention).
CERDAS_MQTT_CA_FILE = env_str("CERDAS_MQTT_CA_FILE", "")
CERDAS_MQTT_TOPIC_PREFIX = env_str("CERDAS_MQTT_TOPIC_PREFIX", "cerdas/sensors")

# --- Notifications (docs/notifications.md) ---------------------------------------------

# "" sends through the providers configured below; "console" prints every message and
# "file" writes it to CERDAS_DATA_DIR/notifications (development, the demo).
CERDAS_NOTIFY_BACKEND = env_choice("CERDAS_NOTIFY_BACKEND", "", {"", "console", "file"})
CERDAS_NOTIFY_TIMEOUT = env_int("CERDAS_NOTIFY_TIMEOUT", 10, minimum=1)
CERDAS_NOTIFY_LEASE_SECONDS = env_int("CERDAS_NOTIFY_LEASE_SECONDS", 300, minimum=1)
if CERDAS_NOTIFY_LEASE_SECONDS <= CERDAS_NOTIFY_TIMEOUT:
    raise ImproperlyConfigured(
        "CERDAS_NOTIFY_LEASE_SECONDS must be longer than CERDAS_NOTIFY_TIMEOUT"
    )
CERDAS_NOTIFY_RETRY_BASE_SECONDS = env_int("CERDAS_NOTIFY_RETRY_BASE_SECONDS", 30, minimum=1)
CERDAS_NOTIFY_MAX_ATTEMPTS = env_int("CERDAS_NOTIFY_MAX_ATTEMPTS", 8, minimum=1)
# Officers are warned this many working hours before a case's running deadline.
CERDAS_NOTIFY_WARN_HOURS = env_int("CERDAS_NOTIFY_WARN_HOURS", 8, minimum=1)
CERDAS_WHATSAPP_TOKEN = env_str("CERDAS_WHATSAPP_TOKEN", "")
CERDAS_WHATSAPP_PHONE_NUMBER_ID = env_str("CERDAS_WHATSAPP_PHONE_NUMBER_ID", "")
CERDAS_WHATSAPP_API_URL = env_str("CERDAS_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0")
CERDAS_TELEGRAM_BOT_TOKEN = env_str("CERDAS_TELEGRAM_BOT_TOKEN", "")
CERDAS_TELEGRAM_API_URL = env_str("CERDAS_TELEGRAM_API_URL", "https://api.telegram.org")
CERDAS_SMS_GATEWAY_URL = env_str("CERDAS_SMS_GATEWAY_URL", "")
CERDAS_SMS_GATEWAY_TOKEN = env_str("CERDAS_SMS_GATEWAY_TOKEN", "")
for _name in ("CERDAS_WHATSAPP_API_URL", "CERDAS_TELEGRAM_API_URL", "CERDAS_SMS_GATEWAY_URL"):
    _value = globals()[_name]
    if _value and not _value.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"{_name}={_value!r}: expected an http:// or https:// URL")

# --- Logging: no personal data is ever passed to a logger (see cerdas/core/logging.py).

# --- E-mail ----------------------------------------------------------------------------

# smtp://USER:PASSWORD@HOST:PORT (smtps:// for TLS from the start; ?starttls=1 to upgrade).
# Without it, mail is written to files in CERDAS_DATA_DIR/mail (development, the demo).
CERDAS_SMTP_URL = env_str("CERDAS_SMTP_URL", "")
DEFAULT_FROM_EMAIL = env_str("CERDAS_EMAIL_FROM", "Cerdas <cerdas@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if CERDAS_SMTP_URL:
    _smtp = urlsplit(CERDAS_SMTP_URL)
    if _smtp.scheme not in ("smtp", "smtps") or not _smtp.hostname:
        raise ImproperlyConfigured(
            "CERDAS_SMTP_URL: expected smtp://user:password@host:port or smtps://..."
        )
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _smtp.hostname
    try:
        EMAIL_PORT = _smtp.port or (465 if _smtp.scheme == "smtps" else 25)
    except ValueError:
        raise ImproperlyConfigured("CERDAS_SMTP_URL: the port is not a number") from None
    EMAIL_HOST_USER = unquote(_smtp.username or "")
    EMAIL_HOST_PASSWORD = unquote(_smtp.password or "")
    EMAIL_USE_SSL = _smtp.scheme == "smtps"
    EMAIL_USE_TLS = "starttls=1" in _smtp.query
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
# The leaders' daily digest is sent once a day from this hour (city time) on.
CERDAS_DIGEST_HOUR = env_int("CERDAS_DIGEST_HOUR", 7)
if CERDAS_DIGEST_HOUR > 23:
    raise ImproperlyConfigured(f"CERDAS_DIGEST_HOUR={CERDAS_DIGEST_HOUR}: expected 0 to 23")

# Open data: the walidata named in every dataset's Satu Data metadata, and the OPD (by
# code) that owns the dataset of complaint counts published from the complaint system.
CERDAS_OPENDATA_WALIDATA = env_str("CERDAS_OPENDATA_WALIDATA", "Dinas Komunikasi dan Informatika")
CERDAS_OPENDATA_COMPLAINTS_AGENCY = env_str("CERDAS_OPENDATA_COMPLAINTS_AGENCY", "diskominfo")
# --- Intake channels (cerdas/channels, docs/channels.md) ---------------------------------

# WhatsApp Cloud API webhook: the token typed into Meta's webhook form, and the app
# secret that signs each call (X-Hub-Signature-256). Unset: every call is refused.
CERDAS_WHATSAPP_VERIFY_TOKEN = env_str("CERDAS_WHATSAPP_VERIFY_TOKEN", "")
CERDAS_WHATSAPP_APP_SECRET = env_str("CERDAS_WHATSAPP_APP_SECRET", "")
# Telegram: the secret_token given to setWebhook. Unset: every call is refused.
CERDAS_TELEGRAM_WEBHOOK_SECRET = env_str("CERDAS_TELEGRAM_WEBHOOK_SECRET", "")
# Reports by e-mail: imaps://USER:PASSWORD@HOST:993/INBOX (imap:// without TLS). Unset: off.
CERDAS_IMAP_URL = env_str("CERDAS_IMAP_URL", "")
if CERDAS_IMAP_URL and (
    urlsplit(CERDAS_IMAP_URL).scheme not in ("imap", "imaps")
    or not urlsplit(CERDAS_IMAP_URL).hostname
):
    raise ImproperlyConfigured("CERDAS_IMAP_URL: expected imaps://user:password@host:993/INBOX")
# The category of an e-mail that names none (a category code); empty: the first one.
CERDAS_IMAP_CATEGORY = env_str("CERDAS_IMAP_CATEGORY", "")
# A report left half-way in a chat is dropped after this many minutes without a message.
CERDAS_CHAT_TIMEOUT_MINUTES = env_int("CERDAS_CHAT_TIMEOUT_MINUTES", 120, minimum=1)

LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# Smart triage (cerdas/triage, docs/triage.md). The periodic job retrains the routing
# model from the stored labels after this many new ones (0: never; `router train`).
CERDAS_ROUTER_RETRAIN_LABELS = env_int("CERDAS_ROUTER_RETRAIN_LABELS", 500)
# Duplicates nearby.
CERDAS_DUPLICATE_RADIUS_M = env_int("CERDAS_DUPLICATE_RADIUS_M", 300)
# Per category code, e.g. "jalan-rusak=500,sampah=150" (meters).
CERDAS_DUPLICATE_RADII = {
    code.strip(): int(meters)
    for code, _, meters in (
        pair.partition("=")
        for pair in env_str("CERDAS_DUPLICATE_RADII", "").split(",")
        if pair.strip()
    )
}
CERDAS_DUPLICATE_DAYS = env_int("CERDAS_DUPLICATE_DAYS", 30)
CERDAS_DUPLICATE_MIN_SCORE = float(env_str("CERDAS_DUPLICATE_MIN_SCORE", "0.45"))
