"""The county's care homes on a page: listed for the county's staff, added and changed by the
county only, each change audited; a wrong account is shown beside its input."""

import pytest
from django.urls import reverse

from dibao.benefits.models import CareHome
from dibao.core.models import AuditEntry

pytestmark = pytest.mark.django_db

LIST = reverse("benefits:care-home-list")
ADD = reverse("benefits:care-home-add")
HOME = {
    "name": "区社会福利中心",
    "bank_name": "中国农业银行",
    "bank_account": "6228480000000001",
    "active": "on",
}


def test_the_county_adds_and_changes_a_care_home(users, login):
    client = login(users.county)
    assert client.post(ADD, HOME).status_code == 302
    home = CareHome.objects.get()
    assert (home.name, home.bank_account, home.active) == ("区社会福利中心", "6228480000000001", True)
    response = client.post(reverse("benefits:care-home-edit", args=[home.pk]), {**HOME, "active": ""})
    assert response.status_code == 302
    home.refresh_from_db()
    assert not home.active
    assert AuditEntry.objects.filter(object_type="benefits.carehome", object_id=str(home.pk)).count() == 2
    assert "区社会福利中心" in login(users.haizhou).get(LIST).content.decode()


def test_a_wrong_account_is_shown_beside_its_input_and_nothing_is_saved(users, login):
    page = login(users.county).post(ADD, {**HOME, "bank_account": "62-28"})
    assert page.status_code == 200 and page.context["form"].errors.get("bank_account")
    assert not CareHome.objects.exists()


@pytest.mark.parametrize("role", ["haizhou", "street", "auditor"])
def test_only_the_county_adds_care_homes(users, login, role):
    client = login(getattr(users, role))
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, HOME).status_code == 403
    assert not CareHome.objects.exists()
