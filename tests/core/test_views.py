import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dibao.core.models import AuditEntry
from dibao.core.roles import Role
from dibao.registry import services
from dibao.registry.models import Household

from ..factories import UserFactory
from ..registry.register_data import make_household

pytestmark = pytest.mark.django_db

AUDIT = reverse("core:audit-list")


@pytest.fixture
def trail(areas, users):
    """Writes in 海州 (星海湾 street) and in 柳背桥 (石桥铺 street)."""
    haizhou = make_household(areas.haizhou, users.haizhou, address="海州街1号")
    services.household_update(household=haizhou, data={"address": "海州街2号"}, actor=users.haizhou)
    liubeiqiao = make_household(areas.liubeiqiao, users.liubeiqiao)
    return haizhou, liubeiqiao


def entries(response):
    return [row.entry for row in response.context["rows"]]


@pytest.mark.parametrize("role", ["auditor", "county", "admin"])
def test_audit_page_for_the_roles_that_supervise(login, users, trail, role):
    response = login(getattr(users, role)).get(AUDIT)
    assert response.status_code == 200
    # the households' entries, and those of the demo county's areas and users (no household)
    households = {entry.household_id for entry in entries(response)}
    assert households == {trail[0].pk, trail[1].pk, None}


@pytest.mark.parametrize("role", ["haizhou", "street"])
def test_audit_page_refused_to_other_roles(login, users, role):
    assert login(getattr(users, role)).get(AUDIT).status_code == 403


def test_audit_page_is_scoped_to_the_auditors_area(login, users, areas, trail):
    street_auditor = UserFactory.create(username="a_street", role=Role.AUDITOR, area=areas.shiqiaopu)
    listed = entries(login(street_auditor).get(AUDIT))
    assert {entry.household_id for entry in listed} == {trail[1].pk, None}
    assert all(entry.area_code.startswith("210204002") for entry in listed)


def test_audit_page_filters_by_action_and_dates(login, users, trail):
    client = login(users.auditor)
    updates = entries(client.get(AUDIT, {"action": "update"}))
    assert [(e.action, e.after) for e in updates] == [("update", {"address": "海州街2号"})]
    AuditEntry.objects.filter(action="create").update(at=timezone.now() - datetime.timedelta(days=10))
    today = timezone.localdate().isoformat()
    assert {e.action for e in entries(client.get(AUDIT, {"date_from": today}))} == {"update"}
    old = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    assert {e.action for e in entries(client.get(AUDIT, {"date_from": old, "date_to": old}))} == {"create"}


def test_a_wrong_date_is_shown_and_other_filters_still_apply(login, users, trail):
    response = login(users.auditor).get(AUDIT, {"date_from": "not a date", "action": "update"})
    assert "date_from" in response.context["form"].errors
    assert {e.action for e in entries(response)} == {"update"}


def test_audit_page_shows_changes_with_id_numbers_masked(login, users, trail):
    head = trail[0].members.get()
    response = login(users.auditor).get(AUDIT, {"action": "create"})
    page = response.content.decode()
    assert head.id_number not in page
    assert f"{head.id_number[:6]}********{head.id_number[14:]}" in page
    labelled = {c.label: c.after for row in response.context["rows"] for c in row.changes}
    with translation.override("zh-hans"):
        community = str(Household._meta.get_field("community").verbose_name)
    # foreign keys are named, not numbered
    assert labelled[community] in {"海州社区", "柳背桥社区"}


def test_audit_page_paginates(login, users, areas):
    household = make_household(areas.haizhou, users.haizhou)
    for n in range(60):
        services.household_update(household=household, data={"address": f"海州街{n}号"}, actor=users.haizhou)
    client = login(users.auditor)
    first = client.get(AUDIT)
    assert len(first.context["rows"]) == 50 and first.context["entries"].paginator.num_pages == 2
    assert len(client.get(AUDIT, {"page": 2}).context["rows"]) == AuditEntry.objects.count() - 50


def test_audit_page_runs_a_bounded_number_of_queries(login, users, areas, django_assert_max_num_queries):
    for _ in range(20):
        make_household(areas.haizhou, users.haizhou, members=1)
    client = login(users.auditor)
    # session, user, area, count, page, and one per kind of object the changes name
    with django_assert_max_num_queries(8):
        client.get(AUDIT)


def test_layout_names_the_user_role_and_area(login, users):
    page = login(users.street).get(reverse("registry:household-list")).content.decode()
    assert users.street.area.name in page
    with translation.override("zh-hans"):
        assert str(Role.STREET.label) in page


def test_navigation_follows_the_role(login, users):
    street = login(users.street).get(reverse("registry:household-list")).content.decode()
    assert AUDIT not in street and reverse("accounts:user-list") not in street
    admin = login(users.admin).get(reverse("registry:household-list")).content.decode()
    assert AUDIT in admin and reverse("accounts:user-list") in admin
    auditor = login(users.auditor).get(reverse("registry:household-list")).content.decode()
    assert AUDIT in auditor and reverse("accounts:user-list") not in auditor


def test_language_switch_shows_english(login, users):
    client = login(users.haizhou)
    page = client.get(reverse("registry:household-list")).content.decode()
    assert '<html lang="zh-hans">' in page
    with translation.override("zh-hans"):
        assert translation.pgettext("section", "Households") in page
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("registry:household-list")}
    )
    assert response.status_code == 302
    page = client.get(reverse("registry:household-list")).content.decode()
    assert '<html lang="en">' in page
    assert ">Households<" in page and ">Log out<" in page
    assert 'value="zh-hans"' in page  # and the way back
