"""Roster import at county scale: 100,000 members (~40,000 households) from one xlsx, on SQLite.

Generates the file once (bench/data/, git-ignored) with made-up but valid people, then imports it
into a fresh SQLite database through `dibao.registry.roster.importer.import_roster` — the code
path of `dibao import-roster` and of the import page — timing reading, checking and writing.

    .venv/bin/python bench/import_roster.py [--households 40000] [--database URL]
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def make_file(path: Path, households: int) -> int:
    import xlsxwriter

    from dibao.demo import county, people
    from dibao.registry.roster import vocabulary
    from dibao.registry.roster.headers import CANONICAL

    rng = random.Random(2026)
    today = datetime.date(2026, 11, 1)
    columns = [k for k in CANONICAL if k not in ("number", "community")]
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, [CANONICAL[k] for k in columns])
    line = 0
    used: set[str] = set()
    for _ in range(households):
        size = rng.choices([1, 2, 3, 4, 5], [20, 30, 30, 15, 5])[0]
        head_birth = people.birth_date(rng, 30, 80, today)
        members = []
        for index in range(size):
            birth = head_birth if index == 0 else people.birth_date(rng, 1, 80, today)
            number = people.id_number(rng, county.COUNTY[0], birth, rng.random() < 0.5)
            while number in used:
                number = people.id_number(rng, county.COUNTY[0], birth, rng.random() < 0.5)
            used.add(number)
            members.append(number)
        for index, number in enumerate(members):
            is_head = index == 0
            disabled = rng.random() < 0.2
            cells = {
                "head_id": members[0],
                "name": people.name(rng),
                "id_number": number,
                "relation": "本人" if is_head else rng.choice(["配偶", "子女", "父母", "孙子女"]),
                "urban_rural": "城市",
                "address": f"海州街{rng.randint(1, 300)}号" if is_head else "",
                "phone": f"13{rng.randint(100000000, 999999999)}" if is_head else "",
                "bank_name": "中国农业银行" if is_head else "",
                "bank_account": f"6228{rng.randint(10**14, 10**15 - 1)}" if is_head else "",
                "disability_type": rng.choice(["肢体", "精神", "视力"]) if disabled else "",
                "disability_grade": rng.choice(["一级", "二级", "三级"]) if disabled else "",
                "health": rng.choice(["健康", "慢性病", "重病"]),
                "labour_capacity": rng.choice(["完全", "部分", "丧失"]),
                "employment": rng.choice(list(vocabulary.WORDS["employment"].values()))[0],
                "monthly_income": str(rng.randrange(0, 1500, 50)) if rng.random() < 0.4 else "",
            }
            line += 1
            for col, key in enumerate(columns):
                sheet.write_string(line, col, cells[key])
    workbook.close()
    return line


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=40_000)
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of a fresh SQLite file")
    args = parser.parse_args()
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    db_file = data / "import.sqlite3"
    if not args.database:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dibao.config.settings.development")
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{db_file}"
    os.environ["DIBAO_VAR_DIR"] = str(data)

    import django

    django.setup()
    from django.core.management import call_command

    from dibao.areas.models import Area
    from dibao.demo import county
    from dibao.registry.roster import importer

    call_command("migrate", verbosity=0)
    county.build_areas()
    xlsx = data / f"roster-{args.households}.xlsx"
    if not xlsx.exists():
        started = time.perf_counter()
        rows = make_file(xlsx, args.households)
        print(f"generated {xlsx.name}: {rows} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    content = xlsx.read_bytes()

    # Time the three phases by wrapping the functions import_roster calls.
    phases: dict[str, float] = {}

    def timed(name, fn):  # type: ignore[no-untyped-def]
        def wrapper(*a, **k):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                phases[name] = time.perf_counter() - started

        return wrapper

    importer.reader.read = timed("read", importer.reader.read)  # type: ignore[method-assign]
    importer.parse = timed("check", importer.parse)  # type: ignore[assignment]
    importer.households_bulk_create = timed("write", importer.households_bulk_create)  # type: ignore[assignment]
    started = time.perf_counter()
    result = importer.import_roster(
        filename=xlsx.name, content=content, community=Area.objects.get(code="210204001001"), actor=None
    )
    total = time.perf_counter() - started
    assert not result.errors, result.errors[:5]
    rows = result.record.rows
    print("| file | rows | households | read s | check s | write s | total s | rows/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {xlsx.name} ({len(content) / 1e6:.1f} MB) | {rows} | {result.households} "
        f"| {phases['read']:.1f} | {phases['check']:.1f} | {phases['write']:.1f} "
        f"| {total:.1f} | {rows / total:,.0f} |"
    )


if __name__ == "__main__":
    main()
