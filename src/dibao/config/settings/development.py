"""The demo and a developer's machine: SQLite under var/, DEBUG on, a fixed local secret."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, VAR_DIR

DEBUG = True
SECRET_KEY = SECRET_KEY or "dibao-development-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
VAR_DIR.mkdir(parents=True, exist_ok=True)
DEMO_DATA_ALLOWED = True
