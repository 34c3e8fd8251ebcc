"""The recalculation pages: a standard change set through the page opens one, the county confirms or
discards it there, and everyone else reads only the lines of their own area."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from dibao.benefits import views
from dibao.benefits.models import Entitlement, Recalculation
from dibao.benefits.selectors import entitlement_in_force
from dibao.benefits.services import entitlement_grant, standard_change
from dibao.core.models import AuditEntry
from dibao.policy.assessment import assess
from dibao.policy.services import standard_set

from .support import receiving

pytestmark = pytest.mark.django_db

JUN, JUL = datetime.date(2026, 6, 1), datetime.date(2026, 7, 1)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
LIST = reverse("benefits:recalculation-list")


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in this thread (LocaleMiddleware does not
    reset it): put the default back so that later tests read the pages as users do."""
    yield
    translation.deactivate()


def detail(recalculation):
    return reverse("benefits:recalculation-detail", args=[recalculation.pk])


def confirm(recalculation):
    return reverse("benefits:recalculation-confirm", args=[recalculation.pk])


def discard(recalculation):
    return reverse("benefits:recalculation-discard", args=[recalculation.pk])


@pytest.fixture
def standards(areas):
    for kind, amount in (("urban", "360"), ("rural", "200")):
        standard_set(
            area=areas.county, data={"kind": kind, "amount": amount, "valid_from": "2026-01"}, actor=None
        )


@pytest.fixture
def receivers(areas, users, standards):
    """Two receiving households of 海州 and one of 柳背桥, each at 260 yuan under the 360 standard."""
    return {
        "haizhou": [receiving(areas.haizhou, users.haizhou), receiving(areas.haizhou, users.haizhou)],
        "liubeiqiao": [receiving(areas.liubeiqiao, users.liubeiqiao)],
    }


@pytest.fixture
def opened(areas, users, receivers):
    """The county raises the urban standard to 400 from July: a recalculation waits."""
    _standard, recalculation = standard_change(
        area=areas.county,
        data={"kind": "urban", "amount": "400", "valid_from": "2026-07"},
        actor=users.county,
    )
    return recalculation


def amounts():
    return sorted(Entitlement.objects.values_list("household_id", "month_from", "month_to", "amount"))


def test_a_standard_set_on_the_page_is_confirmed_on_the_page_and_the_entitlements_change(
    login, users, areas, receivers
):
    client = login(users.county)
    response = client.post(
        reverse("benefits:standard-add"),
        {"area": areas.county.code, "kind": "urban", "amount": "400", "valid_from": "2026-07", "note": ""},
    )
    recalculation = Recalculation.objects.get()
    assert response.status_code == 302 and response.url == detail(recalculation)
    page = client.get(response.url, **EN).content.decode()
    assert recalculation.households == 3 and "Waiting for confirmation" in page
    assert confirm(recalculation) in page and discard(recalculation) in page
    for entitlement in receivers["haizhou"] + receivers["liubeiqiao"]:
        assert entitlement.household.number in page
    household = receivers["haizhou"][0].household
    assert entitlement_in_force(household, JUL).amount == Decimal("260.00")  # nothing moved yet

    started = client.post(confirm(recalculation), **EN)  # a job, run at once by the tests' backend
    assert started.status_code == 302 and started.url.startswith("/jobs/")
    response = client.get(started.url, **EN)
    assert response.status_code == 302 and response.url == detail(recalculation)
    recalculation.refresh_from_db()
    assert recalculation.state == Recalculation.State.CONFIRMED and recalculation.decided_by == users.county
    assert entitlement_in_force(household, JUN).amount == Decimal("260.00")
    assert entitlement_in_force(household, JUL).amount == Decimal("300.00")
    page = client.get(response.url, **EN).content.decode()
    assert "the new amounts apply from 2026-07" in page and confirm(recalculation) not in page
    household_page = client.get(
        reverse("registry:household-detail", args=[household.pk]), {"month": "2026-07"}, **EN
    ).content.decode()
    assert "In force in this month: 300.00 yuan" in household_page and "Standard change" in household_page


def test_a_second_confirmation_shows_the_services_message_and_changes_nothing(login, users, opened):
    client = login(users.county)
    client.post(confirm(opened))
    after_first = amounts(), AuditEntry.objects.count()
    response = client.post(confirm(opened), follow=True, **EN)
    assert "This recalculation is already Confirmed." in response.content.decode()
    assert (amounts(), AuditEntry.objects.count()) == after_first
    response = client.post(discard(opened), follow=True, **EN)
    assert "already Confirmed" in response.content.decode()
    opened.refresh_from_db()
    assert opened.state == Recalculation.State.CONFIRMED


def test_a_stale_recalculation_is_refused_with_the_services_message(login, users, areas, receivers, opened):
    household = receivers["haizhou"][0].household
    entitlement_grant(
        household=household, assessment=assess(household, JUN), month_from=JUN, reason="review", actor=None
    )
    before = amounts()
    response = login(users.county).post(confirm(opened), follow=True, **EN)
    assert "changed after this recalculation was made" in response.content.decode()
    assert amounts() == before
    opened.refresh_from_db()
    assert opened.state == Recalculation.State.DRAFT


def test_discarding_changes_no_amount(login, users, opened):
    before = amounts()
    response = login(users.county).post(discard(opened), follow=True, **EN)
    opened.refresh_from_db()
    assert opened.state == Recalculation.State.DISCARDED and amounts() == before
    assert "Discarded: no household" in response.content.decode()


@pytest.mark.parametrize("role", ["haizhou", "street", "auditor", "admin"])
def test_readers_see_the_recalculation_but_may_not_decide(login, users, opened, role):
    client = login(getattr(users, role))
    assert client.get(LIST).status_code == 200
    page = client.get(detail(opened)).content.decode()
    assert confirm(opened) not in page and discard(opened) not in page
    before = amounts(), AuditEntry.objects.count()
    assert client.post(confirm(opened)).status_code == 403
    assert client.post(discard(opened)).status_code == 403
    assert (amounts(), AuditEntry.objects.count()) == before
    opened.refresh_from_db()
    assert opened.state == Recalculation.State.DRAFT


def test_deciding_needs_a_post(login, users, opened):
    assert login(users.county).get(confirm(opened)).status_code == 405
    opened.refresh_from_db()
    assert opened.state == Recalculation.State.DRAFT


def test_a_community_worker_sees_only_the_lines_of_their_own_community(login, users, receivers, opened):
    page = login(users.haizhou).get(detail(opened)).content.decode()
    for entitlement in receivers["haizhou"]:
        assert entitlement.household.number in page
    assert receivers["liubeiqiao"][0].household.number not in page
    other = login(users.liubeiqiao).get(detail(opened))
    assert [row.line.household_id for row in other.context["rows"]] == [
        receivers["liubeiqiao"][0].household_id
    ]


def test_a_recalculation_of_another_community_is_not_found(login, users, areas, receivers):
    _standard, recalculation = standard_change(
        area=areas.haizhou,
        data={"kind": "urban", "amount": "420", "valid_from": "2026-07"},
        actor=users.county,
    )
    assert login(users.liubeiqiao).get(detail(recalculation)).status_code == 404
    assert recalculation not in login(users.liubeiqiao).get(LIST).context["recalculations"]
    assert login(users.haizhou).get(detail(recalculation)).status_code == 200


def test_each_line_explains_itself_and_the_lines_are_paged(login, users, opened, monkeypatch):
    monkeypatch.setattr(views, "LINES_PER_PAGE", 2)
    client = login(users.county)
    first = client.get(detail(opened), **EN)
    rows = first.context["rows"]
    assert len(rows) == 2 and first.context["lines"].paginator.num_pages == 2
    assert rows[0].difference == Decimal("40.00") and rows[0].head == "张三"
    assert "Monthly benefit: 300.00 yuan." in rows[0].explanation
    page = first.content.decode()
    assert "<details>" in page and "Monthly benefit: 300.00 yuan." in page
    second = client.get(detail(opened), {"page": 2}, **EN)
    assert len(second.context["rows"]) == 1


def test_the_list_shows_every_recalculation_of_the_county(login, users, opened):
    response = login(users.county).get(LIST, **EN)
    assert list(response.context["recalculations"]) == [opened]
    page = response.content.decode()
    assert detail(opened) in page and "400.00" in page and "2026-07" in page
