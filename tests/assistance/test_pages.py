"""The pages and the API of 临时救助 and the grant ledger: applying for a person not on the register,
help first from the street, the decision on the case page with the repeat warning before it, the
grant list and cancelling (refused once sent), the monthly posting and the report."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from dibao.assistance.batches.services import batch_approve, batch_bank_file_export, batch_create
from dibao.assistance.models import GrantState, OneOffGrant
from dibao.assistance.services.temporary import temporary_help_first
from dibao.cases.models import Application, Kind
from dibao.core.roles import Role

from ..api_support import api_as
from ..factories import UserFactory, id_number, make_household
from .test_batches import paid_in
from .test_temporary import accepted, emergency, standards  # noqa: F401 (standards: autouse)

pytestmark = pytest.mark.django_db


def test_a_person_not_on_the_register_applies_and_the_street_helps_first(areas, users, client):
    client.force_login(users.street)
    page = client.get("/assistance/temporary/new/")
    assert page.status_code == 200 and "临时救助" in page.content.decode()
    # A wrong ID number is refused beside its field; nothing is written.
    bad = client.post(
        "/assistance/temporary/new/?community=" + areas.haizhou.code,
        {"kind": "emergency", "name": "王小火", "id_number": "123", "hukou": "urban", "reason": "失火"},
    )
    assert bad.status_code == 200 and not Application.objects.exists()
    done = client.post(
        "/assistance/temporary/new/?community=" + areas.haizhou.code,
        {
            "kind": "emergency",
            "name": "王小火",
            "id_number": id_number(datetime.date(1980, 3, 1)),
            "hukou": "rural",
            "urban_rural": "urban",
            "applicant_name": "王小火",
            "reason": "房屋失火",
            "address": "海州路1号",
        },
    )
    app = Application.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/assistance/temporary/{app.pk}/help-first/"
    form = client.get(done["Location"])
    assert form.status_code == 200 and "help-first" in form.content.decode()
    over = client.post(done["Location"], {"category": "fire", "level": "2"})
    assert over.status_code == 200 and not OneOffGrant.objects.exists()
    given = client.post(done["Location"], {"category": "fire", "level": "1", "reason": "房屋失火"})
    assert given.status_code == 302 and given["Location"] == f"/cases/{app.pk}/"
    grant = OneOffGrant.objects.get()
    assert (grant.amount, grant.help_first) == (Decimal("720.00"), True)
    app.refresh_from_db()
    assert app.kind == Kind.FAST_TRACK and app.due_on is not None
    again = client.get(done["Location"])
    assert "help-given" in again.content.decode()


def test_the_case_page_decides_with_the_tiers_and_the_repeat_warning_shown_first(areas, users, client):
    first = accepted(emergency(areas, users), users.haizhou)
    from dibao.cases import services

    fire = {"assistance_kind": "emergency", "category": "fire", "level": "1", "reason": "失火"}
    services.transition(application=first, step="approve", data=fire, actor=users.street)
    from dibao.assistance.services.temporary import temporary_apply

    again = accepted(
        temporary_apply(
            community=areas.haizhou,
            data={"household": first.household_id, "kind": "expense", "reason": "医疗支出"},
            actor=users.haizhou,
        ),
        users.haizhou,
    )
    client.force_login(users.street)
    page = client.get(f"/cases/{again.pk}/").content.decode()
    assert "step-approve-note" in page and "720.00" in page  # the tier in 元, and the earlier help
    assert "approve-assistance_kind" in page and "approve-level" in page
    decided = client.post(
        f"/cases/{again.pk}/steps/approve/",
        {
            "approve-version": again.version,
            "approve-assistance_kind": "expense",
            "approve-category": "medical",
            "approve-amount": "300",
            "approve-override_reason": "药费",
            "approve-goods": "米面油",
        },
    )
    assert decided.status_code == 302
    grant = OneOffGrant.objects.get(application=again)
    assert (grant.amount, grant.form, grant.goods) == (Decimal("300.00"), "in_kind", "米面油")
    assert grant.repeat_warning


def test_the_grant_list_filters_and_cancel_is_refused_once_sent(areas, users, client):
    app = emergency(areas, users)
    grant = temporary_help_first(
        application=app, data={"category": "fire", "level": "1", "reason": "失火"}, actor=users.street
    )
    client.force_login(users.street)
    listed = client.get("/assistance/grants/", {"program": "temporary", "state": "granted"})
    assert listed.status_code == 200 and f"/assistance/grants/{grant.pk}/" in listed.content.decode()
    other_month = client.get("/assistance/grants/", {"month": "2001-01"})
    assert f"/assistance/grants/{grant.pk}/" not in other_month.content.decode()
    wrong = client.get("/assistance/grants/", {"month": "13月", "state": "nope"})
    assert wrong.status_code == 200
    assert client.get(f"/assistance/grants/{grant.pk}/").status_code == 200
    # No reason: refused beside the field.
    assert client.post(f"/assistance/grants/{grant.pk}/cancel/", {"reason": ""}).status_code == 200
    grant.refresh_from_db()
    assert grant.state == GrantState.GRANTED
    # Sent to the bank: the page says so, and cancelling is refused with the day.
    paid_in(areas, "batch")
    batch = batch_create(county=areas.county, program="temporary", actor=users.county)
    batch_approve(batch=batch, actor=UserFactory.create(role=Role.COUNTY, area=areas.county))
    batch_bank_file_export(batch=batch, out=BytesIO(), actor=users.county)
    detail = client.get(f"/assistance/grants/{grant.pk}/").content.decode()
    assert "cancel-refused" in detail and "grant-cancel" not in detail
    assert 'id="grant-batch"' in detail and batch.title in detail
    refused = client.post(f"/assistance/grants/{grant.pk}/cancel/", {"reason": "重复"})
    assert refused.status_code == 200 and "银行" in refused.content.decode()
    grant.refresh_from_db()
    assert grant.state == GrantState.PAID


def test_the_api_lists_shows_and_cancels(areas, users):
    app = emergency(areas, users)
    grant = temporary_help_first(
        application=app, data={"category": "fire", "level": "1", "reason": "失火"}, actor=users.street
    )
    api = api_as(users.street)
    listed = api.get("/api/v1/grants/", {"program": "temporary", "month": f"{grant.decided_on:%Y-%m}"})
    assert listed.status_code == 200 and [g["id"] for g in listed.json()["results"]] == [grant.pk]
    assert api.get("/api/v1/grants/", {"month": "2026-13"}).status_code == 400
    assert api.get("/api/v1/grants/", {"state": "nope"}).status_code == 400
    assert api.get(f"/api/v1/grants/{grant.pk}/").json()["amount"] == "720.00"
    no_reason = api.post(f"/api/v1/grants/{grant.pk}/cancel/", {})
    assert no_reason.status_code == 400 and "reason" in str(no_reason.json())
    community = api_as(users.haizhou)
    assert community.post(f"/api/v1/grants/{grant.pk}/cancel/", {"reason": "x"}).status_code == 403
    done = api.post(f"/api/v1/grants/{grant.pk}/cancel/", {"reason": "重复申请"})
    assert done.status_code == 200 and done.json()["state"] == "cancelled"
    again = api.post(f"/api/v1/grants/{grant.pk}/cancel/", {"reason": "重复申请"})
    assert again.status_code == 400


def test_the_posting_masks_names_and_prints(areas, users, client):
    household = make_household(areas.haizhou, users.haizhou, head={"name": "欧阳明月"})
    from dibao.assistance.services.temporary import temporary_apply

    app = temporary_apply(
        community=areas.haizhou,
        data={"household": household.pk, "kind": "emergency", "reason": "失火"},
        actor=users.haizhou,
    )
    grant = temporary_help_first(
        application=app, data={"category": "fire", "level": "1", "reason": "失火"}, actor=users.street
    )
    client.force_login(users.haizhou)
    month = f"{grant.decided_on:%Y-%m}"
    page = client.get("/assistance/temporary/posting/", {"month": month}).content.decode()
    assert "欧**月" in page and "欧阳明月" not in page and "720.00" in page and "火灾" in page
    assert household.members.get().id_number[-4:] not in page
    pdf = client.get(f"/assistance/temporary/posting/{areas.haizhou.code}/pdf/", {"month": month})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    client.force_login(users.street)
    assert client.get("/assistance/temporary/posting/").status_code == 200
    assert client.get(f"/assistance/temporary/posting/{areas.xinghaiwan.code}/").status_code == 404


def test_the_report_page_and_its_workbook(areas, users, client):
    app = emergency(areas, users)
    grant = temporary_help_first(
        application=app, data={"category": "fire", "level": "1", "reason": "失火"}, actor=users.street
    )
    client.force_login(users.county)
    query = {"year": grant.decided_on.year, "month": grant.decided_on.month, "area": areas.xinghaiwan.code}
    page = client.get("/assistance/report/", query).content.decode()
    assert "720.00" in page and "0.07" in page
    book = client.get("/assistance/report/xlsx/", query)
    assert book.status_code == 200
    rows = list(load_workbook(BytesIO(book.content)).active.iter_rows(values_only=True))
    assert rows[2][2:4] == (1, 1) and Decimal(str(rows[2][4])) == Decimal("720.00")
    assert client.get("/assistance/report/", {"year": "abc"}).status_code == 200
    assert client.get("/assistance/report/xlsx/", {"year": "abc"}).status_code == 400
    elsewhere = client.get("/assistance/report/", {"area": areas.county.code + "9"})
    assert elsewhere.status_code == 200 and 'id="report"' not in elsewhere.content.decode()
