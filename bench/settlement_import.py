"""One-stop settlement import at county scale: a 10,000-row file of a month, on SQLite.

Builds a fresh SQLite database with 5,000 people holding 低保 (household-paid) or 低保边缘 on the
register, laid down in bulk, then writes a settlement CSV (GB18030, as offices save it) of 10,000
stays — two per person, a tenth with an amount the rules do not give, a twentieth naming nobody on
the register — and times `dibao.assistance.medical.settlement.import_settlement`, the path of
`dibao import-settlement`: reading and checking, reconciling set-based, and writing the import
with its rows. The baseline beside it is the reading alone, the floor any import pays.

    .venv/bin/python bench/settlement_import.py [--rows 10000]
"""

import argparse
import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

import harness

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE.parent))  # tests.factories
    harness.fresh_sqlite(f"settlement-{args.rows}.sqlite3")
    harness.setup("", f"settlement-{args.rows}.sqlite3")
    from django.core.management import call_command
    from django.db import transaction
    from tests.factories import id_number

    from dibao.areas.models import Area
    from dibao.assistance.medical.settlement import import_settlement, read_rows
    from dibao.benefits.models import Entitlement
    from dibao.demo import county
    from dibao.policy.programs.medical import Year, calculate
    from dibao.policy.programs.terms import defaults
    from dibao.registry.models import Household, Member

    call_command("migrate", verbosity=0)
    county.build_areas()
    community = Area.objects.get(code="210204001001")
    whole = Area.objects.get(code="210204")
    people = args.rows // 2
    numbers = [id_number(datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28)) for i in range(people)]
    with transaction.atomic():
        households = Household.objects.bulk_create(
            Household(number=f"B{i:07d}", county=whole, community=community, address="x", urban_rural="urban")
            for i in range(people)
        )
        Member.objects.bulk_create(
            Member(
                household=h,
                name="张三",
                id_number=n,
                birth_date=datetime.date(1960, 1, 1),
                sex="1",
                relation="head",
                hukou="urban",
                name_pinyin="zhangsan",
                name_initials="zs",
                id_number_reversed=n[::-1],
            )
            for h, n in zip(households, numbers, strict=True)
        )
        Entitlement.objects.bulk_create(
            Entitlement(
                household=h,
                program_id="dibao" if i % 2 else "near_poverty",
                month_from=datetime.date(2026, 1, 1),
                amount=Decimal("0"),
                persons=1,
                urban_rural="urban",
                reason="approval",
            )
            for i, h in enumerate(households)
        )
    # No disposable income set: near-poverty rows are then not eligible (status) — set one.
    from dibao.policy.selectors import program_by_code
    from dibao.policy.services import program_rules_set

    program_rules_set(
        area=whole,
        program=program_by_code("rigid_expense"),
        actor=None,
        data={"valid_from": "2026-01", "enabled": True, "terms": {"disposable_income": {"2025": "40000"}}},
    )
    terms = defaults("medical")
    lines = [
        "姓名,身份证号码,医院,入院日期,出院日期,类别,总费用,基本医保支付,大病保险支付,政策内自付,医疗救助金额"
    ]
    firsts = {}  # each person's first stay, when it matches: the second counts it
    for row in range(args.rows):
        person = row % people
        number = numbers[person] if row % 20 else id_number()
        day = datetime.date(2026, 3, 1 + row // people)
        cost = Decimal(3000 + row % 7000)
        held = {"dibao" if person % 2 else "near_poverty"}
        first = firsts.get(person)
        year = Year(paid=first.amount, deductible_met=first.deductible) if first and row >= people else Year()
        expected = calculate(
            held=held,
            illness=False,
            treated_on=day,
            kind="inpatient",
            cost=cost,
            terms=terms,
            disposable_income={"2025": "40000"},
            year=year,
            explain=False,
        )
        if row < people and row % 20 and row % 10 != 3:
            firsts[person] = expected
        paid = expected.amount + (1 if row % 10 == 3 else 0)
        lines.append(f"张三,{number},大连市中心医院,{day},{day},住院,{cost * 3},{cost},0,{cost},{paid}")
    content = ("\n".join(lines) + "\n").encode("gb18030")
    load = os.getloadavg()
    started = time.perf_counter()
    read_rows("settlement.csv", content)
    reading = time.perf_counter() - started
    started = time.perf_counter()
    record = import_settlement(
        county=whole, month=datetime.date(2026, 3, 1), file_name="settlement.csv", content=content, actor=None
    )
    total = time.perf_counter() - started
    print(
        f"rows {record.rows}: matched {record.matched} ({record.matched_total}), disputed {record.disputed}"
    )
    print(
        f"reading and checking alone: {reading:.2f} s; whole import: {total:.2f} s "
        f"(ratio {total / reading:.1f}); load average before {load[0]:.1f}, after {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
