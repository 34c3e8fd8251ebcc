"""Roster import at county scale: 100,000 members (~40,000 households) from one xlsx, on SQLite.

Generates the file once (bench/data/, git-ignored) with the demo county's households
(`dibao.demo.county.make_households`: its mix of sizes, disabilities, health and incomes) written
as a roster, then imports it into a fresh SQLite database through
`dibao.registry.roster.importer.import_roster` — the code path of `dibao import-roster` and of the
import page — timing reading, validating and writing apart. Then exports the imported register as
xlsx and CSV, as `dibao export-roster` does.

With `--against REF` (a commit or branch, e.g. `main`) the same import is first run by the code of
REF — its `src/` taken with `git archive` into bench/data/, in a process of its own, into a
database of its own (the SQLite file `import-old.sqlite3`, or the PostgreSQL database named as
`--database`'s with `_old` after it) — so that the two compare within one run. Each side also
writes the same rows again by hand-written SQL (its baseline) and gives the load average.
`--recreate` drops and creates the PostgreSQL databases first (they must be the bench's own).

    .venv/bin/python bench/import_roster.py [--members 100000] [--database URL] [--profile]
        [--against main] [--recreate]
"""

import argparse
import cProfile
import datetime
import io
import json
import os
import platform
import pstats
import random
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import harness

HERE = Path(__file__).resolve().parent
COMMUNITY = "210204001001"


def make_file(path: Path, members: int) -> tuple[int, int]:
    """Write the roster; return (rows, households)."""
    import xlsxwriter

    from dibao.areas.models import Area
    from dibao.demo import county
    from dibao.registry.roster import vocabulary
    from dibao.registry.roster.exporter import COLUMNS, TEXT_COLUMNS
    from dibao.registry.roster.headers import CANONICAL

    rng = random.Random(2026)
    today = datetime.date(2026, 11, 1)
    community = Area.objects.get(code=COMMUNITY)
    columns = [k for k in COLUMNS if k not in ("number", "community")]
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, [CANONICAL[k] for k in columns])
    text = workbook.add_format({"num_format": "@"})
    line = households = 0
    used: set[str] = set()
    while line < members:
        for new in county.make_households(rng, [community], 1000, today, used):
            people = new.members[: members - line]
            if not people:
                break
            households += 1
            income = {index: values["amount"] for index, values in new.incomes}
            head = people[0]["id_number"]
            for index, member in enumerate(people):
                cells = {
                    "head_id": head,
                    "name": member["name"],
                    "id_number": member["id_number"],
                    "monthly_income": str(income.get(index, "")),
                }
                for field in ("relation", "disability_type", "disability_grade", "health"):
                    cells[field] = vocabulary.word_for(field, member[field])
                cells["labour_capacity"] = vocabulary.word_for("labour_capacity", member["labour_capacity"])
                cells["employment"] = vocabulary.word_for("employment", member["employment"])
                cells["urban_rural"] = vocabulary.word_for("urban_rural", member["hukou"])
                if index == 0:
                    cells.update(
                        {k: new.values[k] for k in ("address", "phone", "bank_name", "bank_account")}
                    )
                line += 1
                for col, key in enumerate(columns):
                    sheet.write_string(line, col, cells.get(key, ""), text if key in TEXT_COLUMNS else None)
    workbook.close()
    return line, households


def timed(phases: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            phases[name] = time.perf_counter() - started

    return wrapper


def hand_written_write() -> tuple[float, int]:
    """Seconds to write the imported households and members again with hand-written SQL, and how
    many rows (the same tables, indexes and constraints; rolled back)."""
    from django.db import connection, transaction

    tables = ("registry_household", "registry_member")
    with transaction.atomic(), connection.cursor() as cursor:
        rows, columns = {}, {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {table}")
            columns[table] = [c[0] for c in cursor.description]
            rows[table] = cursor.fetchall()
        for table in ("registry_income", *reversed(tables)):
            cursor.execute(f"DELETE FROM {table}")
        started = time.perf_counter()
        for table in tables:
            names = ", ".join(columns[table])
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows[table]:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" * len(columns[table]))
                cursor.cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows[table])
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign keys, checked
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed, sum(len(r) for r in rows.values())


def recreate(url: str) -> None:
    """Drop and create the PostgreSQL database `url` names (the bench's own)."""
    import psycopg

    head, _, name = url.rpartition("/")
    with psycopg.connect(f"{head}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def old_source(ref: str) -> Path:
    """REF's `src/`, unpacked afresh under bench/data/."""
    target = HERE / "data" / f"against-{ref.replace('/', '-')}"
    archive = subprocess.run(
        ["git", "archive", ref, "src"], cwd=HERE.parent, check=True, capture_output=True
    ).stdout
    if target.exists():
        subprocess.run(["rm", "-rf", str(target)], check=True)
    target.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "src"


def run_against(args: argparse.Namespace) -> dict[str, Any]:
    """The import by REF's code, in a process of its own: its figures."""
    database = f"{args.database}_old" if args.database else ""
    if database and args.recreate:
        recreate(database)
    command = [sys.executable, __file__, "--members", str(args.members), "--import-only", "--side", "old"]
    if database:
        command += ["--database", database]
    env = {**os.environ, "PYTHONPATH": str(old_source(args.against))}
    out = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of a fresh SQLite file")
    parser.add_argument("--profile", action="store_true", help="print where the import's time goes")
    parser.add_argument("--against", default="", help="a commit whose code imports the same file first")
    parser.add_argument("--recreate", action="store_true", help="drop and create the PostgreSQL databases")
    parser.add_argument("--import-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--side", default="new", help=argparse.SUPPRESS)
    args = parser.parse_args()
    xlsx = harness.DATA / f"roster-{args.members}.xlsx"
    against = None
    if args.against:
        if not xlsx.exists():
            sys.exit(f"generate {xlsx.name} first (run once without --against)")
        against = run_against(args)
    if args.database and args.recreate:
        recreate(args.database)
    sqlite_file = "import-old.sqlite3" if args.side == "old" else "import.sqlite3"
    if not args.database:
        harness.fresh_sqlite(sqlite_file)
    harness.setup(args.database, sqlite_file)
    from django.core.management import call_command
    from django.db import connection

    from dibao.areas.models import Area
    from dibao.demo import county
    from dibao.registry.models import Household
    from dibao.registry.roster import exporter, importer

    call_command("migrate", verbosity=0)
    county.build_areas()
    if not xlsx.exists():
        started = time.perf_counter()
        rows, households = make_file(xlsx, args.members)
        print(
            f"generated {xlsx.name}: {rows} rows, {households} households in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    content = xlsx.read_bytes()

    load_before = harness.loadavg()
    phases: dict[str, float] = {}
    importer.reader.read = timed(phases, "read", importer.reader.read)
    importer.parse = timed(phases, "validate", importer.parse)
    importer.households_bulk_create = timed(phases, "write", importer.households_bulk_create)
    community = Area.objects.get(code=COMMUNITY)
    profile = cProfile.Profile() if args.profile else None
    started = time.perf_counter()
    if profile:
        profile.enable()
    result = importer.import_roster(filename=xlsx.name, content=content, area=community, actor=None)
    if profile:
        profile.disable()
    total = time.perf_counter() - started
    assert not result.errors, result.errors[:5]
    rows = result.record.rows
    load_after = harness.loadavg()

    baseline, baseline_rows = hand_written_write()
    figures = {
        **phases,
        "total": total,
        "rows": rows,
        "households": result.households,
        "baseline": baseline,
        "baseline_rows": baseline_rows,
        "load": f"{load_before.split()[0]} → {load_after.split()[0]}",
    }
    if args.import_only:
        print(json.dumps(figures))
        return
    exports = {}
    for fmt in ("xlsx", "csv"):
        out = io.BytesIO()
        started = time.perf_counter()
        exporter.export(
            Household.objects.filter(community=community),
            actor=None,
            area=community,
            fmt=fmt,
            out=out,
            description="bench",
        )
        exports[fmt] = (time.perf_counter() - started, len(out.getvalue()))

    version = (
        connection.cursor().connection.info.server_version
        if connection.vendor == "postgresql"
        else sqlite3.sqlite_version
    )
    by_hand = "COPY" if connection.vendor == "postgresql" else "executemany"
    print(f"Python {platform.python_version()}, {connection.vendor} {version}, {os.cpu_count()} CPUs")
    print(f"{xlsx.name} ({len(content) / 1e6:.1f} MB): {rows:,} rows, {result.households:,} households")
    print()
    print(
        f"| code | read s | validate s | write s | total s | rows/s | hand-written {by_hand} s "
        "| write / hand-written | load average (1 min) before → after |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    sides = [(args.against, against), ("this checkout", figures)] if against else [("this checkout", figures)]
    for name, side in sides:
        assert side is not None
        print(
            f"| {name} | {side['read']:.1f} | {side['validate']:.1f} | {side['write']:.1f} "
            f"| {side['total']:.1f} | {side['rows'] / side['total']:,.0f} | {side['baseline']:.1f} "
            f"| {side['write'] / side['baseline']:.1f}x | {side['load']} |"
        )
    print()
    print(
        f"hand-written: the same {baseline_rows:,} household and member rows, read back, deleted and "
        f"written again by one {by_hand} per table (rolled back)"
    )
    print()
    print("| export | members | seconds | size |")
    print("|---|---:|---:|---:|")
    for fmt, (seconds, size) in exports.items():
        print(f"| {fmt} | {rows:,} | {seconds:.1f} | {size / 1e6:.1f} MB |")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
