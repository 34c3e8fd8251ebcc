"""Roster import at county scale: 100,000 members (~40,000 households) from one xlsx, on SQLite.

Generates the file once (bench/data/, git-ignored) with the demo county's households
(`dibao.demo.county.make_households`: its mix of sizes, disabilities, health and incomes) written
as a roster, then imports it into a fresh SQLite database through
`dibao.registry.roster.importer.import_roster` — the code path of `dibao import-roster` and of the
import page — timing reading, validating and writing apart. Then exports the imported register as
xlsx and CSV, as `dibao export-roster` does.

    .venv/bin/python bench/import_roster.py [--members 100000] [--database URL] [--profile]
"""

import argparse
import cProfile
import datetime
import io
import os
import platform
import pstats
import random
import sqlite3
import sys
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


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of a fresh SQLite file")
    parser.add_argument("--profile", action="store_true", help="print where the import's time goes")
    args = parser.parse_args()
    if not args.database:
        harness.fresh_sqlite("import.sqlite3")
    data = harness.setup(args.database, "import.sqlite3")
    from django.core.management import call_command
    from django.db import connection

    from dibao.areas.models import Area
    from dibao.demo import county
    from dibao.registry.models import Household
    from dibao.registry.roster import exporter, importer

    call_command("migrate", verbosity=0)
    county.build_areas()
    xlsx = data / f"roster-{args.members}.xlsx"
    if not xlsx.exists():
        started = time.perf_counter()
        rows, households = make_file(xlsx, args.members)
        print(
            f"generated {xlsx.name}: {rows} rows, {households} households in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    content = xlsx.read_bytes()

    load_before = loadavg()
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

    baseline, baseline_rows = hand_written_write()
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
    print(f"Python {platform.python_version()}, {connection.vendor} {version}, {os.cpu_count()} CPUs")
    print("| file | rows | households | read s | validate s | write s | total s | rows/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {xlsx.name} ({len(content) / 1e6:.1f} MB) | {rows:,} | {result.households:,} "
        f"| {phases['read']:.1f} | {phases['validate']:.1f} | {phases['write']:.1f} | {total:.1f} "
        f"| {rows / total:,.0f} |"
    )
    print()
    print(
        f"baseline: the same {baseline_rows:,} household and member rows by hand-written "
        f"{'COPY' if connection.vendor == 'postgresql' else 'executemany'}: {baseline:.1f} s "
        f"(the import's write phase: {phases['write']:.1f} s, {phases['write'] / baseline:.1f}x)"
    )
    print(f"load average before: {load_before}; after: {loadavg()}")
    print()
    print("| export | members | seconds | size |")
    print("|---|---:|---:|---:|")
    for fmt, (seconds, size) in exports.items():
        print(f"| {fmt} | {rows:,} | {seconds:.1f} | {size / 1e6:.1f} MB |")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
