"""Holiday relief: selection by each criterion and by hand, once per household, packages and totals,
the signed list with masked ID numbers, scoping, read-only GETs and the command."""

import datetime
import json
import subprocess
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dibao.assistance.holiday import services
from dibao.assistance.models import HolidayRecipient, OneOffGrant, RecipientState
from dibao.core.audit import AuditEntry
from dibao.core.errors import DomainError
from dibao.policy.programs import codes
from dibao.registry.services import household_update, member_update
from tests.assistance.support import holding
from tests.factories import id_number, make_household

DAY = datetime.date(2026, 2, 10)
pytestmark = pytest.mark.django_db


def _campaign(area, actor, criteria, items=None, name="2026年春节慰问"):
    return services.holiday_campaign_create(
        area=area,
        data={
            "name": name,
            "held_on": DAY,
            "criteria": criteria,
            "items": items or [{"kind": "cash", "unit_value": "200"}],
        },
        actor=actor,
    )


def _listed(campaign):
    return {r.household_id: r for r in campaign.recipients.exclude(state=RecipientState.REMOVED)}


@pytest.fixture
def people(areas, users):
    w = users.haizhou
    dibao = holding(areas.haizhou, w, codes.DIBAO).household
    ended = holding(areas.haizhou, w, codes.DIBAO, until=datetime.date(2025, 12, 1)).household
    extreme = holding(areas.haizhou, w, codes.EXTREME_POVERTY, person=True).household
    old = make_household(areas.haizhou, w, head={"id_number": id_number(datetime.date(1945, 2, 10))})
    young = make_household(areas.haizhou, w, head={"id_number": id_number(datetime.date(1946, 2, 11))})
    disabled = make_household(areas.haizhou, w, head={"disability_type": "limb", "disability_grade": 2})
    mild = make_household(areas.haizhou, w, head={"disability_type": "limb", "disability_grade": 4})
    military = make_household(areas.haizhou, w)
    household_update(household=military, data={"military_family": True}, actor=w)
    party = make_household(areas.haizhou, w)
    member_update(member=party.members.get(), data={"party_hardship": "是"}, actor=w)
    elsewhere = holding(areas.liubeiqiao, users.liubeiqiao, codes.DIBAO).household
    return locals()


@pytest.mark.parametrize(
    ("criterion", "chosen"),
    [
        ("dibao", {"dibao"}),
        ("extreme_poverty", {"extreme"}),
        ("80plus", {"old"}),
        ("disability2", {"disabled"}),
        ("disability", {"disabled", "mild"}),
        ("military", {"military"}),
        ("party_hardship", {"party"}),
    ],
)
def test_each_criterion_chooses_its_households_in_the_area(people, areas, users, criterion, chosen):
    campaign = _campaign(areas.xinghaiwan, users.street, criterion)
    expected = {people[name].pk for name in chosen}
    assert set(_listed(campaign)) == expected
    assert all(r.criteria == [criterion] for r in _listed(campaign).values())


def test_one_row_per_household_with_every_criterion_met_and_its_package(people, areas, users):
    w = users.haizhou
    both = people["dibao"]
    household_update(household=both, data={"military_family": True}, actor=w)
    items = [
        {"kind": "cash", "unit_value": "200"},
        {"kind": "rice", "unit_value": "40", "quantity": 2},
        {"criterion": "military", "kind": "cash", "unit_value": "500"},
        {"criterion": "military", "kind": "oil", "unit_value": "60.50"},
    ]
    campaign = _campaign(areas.county, users.county, "military,dibao,80plus", items)
    listed = _listed(campaign)
    assert set(listed) == {both.pk, people["military"].pk, people["old"].pk, people["elsewhere"].pk}
    assert listed[both.pk].criteria == ["military", "dibao"]
    assert listed[both.pk].value == Decimal("560.50") and listed[both.pk].package == "military"
    assert listed[people["old"].pk].value == Decimal("280.00")
    assert listed[people["old"].pk].cash == Decimal("200.00")
    assert listed[people["old"].pk].goods_value == Decimal("80.00")
    # Chosen again: the same rows, no duplicates.
    assert services.holiday_campaign_select(campaign=campaign, actor=users.county) == 4
    assert campaign.recipients.count() == 4
    from dibao.assistance.holiday.selectors import recipients, totals
    from dibao.core.scoping import CONSOLE

    found = totals(recipients(CONSOLE, campaign))
    assert found.total.households == 4
    assert found.total.value == (Decimal("560.50") + Decimal("280.00")) * 2
    assert sum((f.value for _, f in found.communities), Decimal(0)) == found.total.value
    assert sum((f.value for _, f in found.streets), Decimal(0)) == found.total.value
    assert sum(f.persons for _, f in found.streets) == found.total.persons == 4


def test_selection_is_a_query_per_criterion_not_per_household(areas, users):
    for _ in range(6):
        holding(areas.haizhou, users.haizhou, codes.DIBAO)
    with CaptureQueriesContext(connection) as few:
        _campaign(areas.xinghaiwan, users.street, "dibao", name="a")
    for _ in range(12):
        holding(areas.haizhou, users.haizhou, codes.DIBAO)
    with CaptureQueriesContext(connection) as more:
        _campaign(areas.xinghaiwan, users.street, "dibao", name="b")
    assert len(more) == len(few)


def test_by_hand_added_and_removed_with_a_reason_and_kept_when_chosen_again(people, areas, users):
    campaign = _campaign(areas.xinghaiwan, users.street, "dibao")
    extra = people["young"]
    with pytest.raises(DomainError) as refused:
        services.holiday_recipient_add(campaign=campaign, household=extra, reason=" ", actor=users.haizhou)
    assert "reason" in refused.value.errors
    added = services.holiday_recipient_add(
        campaign=campaign, household=extra, reason="独居老人", actor=users.haizhou
    )
    assert added.by_hand and added.value == Decimal("200.00")
    with pytest.raises(DomainError):
        services.holiday_recipient_add(
            campaign=campaign, household=extra, reason="again", actor=users.haizhou
        )
    first = campaign.recipients.get(household=people["dibao"])
    services.holiday_recipient_remove(recipient=first, reason="已搬离", actor=users.haizhou)
    services.holiday_campaign_select(campaign=campaign, actor=users.street)
    assert set(_listed(campaign)) == {extra.pk}
    with pytest.raises(DomainError):  # another street's household
        services.holiday_recipient_add(
            campaign=campaign, household=people["elsewhere"], reason="x", actor=users.county
        )


def test_delivery_recorded_or_refused_with_the_field_named(people, areas, users):
    campaign = _campaign(areas.xinghaiwan, users.street, "dibao")
    r = campaign.recipients.get()
    with pytest.raises(DomainError) as refused:
        services.holiday_recipient_deliver(
            recipient=r, delivered=True, delivered_on="2026-13-01", actor=users.haizhou
        )
    assert {"delivered_on", "delivered_by"} <= set(refused.value.errors)
    done = services.holiday_recipient_deliver(
        recipient=r, delivered=True, delivered_on="2026-02-11", delivered_by="张主任", actor=users.haizhou
    )
    assert done.state == RecipientState.DELIVERED and done.delivered_on == datetime.date(2026, 2, 11)
    with pytest.raises(DomainError):
        services.holiday_recipient_remove(recipient=done, reason="x", actor=users.haizhou)
    not_done = services.holiday_recipient_deliver(
        recipient=r, delivered=False, reason="住院", actor=users.haizhou
    )
    assert not_done.state == RecipientState.NOT_DELIVERED and not_done.state_reason == "住院"
    assert AuditEntry.objects.filter(object_type="assistance.holidayrecipient").count() >= 3


def test_cash_paid_through_the_bank_is_a_temporary_grant_of_category_holiday_once(people, areas, users):
    campaign = _campaign(areas.xinghaiwan, users.street, "dibao,military")
    assert services.holiday_cash_grants_record(campaign=campaign, actor=users.street) == 2
    assert services.holiday_cash_grants_record(campaign=campaign, actor=users.street) == 0
    grants = OneOffGrant.objects.filter(category="holiday")
    assert grants.count() == 2 and {g.program_id for g in grants} == {codes.TEMPORARY}
    assert {g.amount for g in grants} == {Decimal("200.00")}


def test_bad_input_names_its_field(areas, users):
    with pytest.raises(DomainError) as refused:
        services.holiday_campaign_create(
            area=areas.xinghaiwan,
            data={
                "name": "",
                "held_on": "2026-02-30",
                "criteria": "dibao,rich",
                "items": [{"kind": "gold", "unit_value": "-1"}],
            },
            actor=users.street,
        )
    assert {"name", "held_on", "criteria", "items.1.kind", "items.1.unit_value"} <= set(refused.value.errors)
    with pytest.raises(DomainError):  # a community creates none
        services.holiday_campaign_create(area=areas.haizhou, data={"name": "x"}, actor=users.haizhou)


def test_pages_scope_print_masked_and_gets_write_nothing(people, areas, users, login):
    campaign = _campaign(areas.county, users.county, "dibao")
    head = people["dibao"].members.get()
    writes = AuditEntry.objects.count()
    client = login(users.haizhou)
    page = client.get(f"/assistance/holiday/{campaign.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert people["dibao"].number in text and people["elsewhere"].number not in text
    pdf = client.get(f"/assistance/holiday/{campaign.pk}/{areas.haizhou.pk}/list.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert head.name in out and head.id_number not in out and head.id_number[-4:] in out
    assert client.get(f"/assistance/holiday/{campaign.pk}/totals.xlsx").status_code == 200
    assert client.get("/assistance/holiday/").status_code == 200
    other = campaign.recipients.get(household=people["elsewhere"])
    assert client.get(f"/assistance/holiday/recipients/{other.pk}/").status_code == 404
    assert client.get(f"/assistance/holiday/{campaign.pk}/{areas.liubeiqiao.pk}/list.pdf").status_code == 404
    mine = campaign.recipients.get(household=people["dibao"])
    assert client.get(f"/assistance/holiday/recipients/{mine.pk}/").status_code == 200
    assert AuditEntry.objects.count() == writes
    response = client.post(
        f"/assistance/holiday/recipients/{mine.pk}/deliver/",
        {"delivered": "yes", "delivered_on": "2026-02-11", "delivered_by": "张三"},
    )
    assert response.status_code == 302
    assert HolidayRecipient.objects.get(pk=mine.pk).state == RecipientState.DELIVERED


def test_street_creates_a_campaign_on_its_page(people, areas, users, login):
    client = login(users.street)
    response = client.post(
        "/assistance/holiday/",
        {
            "name": "中秋慰问",
            "held_on": "2026-09-25",
            "criteria": ["dibao", "military"],
            "cash": "300",
            "oil": "50",
        },
    )
    assert response.status_code == 302
    campaign = users.street.area and HolidayRecipient.objects.first().campaign
    assert {r.value for r in campaign.recipients.all()} == {Decimal("350.00")}


def test_command_selects_and_prints_totals(people, areas, capsys):
    call_command(
        "holiday_campaign", "--area", areas.xinghaiwan.code, "--name", "春节", "--date", "2026-02-10",
        "--criteria", "dibao,80plus", "--item", "cash:200", "--item", "rice:40x2", "--json",
    )  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert out["total"]["households"] == 2 and out["total"]["value"] == "560.00"
    assert out["communities"][areas.haizhou.code]["households"] == 2
