"""A month's payroll at a province's scale: draft a run for N receiving households and export its
bank file.

Generates (once, cached under bench/data/) a deterministic county of N receiving households
(default 1,000,000) with about 2.5 members each and an entitlement each, written with bulk
statements (COPY on PostgreSQL) — synthetic ID numbers and names, the shapes the drafting reads.
With --programs (a database of its own), beside each household's 低保 entitlement its members
hold entitlements of the programs that pay a person, 0.4 per household on average, so 1.4 in all:
in one household in ten a member receives both disability subsidies (disability_living and
disability_care), and in one in five a member the elderly allowance (elderly_allowance).
Then times, best of --repeat:
- `payroll.services.run_draft` — what `dibao payroll-run` and the page run (a fresh draft, so
  the old lines are removed first), including the run's totals;
- one hand-written INSERT … SELECT computing the same lines into a scratch run, the floor any
  implementation must pay; and prints the ratio of the two;
- the bank file of the approved run, through `payroll.bankfile.write_bank_file`, as CSV (GB18030)
  and as xlsx (the same default columns), with each file's size.

    .venv/bin/python bench/payroll_run.py [--households 1000000] [--repeat 3] [--database URL]
                                          [--programs] [--bank-file-only]

--bank-file-only times the bank files of the run a previous run of this script left approved,
without drafting again.
"""

import argparse
import datetime
import random
import tempfile
import time
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent
MONTH = datetime.date(2026, 11, 1)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"


def households_rows(n: int, communities: list[int], county: int, rng: random.Random):  # type: ignore[no-untyped-def]
    now = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)
    for i in range(1, n + 1):
        community = communities[i % len(communities)]
        yield (
            f"{i:014d}",
            county,
            community,
            f"示例路{i % 500}号",
            "",
            "urban" if rng.random() < 0.8 else "rural",
            "中国农业银行",
            f"6228{i:015d}",
            "receiving",
            now,
            now,
        )


def members_rows(n: int, rng: random.Random):  # type: ignore[no-untyped-def]
    person = 0
    for household in range(1, n + 1):
        size = rng.choices([1, 2, 3, 4, 5], [20, 30, 30, 15, 5])[0]
        for k in range(size):
            person += 1
            name = (
                rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
            )
            yield (
                household,
                name,
                f"21{person:016d}",
                datetime.date(1950 + person % 60, 1 + person % 12, 1),
                "M" if person % 2 else "F",
                "self" if k == 0 else "child",
                "urban",
                "",
                0,
                "healthy",
                "full",
                "none",
                "",
                "",
                True,
                "",
                "",
                "",
            )


def entitlement_rows(n: int, sizes: dict[int, int], rng: random.Random):  # type: ignore[no-untyped-def]
    now = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)
    for household in range(1, n + 1):
        persons = sizes[household]
        amount = f"{rng.randrange(50, 400) * persons}.{rng.randrange(0, 100):02d}"
        yield (
            household,
            "dibao",
            None,
            datetime.date(2026, 1, 1),
            None,
            amount,
            persons,
            "urban",
            "C",
            "2",
            "360.00",
            "0.00",
            None,
            None,
            "migration",
            "[]",
            None,
            now,
            None,
        )


def person_entitlement_rows(  # type: ignore[no-untyped-def]
    n: int, sizes: dict[int, int], first_member: dict[int, int], rng: random.Random
):
    """The programs that pay a person, 0.4 entitlements per household on average: a member of one
    household in ten receives both disability subsidies, a member of one in five the elderly
    allowance (a member's id is the household's first member's plus their place in it: the
    members were inserted household by household into an empty table)."""
    now = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)

    def row(household: int, program: str, member: int, amount: str):  # type: ignore[no-untyped-def]
        return (
            household, program, member, datetime.date(2026, 1, 1), None, amount, 1, "urban", "", "",
            None, None, None, None, "migration", "[]", None, now, None,
        )  # fmt: skip

    for household in range(1, n + 1):
        first, size = first_member[household], sizes[household]
        draw = rng.random()
        if draw < 0.1:
            disabled = first + rng.randrange(size)
            yield row(household, "disability_living", disabled, f"{rng.randrange(60, 120)}.00")
            yield row(household, "disability_care", disabled, f"{rng.randrange(60, 120)}.00")
        if draw >= 0.8:
            yield row(household, "elderly_allowance", first + rng.randrange(size), "100.00")


ENTITLEMENT_COLUMNS = [
    "household_id",
    "program_id",
    "member_id",
    "month_from",
    "month_to",
    "amount",
    "persons",
    "urban_rural",
    "benefit_class",
    "management_class",
    "standard",
    "per_capita_income",
    "single_member_id",
    "next_review",
    "reason",
    "explanation",
    "recalculation_id",
    "created_at",
    "actor_id",
]


def bulk(cursor, vendor: str, table: str, columns: list[str], rows, batch: int = 50_000) -> None:  # type: ignore[no-untyped-def]
    if vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            cursor.executemany(sql, chunk)
            chunk = []
    if chunk:
        cursor.executemany(sql, chunk)


def build(n: int, programs: bool = False) -> None:
    from django.db import connection, transaction

    from dibao.areas.models import Area, Level
    from dibao.demo.county import COUNTY, build_areas

    build_areas()
    county = Area.objects.get(code=COUNTY[0])
    communities = list(
        Area.objects.filter(level=Level.COMMUNITY, code__startswith=COUNTY[0]).values_list("id", flat=True)
    )
    vendor = connection.vendor
    with transaction.atomic(), connection.cursor() as cursor:
        bulk(
            cursor,
            vendor,
            "registry_household",
            [
                "number",
                "county_id",
                "community_id",
                "address",
                "phone",
                "urban_rural",
                "bank_name",
                "bank_account",
                "status",
                "created_at",
                "updated_at",
            ],
            households_rows(n, communities, county.pk, random.Random(1)),
        )
        sizes: dict[int, int] = {}
        first_member: dict[int, int] = {}  # a household's first member, counted from 0

        def counted(rows):  # type: ignore[no-untyped-def]
            for place, row in enumerate(rows):
                if row[0] not in sizes:
                    first_member[row[0]] = place
                sizes[row[0]] = sizes.get(row[0], 0) + 1
                yield row

        bulk(
            cursor,
            vendor,
            "registry_member",
            [
                "household_id",
                "name",
                "id_number",
                "birth_date",
                "sex",
                "relation",
                "hukou",
                "disability_type",
                "disability_grade",
                "health",
                "labour_capacity",
                "employment",
                "phone",
                "notes",
                "is_current",
                "name_pinyin",
                "name_initials",
                "id_number_reversed",
            ],
            counted(members_rows(n, random.Random(2))),
        )
        bulk(
            cursor, vendor, "benefits_entitlement", ENTITLEMENT_COLUMNS,
            entitlement_rows(n, sizes, random.Random(3)),
        )  # fmt: skip
        if programs:
            cursor.execute("SELECT MIN(id) FROM registry_member")
            base = cursor.fetchone()[0]
            first = {household: base + place for household, place in first_member.items()}
            bulk(
                cursor, vendor, "benefits_entitlement", ENTITLEMENT_COLUMNS,
                person_entitlement_rows(n, sizes, first, random.Random(4)),
            )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# The programs that pay money (`payroll.programs.paying_programs`), as the draft reads them.
PAYING = ("dibao", "extreme_poverty", "disability_living", "disability_care", "elderly_allowance")

BASELINE = """
INSERT INTO payroll_line (run_id, month, household_id, entitlement_id, program_id, member_id, community_id,
                          street_id, urban_rural, benefit_class, persons, amount, arrears, adjustment,
                          total, head_name, head_id_number, bank_name, bank_account, result,
                          result_reason)
SELECT %s, %s, h.id, e.id, e.program_id, e.member_id, h.community_id, c.parent_id, e.urban_rural,
       e.benefit_class, e.persons,
       CASE WHEN e.month_to = %s AND e.last_month_amount IS NOT NULL THEN e.last_month_amount
            WHEN e.month_from = %s AND e.first_month_amount IS NOT NULL THEN e.first_month_amount
            ELSE e.amount END,
       0, 0,
       CASE WHEN e.month_to = %s AND e.last_month_amount IS NOT NULL THEN e.last_month_amount
            WHEN e.month_from = %s AND e.first_month_amount IS NOT NULL THEN e.first_month_amount
            ELSE e.amount END,
       m.name, m.id_number, h.bank_name, h.bank_account, 'pending', ''
FROM registry_household h
JOIN benefits_entitlement e ON e.household_id = h.id AND e.month_from <= %s
                           AND (e.month_to IS NULL OR e.month_to >= %s)
                           AND e.program_id IN (%s, %s, %s, %s, %s)
JOIN areas_area c ON c.id = h.community_id
LEFT JOIN registry_member m ON m.household_id = h.id AND m.relation = 'self'
WHERE h.county_id = %s
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of bench/data/*.sqlite3")
    parser.add_argument(
        "--programs",
        action="store_true",
        help="members also hold person-paid entitlements: 1.4 per household (a database of its own)",
    )
    parser.add_argument(
        "--bank-file-only",
        action="store_true",
        help="time the bank files of the run a previous run left approved; no drafting",
    )
    args = parser.parse_args()
    harness.setup(args.database, f"payroll-{args.households}{'-programs' if args.programs else ''}.sqlite3")
    from django.core.management import call_command
    from django.db import connection, transaction

    from dibao.areas.models import Area
    from dibao.benefits.models import Entitlement
    from dibao.demo.county import COUNTY
    from dibao.payroll import services
    from dibao.payroll.models import Run
    from dibao.payroll.services import drafting
    from dibao.registry.models import Household

    call_command("migrate", verbosity=0)
    harness.build_once(build, args.households, args.programs)
    county = Area.objects.get(code=COUNTY[0])
    if args.bank_file_only:
        print(f"{Household.objects.count()} households, {connection.vendor}")
        bank_files(Run.objects.get(county=county, month=MONTH), args.repeat)
        return
    for stale in Run.objects.filter(county=county).exclude(month=MONTH):
        with transaction.atomic():
            drafting.clear(stale)
            stale.delete()
    print(f"{Household.objects.count()} households, {connection.vendor}")
    entitlements = Entitlement.objects.count()
    print(f"{entitlements} entitlements ({entitlements / Household.objects.count():.2f} per household)")

    def draft() -> float:
        old = Run.objects.filter(county=county, month=MONTH).first()
        if old is not None:  # a fresh draft each time; its lines go first, in bulk
            with transaction.atomic():
                drafting.clear(old)
                old.delete()
        started = time.perf_counter()
        services.run_draft(county=county, month=MONTH, actor=None)
        return time.perf_counter() - started

    def baseline() -> float:
        with transaction.atomic():
            scratch = Run.objects.create(county=county, month=datetime.date(2000, 1, 1))
            started = time.perf_counter()
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # Django's foreign keys are checked at commit; this run rolls back, so check
                    # them now, as the real draft pays for them when it commits.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(BASELINE, [scratch.pk, MONTH, *[MONTH] * 6, *PAYING, county.pk])
            took = time.perf_counter() - started
            transaction.set_rollback(True)
        return took

    drafts = [draft() for _ in range(args.repeat)]
    floors = [baseline() for _ in range(args.repeat)]
    run = Run.objects.get(county=county, month=MONTH)
    lines = f"{run.lines.count()} lines, {run.households} households, {run.persons} persons, {run.total} yuan"
    print(f"run_draft:           {min(drafts):6.2f} s  ({lines})")
    print(f"INSERT … SELECT:     {min(floors):6.2f} s")
    print(f"ratio:               {min(drafts) / min(floors):6.2f}")

    for street in {line for line in run.lines.values_list("street_id", flat=True).distinct()}:
        services.run_check(run=run, street=Area.objects.get(pk=street), actor=None)
    run = services.run_approve(run=Run.objects.get(pk=run.pk), actor=None)
    bank_files(run, args.repeat)


def bank_files(run, repeat: int) -> None:  # type: ignore[no-untyped-def]
    """The approved run's bank file in the county's layout as CSV and as xlsx, best of `repeat`;
    where the run pays more than 低保, also the CSV of the elderly allowance alone (split)."""
    from dibao.payroll.bankfile import layout_for, write_bank_file
    from dibao.payroll.models import BankLayout

    layout = layout_for(run.county)
    for label, file_format in (("CSV", BankLayout.Format.CSV), ("xlsx", BankLayout.Format.XLSX)):
        layout.file_format = file_format  # not saved: the county's own layout stays as it is
        times = []
        for _ in range(repeat):
            with tempfile.TemporaryFile() as out:
                started = time.perf_counter()
                count, total = write_bank_file(run, out, layout)
                times.append(time.perf_counter() - started)
                size = out.tell() / 1e6
        name = f"bank file ({label}):"
        print(f"{name:<21}{min(times):6.2f} s  ({count} lines, control total {total}, {size:.1f} MB)")
    if run.lines.filter(program_id="elderly_allowance").exists():
        layout.file_format = BankLayout.Format.CSV
        times = []
        for _ in range(repeat):
            with tempfile.TemporaryFile() as out:
                started = time.perf_counter()
                count, total = write_bank_file(run, out, layout, program="elderly_allowance")
                times.append(time.perf_counter() - started)
        print(f"{'bank file (CSV, elderly_allowance):':<36}{min(times):6.2f} s  ({count} lines, {total})")


if __name__ == "__main__":
    main()
