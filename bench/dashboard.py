"""The statistics dashboards of a county and of a street: the time of the whole request
`GET /api/v1/statistics/dashboard/` — the one request the dashboard page's charts wait for — and of
the page itself, through Django's test client (middleware, session, scoping, view, serializer), as
the county's and a street's user.

Uses the county of `statistics_county.py` (N receiving households, 300 communities in 20 streets,
1.4 entitlements a household, months that move), generated once per database, set-based on
PostgreSQL. The twelve months up to December 2026 are closed: their snapshots are written first
(and timed), as closing each month's payroll does. Then best of --repeat, with the queries each
request took and the load average around it (the machine is shared); and, as the baseline, the
same county dashboard counted from the ledger (the snapshots set aside).

    .venv/bin/python bench/dashboard.py [--households 100000] [--repeat 5] [--database URL]
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
MONTH = datetime.date(2026, 12, 1)


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of bench/data/*.sqlite3")
    args = parser.parse_args()
    harness.setup(args.database, f"dashboard-{args.households}.sqlite3")
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dibao.accounts.models import User
    from dibao.areas.models import Area
    from dibao.core.months import add_months
    from dibao.core.roles import Role
    from dibao.demo.county import COUNTY
    from dibao.registry.models import Household
    from dibao.statistics import ranges
    from dibao.statistics.models import Snapshot
    from dibao.statistics.services import snapshot_write
    from statistics_county import build

    call_command("migrate", verbosity=0)
    harness.build_once(build, args.households)
    county = Area.objects.get(code=COUNTY[0])
    street = Area.objects.get(code="210204001000")
    months = [add_months(MONTH, -n) for n in range(12)]
    have = set(Snapshot.objects.filter(county=county).values_list("month", flat=True))
    writes = []
    for month in months:
        if month not in have:
            started = time.perf_counter()
            snapshot_write(county=county, month=month, actor=None)
            writes.append(time.perf_counter() - started)
    if writes:
        print(
            f"wrote {len(writes)} monthly snapshots, {min(writes):.2f}–{max(writes):.2f} s each",
            file=sys.stderr,
        )

    def user(username: str, role: str, area: Area) -> User:
        found = User.objects.filter(username=username).first()
        return found or User.objects.create_user(username=username, password=None, role=role, area=area)

    readers = {
        "county": user("bench_county", Role.COUNTY, county),
        "street": user("bench_street", Role.STREET, street),
    }
    households = Household.objects.count()

    def timed(who: str, path: str) -> tuple[float, int, str]:
        client = Client(HTTP_HOST="localhost")
        client.force_login(readers[who])
        client.get(path, {"month": f"{MONTH:%Y-%m}"})  # the first request of a process imports and compiles
        times, before = [], load()
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as seen:
                started = time.perf_counter()
                answer = client.get(path, {"month": f"{MONTH:%Y-%m}"})
                times.append(time.perf_counter() - started)
            assert answer.status_code == 200, answer.content[:500]
        return min(times) * 1000, len(seen.captured_queries), f"{before} → {load()}"

    print(f"{connection.vendor}, {households:,} households")
    print("| request | reads | queries | best ms | load average |")
    print("|---|---|---:|---:|---|")
    for who in ("county", "street"):
        ms, queries, during = timed(who, "/api/v1/statistics/dashboard/")
        print(f"| {who} dashboard API | snapshots | {queries} | {ms:.0f} | {during} |")
        ms, queries, during = timed(who, "/statistics/dashboard/")
        print(f"| {who} dashboard page | — | {queries} | {ms:.0f} | {during} |")
    # The baseline: the same request with no month snapshotted, every figure from the ledger.
    saved = ranges.snapshots.taken
    ranges.snapshots.taken = lambda *args: {}  # type: ignore[assignment]
    try:
        args.repeat = 1
        ms, queries, during = timed("county", "/api/v1/statistics/dashboard/")
        print(f"| county dashboard API (baseline) | ledger | {queries} | {ms:.0f} | {during} |")
    finally:
        ranges.snapshots.taken = saved  # type: ignore[assignment]


if __name__ == "__main__":
    main()
