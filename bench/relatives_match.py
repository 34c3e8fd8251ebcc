"""Filing by the register at a county's scale: `cases.services.filings.filings_match` over every
receiving household and application under way, against one hand-written SQL statement that finds
the same members.

Reuses `discover.py`'s deterministic county (households, persons, 低保 for three in ten households
and other programs; cached under bench/data/), then writes a register of --staff staff and cadres
with three declared relatives each, one relative in --hit of them a real member (any household), the
rest unknown ID numbers. Times the first match (which writes the filings, their audit entries and
marks), the match once more (nothing new: what a re-import costs when nothing changed), and the
hand-written statement alone; prints the ratio.

    .venv/bin/python bench/relatives_match.py [--persons 200000] [--staff 3000] [--hit 5] [--database URL]
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from discover import build  # noqa: E402

BASELINE = """
SELECT m.household_id, m.name, m.id_number
FROM registry_member m JOIN registry_household h ON h.id = m.household_id
WHERE h.county_id = %(county)s
  AND (m.id_number IN (SELECT id_number FROM cases_staff WHERE county_id = %(county)s)
       OR m.id_number IN (SELECT r.id_number FROM cases_declaredrelative r
                          JOIN cases_staff s ON s.id = r.staff_id WHERE s.county_id = %(county)s))
  AND EXISTS (SELECT 1 FROM benefits_entitlement e WHERE e.household_id = m.household_id
              AND e.month_from <= %(month)s AND (e.month_to IS NULL OR e.month_to >= %(month)s))
"""


def register(county, staff: int, hit: int, persons: int) -> None:  # type: ignore[no-untyped-def]
    from django.db import transaction

    from dibao.areas.models import Area, Level
    from dibao.cases.models import DeclaredRelative, Staff
    from dibao.registry.models import Member

    rng = random.Random(17)
    area = Area.objects.filter(level=Level.COMMUNITY, code__startswith=county.code).first()
    numbers = list(Member.objects.values_list("id_number", flat=True)[: persons : max(1, persons // staff)])
    with transaction.atomic():
        made = Staff.objects.bulk_create(
            Staff(
                county=county, name=f"干部{i}", id_number=f"99{i:016d}", post="主任", area=area, kind="cadre"
            )
            for i in range(staff)
        )
        DeclaredRelative.objects.bulk_create(
            (
                DeclaredRelative(
                    staff=s,
                    name=f"亲属{i}-{k}",
                    id_number=numbers[i % len(numbers)]
                    if k == 0 and rng.randrange(hit) == 0
                    else f"98{i:014d}{k:02d}",
                    relation=rng.choice(["spouse", "parent", "child", "sibling"]),
                )
                for i, s in enumerate(made)
                for k in range(3)
            ),
            batch_size=5000,
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=200_000)
    parser.add_argument("--staff", type=int, default=3_000)
    parser.add_argument("--hit", type=int, default=5, help="one staff member in HIT declares a real member")
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of bench/data/*.sqlite3")
    args = parser.parse_args()

    harness.setup(args.database, f"discover-{args.persons}.sqlite3")
    from django.core.management import call_command
    from django.db import connection, transaction

    from dibao.areas.models import Area
    from dibao.cases.models import RelativeFiling, Staff
    from dibao.cases.services.filings import filings_match
    from dibao.core.months import this_month
    from dibao.demo.county import COUNTY
    from dibao.registry.models import Member

    call_command("migrate", verbosity=0)
    if not Member.objects.exists():
        started = time.perf_counter()
        build(args.persons)
        print(f"built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    county = Area.objects.get(code=COUNTY[0])
    # A fresh register each run: the filings of an earlier run go with it.
    RelativeFiling.objects.all().delete()
    Staff.objects.all().delete()
    register(county, args.staff, args.hit, Member.objects.count())
    print(
        f"{Member.objects.count()} persons, {args.staff} staff with {3 * args.staff} relatives, "
        f"{connection.vendor}, load average {os.getloadavg()[0]:.1f}"
    )
    timings = []
    for label in ("first match (writes)", "match again (nothing new)"):
        started = time.perf_counter()
        with transaction.atomic():
            matched = filings_match(county=county, actor=None)
        timings.append(time.perf_counter() - started)
        print(f"| {label} | {timings[-1]:.2f} s | {matched.filed} filed |")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            BASELINE.replace("%(county)s", "%s").replace("%(month)s", "%s"),
            [county.pk, county.pk, county.pk, this_month(), this_month()],
        )
        rows = cursor.fetchall()
    baseline = time.perf_counter() - started
    print(f"| one SQL statement (receiving members only) | {baseline:.2f} s | {len(rows)} rows |")
    print(f"ratio, match again / statement: {timings[1] / baseline:.1f}×")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
