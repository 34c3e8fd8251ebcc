"""Found, not waited for, at a province's scale: `dibao discover` over 1,000,000 persons.

Generates (once, cached under bench/data/) a deterministic county of about 400,000 households and
1,000,000 persons — ages from 0 to 100, one person in sixteen disabled (types and grades spread),
three households in ten receiving 低保, a tenth of the elderly already holding the 80+ allowance and
some of the disabled their subsidies, legal supporters for a fifth of the aged — written with bulk
statements (COPY on PostgreSQL). Then times, best of --repeat, `cases.discovery.selectors.found`
for the whole county, every categorical program, both lists (应享未享 and 应退未退): what the page,
the API and `dibao discover` run.

    .venv/bin/python bench/discover.py [--persons 1000000] [--repeat 3] [--database URL]
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

import harness
from payroll_run import GIVEN, SURNAMES, bulk

HERE = Path(__file__).resolve().parent
MONTH = datetime.date(2026, 12, 1)
NOW = datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC)
KINDS = ["limb", "visual", "hearing", "speech", "intellectual", "mental", "multiple"]


def people(persons: int, rng: random.Random):  # type: ignore[no-untyped-def]
    """(household, member row) for every person, households numbered from 1."""
    household, person = 0, 0
    while person < persons:
        household += 1
        for k in range(rng.choices([1, 2, 3, 4, 5], [20, 30, 30, 15, 5])[0]):
            person += 1
            born = datetime.date(1926 + rng.randrange(100), 1 + rng.randrange(12), 1 + rng.randrange(28))
            disabled = rng.random() < 1 / 16
            yield (
                household,
                (
                    household,
                    rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
                    f"21{person:016d}",
                    born,
                    "M" if person % 2 else "F",
                    "self" if k == 0 else "child",
                    "urban",
                    rng.choice(KINDS) if disabled else "",
                    rng.randrange(1, 5) if disabled else 0,
                    "healthy",
                    "full",
                    "student" if 2026 - born.year < 19 and rng.random() < 0.8 else "none",
                    "",
                    "",
                    True,
                    "",
                    "",
                    "",
                ),
            )


MEMBER_COLUMNS = [
    "household_id", "name", "id_number", "birth_date", "sex", "relation", "hukou", "disability_type",
    "disability_grade", "health", "labour_capacity", "employment", "phone", "notes", "is_current",
    "name_pinyin", "name_initials", "id_number_reversed",
]  # fmt: skip
ENTITLEMENT_COLUMNS = [
    "household_id", "program_id", "member_id", "month_from", "month_to", "amount", "persons",
    "urban_rural", "benefit_class", "management_class", "reason", "explanation", "created_at",
]  # fmt: skip


def build(persons: int) -> None:
    from django.db import connection, transaction

    from dibao.areas.models import Area, Level
    from dibao.demo.county import COUNTY, build_areas

    build_areas()
    county = Area.objects.get(code=COUNTY[0])
    communities = list(
        Area.objects.filter(level=Level.COMMUNITY, code__startswith=COUNTY[0]).values_list("id", flat=True)
    )
    rng = random.Random(2026)
    members = [row for _, row in people(persons, rng)]
    households = members[-1][0]
    receiving = {h for h in range(1, households + 1) if rng.random() < 0.3}
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
            (
                (
                    f"{h:014d}",
                    county.pk,
                    communities[h % len(communities)],
                    f"示例路{h % 500}号",
                    "",
                    "urban",
                    "",
                    "",
                    "receiving" if h in receiving else "registered",
                    NOW,
                    NOW,
                )
                for h in range(1, households + 1)
            ),
        )
        bulk(cursor, vendor, "registry_member", MEMBER_COLUMNS, iter(members))
        dibao = (
            (
                h,
                "dibao",
                None,
                datetime.date(2026, 1, 1),
                None,
                "300.00",
                1,
                "urban",
                "C",
                "2",
                "migration",
                "[]",
                NOW,
            )
            for h in sorted(receiving)
        )
        bulk(cursor, vendor, "benefits_entitlement", ENTITLEMENT_COLUMNS, dibao)
        held = []
        supporters = []
        for member_id, row in enumerate(members, start=1):
            household, born, grade = row[0], row[3], row[8]
            if born < datetime.date(1946, 1, 1) and rng.random() < 0.1:
                held.append((household, "elderly_allowance", member_id, datetime.date(2026, 1, 1), None,
                             "100.00", 1, "urban", "", "", "approval", "[]", NOW))  # fmt: skip
            if grade in (1, 2) and rng.random() < 0.5:
                held.append((household, "disability_care", member_id, datetime.date(2026, 1, 1), None,
                             "277.00", 1, "urban", "", "", "approval", "[]", NOW))  # fmt: skip
            if grade and household not in receiving and rng.random() < 0.1:  # to stop: no 低保 now
                held.append((household, "disability_living", member_id, datetime.date(2026, 1, 1), None,
                             "185.00", 1, "urban", "", "", "approval", "[]", NOW))  # fmt: skip
            if born < datetime.date(1966, 1, 1) and rng.random() < 0.2:
                supporters.append((member_id, f"赡养人{member_id}", f"22{member_id:016d}", "child",
                                   rng.random() < 0.7, ""))  # fmt: skip
        bulk(cursor, vendor, "benefits_entitlement", ENTITLEMENT_COLUMNS, iter(held))
        bulk(
            cursor,
            vendor,
            "registry_supporter",
            ["member_id", "name", "id_number", "relation", "able", "note"],
            iter(supporters),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def best(repeat: int, work):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of bench/data/*.sqlite3")
    args = parser.parse_args()

    harness.setup(args.database, f"discover-{args.persons}.sqlite3")
    from django.core.management import call_command
    from django.db import connection

    from dibao.areas.models import Area
    from dibao.cases.discovery.rules import DUE, STOP
    from dibao.cases.discovery.selectors import found
    from dibao.demo.county import COUNTY
    from dibao.registry.models import Member

    call_command("migrate", verbosity=0)
    if not Member.objects.exists():
        started = time.perf_counter()
        build(args.persons)
        print(f"built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    county = Area.objects.get(code=COUNTY[0])
    print(f"{Member.objects.count()} persons, {connection.vendor}, load average {os.getloadavg()[0]:.1f}")
    for direction in (DUE, STOP):
        seconds, rows = best(args.repeat, lambda d=direction: found(county, MONTH, direction=d))
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.program] = counts.get(row.program, 0) + 1
        shown = ", ".join(f"{code} {n}" for code, n in sorted(counts.items()))
        print(f"{direction:<5} {seconds:6.2f} s  {len(rows)} found ({shown})")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
