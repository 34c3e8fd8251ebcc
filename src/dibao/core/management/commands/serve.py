"""`dibao serve`: the production server and the worker, as one unit for systemd (docs/operations.md)."""

import argparse
import os
import re
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from dibao.core.console import ConsoleCommand, unmigrated_message

BIND = re.compile(r"^(?:[\w.-]+|\[[0-9a-fA-F:]+\]):\d{1,5}$|^unix:/.+$")


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a whole number of at least 1")
    return number


def address(value: str) -> str:
    if not BIND.match(value):
        raise argparse.ArgumentTypeError(f"{value} is not HOST:PORT nor unix:/path")
    return value


class Command(ConsoleCommand):
    help = (
        "Serve dibao in production: gunicorn with the settings in force (production unless "
        "DJANGO_SETTINGS_MODULE says otherwise) and the background worker beside it. SIGTERM or "
        "Ctrl-C stops both, letting requests and the task in hand finish; SIGHUP reloads the "
        "server's processes. If either stops by itself the other is stopped too, and the command "
        "fails, so that systemd restarts the pair."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", type=address, default="127.0.0.1:8000", help="HOST:PORT or unix:/path")
        parser.add_argument(
            "--workers", type=positive, default=None, help="server processes (default SERVE_WORKERS)"
        )
        parser.add_argument(
            "--timeout",
            type=positive,
            default=None,
            help="seconds a request may take (default SERVE_TIMEOUT)",
        )
        parser.add_argument("--no-worker", action="store_true", help="serve only (the worker runs elsewhere)")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEBUG:
            raise CommandError(
                "dibao serve runs production settings, not DEBUG ones; `make run` serves a developer's copy."
            )
        message = unmigrated_message(sys.argv)
        if message:
            raise CommandError(message)
        environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
        workers = options["workers"] or settings.SERVE_WORKERS
        timeout = options["timeout"] or settings.SERVE_TIMEOUT
        server = [
            *(sys.executable, "-m", "gunicorn", "dibao.config.wsgi:application"),
            *("--bind", options["bind"], "--workers", str(workers)),
            # The longest request allowed; a process stuck past it is replaced. Long work is a job.
            *("--timeout", str(timeout), "--graceful-timeout", "30"),
            # A request in progress may finish after SIGTERM; the proxy holds the connections open.
            *("--keep-alive", "5"),
            # A process is replaced after so many requests: memory a large page took is given back.
            *("--max-requests", "1000", "--max-requests-jitter", "100"),
            *("--error-logfile", "-"),
        ]
        worker = [sys.executable, "-m", "dibao.config.cli", "db_worker", "--no-reload", "-v", "1"]
        children = [subprocess.Popen(server, env=environment)]
        if not options["no_worker"]:
            children.append(subprocess.Popen(worker, env=environment))
        self.stdout.write(f"serving on {options['bind']} with {workers} processes; pid {os.getpid()}")
        sys.exit(supervise(children))


def supervise(children: list[subprocess.Popen[bytes]]) -> int:
    """Wait on the children, passing on the signals a supervisor sends; the status to exit with."""
    asked_to_stop = False

    def stop_children() -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    def stop(signum: int, frame: Any) -> None:
        nonlocal asked_to_stop
        asked_to_stop = True
        stop_children()

    def reload(signum: int, frame: Any) -> None:
        children[0].send_signal(signal.SIGHUP)  # gunicorn: new processes with the code on disk

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGHUP, reload)
    while all(child.poll() is None for child in children):
        time.sleep(0.5)
    if not asked_to_stop:
        stop_children()  # one stopped by itself: take the other down, and fail
    # The worker finishes the job in hand first (it is one transaction, so a supervisor that loses
    # patience and kills it loses nothing but the job: systemd's TimeoutStopSec).
    for child in children:
        child.wait()
    return 0 if asked_to_stop else 1
