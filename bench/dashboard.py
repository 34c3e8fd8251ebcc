"""The statistics dashboard of a county: the time of `GET /api/v1/statistics/dashboard/`, the one
request the dashboard page's charts wait for (the page itself counts nothing).

Uses the county of `payroll_run.py` (N receiving households with a 低保 entitlement each, and with
--programs the person-paid programs beside them), generated once under bench/data/, then asks for
the county's dashboard of the twelve months up to November 2026 through Django's test client as
the county's user, best of --repeat, and prints the queries it took.

    .venv/bin/python bench/dashboard.py [--households 5000] [--repeat 3] [--database URL] [--programs]
"""

import argparse
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of bench/data/*.sqlite3")
    parser.add_argument("--programs", action="store_true", help="the person-paid programs too")
    args = parser.parse_args()
    data = HERE / "data"
    data.mkdir(exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dibao.config.settings.development")
    name = f"dashboard-{args.households}{'-programs' if args.programs else ''}.sqlite3"
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{data / name}"
    os.environ["DIBAO_VAR_DIR"] = str(data)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dibao.accounts.models import User
    from dibao.areas.models import Area
    from dibao.core.roles import Role
    from dibao.demo.county import COUNTY
    from dibao.registry.models import Household
    from payroll_run import build

    call_command("migrate", verbosity=0)
    if not Household.objects.exists():
        started = time.perf_counter()
        build(args.households, args.programs)
        print(f"built {args.households} households in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    county = Area.objects.get(code=COUNTY[0])
    user = User.objects.filter(username="bench_county").first() or User.objects.create_user(
        username="bench_county", password=None, role=Role.COUNTY, area=county
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    times = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as seen:
            started = time.perf_counter()
            answer = client.get("/api/v1/statistics/dashboard/", {"month": "2026-11"})
            times.append(time.perf_counter() - started)
        assert answer.status_code == 200, answer.content[:500]
    body = answer.json()
    households = sum(row["households"] for row in body["areas"])
    print("| database | households | programs | queries | best ms |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| {connection.vendor} | {households:,} | {len(body['programs'])} | {len(seen.captured_queries)} "
        f"| {min(times) * 1000:.0f} |"
    )


if __name__ == "__main__":
    main()
