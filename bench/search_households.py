"""Household search at scale: median time per request through the real list view.

Builds (once, cached under bench/data/) an SQLite database of the demo county with N households
(default 100,000), then logs in as the county officer — who sees every household, the worst case
for scoping — and requests the household list page with a mix of what workers type: pinyin
initials, full pinyin, a name, the last digits of an ID number, an address fragment, a household
number. Reports the median and 95th percentile per kind of query.

Above 100,000 households (`--households 1000000`) the county is synthetic and built set-based in
PostgreSQL by `search_county.py` (the demo generator would take hours); give `--database`.

    .venv/bin/python bench/search_households.py [--households 100000] [--repeat 20]
    .venv/bin/python bench/search_households.py --households 1000000 --database postgres://…/NAME
"""

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent
SYNTHETIC_ABOVE = 100_000


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument(
        "--database", default="", help="a DATABASE_URL to use instead of bench/data/*.sqlite3"
    )
    args = parser.parse_args()

    harness.setup(args.database, f"search-{args.households}.sqlite3")
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from dibao.accounts.models import User
    from dibao.demo import county
    from dibao.registry.models import Household, Member

    call_command("migrate", verbosity=0)
    have = Household.objects.count()
    if have < args.households:
        started = time.perf_counter()
        if args.households > SYNTHETIC_ABOVE:
            spec = importlib.util.spec_from_file_location("search_county", HERE / "search_county.py")
            assert spec and spec.loader
            search_county = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(search_county)
            search_county.build(args.households)
        else:
            county.build(households=args.households - have, seed=2026)
        print(
            f"built {args.households - have} households in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    setup_test_environment()  # lets the test client run against this database

    sample = (
        Member.objects.filter(relation="self")
        .select_related("household")
        .order_by("id")[args.households // 2]
    )
    queries = {
        "pinyin initials": sample.name_initials,
        "full pinyin": sample.name_pinyin,
        "name": sample.name,
        "ID last 6": sample.id_number[-6:],
        "whole ID": sample.id_number,
        "address part": sample.household.address[2:7],
        "household number": sample.household.number,
        "no query (page 1)": "",
        # Shorter than a trigram: found by reading (PostgreSQL) or matching many (a surname).
        "address, 2 characters": sample.household.address[2:4],
        "surname alone": sample.name[0],
        # A name's first two characters (a whole name, for many): found among names, then in the
        # addresses, where two characters are below a trigram.
        "name, 2 characters": sample.name[:2],
        # A whole name of two characters that fewer than the list's bound share, so that the
        # addresses are searched for it too (below a trigram).
        "2-character name, few": next(
            name
            for name in Member.objects.filter(relation="self", name__regex=r"^..$")
            .order_by("id")
            .values_list("name", flat=True)[:2000]
            if Member.objects.filter(name__startswith=name).count() < 1000
        ),
    }
    client = Client()
    client.force_login(User.objects.get(username="county"))
    url = reverse("registry:household-list")
    client.get(url, {"q": "warm"})
    print(
        f"{Household.objects.count()} households, {Member.objects.count()} members; "
        f"{args.repeat} requests each, as the county officer; load average {harness.loadavg()}\n"
    )
    print("| query | typed | matches | median ms | p95 ms |\n|---|---|---:|---:|---:|")
    medians = []
    for kind, typed in queries.items():
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url, {"q": typed})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        matches = response.context["households"].paginator.count
        # The list page counts up to its bound and says "more than" past it (selectors.LIST_BOUND).
        if response.context.get("more"):
            matches = f"> {matches}"
        median = statistics.median(timings)
        medians.append(median)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"| {kind} | `{typed}` | {matches} | {median:.1f} | {p95:.1f} |")
    median = statistics.median(medians)
    print(f"\nmedian over all kinds: {median:.1f} ms; load average after {harness.loadavg()}")


if __name__ == "__main__":
    main()
