"""`dibao serve` as systemd sees it: the pair stops together, and a failure is a failure."""

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
