"""Statistics of a county of N receiving households: from the ledger and from the snapshots of
closed months.

Builds (once, cached under bench/data/) the county of `bench/payroll_run.py --programs`: N
households, each with its 低保 entitlement and 0.4 person-paid ones (1.4 entitlements a household)
in force from January 2026. Then times, best of --repeat:
- one month (November) by street × benefit class, counted from the ledger (`engine.figures_by`
  with no snapshot);
- writing one month's snapshot (`statistics.services.snapshot_write`), and its row count;
- the twelve months of 2026 by street × benefit class from the snapshots (every month written),
  against the same range counted from the ledger: the baseline of the snapshot path; and checks
  that the two give the same figures.

    .venv/bin/python bench/statistics.py [--households 100000] [--repeat 3] [--database URL]
"""

import argparse
import datetime
import importlib.util
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# This file's name is the standard library's `statistics`, which Django's SQLite backend imports:
# its folder is taken off the path, and the payroll bench's builder is loaded by its file.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != HERE]

MONTH = datetime.date(2026, 11, 1)
YEAR = [datetime.date(2026, m, 1) for m in range(1, 13)]
BY = ("street", "benefit_class")


def best(repeat: int, work):  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = work()
        times.append(time.perf_counter() - started)
    return min(times), answer


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of bench/data/*.sqlite3")
    args = parser.parse_args()
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dibao.config.settings.development")
    name = f"statistics-{args.households}.sqlite3"
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{data / name}"
    os.environ["DIBAO_VAR_DIR"] = str(data)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from dibao.areas.models import Area
    from dibao.benefits.models import Entitlement
    from dibao.demo.county import COUNTY
    from dibao.registry.models import Household
    from dibao.statistics import engine
    from dibao.statistics.models import Snapshot
    from dibao.statistics.services import snapshot_write

    spec = importlib.util.spec_from_file_location("payroll_run", HERE / "payroll_run.py")
    assert spec and spec.loader
    payroll_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(payroll_run)
    build = payroll_run.build

    call_command("migrate", verbosity=0)
    if not Household.objects.exists():
        started = time.perf_counter()
        build(args.households, programs=True)
        print(f"built {args.households} households in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    county = Area.objects.get(code=COUNTY[0])
    scope = engine.Scope(county)
    households, entitlements = Household.objects.count(), Entitlement.objects.count()
    print(f"{households} households, {entitlements} entitlements, {connection.vendor}")
    Snapshot.objects.filter(county=county).delete()

    seconds, (rows, _total) = best(args.repeat, lambda: engine.figures_by(scope, MONTH, MONTH, BY))
    print(f"one month by {'×'.join(BY)} from the ledger: {seconds:.2f} s ({len(rows)} rows)")

    seconds, snapshot = best(args.repeat, lambda: snapshot_write(county=county, month=MONTH, actor=None))
    print(f"writing one month's snapshot: {seconds:.2f} s ({snapshot.size} rows)")

    started = time.perf_counter()
    ledger = engine.figures_by(scope, YEAR[0], YEAR[-1], BY)
    baseline = time.perf_counter() - started
    print(f"twelve months by {'×'.join(BY)} from the ledger (baseline): {baseline:.2f} s")
    for month in YEAR:
        snapshot_write(county=county, month=month, actor=None)
    seconds, kept = best(args.repeat, lambda: engine.figures_by(scope, YEAR[0], YEAR[-1], BY))
    faster = baseline / seconds
    print(f"twelve months by {'×'.join(BY)} from the snapshots: {seconds:.3f} s ({faster:.0f}× faster)")
    same = {k: v.as_json() for k, v in kept[0].items()} == {k: v.as_json() for k, v in ledger[0].items()}
    print(f"the same figures: {same and kept[1].as_json() == ledger[1].as_json()}")


if __name__ == "__main__":
    main()
