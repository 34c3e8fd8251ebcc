"""Production: everything secret or site-specific comes from the environment; nothing is guessed."""

import os
from typing import Any, cast

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, LOGGING, MIDDLEWARE, SECRET_KEY, SILENCED_SYSTEM_CHECKS

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("DIBAO_SECRET_KEY must be set in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DIBAO_ALLOWED_HOSTS must list the site's host names.")

SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("DIBAO_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
# Only the names under dibao's own host (dibao.county.gov.cn's sub-names), not the county's domain.
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Not submitted to the browsers' preload list: a county's host is often on its own network only,
# and preloading is the domain owner's decision for the whole domain. `check --deploy` is told so.
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The proxy and the monitor ask for /health/ over plain HTTP on the server's own port.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

# Static files: served by the application itself (WhiteNoise), gzip- and brotli-compressed ahead
# of time by `dibao collectstatic`, under names carrying a hash of their content so that a browser
# may keep them for a year (`Cache-Control: max-age=315360000, immutable`) and a new version is a
# new name. A reverse proxy may serve STATIC_ROOT itself instead (docs/operations.md).
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# One JSON object a line (python-json-logger), each with the request's id, for journald and
# whatever reads the logs after it.
LOGGING = {
    **LOGGING,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "json"},
    },
    "loggers": {**cast(dict[str, Any], LOGGING["loggers"]), "dibao.requests": {"level": "INFO"}},
}
