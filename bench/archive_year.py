"""Archiving a past year of payroll lines on PostgreSQL, and restoring it: `dibao partitions
--archive YEAR` and `--restore YEAR` on a year of monthly partitions.

Builds (once per database) the county of `payroll_run.py` — N receiving households, an entitlement
each, written with COPY — and twelve runs of YEAR, one a month, each month's lines (one a
household) written by the hand-written INSERT … SELECT of `payroll_run.py` into the month's
partition, made first as drafting a run makes it. Then, each timed once, with the load average
around it (the machine is shared):
- `dibao partitions --archive YEAR` as an operator runs it (a process of its own: Django's start
  included), then `dibao audit-verify`;
- `dibao partitions --restore YEAR`, then `dibao audit-verify`;
- `dibao partitions` without options (creates nothing by then): the process's start and the
  catalog reads alone, the floor under both commands;
- `archive_year` and `restore_year` (what the two commands call) in this process, each followed by
  the audit chain's verification;
- the baseline: the same catalog work by hand in one transaction each way — DETACH PARTITION and
  SET SCHEMA of each month, then SET SCHEMA and ATTACH PARTITION (which reads each partition to
  check its rows are in its month) — without counting rows or writing audit entries.

    .venv/bin/python bench/archive_year.py --database postgres://… [--households 100000] [--year 2025]
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import time

import harness

MONTH = datetime.date(2026, 11, 1)  # the entitlements of `payroll_run.build` run from 2026 on


def load() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--database", required=True, help="a PostgreSQL DATABASE_URL")
    args = parser.parse_args()
    harness.setup(args.database, "")
    from django.core.management import call_command
    from django.db import connection, transaction

    from dibao.areas.models import Area
    from dibao.core.audit_verify import verify
    from dibao.core.services import partitions
    from dibao.demo.county import COUNTY
    from dibao.payroll.models import Line, Run
    from payroll_run import BASELINE, PAYING, build

    if connection.vendor != "postgresql":
        sys.exit("archive_year.py: PostgreSQL only (SQLite keeps plain tables)")
    call_command("migrate", verbosity=0)
    harness.build_once(build, args.households)
    county = Area.objects.get(code=COUNTY[0])
    months = [datetime.date(args.year, m, 1) for m in range(1, 13)]
    if args.year in partitions.archived_years(connection):
        sys.exit(f"archive_year.py: {args.year} is archived; `dibao partitions --restore {args.year}` first")
    if not Line.objects.filter(month__in=months).exists():
        started = time.perf_counter()
        partitions.ensure_months(connection, months)
        for month in months:
            with transaction.atomic(), connection.cursor() as cursor:
                run = Run.objects.create(county=county, month=month)
                # The month's lines, of the households' entitlements as they stand in MONTH.
                cursor.execute(BASELINE, [run.pk, month, *[MONTH] * 6, *PAYING, county.pk])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE payroll_line")
        print(f"wrote {args.year}'s lines in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    names = [partitions.partition_name("payroll_line", m) for m in months]
    rows = Line.objects.filter(month__in=months).count()
    with connection.cursor() as cursor:  # the year's partitions with their indexes
        cursor.execute(
            "SELECT pg_size_pretty(SUM(pg_total_relation_size(n::regclass))) FROM unnest(%s::text[]) AS n",
            [names],
        )
        (size,) = cursor.fetchone()
    connection.close()
    print(f"{rows:,} lines of {args.year} in 12 partitions, {size} with their indexes")

    dibao = [shutil.which("dibao") or os.path.join(os.path.dirname(sys.executable), "dibao")]

    def command(*words: str) -> float:
        before = load()
        started = time.perf_counter()
        done = subprocess.run([*dibao, *words], capture_output=True, text=True, check=True)
        took = time.perf_counter() - started
        said = done.stdout.strip().splitlines()[-1]
        print(f"dibao {' '.join(words):<28} {took:6.2f} s  load {before} → {load()}  ({said})")
        return took

    command("partitions", "--archive", str(args.year))
    command("audit-verify")
    command("partitions", "--restore", str(args.year))
    command("audit-verify")
    command("partitions")

    # The same two services in this process (no start of Django), each checked by the verifier.
    for service in (partitions.archive_year, partitions.restore_year):
        before = load()
        started = time.perf_counter()
        done = service(connection, year=args.year)
        took = time.perf_counter() - started
        intact = verify().broken is None
        print(f"{service.__name__ + ' (in process)':<34} {took:6.2f} s  load {before} → {load()}  "
              f"({len(done)} partitions, audit chain {'intact' if intact else 'BROKEN'})")  # fmt: skip
        connection.close()

    def by_hand(statements: list[str]) -> tuple[float, str]:
        before = load()
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        took = time.perf_counter() - started
        connection.close()
        return took, before

    detach = []
    attach = []
    for month, name in zip(months, names, strict=True):
        detach += [
            f"ALTER TABLE payroll_line DETACH PARTITION {name}",
            f"ALTER TABLE {name} SET SCHEMA {partitions.ARCHIVE_SCHEMA}",
        ]
        low, high = month, datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        attach += [
            f"ALTER TABLE {partitions.ARCHIVE_SCHEMA}.{name} SET SCHEMA public",
            f"ALTER TABLE payroll_line ATTACH PARTITION {name} FOR VALUES FROM ('{low}') TO ('{high}')",
        ]
    took, before = by_hand(detach)
    print(f"{'baseline: DETACH + SET SCHEMA':<34} {took:6.2f} s  load {before} → {load()}")
    took, before = by_hand(attach)
    print(f"{'baseline: SET SCHEMA + ATTACH':<34} {took:6.2f} s  load {before} → {load()}")


if __name__ == "__main__":
    main()
