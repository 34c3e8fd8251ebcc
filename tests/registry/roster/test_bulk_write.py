"""The roster's write path stores what the ORM stores: the same checked file written by
`households_bulk_create` (COPY on PostgreSQL, executemany on SQLite) and by model instances
through `bulk_create`, as it was written before, gives the same value in every column of every row
— households, members with their search keys, incomes, audit entries — and a chain that verifies."""

import datetime
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from dibao.core import audit
from dibao.core.audit_verify import verify
from dibao.core.models import AuditEntry
from dibao.registry.models import Household, HouseholdCategory, HouseholdStatus, Income, Member
from dibao.registry.roster import headers, importer
from dibao.registry.roster.parse import parse
from dibao.registry.services.bulk import households_bulk_create
from dibao.registry.services.numbers import take_household_numbers

from ...factories import id_number
from .files import HEADERS, csv_bytes, row

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 15)
NOTE = "roster equal.csv"


def orm_write(county, new, actor) -> None:  # type: ignore[no-untyped-def]
    """The write path as it was: instances and `bulk_create`, an audit entry per household."""
    numbers = iter(take_household_numbers(county, sum(1 for h in new if not h.values.get("number"))))
    households = [
        Household(
            county=county,
            community=h.community,
            status=h.status,
            **{**h.values, "number": h.values.get("number") or next(numbers)},
        )
        for h in new
    ]
    Household.objects.bulk_create(households)
    members, incomes, entries = [], [], []
    for household, spec in zip(households, new, strict=True):
        own = [Member(household=household, is_current=spec.status != "terminated", **m) for m in spec.members]
        members.extend(own)
        entries.append(
            audit.entry(
                actor=actor,
                action=audit.Action.IMPORT,
                obj=household,
                area_code=spec.community.code,
                household_id=household.pk,
                note=NOTE,
                after={**audit.snapshot(household), "members": [audit.json_safe(m) for m in spec.members]},
            )
        )
        incomes.extend(Income(household=household, member=own[i], **values) for i, values in spec.incomes)
    Member.objects.bulk_create(members)
    Income.objects.bulk_create(incomes)
    audit.record_many(entries)


def stored(started: datetime.datetime) -> dict[str, Any]:
    """Every column of every row written, keyed by what is the same in both writes (the household
    number, the member's ID number), with the keys each write drew replaced by those."""
    number = dict(Household.objects.values_list("pk", "number"))
    person = dict(Member.objects.values_list("pk", "id_number"))
    households = {}
    for values in Household.objects.values():
        # Stamped at the write (the ORM stamps each field of each row a moment apart).
        assert started <= values.pop("created_at") <= values.pop("updated_at") <= timezone.now()
        households[number[values.pop("id")]] = values
    members = {}
    for values in Member.objects.values():
        del values["id"]
        values["household_id"] = number[values["household_id"]]
        members[values["id_number"]] = values
    incomes = sorted(
        {
            **v,
            "id": None,
            "household_id": number[v["household_id"]],
            "member_id": person[v["member_id"]],
        }.items()
        for v in Income.objects.values()
    )
    entries = {}
    for entry in AuditEntry.objects.filter(action=audit.Action.IMPORT).values():
        for key in ("id", "seq", "hash", "prev_hash", "at"):
            del entry[key]
        assert (
            number[entry.pop("household_id")] == entry["object_repr"] == number[int(entry.pop("object_id"))]
        )
        entry["after"]["id"] = number[entry["after"]["id"]]
        entries[entry["object_repr"]] = entry
    return {"households": households, "members": members, "incomes": incomes, "audit": entries}


def test_every_column_of_every_row_is_what_the_orm_stores(areas, users):
    rural = HouseholdCategory.objects.create(county=areas.county, name="农村居民")
    first, spouse, child, second, third, lodger = (id_number() for _ in range(6))
    rows = [
        [*row(first, "张三", first, 月收入="1,200.50"), "", ""],
        [*row(first, "李梅", spouse, "配偶", 残疾类别="肢体", 残疾等级="二级", 劳动能力="部分"), "", ""],
        [*row(first, "张小明", child, "子女", 就业状况="在校", 城乡类别="", 月收入="300"), "", ""],
        [*row(second, "欧阳 娜娜", second, 城乡类别="农村", 联系电话="0411-8888888"), "B-7", "农村居民"],
        [*row(third, "吕绿", third, 健康状况="大病", 开户银行="", 银行账号=""), "", ""],
        [*row(third, "王五", lodger, "其他", 残疾类别="多重", 残疾等级="一级", 劳动能力="丧失"), "", ""],
    ]
    table = importer.reader.read(
        "equal.csv", csv_bytes(rows, headers=[*HEADERS, "户编号", "人员类别"]), is_header=headers.is_header
    )
    new, errors = parse(table, area=areas.haizhou, county=areas.county, actor=users.haizhou, today=TODAY)
    assert errors == [] and len(new) == 3
    new[2].status = HouseholdStatus.TERMINATED  # members no longer current, as a recipients' import writes

    started = timezone.now()
    with transaction.atomic():
        point = transaction.savepoint()
        result = households_bulk_create(county=areas.county, new=new, actor=users.haizhou, note=NOTE)
        fast = stored(started)
        assert verify().broken is None
        transaction.savepoint_rollback(point)
        assert not Household.objects.exists()
        orm_write(areas.county, new, users.haizhou)
        orm = stored(started)

    assert (result.households, result.members, result.incomes) == (3, 6, 2)
    assert fast == orm
    # What the comparison covers, so that an empty or defaulted table cannot pass it.
    assert fast["households"]["B-7"]["category_id"] == rural.pk
    assert fast["members"][second]["name_pinyin"] == "ouyangnana"
    assert fast["members"][child]["hukou"] == "urban" and fast["members"][lodger]["is_current"] is False
    assert sorted(str(dict(i)["amount"]) for i in fast["incomes"]) == ["1200.50", "300.00"]
    assert len(fast["audit"]) == 3 and len(fast["audit"]["B-7"]["after"]["members"]) == 1
