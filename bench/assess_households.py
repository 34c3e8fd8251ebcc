"""Assessing a county at once: the "what if" (policy-simulate) path over N households.

Builds (once, cached under bench/data/) a database of the demo county with N households (default
100,000) and the seed county's policy, then times, each best of --repeat runs:
- loading the facts of every household (members, incomes valid in the month, assets);
- one assessment pass over all of them (`assess_many`);
- `simulate`: the facts loaded once and every household assessed under the policy now and under
  a new standard, with the totals — what `dibao policy-simulate` and its page run.

    .venv/bin/python bench/assess_households.py [--households 100000] [--repeat 3] [--database URL]
"""

import argparse
import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent


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
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--database", default="", help="a DATABASE_URL to use instead of bench/data/*.sqlite3"
    )
    args = parser.parse_args()

    data = HERE / "data"
    data.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dibao.config.settings.development")
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{data / f'assess-{args.households}.sqlite3'}"
    os.environ["DIBAO_VAR_DIR"] = str(data)

    import django

    django.setup()
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
        started = time.perf_counter()
        county.build(households=args.households - have, seed=2026, today=today)
        print(
            f"built {args.households - have} households in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    area = Area.objects.get(code=county.COUNTY[0])
    households = Household.objects.filter(county=area)
    month = today
    print(
        f"{households.count()} households, {Member.objects.count()} members, "
        f"{connection.vendor} {connection.Database.sqlite_version if connection.vendor == 'sqlite' else ''}"
    )

    seconds, facts = best(args.repeat, lambda: load_facts(households, month))
    print(f"load facts:        {seconds:6.2f} s  ({len(facts)} households)")
    seconds, outcomes = best(args.repeat, lambda: list(assess_many(households, month)))
    eligible = sum(1 for o in outcomes if o.amount is not None)
    print(f"assess once:       {seconds:6.2f} s  ({eligible} eligible)")
    seconds, result = best(
        args.repeat,
        lambda: simulate(
            households=households, area=area, kind="urban", standard=Decimal("400"), month=month
        ),
    )
    print(
        f"simulate (2 runs): {seconds:6.2f} s  ({len(result.rows)} households; monthly "
        f"{result.total_now} → {result.total_new}, {result.monthly_change:+})"
    )


if __name__ == "__main__":
    main()
