"""Assessing a county at once: the "what if" (policy-simulate) path over N households.

Builds (once, cached under bench/data/) a database of the demo county with N households (default
100,000) and the seed county's policy, then times, each best of --repeat runs:
- loading the facts of every household (members, incomes valid in the month, assets);
- one assessment pass over all of them (`assess_many`);
- `simulate`: the facts loaded once and every household assessed under the policy now and under
  a new standard, with the totals — what `dibao policy-simulate` and its page run — first as two
  whole passes in one process (`plain=True`, the code before the passes were shared out: the
  baseline), then as it runs now (lines the change leaves alone calculated once, the rest shared
  among forked processes, one per core); the two must give the same rows, which it checks.
  With --shared-only, only the second; its rows' digest, printed, pairs the run with one of
  another version of the code on the same database (the same digest: the same rows).
Each line gives wall and CPU seconds (this process's and its children's) and the load average, as
the machine is shared; the end gives the peak resident memory of this process and of a child.

    .venv/bin/python bench/assess_households.py [--households 100000] [--repeat 3] [--database URL]

With --base B (a divisor of N), the demo generator makes only B households (it runs at about a
thousand a second) and the database copies them N/B − 1 times by one INSERT … SELECT a table:
a synthetic county of N households with the demo's shapes exactly (each copy keeps its original's
community, members, incomes and assets; only the ids, household numbers and ID numbers differ).
"""

import argparse
import datetime
import hashlib
import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent


def cpu() -> float:
    """CPU seconds of this process and of its waited-for children (the forked ones)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def best(repeat: int, work):  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), cpu()
        result = work()
        times.append((time.perf_counter() - started, cpu() - started_cpu))
    return min(times), result


# The copies' ids are the original's plus the copy's number times this, so that a copied member,
# income or asset finds its copied household and member by arithmetic alone.
STRIDE = 10_000_000


def _copy_sql(model: type, copies: int, vendor: str) -> str:
    """One INSERT … SELECT making `copies` copies of every row of `model`'s table."""
    table = model._meta.db_table  # type: ignore[attr-defined]
    columns, values = [], []
    for f in model._meta.concrete_fields:  # type: ignore[attr-defined]
        col = f.column
        columns.append(col)
        if col in ("id", "household_id", "member_id"):
            values.append(f"t.{col} + k * {STRIDE}")
        elif col == "number":  # unique in the county
            values.append("t.number || '-' || k")
        elif col in ("id_number", "id_number_reversed"):
            # One current household per person: the copy's member id as its ID number (nothing
            # assessed reads it; the search by ID-number suffix is not what this bench measures).
            values.append(f"substr('000000000000000000' || (t.id + k * {STRIDE}), -18, 18)")
        else:
            values.append(f"t.{col}")
    if vendor == "postgresql":
        series = f"generate_series(1, {copies}) AS s(k)"
        values = [
            v.replace("substr('000000000000000000' || ", "lpad((").replace(", -18, 18)", ")::text, 18, '0')")
            for v in values
        ]
    else:
        series = (
            "(WITH RECURSIVE s(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM s "
            f"WHERE k < {copies}) SELECT k FROM s) AS s"
        )
    names = ", ".join(columns)
    return (
        f"INSERT INTO {table} ({names}) SELECT {', '.join(values)} "
        f"FROM {table} AS t CROSS JOIN {series} WHERE t.id < {STRIDE}"
    )


def replicate(copies: int) -> None:
    """Copy every household with its members, incomes and assets `copies` times, set-based."""
    from django.db import connection, transaction

    from dibao.registry.models import Asset, Household, Income, Member

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Checked row by row as they are copied, not millions at once at the commit.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in (Household, Member, Income, Asset):
            cursor.execute(_copy_sql(model, copies, connection.vendor))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in (Household, Member, Income, Asset):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
                cursor.execute(f"ANALYZE {table}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--simulate-only", action="store_true", help="time only the two ways of simulating")
    parser.add_argument(
        "--shared-only",
        action="store_true",
        help="time only the shared-out simulate (to pair with another version's run by the rows' digest)",
    )
    parser.add_argument(
        "--base", type=int, default=0, help="demo households to generate; the rest are copies of them"
    )
    parser.add_argument(
        "--database", default="", help="a DATABASE_URL to use instead of bench/data/*.sqlite3"
    )
    args = parser.parse_args()

    harness.setup(args.database, f"assess-{args.households}.sqlite3")
    from django.core.management import call_command
    from django.db import connection

    from dibao.areas.models import Area
    from dibao.demo import county
    from dibao.policy.assessment import assess_many
    from dibao.policy.engine.facts import load_facts
    from dibao.policy.simulation import simulate
    from dibao.registry.models import Household, Member

    call_command("migrate", verbosity=0)
    have = Household.objects.count()
    today = datetime.date(2026, 11, 1)
    if have < args.households:
        base = args.base or args.households
        if args.households % base:
            parser.error("--base must divide --households")
        started = time.perf_counter()
        if have < base:
            county.build(households=base - have, seed=2026, today=today)
        print(
            f"built {base - have} demo households in {time.perf_counter() - started:.1f} s", file=sys.stderr
        )
        if args.households > base:
            started = time.perf_counter()
            replicate(args.households // base - 1)
            print(
                f"copied them to {args.households} in {time.perf_counter() - started:.1f} s", file=sys.stderr
            )
    area = Area.objects.get(code=county.COUNTY[0])
    households = Household.objects.filter(county=area)
    month = today
    print(
        f"{households.count()} households, {Member.objects.count()} members, "
        f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
    )

    def line(label: str, seconds: tuple[float, float], what: str) -> None:
        print(f"{label:<24}{seconds[0]:7.2f} s wall {seconds[1]:7.2f} s CPU  load {load()}  ({what})")

    print(f"load average at start: {load()}")
    if not args.simulate_only:
        seconds, facts = best(args.repeat, lambda: load_facts(households, month))
        line("load facts:", seconds, f"{len(facts)} households")
        del facts
        seconds, outcomes = best(args.repeat, lambda: list(assess_many(households, month)))
        eligible = sum(1 for o in outcomes if o.amount is not None)
        line("assess once:", seconds, f"{eligible} eligible")
        del outcomes

    def run(**how):  # type: ignore[no-untyped-def]
        return simulate(
            households=households, area=area, kind="urban", standard=Decimal("400"), month=month, **how
        )

    def rows(result):  # type: ignore[no-untyped-def]
        return [(r.household_id, r.persons, str(r.now), str(r.new), r.change, r.problem) for r in result.rows]

    plain: list[tuple] = []
    ways: tuple[tuple[str, dict], ...] = (
        ("simulate, plain:", {"plain": True}),
        ("simulate, shared out:", {}),
    )
    for label, how in ways[1:] if args.shared_only else ways:
        seconds, result = best(args.repeat, lambda how=how: run(**how))
        line(
            label,
            seconds,
            f"{len(result.rows)} households; monthly {result.total_now} → {result.total_new}, "
            f"{result.monthly_change:+}",
        )
        # The digest pairs a run of this code with a run of another version on the same database.
        print(f"rows digest: {hashlib.sha256(repr(rows(result)).encode()).hexdigest()[:16]}")
        if not how and not args.shared_only:
            assert rows(result) == plain, "the shared-out rows differ from the plain ones"
            print("rows: the same, household for household")
        else:  # the baseline, first
            plain = rows(result)
        del result
    print(
        f"peak RSS: this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
        f"largest child {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB; "
        f"load average at end: {load()}"
    )


if __name__ == "__main__":
    main()
