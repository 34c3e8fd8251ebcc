"""Service registrations: the county's list of services, a person taken through a service's steps,
the district office's workbook and the household page's panel."""

import io

import openpyxl
import pytest

from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.outreach import services
from dibao.outreach.catalogue import USUAL
from dibao.outreach.models import EntryState, Service

from .support import HEAD, months_ago, setting

pytestmark = pytest.mark.django_db


def test_the_usual_services_are_the_counties_rows_added_once(areas, users):
    assert services.services_seed(county=areas.county, actor=users.county) == len(USUAL)
    assert services.services_seed(county=areas.county, actor=users.county) == 0
    card = Service.objects.get(county=areas.county, code="senior_card")
    assert card.steps == ["已申请", "已发证", "已送达"] and card.community_delivers
    assert {"cataract", "prosthesis", "fuel_subsidy", "out_of_school", "matchmaking"} <= set(
        Service.objects.values_list("code", flat=True)
    )


def test_only_the_county_edits_its_services(areas, users):
    services.services_seed(county=areas.county, actor=users.county)
    card = Service.objects.get(code="senior_card")
    data = {"name": "老年优待证", "steps": "已申请\n已发证\n已送达", "office": "区老龄办"}
    for user in (users.haizhou, users.street, users.auditor):
        with pytest.raises(Forbidden):
            services.service_update(service=card, data=data, actor=user)
        with pytest.raises(Forbidden):
            services.service_add(county=areas.county, data={**data, "code": "x"}, actor=user)
    services.service_update(service=card, data=data, actor=users.county)
    card.refresh_from_db()
    assert card.name == "老年优待证" and card.code == "senior_card"
    added = services.service_add(
        county=areas.county,
        data={"code": "hearing_aid", "name": "助听器适配", "steps": "登记 → 已上报 → 已适配"},
        actor=users.county,
    )
    assert added.steps == ["登记", "已上报", "已适配"]
    with pytest.raises(DomainError) as refused:
        services.service_add(
            county=areas.county, data={"code": "hearing_aid", "name": "x", "steps": "a"}, actor=users.county
        )
    assert "code" in refused.value.errors
    with pytest.raises(DomainError) as refused:
        services.service_add(
            county=areas.county, data={"code": "BAD CODE", "name": "", "steps": ""}, actor=users.county
        )
    assert set(refused.value.errors) == {"code", "name", "steps"}


def test_a_senior_card_through_its_steps_and_a_step_reached_stays(areas, users):
    made = setting(areas, users)
    card = Service.objects.get(code="senior_card")
    entry = services.entry_register(
        service=card, member=made.head, data={"registered_on": months_ago(2)}, actor=users.haizhou
    )
    assert (entry.step, entry.state) == (0, EntryState.OPEN)
    with pytest.raises(DomainError) as twice:
        services.entry_register(service=card, member=made.head, data={}, actor=users.haizhou)
    assert twice.value.code == "exists"
    entry = services.entry_step(entry=entry, data={"step": 1, "on": months_ago(1)}, actor=users.haizhou)
    assert entry.step_name == "已发证" and entry.state == EntryState.OPEN
    with pytest.raises(DomainError) as refused:
        services.entry_step(entry=entry, data={"step": 1}, actor=users.haizhou)
    assert "step" in refused.value.errors
    with pytest.raises(DomainError) as refused:
        services.entry_step(entry=entry, data={"step": 2, "on": months_ago(3)}, actor=users.haizhou)
    assert "on" in refused.value.errors
    with pytest.raises(NotFound):
        services.entry_step(entry=entry, data={"step": 2}, actor=users.liubeiqiao)
    entry = services.entry_step(entry=entry, data={"step": 2, "outcome": "上门送达"}, actor=users.haizhou)
    assert entry.state == EntryState.DONE and [s for s, _day in entry.history] == [0, 1, 2]
    assert AuditEntry.objects.filter(object_type__endswith="entry", object_id=str(entry.pk)).count() == 3
    # Done, the person may be registered again; the county may not drop a step someone reached.
    services.entry_register(service=card, member=made.head, data={}, actor=users.haizhou)
    with pytest.raises(DomainError) as refused:
        services.service_update(
            service=card, data={"name": "老年证", "steps": "已申请\n已发证"}, actor=users.county
        )
    assert "steps" in refused.value.errors


def test_a_withdrawn_registration_says_why(areas, users):
    made = setting(areas, users)
    cataract = Service.objects.get(code="cataract")
    entry = services.entry_register(service=cataract, member=made.other, data={}, actor=users.haizhou)
    with pytest.raises(DomainError):
        services.entry_withdraw(entry=entry, reason=" ", actor=users.haizhou)
    entry = services.entry_withdraw(entry=entry, reason="不符合条件", actor=users.haizhou)
    assert entry.state == EntryState.WITHDRAWN and entry.outcome == "不符合条件"


def _workbook(response) -> list[tuple]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))


def test_the_list_per_service_by_community_and_state_and_its_workbook(areas, users, client):
    made = setting(areas, users)
    card = Service.objects.get(code="senior_card")
    first = services.entry_register(service=card, member=made.head, data={}, actor=users.haizhou)
    services.entry_register(service=card, member=made.other, data={}, actor=users.haizhou)
    services.entry_step(entry=first, data={"step": 1}, actor=users.haizhou)
    client.force_login(users.street)
    page = client.get(f"/outreach/services/{card.pk}/", {"community": areas.haizhou.code, "step": "1"})
    assert page.status_code == 200
    text = page.content.decode()
    assert HEAD in text and made.other.name not in text.split('id="entries"')[1].split("</table>")[0]
    assert made.head.id_number not in text  # masked on screen
    response = client.get(f"/outreach/services/{card.pk}/entries.xlsx", {"community": areas.haizhou.code})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = _workbook(response)
    assert rows[0][:4] == ("序号", "社区", "姓名", "身份证号")
    assert {r[3] for r in rows[1:]} == {made.head.id_number, made.other.id_number}  # a work file, recorded
    assert rows[1][1] == areas.haizhou.name
    export = AuditEntry.objects.filter(action="export").latest("at")
    assert export.after["rows"] == 2 and export.after["full_id_numbers"] is True
    # The auditor's copy is masked.
    client.force_login(users.auditor)
    rows = _workbook(client.get(f"/outreach/services/{card.pk}/entries.xlsx"))
    assert made.head.id_number not in {r[3] for r in rows[1:]}


def test_registering_on_the_page_by_id_number(areas, users, client):
    made = setting(areas, users)
    cataract = Service.objects.get(code="cataract")
    client.force_login(users.haizhou)
    response = client.post(
        f"/outreach/services/{cataract.pk}/",
        {"person-id_number": made.other.id_number, "entry-registered_on": "", "entry-note": "右眼"},
    )
    assert response.status_code == 302
    assert cataract.entries.get().note == "右眼"
    # A number of another community's person reads as no one: a form error, nothing written.
    client.force_login(users.liubeiqiao)
    response = client.post(f"/outreach/services/{cataract.pk}/", {"person-id_number": made.head.id_number})
    assert response.status_code == 200 and "本辖区没有此身份证号码的人员" in response.content.decode()
    assert cataract.entries.count() == 1


def test_what_a_person_received_shows_on_the_household_page(
    areas, users, client, django_assert_max_num_queries
):
    made = setting(areas, users)
    card = Service.objects.get(code="senior_card")
    entry = services.entry_register(service=card, member=made.head, data={}, actor=users.haizhou)
    services.entry_step(entry=entry, data={"step": 2, "outcome": "上门送达"}, actor=users.haizhou)
    client.force_login(users.haizhou)
    page = client.get(f"/households/{made.household.pk}/").content.decode()
    panel = page.split('id="outreach"')[1]
    assert "老年证" in panel and "已送达" in panel and "上门送达" in panel


def test_the_desk_lists_cards_issued_and_not_yet_delivered(areas, users):
    import datetime

    from dibao.core.work import WORK

    made = setting(areas, users)
    card = Service.objects.get(code="senior_card")
    entry = services.entry_register(service=card, member=made.head, data={}, actor=users.haizhou)
    today = datetime.date.today()
    assert [b for b in WORK.gather(users.haizhou, today, 10) if b.kind == "service_delivery"] == []
    services.entry_step(entry=entry, data={"step": 1}, actor=users.haizhou)
    batch = next(b for b in WORK.gather(users.haizhou, today, 10) if b.kind == "service_delivery")
    assert batch.count == 1 and batch.items[0].head_name == HEAD and "已送达" in batch.items[0].title
    assert [b for b in WORK.gather(users.liubeiqiao, today, 10) if b.kind == "service_delivery"] == []
    assert [b for b in WORK.gather(users.county, today, 10) if b.kind == "service_delivery"] == []
