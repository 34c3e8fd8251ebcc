"""Cross-checks at a province's scale: a department's file of N rows (default 10,000,000) matched
by ID number against the members of the county's receiving households (default 1,000,000).

Builds (once, cached under bench/data/) the receiving households and their members with the
payroll benchmark's generator (`payroll_run.build`: about 2.5 members a household, an entitlement
each, bulk statements; the members' ID numbers are synthetic `21…`). The source is a pension file
(`pension`: ID number, monthly amount, months): a share of its rows (--match-share, default 2%)
are members' ID numbers, the rest people the county does not help; amounts are drawn from 100 to
400 yuan, so some matches are above the standard (360, the county's line at 100%) and flagged.
The rows are generated as the file's parsed rows (`reading.SourceRow`) — a file of ten million
rows is beyond what an upload carries, and reading one is timed by the roster benchmark — and
fed, generated on the fly, to:
- `crosschecks.services.crosscheck_rows` — what the command, the page's job and the API run
  after reading the file: staging (COPY / executemany), the join, the rule, flags and audit;
- a hand-written baseline in the same run: the same rows loaded by one COPY / executemany into a
  bare temporary table and one `SELECT COUNT(*)` joining it to the members in scope with the
  income rule, the floor any implementation must pay;
- the generator alone, iterated without a database, so its share of both is known.

    .venv/bin/python bench/crosscheck.py [--rows 10000000] [--households 400000] [--database URL]
"""

import argparse
import importlib.util
import os
import random
import time
from decimal import Decimal
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent


def payroll_build(households: int) -> None:
    """The payroll benchmark's generator of receiving households (loaded by path: see above)."""
    spec = importlib.util.spec_from_file_location("payroll_run", HERE / "payroll_run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(households)


def source_rows(n: int, members: list[str], share: float, seed: int = 7):  # type: ignore[no-untyped-def]
    from dibao.crosschecks.reading import SourceRow

    rng = random.Random(seed)
    hundred = [Decimal(f"{k}.00") for k in range(100, 401)]
    for i in range(n):
        number = members[rng.randrange(len(members))] if rng.random() < share else f"22{i:016d}"
        yield SourceRow(i + 2, number, "", None, "", "", hundred[rng.randrange(301)], 12)


BASELINE_LOAD = "CREATE TEMPORARY TABLE bench_source (id_number varchar(18) NOT NULL, amount numeric(16, 2))"
BASELINE_JOIN = """
SELECT COUNT(*), SUM(CASE WHEN s.amount > (CASE WHEN h.urban_rural = 'urban' THEN 360 ELSE 200 END)
                      THEN 1 ELSE 0 END)
FROM bench_source s
JOIN registry_member m ON m.id_number = s.id_number AND m.is_current = %s
JOIN registry_household h ON h.id = m.household_id AND h.county_id = %s AND h.status = 'receiving'
"""


def baseline(rows, county_id: int) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("DROP TABLE IF EXISTS bench_source")
        cursor.execute(BASELINE_LOAD)
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY bench_source (id_number, amount) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row((r.id_number, r.amount))
        else:
            sql = "INSERT INTO bench_source (id_number, amount) VALUES (%s, %s)"
            batch: list[tuple[str, str]] = []
            for r in rows:
                batch.append((r.id_number, str(r.amount)))
                if len(batch) >= 50_000:
                    cursor.executemany(sql, batch)
                    batch = []
            cursor.executemany(sql, batch)
        cursor.execute(BASELINE_JOIN, [True, county_id])
        matched, above = cursor.fetchone()
        took = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_source")
        transaction.set_rollback(True)
    return took, int(matched), int(above or 0)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--households", type=int, default=400_000, help="about 2.5 members each")
    parser.add_argument("--match-share", type=float, default=0.02)
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of bench/data/*.sqlite3")
    args = parser.parse_args()
    harness.setup(args.database, f"crosscheck-{args.households}.sqlite3")
    from django.core.management import call_command
    from django.db import connection, transaction

    from dibao.areas.models import Area
    from dibao.crosschecks.models import Flag, SourceImport
    from dibao.crosschecks.services import crosscheck_rows
    from dibao.demo.county import COUNTY
    from dibao.policy.services import standard_set
    from dibao.registry.models import Household, Member

    call_command("migrate", verbosity=0)
    harness.build_once(payroll_build, args.households)
    county = Area.objects.get(code=COUNTY[0])
    if not county.standards.exists():
        for kind, amount in (("urban", "360"), ("rural", "200")):
            standard_set(
                area=county, data={"kind": kind, "amount": amount, "valid_from": "2020-01"}, actor=None
            )
    members = list(Member.objects.values_list("id_number", flat=True))
    print(f"{len(members):,} members in {Household.objects.count():,} households, {connection.vendor}, "
          f"{args.rows:,} source rows, {args.match_share:.0%} of them members'")  # fmt: skip

    started = time.perf_counter()
    for _ in source_rows(args.rows, members, args.match_share):
        pass
    generate = time.perf_counter() - started

    floor, floor_matched, floor_above = baseline(source_rows(args.rows, members, args.match_share), county.pk)

    with transaction.atomic():
        started = time.perf_counter()
        done = crosscheck_rows(
            county=county,
            kind="pension",
            file_name="bench.csv",
            rows=source_rows(args.rows, members, args.match_share),
            actor=None,
        )
        took = time.perf_counter() - started
        flags, already = len(done.flags), done.already
        transaction.set_rollback(True)  # the next run flags the same rows again
    assert not SourceImport.objects.exists() and not Flag.objects.exists()
    print()
    print("| step | s | rows | matched | flagged |")
    print("|---|---:|---:|---:|---:|")
    print(f"| generating the rows alone | {generate:.1f} | {args.rows:,} | | |")
    print(f"| hand-written load + join | {floor:.1f} | {args.rows:,} | {floor_matched:,} | {floor_above:,} |")
    print(f"| `crosscheck_rows` | {took:.1f} | {done.source.rows:,} | {done.source.matched:,} | {flags:,} |")
    print(f"\nratio {took / floor:.2f}; load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}")
    assert flags + already == floor_above, (flags, already, floor_above)


if __name__ == "__main__":
    main()
