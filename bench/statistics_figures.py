"""Statistics of a county of N receiving households: from the ledger and from the snapshots of
closed months, each against a hand-written query of the same rows.

Builds (once per database) the county of `statistics_county.py` — N households, 1.4 entitlements
a household, 300 communities, months that move (approvals, stops, reviews) — set-based on
PostgreSQL. Then times, best of --repeat, printing the load average around each measurement (the
machine is shared):
- one month (November 2026) by street × benefit class counted from the ledger, as the command,
  page and API ask for it (`selectors.statistics`, no snapshot); baseline: one hand-written GROUP BY
  of the month's stock by the same keys (what any implementation must read);
- writing one month's snapshot (`statistics.services.snapshot_write`), and its row count; baseline:
  one hand-written GROUP BY of the month's versions by the snapshot's full key;
- the twelve months of 2026 by street × benefit class from the snapshots (every month written;
  each month's writing time is printed), against the same range counted from the ledger: the
  baseline of the snapshot path; and checks that the two give the same figures.

    .venv/bin/python bench/statistics_figures.py [--households 1000000] [--repeat 3] [--database URL]
                                         [--skip-ledger-range]
"""

import argparse
import datetime
import os
import platform
import time
from pathlib import Path

import harness

MONTH = datetime.date(2026, 11, 1)
YEAR = [datetime.date(2026, m, 1) for m in range(1, 13)]
BY = "street,benefit_class"

STOCK_BASELINE = """
SELECT c.parent_id, e.benefit_class, COUNT(DISTINCT e.household_id),
       COALESCE(SUM(e.persons) FILTER (WHERE e.member_id IS NULL), 0) + COUNT(DISTINCT e.member_id),
       SUM(ROUND(CASE WHEN e.month_to = %(m)s AND e.last_month_amount IS NOT NULL THEN e.last_month_amount
                      WHEN e.month_from = %(m)s AND e.first_month_amount IS NOT NULL THEN e.first_month_amount
                      ELSE e.amount END * 100))
FROM benefits_entitlement e JOIN registry_household h ON h.id = e.household_id
JOIN areas_area c ON c.id = h.community_id
WHERE e.month_from <= %(m)s AND (e.month_to IS NULL OR e.month_to >= %(m)s) AND c.code LIKE '210204%%'
GROUP BY 1, 2
"""

FULL_BASELINE = """
SELECT h.community_id, e.program_id, e.urban_rural, e.benefit_class, e.management_class, h.category_id,
       COUNT(DISTINCT e.household_id), SUM(e.persons), SUM(e.amount)
FROM benefits_entitlement e JOIN registry_household h ON h.id = e.household_id
JOIN areas_area c ON c.id = h.community_id
WHERE e.month_from <= %(m)s AND (e.month_to IS NULL OR e.month_to >= %(m)s) AND c.code LIKE '210204%%'
GROUP BY 1, 2, 3, 4, 5, 6
"""


def load() -> str:
    return f"load {os.getloadavg()[0]:.1f}"


def best(repeat: int, work):  # type: ignore[no-untyped-def]
    times = []
    before = load()
    for _ in range(repeat):
        started = time.perf_counter()
        answer = work()
        times.append(time.perf_counter() - started)
    return min(times), answer, f"{before} → {load()}"


def machine(connection) -> str:  # type: ignore[no-untyped-def]
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    return (
        f"{os.cpu_count()} CPUs, {int(memory) / 1024 / 1024:.0f} GB, Python {platform.python_version()}, "
        f"{version}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of bench/data/*.sqlite3")
    parser.add_argument(
        "--skip-ledger-range", action="store_true", help="do not count the twelve months from the ledger"
    )
    args = parser.parse_args()
    harness.setup(args.database, f"statistics-{args.households}.sqlite3")
    from django.core.management import call_command
    from django.db import connection

    from dibao.areas.models import Area
    from dibao.benefits.models import Entitlement
    from dibao.demo.county import COUNTY
    from dibao.registry.models import Household
    from dibao.statistics import ranges
    from dibao.statistics.models import Snapshot
    from dibao.statistics.selectors import statistics
    from dibao.statistics.services import snapshot_write
    from statistics_county import build

    call_command("migrate", verbosity=0)
    harness.build_once(build, args.households)
    county = Area.objects.get(code=COUNTY[0])
    households, entitlements = Household.objects.count(), Entitlement.objects.count()
    print(f"{machine(connection)}; {households:,} households, {entitlements:,} entitlements")
    pg = connection.vendor == "postgresql"

    def hand(sql: str):  # type: ignore[no-untyped-def]
        with connection.cursor() as cursor:
            cursor.execute(sql, {"m": MONTH})
            return cursor.fetchall()

    def from_ledger(work):  # type: ignore[no-untyped-def]
        """`work` with no month snapshotted: every figure counted from the ledger."""
        saved = ranges.snapshots.taken
        ranges.snapshots.taken = lambda *args: {}
        try:
            return work()
        finally:
            ranges.snapshots.taken = saved

    print("| work | s | rows | load average |")
    print("|---|---:|---:|---|")
    seconds, answer, during = from_ledger(lambda: best(args.repeat, lambda: statistics(county, MONTH, by=BY)))
    print(f"| one month by street × benefit class, ledger | {seconds:.2f} | {len(answer.rows)} | {during} |")
    if pg:
        seconds, found, during = best(args.repeat, lambda: hand(STOCK_BASELINE))
        print(
            f"| — baseline: one hand-written GROUP BY of its stock | {seconds:.2f} | {len(found)} "
            f"| {during} |"
        )

    seconds, snapshot, during = best(1, lambda: snapshot_write(county=county, month=MONTH, actor=None))
    print(f"| writing one month's snapshot | {seconds:.2f} | {snapshot.size:,} | {during} |")
    if pg:
        seconds, found, during = best(args.repeat, lambda: hand(FULL_BASELINE))
        print(
            f"| — baseline: one hand-written GROUP BY by its full key | {seconds:.2f} | {len(found):,} "
            f"| {during} |"
        )

    # The other months of 2026, unless an earlier run of this script wrote them.
    have = set(Snapshot.objects.filter(county=county).values_list("month", flat=True))
    writes, before = [], load()
    for month in YEAR:
        if month not in have:
            started = time.perf_counter()
            snapshot_write(county=county, month=month, actor=None)
            writes.append(time.perf_counter() - started)
    if writes:
        print(
            f"| writing the other {len(writes)} months' snapshots, each (fastest–slowest) "
            f"| {min(writes):.2f}–{max(writes):.2f} | | {before} → {load()} |"
        )
    seconds, kept, during = best(args.repeat, lambda: statistics(county, YEAR[0], YEAR[-1], by=BY))
    print(
        f"| twelve months by street × benefit class, snapshots | {seconds:.3f} | {len(kept.rows)} "
        f"| {during} |"
    )
    if not args.skip_ledger_range:
        seconds, ledger, during = from_ledger(
            lambda: best(1, lambda: statistics(county, YEAR[0], YEAR[-1], by=BY))
        )
        print(
            f"| — baseline: the same twelve months from the ledger | {seconds:.2f} | {len(ledger.rows)} "
            f"| {during} |"
        )
        same = [r.as_json() for r in kept.rows] == [r.as_json() for r in ledger.rows]
        print(
            "\nthe same figures from the snapshots as from the ledger: "
            f"{same and kept.total.as_json() == ledger.total.as_json()}"
        )


if __name__ == "__main__":
    main()
