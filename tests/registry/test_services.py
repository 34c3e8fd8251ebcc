import pytest
from django.db import transaction

from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.registry import services
from dibao.registry.models import Household, HouseholdStatus, Member
from dibao.registry.validation import clean_member

from ..factories import bad_check_digit, household_data, id_number, make_household, member_data

pytestmark = pytest.mark.django_db


def test_create_household_with_head_derives_birth_sex_and_keys(areas, users):
    number = id_number(__import__("datetime").date(1985, 3, 9), male=False)
    household = make_household(areas.haizhou, users.haizhou, head={"name": "张三丰", "id_number": number})
    head = household.members.get()
    assert head.relation == "self"
    assert str(head.birth_date) == "1985-03-09" and head.sex == "F"
    assert (head.name_pinyin, head.name_initials) == ("zhangsanfeng", "zsf")
    assert household.number.startswith("210204") and len(household.number) == 14
    assert household.county == areas.county
    actions = list(AuditEntry.objects.filter(household_id=household.pk).values_list("object_type", "action"))
    assert sorted(actions) == [("registry.household", "create"), ("registry.member", "create")]


def test_household_numbers_are_sequential_and_unique(areas, users):
    first = make_household(areas.haizhou, users.haizhou)
    second = make_household(areas.liubeiqiao, users.liubeiqiao)
    assert int(second.number) == int(first.number) + 1


def test_bad_check_digit_is_refused_and_nothing_written(areas, users):
    with pytest.raises(DomainError) as caught:
        services.household_create(
            community=areas.haizhou,
            actor=users.haizhou,
            data=household_data(),
            head=member_data(id_number=bad_check_digit(id_number())),
        )
    assert "head.id_number" in caught.value.errors
    assert (
        Household.objects.count() == 0 and AuditEntry.objects.filter(household_id__isnull=False).count() == 0
    )


def test_person_in_one_current_household_only(areas, users):
    number = id_number()
    first = make_household(areas.haizhou, users.haizhou, head={"id_number": number})
    with pytest.raises(DomainError) as caught:
        make_household(areas.haiyue, users.street, head={"id_number": number})
    # the street officer may see 海州, so the message names the household
    assert first.number in str(caught.value)
    with pytest.raises(DomainError) as hidden:
        make_household(areas.liubeiqiao, users.liubeiqiao, head={"id_number": number})
    assert first.number not in str(hidden.value)
    services.household_set_status(household=first, status=HouseholdStatus.TERMINATED, actor=users.haizhou)
    second = make_household(areas.liubeiqiao, users.liubeiqiao, head={"id_number": number})
    assert Member.objects.filter(id_number=number).count() == 2
    with pytest.raises(DomainError):  # back from termination only if the person is free again
        services.household_set_status(household=first, status=HouseholdStatus.REGISTERED, actor=users.haizhou)
    assert second.members.get().is_current


def test_other_community_and_readers_cannot_write(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    with pytest.raises(NotFound):
        services.household_update(household=household, data={"address": "x"}, actor=users.liubeiqiao)
    with pytest.raises(Forbidden):
        services.household_update(household=household, data={"address": "x"}, actor=users.auditor)


def test_update_audits_only_changes(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    services.household_update(household=household, data={"address": "海月街1号"}, actor=users.street)
    entry = AuditEntry.objects.filter(household_id=household.pk, action="update").get()
    assert entry.before == {"address": "海州街12号1-2-1"} and entry.after == {"address": "海月街1号"}
    assert entry.actor == users.street


def test_income_and_asset_records(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    head = household.members.get()
    income = services.income_add(
        household=household,
        actor=users.haizhou,
        data={"kind": "wage", "amount": "1,234.50", "member": head.pk, "month_from": "2026-03"},
    )
    assert str(income.amount) == "1234.50" and str(income.month_from) == "2026-03-01"
    with pytest.raises(DomainError) as caught:
        services.income_add(
            household=household,
            actor=users.haizhou,
            data={"kind": "wage", "amount": "-5", "month_from": "2026-13"},
        )
    assert set(caught.value.errors) == {"amount", "month_from"}
    asset = services.asset_add(
        household=household,
        actor=users.haizhou,
        data={"kind": "deposit", "value": "20000", "recorded_on": "2026-05-01"},
    )
    assert str(asset.value) == "20000.00"


def test_many_households_end_at_once_with_an_entry_each(areas, users):
    first = make_household(areas.haizhou, users.haizhou, members=1)
    second = make_household(areas.liubeiqiao, users.liubeiqiao)
    untouched = make_household(areas.haizhou, users.haizhou)
    rows = list(Household.objects.filter(pk__in=[first.pk, second.pk]).select_related("community"))
    with transaction.atomic():
        ended = services.households_status_record_many(
            households=rows, status=HouseholdStatus.TERMINATED, actor=users.county, note="gradual exit"
        )
    assert ended == 2 and {h.status for h in rows} == {HouseholdStatus.TERMINATED}
    statuses = dict(Household.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == HouseholdStatus.TERMINATED
    assert statuses[untouched.pk] == HouseholdStatus.REGISTERED
    # Their people are free for another household; the other household's are not.
    assert not Member.objects.filter(household__in=[first, second], is_current=True).exists()
    assert untouched.members.get().is_current
    entries = AuditEntry.objects.filter(action="update", object_type="registry.household").order_by(
        "household_id"
    )
    assert [(e.household_id, e.area_code, e.before, e.after, e.note, e.actor) for e in entries] == [
        (
            h.pk,
            h.community.code,
            {"status": "registered"},
            {"status": "terminated"},
            "gradual exit",
            users.county,
        )
        for h in (first, second)
    ]


def test_many_households_leave_termination_one_at_a_time(areas, users):
    household = make_household(areas.haizhou, users.haizhou)
    services.household_set_status(household=household, status=HouseholdStatus.TERMINATED, actor=users.haizhou)
    rows = list(Household.objects.filter(pk=household.pk).select_related("community"))
    with pytest.raises(ValueError), transaction.atomic():
        services.households_status_record_many(households=rows, status=HouseholdStatus.REGISTERED, actor=None)
    household.refresh_from_db()
    assert household.status == HouseholdStatus.TERMINATED


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","a")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)", "\t=1"]
)
def test_a_name_a_spreadsheet_would_run_as_a_formula_is_refused(name):
    with pytest.raises(DomainError) as caught:
        clean_member({"name": name, "id_number": id_number(), "relation": "self", "hukou": "urban"})
    assert list(caught.value.errors) == ["name"]


def test_a_name_with_a_hyphen_or_at_inside_is_a_name():
    cleaned = clean_member(
        {"name": "阿依古丽-买买提", "id_number": id_number(), "relation": "self", "hukou": "urban"}
    )
    assert cleaned["name"] == "阿依古丽-买买提"
