"""What chaining the audit trail costs a bulk writer, and how fast the chain is checked.

For each size, the same entries (shaped like a roster import's: a household's fields and its
members in `after`, about 1 KB of JSON each) are written twice in one run, in alternating order:
by a plain `bulk_create` with the sequence numbers filled in and no hash (what the trail cost
before it was chained), and by `audit.record_many` (one lock of the chain's head, each entry
hashed in Python in order, the same `bulk_create`, the head updated). Then `audit_verify.verify`
reads the whole chain back and recomputes every hash.

    .venv/bin/python bench/audit_chain.py                     # fresh SQLite file
    .venv/bin/python bench/audit_chain.py --database postgres://postgres@127.0.0.1:5432/dibao_bench
"""

import argparse
import time
from pathlib import Path
from typing import Any

import harness

HERE = Path(__file__).resolve().parent


def after(i: int) -> dict[str, Any]:
    members = [
        {"name": f"成员{i}-{m}", "id_number": f"21020419{60 + m}0101{i % 10000:04d}", "relation": "child",
         "health": "healthy", "labour": "able", "disability": None, "employment": "unemployed"}
        for m in range(3)
    ]  # fmt: skip
    return {"number": f"H{i:08d}", "address": f"星海湾街道海州社区 {i} 号", "urban_rural": "urban",
            "status": "receiving", "community_id": 3, "county_id": 1, "phone": "13800000000",
            "members": members}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--database", default="", help="a DATABASE_URL instead of a fresh SQLite file")
    args = parser.parse_args()
    if not args.database:
        harness.fresh_sqlite("audit_chain.sqlite3")
    harness.setup(args.database, "audit_chain.sqlite3")
    from django.core.management import call_command
    from django.db import connection, transaction

    from dibao.core import audit
    from dibao.core.audit_verify import verify
    from dibao.core.models import AuditChainHead, AuditEntry

    call_command("migrate", verbosity=0)

    def entries(n: int) -> list[AuditEntry]:
        return [
            AuditEntry(
                action="import",
                object_type="registry.household",
                object_id=str(i),
                object_repr=f"H{i:08d}",
                area_code="210204001001",
                household_id=i,
                after=after(i),
                note="roster import",
            )
            for i in range(n)
        ]

    def plain(n: int) -> float:
        rows = entries(n)
        base = 10**12 + AuditEntry.objects.count()  # numbers the chain will never reach
        for k, row in enumerate(rows):
            row.seq = base + k
        started = time.perf_counter()
        with transaction.atomic():
            AuditEntry.objects.bulk_create(rows, batch_size=2000)
        return time.perf_counter() - started

    def chained(n: int) -> float:
        rows = entries(n)
        started = time.perf_counter()
        with transaction.atomic():
            audit.record_many(rows)
        return time.perf_counter() - started

    print(f"database: {connection.vendor}")
    print("| entries | plain bulk_create s | chained record_many s | extra | chained entries/s |")
    print("|---:|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        times: dict[str, list[float]] = {"plain": [], "chained": []}
        for order in (("plain", "chained"), ("chained", "plain")):
            for kind in order:
                times[kind].append(plain(n) if kind == "plain" else chained(n))
        p, c = min(times["plain"]), min(times["chained"])
        print(f"| {n:,} | {p:.2f} | {c:.2f} | {100 * (c - p) / p:+.0f}% | {n / c:,.0f} |")
    # The plain rows are no part of the chain: gone before it is checked.
    AuditEntry.objects.filter(seq__gte=10**12).delete()
    head = AuditChainHead.objects.get()
    started = time.perf_counter()
    outcome = verify()
    took = time.perf_counter() - started
    assert outcome.broken is None and outcome.checked == head.seq, outcome
    print(f"\nverify: {outcome.checked:,} entries in {took:.1f} s ({outcome.checked / took:,.0f} entries/s)")


if __name__ == "__main__":
    main()
