"""Load, measured: the production server on PostgreSQL under a morning's work (bench/locust_morning.py).

Builds (once) the demo county in the PostgreSQL database given: its year of history (`dibao
demo-data`, so that there are applications to step and a payroll run to open) and then households
up to N (default 100,000; `demo-data` adds them to the county, brought in from this month). Then
starts `dibao serve` with the production settings on a free port, behind no proxy but spoken to as
the proxy speaks (bench/locust_morning.py), and runs locust headless at each number of users for a
fixed time, the statistics reset once every user has logged in. Prints a Markdown table: requests per
second, the median, 95th and 99th percentiles, failures; the same at one user first, the baseline
(each page's own cost with nothing queued before it); then the pages with the worst p95 at the
largest number of users. The load average is printed before and after: the machine may be shared.

Needs locust: `.venv/bin/pip install -e '.[bench]'`.

    .venv/bin/python bench/load_morning.py --database postgres://postgres@127.0.0.1:5432/dibao_load \
        [--households 100000] [--users 20,50,100] [--duration 60] [--workers N]
"""

import argparse
import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent
DIBAO = [sys.executable, "-m", "dibao.config.cli"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build(database: str, households: int, data: Path) -> None:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dibao.config.settings.development",
        "DATABASE_URL": database,
        "DIBAO_VAR_DIR": str(data),
    }
    subprocess.run([*DIBAO, "migrate", "--noinput", "-v", "0"], env=environment, check=True)
    have = subprocess.run(
        [
            *DIBAO,
            "shell",
            "-c",
            "from dibao.registry.models import Household; print(Household.objects.count())",
        ],
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    count = int(have.stdout.strip().splitlines()[-1])
    if count == 0:  # the county and its year, a few hundred households told month by month
        subprocess.run(
            [*DIBAO, "demo-data", "--households", "300", "--seed", "1"], env=environment, check=True
        )
        count = 300
    if count < households:
        started = time.perf_counter()
        subprocess.run(
            [*DIBAO, "demo-data", "--households", str(households - count), "--seed", "2026"],
            env=environment,
            check=True,
        )
        print(
            f"added {households - count} households in {time.perf_counter() - started:.0f} s", file=sys.stderr
        )
    # The planner's statistics of the tables just filled: autovacuum would gather them in its own
    # time, and until then a plan made for empty tables (a nested loop over 100,000 rows) is timed.
    # The night before: the desk's found lists counted (`dibao discover --recount`, from cron), so a
    # morning's first visit to the desk reads them rather than waiting for the worker to count.
    subprocess.run([*DIBAO, "discover", "--recount"], env=environment, check=True)
    subprocess.run(
        [*DIBAO, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')"],
        env=environment,
        check=True,
    )


def serve(database: str, data: Path, port: int, workers: int | None) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dibao.config.settings.production",
        "DIBAO_SECRET_KEY": secrets.token_urlsafe(50),
        "DIBAO_ALLOWED_HOSTS": "127.0.0.1",
        "DIBAO_VAR_DIR": str(data),
        "DATABASE_URL": database,
    }
    subprocess.run([*DIBAO, "collectstatic", "--noinput", "-v", "0"], env=environment, check=True)
    command = [*DIBAO, "serve", "--bind", f"127.0.0.1:{port}"]
    if workers:
        command += ["--workers", str(workers)]
    log = (data / "load-server.log").open("wb")
    server = subprocess.Popen(command, env=environment, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: see {log.name}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=5)
            return server
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not answer in 2 minutes: see {log.name}") from None
            time.sleep(1)


def run(
    port: int, users: int, duration: int, spawn_rate: float, data: Path
) -> tuple[dict[str, str], list[dict[str, str]]]:
    prefix = data / f"load-{users}"
    subprocess.run(
        [
            *(sys.executable, "-m", "locust", "-f", str(HERE / "locust_morning.py")),
            *("--headless", "--only-summary", "--reset-stats", "--loglevel", "WARNING"),
            *("--users", str(users), "--spawn-rate", str(spawn_rate or max(users // 10, 1))),
            *("--run-time", f"{duration}s", "--stop-timeout", "30"),
            *("--host", f"http://127.0.0.1:{port}", "--csv", str(prefix)),
        ],
        check=False,  # locust exits 1 when any request failed: the table says so
        stdout=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", newline="") as file:
        rows = list(csv.DictReader(file))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return total, [row for row in rows if row["Name"] != "Aggregated"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL", ""), help="a PostgreSQL URL")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--users", default="20,50,100", help="numbers of users, comma-separated")
    parser.add_argument("--duration", type=int, default=60, help="seconds measured at each number")
    parser.add_argument("--workers", type=int, default=None, help="server processes (default: serve's)")
    parser.add_argument(
        "--spawn-rate", type=float, default=0, help="users arriving per second (default: a tenth of them)"
    )
    args = parser.parse_args()
    if not args.database.startswith("postgres"):
        raise SystemExit("--database: a PostgreSQL URL (the production server's database)")

    data = HERE / "data"
    data.mkdir(exist_ok=True)
    build(args.database, args.households, data)
    port = free_port()
    before = harness.loadavg()
    server = serve(args.database, data, port, args.workers)
    try:
        table = [
            "| users | requests/s | p50 ms | p95 ms | p99 ms | requests | failures |",
            "|---:|" + "---:|" * 6,
        ]
        pages: list[dict[str, str]] = []
        for users in [1, *(int(n) for n in args.users.split(","))]:
            total, pages = run(port, users, args.duration, args.spawn_rate, data)
            label = f"{users} (baseline)" if users == 1 else str(users)
            table.append(
                f"| {label} | {float(total['Requests/s']):.1f} | {total['50%']} | {total['95%']} | "
                f"{total['99%']} | {total['Request Count']} | {total['Failure Count']} |"
            )
            print(table[-1], f"  load average {harness.loadavg()}", file=sys.stderr)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    print(f"load average before: {before}; after: {harness.loadavg()}\n")
    print("\n".join(table))
    print(f"\nthe pages at {users} users, worst p95 first\n")
    print("| page | requests | p50 ms | p95 ms | p99 ms | failures |\n|---|---:|---:|---:|---:|---:|")
    for row in sorted(pages, key=lambda row: -float(row["95%"] if row["95%"] not in ("", "N/A") else 0)):
        print(
            f"| {row['Type']} {row['Name']} | {row['Request Count']} | {row['50%']} | {row['95%']} | "
            f"{row['99%']} | {row['Failure Count']} |"
        )


if __name__ == "__main__":
    main()
