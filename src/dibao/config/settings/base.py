"""Settings shared by every deployment. Secrets and the database come from the environment."""

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
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "dibao.core",
    "dibao.areas",
    "dibao.accounts",
    "dibao.registry",
    "dibao.workdays",
    "dibao.policy",
    "dibao.benefits",
    "dibao.cases",
    "dibao.payroll",
    "dibao.reviews",
    "dibao.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
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

# Failed log-ins allowed per username and per client address in LOGIN_THROTTLE_WINDOW seconds.
LOGIN_THROTTLE_LIMIT = 5
LOGIN_THROTTLE_WINDOW = 300

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# A failed CSRF check under /api/ answers JSON, as every API error does.
CSRF_FAILURE_VIEW = "dibao.core.api.fallbacks.csrf_failure"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "dibao.core.api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "dibao.core.api.schema.ApiSchema",
    # OPTIONS answers what the endpoint is, not a description of its input: the schema has that.
    "DEFAULT_METADATA_CLASS": "dibao.core.api.metadata.EndpointMetadata",
    "EXCEPTION_HANDLER": "dibao.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"login": "10/min"},
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
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DIBAO_LOG_LEVEL", "INFO")},
}
