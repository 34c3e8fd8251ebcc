"""`dibao serve` as systemd sees it: the pair stops together, and a failure is a failure."""

import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from dibao.core.management.commands.serve import supervise

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


@pytest.fixture
def signals_restored() -> Iterator[None]:
    kept = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


def test_when_one_stops_by_itself_the_other_is_stopped_and_serve_fails(signals_restored):
    server = subprocess.Popen(SLEEPER)
    worker = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    assert supervise([server, worker]) == 1
    assert server.returncode == -signal.SIGTERM


def test_sigterm_stops_both_and_serve_succeeds(signals_restored):
    server, worker = subprocess.Popen(SLEEPER), subprocess.Popen(SLEEPER)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    signal.signal(signal.SIGALRM, lambda *_: signal.raise_signal(signal.SIGTERM))
    try:
        assert supervise([server, worker]) == 0
    finally:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
    assert server.returncode == worker.returncode == -signal.SIGTERM


def test_serve_refuses_debug_settings(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="production settings"):
        call_command("serve")


def test_check_deploy_is_clean_with_the_documented_settings(tmp_path):
    """The environment file docs/operations.md gives a county's server."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dibao.config.settings.production",
        "DIBAO_SECRET_KEY": secrets.token_urlsafe(50),
        "DIBAO_ALLOWED_HOSTS": "dibao.shahekou.gov.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'dibao.sqlite3'}",
        "DIBAO_VAR_DIR": str(tmp_path),
        "DIBAO_TRUSTED_PROXIES": "127.0.0.1",
        "DIBAO_DB_CONN_MAX_AGE": "60",
    }
    environment.pop("DIBAO_SSL_REDIRECT", None)
    # The browser tests' process setting (tests/e2e/conftest.py) is no server's.
    environment.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    done = subprocess.run(
        [sys.executable, "-m", "dibao.config.cli", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
