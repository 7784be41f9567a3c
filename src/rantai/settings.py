"""Rantai settings: everything comes from environment variables with defaults that run on a laptop.

Production sets at least ``DEBUG=false``, ``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``DATABASE_URL``;
see docs/operations.md for the full list.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent  # src/rantai
PROJECT_DIR = BASE_DIR.parent.parent  # the repository root


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required")
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database(url: str) -> dict:
    """One database's settings from its URL, with what Rantai asks of its engine."""
    config = dj_database_url.parse(
        url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        # A kept connection is checked before a request uses it, so one the database dropped
        # (a restart, a failover) is replaced instead of failing the request (tests/core/
        # test_faults.py).
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web server and the task worker use the file at the same time.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Rantai's queries are short counts and lookups: PostgreSQL's JIT spent 0.4–0.9 s
        # compiling single dashboard counts that run in milliseconds without it (bench/README.md,
        # insights).
        config.setdefault("OPTIONS", {})
        config["OPTIONS"].setdefault("options", "-c jit=off")
    return config


DEBUG = env_bool("DEBUG", True)
# Served over HTTPS: secure cookies, HSTS and the HTTPS redirect. On in production; the demo
# (scripts/run-demo) runs production settings over plain HTTP on the laptop with HTTPS=false.
HTTPS = env_bool("HTTPS", not DEBUG)
DATA_DIR = Path(env_str("RANTAI_DATA_DIR", str(PROJECT_DIR / "var")))

if DEBUG:
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
else:
    SECRET_KEY = env_str("SECRET_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "simple_history",
    "django_tasks_db",
    "django_tasks_redis",
    "axes",
    "rantai.core",
    "rantai.reference",
    "rantai.accounts",
    "rantai.firms",
    "rantai.five_r",
    "rantai.matchmaking",
    "rantai.partnerships",
    "rantai.estates",
    "rantai.insights",
    "rantai.inbox",
    "rantai.webhooks",
    "rantai.search",
    "rantai.calloffs",
    "rantai.ops",
]

# SQLite ignores the INCLUDE columns of covering indexes (PostgreSQL uses them); that is fine.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

MIDDLEWARE = [
    "rantai.ops.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "rantai.core.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Around the views: a request with files runs in one transaction, rolled back (507) when
    # the disk is full.
    "rantai.core.middleware.DiskFullMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in of a locked-out person into the
    # lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rantai.urls"
FORM_RENDERER = "rantai.core.forms.FormRenderer"
WSGI_APPLICATION = "rantai.wsgi.application"
ASGI_APPLICATION = "rantai.asgi.application"

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
                "rantai.core.context_processors.navigation",
            ],
        },
    },
]

# The address users reach Rantai at, for links in emails sent outside a request (reminders).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# SQLite file under the git-ignored var/ folder by default; DATABASE_URL switches to PostgreSQL.
DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": database(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'rantai.sqlite3'}"))
}
# A PostgreSQL streaming replica of it: the reads of GET and HEAD requests go there, unless the
# person asking wrote within REPLICA_PIN_SECONDS (rantai.core.replica; docs/decisions.md, "A read
# replica"). Under tests, the replica mirrors the test database (TEST MIRROR).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database(DATABASE_REPLICA_URL) | {"TEST": {"MIRROR": "default"}}
    if {config["ENGINE"] for config in DATABASES.values()} != {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must be a PostgreSQL streaming replica of a PostgreSQL "
            "DATABASE_URL"
        )
    DATABASE_ROUTERS = ["rantai.core.replica.ReplicaRouter"]
    # After AuthenticationMiddleware: it needs to know who asks.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "rantai.core.replica.ReplicaReadsMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in (page, admin, API token) of a locked-out username and address.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one address, that pair is locked out for the cool-off; a right password resets the count. An
# administrator unlocks early by deleting the attempt in the admin ("Access attempts") or with
# `manage.py axes_reset_username USERNAME`.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "rantai.accounts.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "rantai.accounts.throttling.client_ip"
# Behind a reverse proxy (nginx), the number of proxies that append to X-Forwarded-For: the
# client's address is then read from that header instead of the proxy's own.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
# The public request-access form: at most this many submissions per client address and hour.
ACCESS_REQUESTS_PER_HOUR = env_int("ACCESS_REQUESTS_PER_HOUR", 5)
# Call-offs: the working week in which "acknowledge within N working hours" is counted (local
# time): from hour, to hour, weekdays (Monday = 0). Many workshops also work Saturday mornings;
# a deployment sets its own.
CALLOFF_WORKING_HOURS = (
    env_int("CALLOFF_WORKDAY_START", 8),
    env_int("CALLOFF_WORKDAY_END", 16),
    tuple(int(d) for d in env_list("CALLOFF_WORKDAYS", "0,1,2,3,4")),
)
# The open board of call-offs is told of changes by server-sent events (calloffs/live.py; a
# change feed read every CALLOFF_FEED_MS milliseconds per server process) and then asks whether
# anything it shows changed: a 204 while nothing did. It also asks every
# CALLOFF_BOARD_POLL_SECONDS by itself: the fallback for changes nothing saves (a deadline
# passing) and, with CALLOFF_BOARD_PUSH off, the only way (every 2 s is the sensible figure then).
# Measured in bench/calloff_board.py; see docs/decisions.md, call-offs.
CALLOFF_BOARD_PUSH = env_bool("CALLOFF_BOARD_PUSH", True)
CALLOFF_BOARD_POLL_SECONDS = env_int("CALLOFF_BOARD_POLL_SECONDS", 30 if CALLOFF_BOARD_PUSH else 2)
CALLOFF_FEED_SECONDS = env_int("CALLOFF_FEED_MS", 250) / 1000

# A history entry's reason is the reason the person gave (a cancelled call-off's, up to 300
# characters), not simple_history's default of 100: text, never cut.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The language switch's cookie: sent only over HTTPS, like the session's; no script reads it.
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
# Day-first English dates (rantai/formats/en). Numbers are grouped where they are shown
# (core.formatting, the rupiah filter, floatformat's "g"), not by USE_THOUSAND_SEPARATOR, which
# would also group every year and id a template prints (2.026, /firms/1.204/).
FORMAT_MODULE_PATH = ["rantai.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Front-end packages come from the npm registry (package.json); Django serves them from
# node_modules under a vendor/ prefix, so nothing third-party is copied into git.
NODE_MODULES = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap", NODE_MODULES / "bootstrap/dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons/font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org/dist"),
    ("vendor/htmx-ext-sse", NODE_MODULES / "htmx-ext-sse/dist"),
    ("vendor/idb", NODE_MODULES / "idb/build"),
    ("vendor/leaflet", NODE_MODULES / "leaflet/dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select/dist"),
    ("vendor/swagger-ui", NODE_MODULES / "swagger-ui-dist"),
]
# Production serves collectstatic's hashed, compressed copies (WhiteNoise); development and the
# demo (COLLECTED_STATIC=false, scripts/run-demo) serve the source folders as they are.
COLLECTED_STATIC = env_bool("COLLECTED_STATIC", not DEBUG)
WHITENOISE_USE_FINDERS = not COLLECTED_STATIC

# Uploaded and generated files (photos, documents, imports, exports, reports): the folder
# MEDIA_ROOT by default; with STORAGE_BACKEND=s3, a bucket of an S3-compatible object store, so
# several servers share them. Never served from there: every download streams through a view
# that checks the user first (docs/decisions.md, "Files in object storage").
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "filesystem")


def s3_storage() -> dict:
    """The S3 storage from S3_* variables. Credentials left empty fall back to boto3's own
    chain (AWS_* variables, the server's instance role)."""
    optional = {
        "endpoint_url": env_str("S3_ENDPOINT_URL", ""),
        "region_name": env_str("S3_REGION", ""),
        "access_key": env_str("S3_ACCESS_KEY_ID", ""),
        "secret_key": env_str("S3_SECRET_ACCESS_KEY", ""),
        "addressing_style": env_str("S3_ADDRESSING_STYLE", ""),  # "path" for most MinIO
        # Empty sends no ACL, for buckets that refuse them (AWS "bucket owner enforced").
        "default_acl": env_str("S3_ACL", "private"),
    }
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            **{name: value for name, value in optional.items() if value},
            # Two buyers' "gambar.pdf" in one month stay two objects, as on disk: never one
            # need serving another's drawing.
            "file_overwrite": False,
            # Nothing links to the store: an unsigned URL of a private object leads nowhere.
            "querystring_auth": False,
            # A file read back (an export being downloaded) spills to disk past this size.
            "max_memory_size": 5 * 1024 * 1024,
        },
    }


if STORAGE_BACKEND not in {"filesystem", "s3"}:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be filesystem or s3, not {STORAGE_BACKEND!r}")
STORAGES = {
    "default": s3_storage()
    if STORAGE_BACKEND == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if COLLECTED_STATIC
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# A picture larger than this is refused from its header, before it is decoded (core/uploads.py).
UPLOAD_MAX_PIXELS = env_int("UPLOAD_MAX_PIXELS", 40_000_000)

# Email: printed on the console while developing; sent through EMAIL_HOST (SMTP) in production.
if env_str("EMAIL_BACKEND", "console" if DEBUG else "smtp") == "smtp":
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# How often an open page asks for the inbox's unread count (seconds).
INBOX_POLL_SECONDS = env_int("INBOX_POLL_SECONDS", 30)
# Outgoing webhooks (rantai.webhooks): how long a receiver has to answer (seconds), and whether
# endpoints may be plain http or private addresses (development and tests only: in production a
# webhook must not reach into our own network).
WEBHOOKS_TIMEOUT = env_int("WEBHOOKS_TIMEOUT", 5)
WEBHOOKS_ALLOW_PRIVATE = env_bool("WEBHOOKS_ALLOW_PRIVATE", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Rantai <noreply@rantai.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: Django's tasks API. The database-backed worker is the default
# (`manage.py db_worker`); TASKS_BACKEND=redis switches to Redis Streams for larger deployments
# (`manage.py run_redis_tasks`); TASKS_BACKEND=immediate runs tasks inside the request (tests).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    "redis": {
        "BACKEND": "django_tasks_redis.RedisTaskBackend",
        "OPTIONS": {
            "REDIS_URL": REDIS_URL,
            "REDIS_KEY_PREFIX": env_str("REDIS_KEY_PREFIX", "rantai"),
        },
    },
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}")
TASKS = {"default": _TASK_BACKENDS[TASKS_BACKEND]}
# A running job's worker touches its heartbeat this often; a job whose heartbeat is older than
# JOB_STALE_SECONDS lost its worker and is marked failed (core.reaper, `reap_stale_jobs`).
JOB_HEARTBEAT_SECONDS = env_int("JOB_HEARTBEAT_SECONDS", 30)
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 300)
# A task without a job (a scheduled command, a webhook) has no heartbeat: one running longer
# than this lost its worker.
TASK_STALE_SECONDS = env_int("TASK_STALE_SECONDS", 6 * 3600)

# The cache carries live progress of background jobs from the worker to the polling page, so it
# must be shared between processes: files under var/ by default, Redis where CACHE_URL says so.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",
            # API throttles keep a key per client: room for them before the cache starts culling.
            "OPTIONS": {"MAX_ENTRIES": 10000},
        }
    }

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Requests per client, counted in the shared cache above (so across web processes): a
    # signed-in person by account, anyone else by address (the same proxy rule as sign-in
    # lockouts). The token endpoint, which takes passwords, has its own stricter scope.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "60/min"),
        "user": env_str("API_THROTTLE_USER", "1200/min"),
        "token": env_str("API_THROTTLE_TOKEN", "10/min"),
    },
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Rantai API",
    "DESCRIPTION": "Firm registry, capabilities and certifications of Indonesian metal IKM.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": f"/{STATIC_URL}vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": f"/{STATIC_URL}vendor/swagger-ui/favicon-32x32.png",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "rantai.api_schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "FirmKindEnum": "rantai.firms.models.Firm.Kind",
        "PhotoKindEnum": "rantai.five_r.models.Photo.Kind",
        "PartnershipStatusEnum": "rantai.partnerships.models.Partnership.Status",
        "MembershipRoleEnum": "rantai.accounts.models.Role",
        "WebhookEventEnum": "rantai.webhooks.models.Event",
        "OrderUnitEnum": "rantai.partnerships.models.OrderLine.Unit",
        "WebhookDeliveryStatusEnum": "rantai.webhooks.models.Delivery.Status",
    },
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"

MAP_TILE_URL = env_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "&copy; OpenStreetMap contributors")


def _tile_origin(url: str) -> list[str]:
    """The map tiles' server for img-src ("https://{s}.tile.example" → "https://*.tile.example")."""
    if not url:
        return []
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return [f"{scheme}://{host}"] if scheme and host else []


# Content-Security-Policy: scripts only from Rantai's own static files (no inline scripts or
# on…="" handlers: pages declare what they need in data- attributes read by core/rantai.js),
# images also from the map tile server. Styles allow 'unsafe-inline': style="" attributes carry
# computed values (progress bars, the estate plan's columns), the server-drawn SVG charts carry
# <style>, and htmx adds its indicator style; inline CSS cannot run code.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # blob: the 5R field app shows photos taken offline from the phone's own storage.
    "img-src": [CSP.SELF, "data:", "blob:", *_tile_origin(MAP_TILE_URL)],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# One line per record; JSON (one object per line, with the request id) in production, plain text
# under DEBUG. See rantai/ops/logs.py.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT must be json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "rantai.ops.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601 in UTC
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint warns about every repeated id in the SVG charts; nothing a reader sees.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# /health/ (rantai/ops/health.py): the least free space under RANTAI_DATA_DIR, and the longest
# the workers' heartbeat may be silent, before the check says so.
HEALTH_MIN_FREE_DISK_MB = env_int("HEALTH_MIN_FREE_DISK_MB", 1024)
HEALTH_WORKER_MAX_AGE = env_int("HEALTH_WORKER_MAX_AGE", 180)

if HTTPS:
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
