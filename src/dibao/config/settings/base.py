"""Settings shared by every deployment. Secrets and the database come from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
# Where the SQLite database and uploaded files live unless the environment says otherwise.
VAR_DIR = Path(os.environ.get("DIBAO_VAR_DIR", Path.cwd() / "var"))

SECRET_KEY = os.environ.get("DIBAO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DIBAO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "django_guid",
    "csp",
    "dibao.core",
    "dibao.areas",
    "dibao.accounts",
    "dibao.registry",
    "dibao.workdays",
    "dibao.policy",
    "dibao.benefits",
    "dibao.cases",
    "dibao.assistance",
    "dibao.payroll",
    "dibao.reviews",
    "dibao.labour",
    "dibao.outreach",
    "dibao.casefiles",
    "dibao.crosschecks",
    "dibao.complaints",
    "dibao.desk",
    "dibao.statistics",
    "dibao.demo",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Each request's id (django-guid): taken from X-Request-ID when our own proxy sent it, made up
    # otherwise; it is in every log line written while the request is served, and in the answer.
    "dibao.config.request_ids.request_id_from_trusted_proxy",
    "django_guid.middleware.guid_middleware",
    "dibao.config.request_ids.access_log",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes asks: it turns a refused log-in's answer into a 429 (see accounts.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dibao.config.urls"
WSGI_APPLICATION = "dibao.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dibao.sqlite3'}"),
        conn_max_age=int(os.environ.get("DIBAO_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the pages read while an import writes; IMMEDIATE avoids "database is locked" on
    # upgrade from a read to a write lock inside a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off on long analytic scans, not on a page's queries, and a count
    # the planner guesses to be costly (the desk's households to complete, over a county) spent
    # 480 ms compiling a query that runs in 380 ms without it.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Axes' backend comes first: it refuses a locked username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "registry:household-list"
LOGOUT_REDIRECT_URL = "accounts:login"

# Simplified Chinese first; English for those who switch.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

# Log-in locks (django-axes), the same for the pages and the API's token: after
# AXES_FAILURE_LIMIT failed log-ins for one username, from wherever they came, that username is
# refused for AXES_COOLOFF_TIME after the last one. The lock is on the username alone: an office
# shares one address, and one colleague's mistakes must not lock out the others. (Axes warns when
# no lock names the address, W006, because a lock on the username *and the user agent* could be
# dodged by changing the agent; a lock on the username alone cannot.)
AXES_FAILURE_LIMIT = int(os.environ.get("DIBAO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("DIBAO_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# A refusal while locked is not counted again: the wait shown is the wait there is.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful log-in starts the username afresh.
AXES_RESET_ON_SUCCESS = True
# Axes' own log of successful log-ins stays off: the audit trail records every API token issued,
# and a second log that nobody reads would only grow.
AXES_DISABLE_ACCESS_LOG = True
# No banner on every `dibao` command; failures are still logged (username and address masked).
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "dibao.accounts.addresses.client_address"
AXES_HTTP_RESPONSE_CODE = 429  # Too Many Requests, for the page and the API alike
AXES_LOCKOUT_CALLABLE = "dibao.accounts.lockout.lockout_response"
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated). None
# by default: the client address is the connection's, whatever a client writes in the header.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("DIBAO_TRUSTED_PROXIES", "").split(",") if p.strip()]

# API tokens (django-rest-knox): each log-in gets its own token, which lasts one working day unless
# it is revoked first (log-out, `dibao tokens --revoke`, deactivating the user).
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# Knox's migrations would create its own token table, unused once the model is ours: skipped.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(hours=int(os.environ.get("DIBAO_TOKEN_HOURS", "10"))),
    "AUTH_HEADER_PREFIX": "Token",
}

# Uploads, and the spreadsheets and CSV files the imports read from them (roster, recipients, the
# bank's results). Each limit is checked before the work it bounds is done, so refusing a file that
# breaks one costs little, and each refusal names its limit (docs/operations.md).
UPLOAD_MAX_BYTES = 50 * 1024 * 1024  # one uploaded file; past this the rest is not even kept
IMAGE_MAX_BYTES = 15 * 1024 * 1024  # one photo (a home investigation's); a phone's is 2 to 8 MB
IMPORT_MAX_ROWS = 1_000_000
IMPORT_MAX_COLUMNS = 200
# Rows x columns of the block a sheet's data spans: the reader lays it out as a full grid in memory
# (about 200 bytes a cell, so some 2 GB at this limit; a county's roster is a few million cells).
IMPORT_MAX_CELLS = 10_000_000
# An xlsx is a zip: its parts unpacked together, and the text its cells hold when each shared
# string is counted at every cell that uses it (the reader copies it into each).
IMPORT_MAX_UNPACKED_BYTES = 500 * 1024 * 1024
# Unpacked / packed size of one part. Sheets written by Excel, WPS or dibao pack 5-30 to 1; a zip
# bomb packs around 1000 to 1. Parts under 1 MB unpacked are not held to it.
IMPORT_MAX_COMPRESSION_RATIO = 200
IMPORT_MAX_ZIP_PARTS = 1_000  # an xlsx has a dozen or two
# Django's own bounds on a request: form fields besides files, files kept in memory (larger ones go
# to a temporary file), files in one request. The handler first in line stops keeping an upload
# once it passes UPLOAD_MAX_BYTES.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_HANDLERS = [
    "dibao.core.uploads.BoundedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Complaints, reports and petitions (complaints app): working days to accept or transfer one after
# it is received, to handle (reply to) it after acceptance, and the one extension allowed.
COMPLAINT_ACCEPT_WORKING_DAYS = int(os.environ.get("DIBAO_COMPLAINT_ACCEPT_DAYS", "15"))
COMPLAINT_HANDLE_WORKING_DAYS = int(os.environ.get("DIBAO_COMPLAINT_HANDLE_DAYS", "60"))
COMPLAINT_EXTENSION_WORKING_DAYS = int(os.environ.get("DIBAO_COMPLAINT_EXTENSION_DAYS", "30"))
# One evidence file of a complaint's investigation (a photo, a scanned letter).
COMPLAINT_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A job still "running" with no progress written for this long has lost its worker: shown as failed
# (its work was one transaction, so nothing of it was written).
JOB_STALE_AFTER = datetime.timedelta(minutes=int(os.environ.get("DIBAO_JOB_STALE_MINUTES", "10")))
# The desk's found lists (cases.services.found) are counted again this long after a change in the
# community at the earliest: a morning's clicks in one community ask for one recount, not one each.
FOUND_RECOUNT_AFTER = datetime.timedelta(minutes=int(os.environ.get("DIBAO_FOUND_RECOUNT_MINUTES", "10")))
# A job's file (an export) is kept this long, then removed (`dibao job-files --expire`, and each
# job started sweeps the expired ones).
JOB_FILES_KEPT_FOR = datetime.timedelta(days=int(os.environ.get("DIBAO_JOB_FILES_KEPT_DAYS", "7")))

# A failed CSRF check under /api/ answers JSON, as every API error does.
CSRF_FAILURE_VIEW = "dibao.core.api.fallbacks.csrf_failure"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dibao.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "dibao.core.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "dibao.core.api.schema.ApiSchema",
    # OPTIONS answers what the endpoint is, not a description of its input: the schema has that.
    "DEFAULT_METADATA_CLASS": "dibao.core.api.metadata.EndpointMetadata",
    "EXCEPTION_HANDLER": "dibao.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "dibao API",
    "DESCRIPTION": "Households, members, incomes and assets of the minimum living guarantee.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Choice sets used under more than one field name (hukou and urban_rural) or sharing one name
    # (an income's and an asset's `kind`) get one stable name each.
    "ENUM_NAME_OVERRIDES": {
        "UrbanRuralEnum": "dibao.registry.models.UrbanRural",
        "IncomeKindEnum": "dibao.registry.models.IncomeKind",
        "AssetKindEnum": "dibao.registry.models.AssetKind",
        "RigidSpendingKindEnum": "dibao.registry.models.RigidSpendingKind",
        "RelationEnum": "dibao.registry.models.Relation",
        "SupporterRelationEnum": "dibao.registry.models.SupporterRelation",
    },
    # `<id:pk>` (dibao.core.ids): a row id, at most what a BigAutoField holds.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 2**63 - 1},
    },
}

# X-Request-ID, as nginx's `$request_id` (32 hex digits) names it. One that is not a UUID is
# replaced (a client must not write what it likes into the logs); it is sent back in the answer.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    "EXPOSE_HEADER": False,
    "IGNORE_URLS": [],
}

# Content-Security-Policy (django-csp): scripts and styles come from our own static files only,
# never from the page itself (no inline script, handler or style attribute) nor another site.
# The figures a chart draws travel in `json_script` data blocks, which are not run.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# `dibao serve`: the WSGI server's processes (default 2 x cores + 1) and the longest a request may
# take before its process is replaced. Long work is a job for the worker, so a page that takes
# longer than this is a fault, not a slow page.
# The cores this process may run on (a container's or a cgroup's share, not the host's).
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
SERVE_WORKERS = int(os.environ.get("DIBAO_SERVE_WORKERS", "0")) or (2 * CORES + 1)
SERVE_TIMEOUT = int(os.environ.get("DIBAO_SERVE_TIMEOUT", "120"))
# The health check (`/health/`) counts the worker as there when it was last seen this recently: a
# task started or finished, or a job's progress written. The check itself queues a heartbeat task
# when the worker has been quiet for half as long, so a monitor polling at least that often sees an
# idle worker as alive.
WORKER_SEEN_WITHIN = datetime.timedelta(seconds=int(os.environ.get("DIBAO_WORKER_SEEN_SECONDS", "300")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"}
    },
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "text"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DIBAO_LOG_LEVEL", "INFO")},
    # Axes narrates every log-in at INFO; its warnings (each failure, each lock) are what matter.
    # WeasyPrint reports each step of every PDF at INFO and the fonts it cannot use at WARNING, and
    # fontTools each font it subsets: a command that writes a roster would print them all. Only
    # their errors matter to whoever prints.
    "loggers": {
        # One line a request (config.request_ids): in production; runserver prints its own.
        "dibao.requests": {"level": "WARNING"},
        # django-guid says at INFO, for every request, that it made an id up.
        "django_guid": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        **{name: {"level": "ERROR"} for name in ("weasyprint", "fontTools")},
    },
}

# `dibao demo-data` creates users with a published password (admin / dibao-demo …): only where a
# settings module says so (development, tests); elsewhere it needs --force.
DEMO_DATA_ALLOWED = False
