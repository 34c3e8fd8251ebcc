"""The case page (档案): who may open it, what it shows, which steps it offers to whom."""

import pytest
from django.urls import reverse

from dibao.cases import services

from .page_support import case_url, english, needs_pdf
from .support import application, standards

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policy(areas):
    standards(areas)


def offered(response) -> list[str]:
    return [panel.step.name for panel in response.context["steps"]]


@pytest.mark.parametrize("role", ["haizhou", "street", "county", "auditor"])
def test_the_case_page_opens_for_every_role_that_reads_cases(login, areas, users, role):
    app = application(areas, users, until="accept")
    response = login(getattr(users, role)).get(case_url(app))
    assert response.status_code == 200
    page = response.content.decode()
    assert app.applicant_name in page and app.household.number in page


def test_an_administrator_does_not_read_cases(login, areas, users):
    app = application(areas, users, until="submit")
    assert login(users.admin).get(case_url(app)).status_code == 403
    assert login(users.admin).get(reverse("cases:worklist")).status_code == 403


def test_a_case_outside_the_users_area_is_not_found(login, areas, users):
    app = application(areas, users, until="submit")
    assert login(users.liubeiqiao).get(case_url(app)).status_code == 404
    assert login(users.haizhou).get(reverse("cases:case-detail", args=[app.pk + 1000])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, areas, users):
    app = application(areas, users, until="submit")
    response = client.get(case_url(app))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize(
    ("until", "role", "steps"),
    [
        ("draft", "haizhou", ["submit", "withdraw"]),
        ("submit", "haizhou", ["return", "accept", "withdraw"]),
        ("accept", "haizhou", ["investigate", "withdraw"]),
        ("investigate", "haizhou", ["appraise", "post_notice", "withdraw"]),
        ("post_notice", "street", ["object", "close_notice", "withdraw"]),
        ("close_notice", "street", ["review", "withdraw"]),
        ("close_notice", "haizhou", ["withdraw"]),
        ("review", "county", ["approve", "reject"]),
        ("review", "street", ["withdraw"]),
        ("review", "auditor", []),
    ],
)
def test_the_page_offers_exactly_the_steps_the_workflow_allows(login, areas, users, until, role, steps):
    app = application(areas, users, until=until)
    assert offered(login(getattr(users, role)).get(case_url(app))) == steps


def test_an_auditor_reads_everything_and_is_offered_no_form(login, areas, users):
    app = application(areas, users, until="review")
    response = login(users.auditor).get(case_url(app))
    page = response.content.decode()
    assert not response.context["writer"] and response.context["extend_form"] is None
    assert 'method="post" action="/cases/' not in page
    assert "张明" in page  # the investigators of the home investigation


def test_the_timeline_shows_every_step_who_and_the_missing_materials(login, areas, users):
    app = application(areas, users, until="submit")
    services.transition(
        application=app, step="return", data={"missing": ["hukou", "income_proof"]}, actor=users.haizhou
    )
    response = english(login(users.street)).get(case_url(app))
    rows = response.context["timeline"]
    assert [row.event.action for row in rows] == ["create", "submit", "return"]
    assert rows[2].details == ["Missing materials: Household register (户口簿)、Income proofs"]
    page = response.content.decode()
    assert "Return for materials" in page and "w_haizhou" in page


def test_the_page_shows_the_deadline_the_assessment_and_the_close_relative_flag(login, areas, users):
    app = application(areas, users, until="accept")
    services.close_relative_add(
        county=areas.county,
        data={
            "staff_name": "王主任",
            "staff_position": "社区主任",
            "relative_name": "张三",
            "relative_id_number": app.household.members.get(relation="self").id_number,
            "relation": "sibling",
        },
        actor=users.county,
    )
    response = english(login(users.haizhou)).get(case_url(app))
    page = response.content.decode()
    assert f"{app.due_on:%Y-%m-%d}" in page
    assert "close relative of staff" in page and "Yes: decided by the county" in page
    assessment = response.context["assessment"]
    assert assessment.result.eligible and str(assessment.result.monthly_amount) in page


def test_a_household_that_cannot_be_assessed_says_why(login, areas, users):
    from dibao.policy.models import Standard

    app = application(areas, users, until="submit")
    Standard.objects.all().delete()
    response = english(login(users.haizhou)).get(case_url(app))
    assert "No dibao standard" in response.context["assessment"].problem
    assert "Cannot be assessed" in response.content.decode()


def test_the_approval_form_is_prefilled_with_the_assessed_amount(login, areas, users):
    app = application(areas, users, until="review")
    response = login(users.county).get(case_url(app))
    approve = next(p for p in response.context["steps"] if p.step.name == "approve")
    assert str(approve.form["amount"].value()) == "480.00"
    assert approve.form["version"].value() == app.version


def test_a_case_page_runs_a_bounded_number_of_queries(login, areas, users, django_assert_max_num_queries):
    app = application(areas, users, until="review")
    client = login(users.county)
    with django_assert_max_num_queries(35):
        assert client.get(case_url(app)).status_code == 200


@needs_pdf
@pytest.mark.parametrize(
    ("form", "name"),
    [
        ("application", "申请书"),
        ("investigation", "入户调查表"),
        ("approval", "审批表"),
        ("decision", "决定通知书"),
    ],
)
def test_the_printed_forms_download_as_pdf(login, areas, users, form, name):
    from urllib.parse import quote

    app = application(areas, users, until="review")
    services.transition(application=app, step="approve", actor=users.county)
    response = login(users.auditor).get(reverse("cases:case-print", args=[app.pk, form]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    filename = f"{name}（{app.household.number}）-海州社区-{app.created_at:%Y}年{app.created_at:%m}月.pdf"
    assert f"filename*=UTF-8''{quote(filename)}" in response["Content-Disposition"]


def test_no_decision_notice_before_a_decision_and_none_outside_the_area(login, areas, users):
    app = application(areas, users, until="accept")
    client = login(users.haizhou)
    assert client.get(reverse("cases:case-print", args=[app.pk, "decision"])).status_code == 404
    assert client.get(reverse("cases:case-print", args=[app.pk, "nonsense"])).status_code == 404
    slugs = [slug for slug, _label in client.get(case_url(app)).context["printed"]]
    assert slugs == ["application"]
    other = login(users.liubeiqiao).get(reverse("cases:case-print", args=[app.pk, "application"]))
    assert other.status_code == 404


def test_until_acceptance_the_page_lists_the_missing_materials_and_prefills_the_return(login, areas, users):
    app = application(areas, users, until="submit")
    response = english(login(users.haizhou)).get(case_url(app))
    assert "Still missing:" in response.content.decode()
    assert "Household register (户口簿)" in [str(label) for label in response.context["missing"]]
    form = next(p.form for p in response.context["steps"] if p.step.name == "return")
    assert "hukou" in form["missing"].value() and "application_form" in form["missing"].value()
    accepted = application(areas, users, until="accept")
    assert login(users.haizhou).get(case_url(accepted)).context["missing"] == []
