"""Tests: SQLite in memory unless DATABASE_URL names another database; fast password hashing."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "dibao-tests-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEMO_DATA_ALLOWED = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
