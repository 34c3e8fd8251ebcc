"""The household page's supporters, self-care assessments and rigid spending: shown (ID numbers
masked), added, changed and deleted through the forms; another area's are not found."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dibao.core.models import AuditEntry
from dibao.registry import services
from dibao.registry.models import CareAssessment, RigidSpending, Supporter

from .register_data import fresh_id_number, household_with_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(areas, users):
    return household_with_records(areas.haizhou, users.haizhou)


def test_add_a_supporter_then_the_page_shows_the_number_masked(login, users, records):
    client = login(users.haizhou)
    url = reverse("registry:supporter-add", args=[records.household.pk])
    members = dict(client.get(url).context["form"].fields["member"].choices)
    assert set(members) == {"", str(records.head.pk), str(records.spouse.pk)}
    number = fresh_id_number()
    data = {
        "member": records.head.pk,
        "name": "王大伟",
        "id_number": number,
        "relation": "child",
        "able": "no",
    }
    response = client.post(url, data)
    assert set(response.context["form"].errors) == {"note"}  # not able: say why
    assert client.post(url, {**data, "note": "重残"}).status_code == 302
    supporter = Supporter.objects.get()
    assert (supporter.member, supporter.able, supporter.note) == (records.head, False, "重残")
    page = client.get(reverse("registry:household-detail", args=[records.household.pk])).content.decode()
    assert "王大伟" in page and number not in page and number[-4:] in page
    audit = client.get(reverse("registry:household-audit", args=[records.household.pk])).content.decode()
    assert number not in audit


def test_edit_a_supporter_keeps_the_number_unless_one_is_typed(login, users, records):
    supporter = services.supporter_add(
        household=records.household,
        data={
            "member": records.head.pk,
            "name": "王大伟",
            "id_number": fresh_id_number(),
            "relation": "child",
            "able": True,
        },
        actor=users.haizhou,
    )
    client = login(users.haizhou)
    url = reverse("registry:supporter-edit", args=[supporter.pk])
    form = client.get(url).content.decode()
    assert supporter.id_number not in form
    data = {
        "member": records.head.pk,
        "name": "王大伟",
        "id_number": "",
        "relation": "child",
        "able": "no",
        "note": "低收入",
    }
    assert client.post(url, data).status_code == 302
    kept = supporter.id_number
    supporter.refresh_from_db()
    assert (supporter.id_number, supporter.able) == (kept, False)
    delete = reverse("registry:supporter-delete", args=[supporter.pk])
    assert kept not in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302 and Supporter.objects.count() == 0


def test_add_and_delete_a_self_care_assessment(login, users, records):
    client = login(users.haizhou)
    url = reverse("registry:care-assessment-add", args=[records.household.pk])
    data = {
        "member": records.spouse.pk,
        "assessed_on": "2026-02-03",
        "failed": ["eating", "dressing", "toileting", "bathing"],
        "assessor": "区评估中心",
    }
    assert client.post(url, data).status_code == 302
    assessment = CareAssessment.objects.get()
    assert (assessment.member, assessment.level) == (records.spouse, "full")
    page = client.get(reverse("registry:household-detail", args=[records.household.pk]))
    assert page.context["care_assessments"][0].counts
    assert set(client.post(url, {**data, "failed": ["swimming"]}).context["form"].errors) == {"failed"}
    assert set(client.post(url, {**data, "assessor": ""}).context["form"].errors) == {"assessor"}
    delete = reverse("registry:care-assessment-delete", args=[assessment.pk])
    assert client.post(delete).status_code == 302 and CareAssessment.objects.count() == 0


def test_rigid_spending_with_its_twelve_months_total(login, users, records):
    client = login(users.haizhou)
    url = reverse("registry:rigid-spending-add", args=[records.household.pk])
    last_month = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).isoformat()
    data = {"member": "", "kind": "education", "amount": "1,800.5", "spent_on": last_month, "note": "学费"}
    assert client.post(url, data).status_code == 302
    spending = RigidSpending.objects.get()
    assert spending.amount == Decimal("1800.50")
    page = client.get(reverse("registry:household-detail", args=[records.household.pk]))
    assert page.context["rigid_spending_total"] == Decimal("1800.50")
    response = client.post(url, {**data, "amount": "1.234"})
    assert set(response.context["form"].errors) == {"amount"}
    edit = reverse("registry:rigid-spending-edit", args=[spending.pk])
    assert client.get(edit).context["form"].initial["amount"] == Decimal("1800.50")
    assert client.post(edit, {**data, "amount": "20"}).status_code == 302
    spending.refresh_from_db()
    assert spending.amount == Decimal("20.00")
    delete = reverse("registry:rigid-spending-delete", args=[spending.pk])
    assert client.post(delete).status_code == 302 and RigidSpending.objects.count() == 0
    assert AuditEntry.objects.filter(object_type="registry.rigidspending").count() == 3


def test_another_community_neither_sees_nor_writes(login, users, records):
    supporter = services.supporter_add(
        household=records.household,
        data={
            "member": records.head.pk,
            "name": "王大伟",
            "id_number": fresh_id_number(),
            "relation": "child",
            "able": True,
        },
        actor=users.haizhou,
    )
    assessment = services.care_assessment_add(
        household=records.household,
        data={"member": records.head.pk, "assessed_on": "2026-01-01", "failed": [], "assessor": "社区"},
        actor=users.haizhou,
    )
    spending = services.rigid_spending_add(
        household=records.household,
        data={"kind": "medical", "amount": "10", "spent_on": "2026-01-01"},
        actor=users.haizhou,
    )
    client = login(users.liubeiqiao)
    urls = [
        reverse("registry:supporter-add", args=[records.household.pk]),
        reverse("registry:supporter-edit", args=[supporter.pk]),
        reverse("registry:supporter-delete", args=[supporter.pk]),
        reverse("registry:care-assessment-add", args=[records.household.pk]),
        reverse("registry:care-assessment-delete", args=[assessment.pk]),
        reverse("registry:rigid-spending-add", args=[records.household.pk]),
        reverse("registry:rigid-spending-edit", args=[spending.pk]),
        reverse("registry:rigid-spending-delete", args=[spending.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"member": records.head.pk}).status_code == 404, url
    assert (Supporter.objects.count(), CareAssessment.objects.count(), RigidSpending.objects.count()) == (
        1,
        1,
        1,
    )
    # An auditor of the county reads them and is offered no way to change them.
    page = login(users.auditor).get(reverse("registry:household-detail", args=[records.household.pk]))
    assert "王大伟" in page.content.decode() and urls[1] not in page.content.decode()
    assert login(users.auditor).get(urls[1]).status_code == 403
