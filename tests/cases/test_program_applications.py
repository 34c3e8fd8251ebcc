"""Applications for the programs that pay a person — 高龄津贴, the two disability subsidies and
特困 — made for a member, taken through each program's own steps, decided on its test and granted
to the person; the next payroll pays them under their program."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from dibao.benefits.models import Entitlement, Movement
from dibao.benefits.services import care_home_add, care_home_update
from dibao.cases import services, workflow
from dibao.cases.models import Application, CaseEvent
from dibao.cases.programs import MATERIALS
from dibao.core.errors import DomainError, Forbidden
from dibao.core.models import AuditEntry
from dibao.core.months import next_month
from dibao.payroll.services import run_draft
from dibao.policy.models import Program
from dibao.policy.programs import codes
from dibao.policy.services import program_rules_set, standard_set
from dibao.registry.services import care_assessment_add, member_update, supporter_add
from dibao.workdays.calendar import add_working_days
from tests.benefits.support import receiving
from tests.factories import id_number, make_household

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)
from .support import checked, days_ago

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def standards(areas):
    standard_set(
        area=areas.county, data={"kind": "urban", "amount": "455", "valid_from": "2020-01"}, actor=None
    )
    standard_set(
        area=areas.county, data={"kind": "rural", "amount": "300", "valid_from": "2020-01"}, actor=None
    )


def born(years: int) -> datetime.date:
    """A birthday `years` ago in January: the age is reached before any month that follows."""
    return datetime.date(TODAY.year - years, 1, 1)


def elder_household(areas, users, years=85, members=0):
    household = make_household(
        areas.haizhou, users.haizhou, head={"id_number": id_number(born(years))}, members=members
    )
    return household, household.members.get(relation="self")


def streets_decide(areas, users, program):
    program_rules_set(
        area=areas.county,
        program=Program.objects.get(code=program),
        data={"valid_from": f"{TODAY:%Y-%m}", "terms": {"street_decides": True}},
        actor=users.county,
    )


def create(household, member, program, users, **data):
    return services.application_create(
        household=household,
        data={"program": program, "member": member.pk if member else None, **data},
        actor=users.haizhou,
    )


def step(app, name, actor, **data):
    return services.transition(application=app, step=name, actor=actor, data=data)


def submitted_and_accepted(app, users):
    worker = users.haizhou
    app = step(app, "submit", worker)
    for kind in MATERIALS[str(app.program_id)]:
        services.material_add(application=app, kind=kind, seen_on_paper=True, actor=worker)
    return step(app, "accept", worker, accepted_on=days_ago(10).isoformat())


def investigated_and_noticed(app, users):
    worker = users.haizhou
    checked(app, worker)
    services.investigation_record(
        application=app,
        data={"visited_on": days_ago(20).isoformat(), "investigators": "张明, 李华", "housing": "平房"},
        actor=worker,
    )
    app = step(app, "investigate", worker)
    services.notice_post(applications=[app], posted_on=days_ago(10), mask_given_names=True, actor=worker)
    app.refresh_from_db()
    return step(app, "close_notice", worker)


# ---- 高龄津贴 --------------------------------------------------------------------------------------


def test_an_85_year_old_is_granted_the_80_to_89_band_by_the_county_after_the_streets_review(areas, users):
    household, elder = elder_household(areas, users)
    app = create(household, elder, codes.ELDERLY_ALLOWANCE, users)
    assert (app.program_id, app.member_id, app.applicant_name) == (
        codes.ELDERLY_ALLOWANCE,
        elder.pk,
        elder.name,
    )
    app = submitted_and_accepted(app, users)
    # No appraisal and no public notice: the street reviews at once; the deadline is the program's.
    assert app.due_on == add_working_days(days_ago(10), 30)
    procedure = services.procedure_for(app)
    assert [s.name for s in workflow.next_steps(app, procedure, "street")] == [
        "investigate",
        "review",
        "withdraw",
    ]
    app = step(app, "review", users.street, opinion="年龄属实")
    with pytest.raises(Forbidden):
        step(app, "approve", users.street)  # the county decides unless it delegated
    app = step(app, "approve", users.county)
    assert (app.state, app.amount, app.start_month) == ("approved", Decimal("100.00"), next_month())
    assert "80" in str(app.explanation) and app.explanation[-1]["params"]["amount"] == "100.00"
    entitlement = Entitlement.objects.get(program=codes.ELDERLY_ALLOWANCE)
    assert (entitlement.member_id, entitlement.amount, entitlement.month_from, entitlement.persons) == (
        elder.pk,
        Decimal("100.00"),
        next_month(),
        1,
    )
    movement = Movement.objects.get(program=codes.ELDERLY_ALLOWANCE)
    assert (movement.kind, movement.member_id, movement.amount_after) == ("new", elder.pk, Decimal("100.00"))
    # The household's own status is 低保's business: an allowance leaves it as it was.
    household.refresh_from_db()
    assert household.status == "registered"
    actions = list(CaseEvent.objects.filter(application=app).values_list("action", flat=True))
    assert actions == ["create", "submit", "material", "material", "material", "accept", "review", "approve"]
    assert AuditEntry.objects.filter(object_type="cases.application", object_id=str(app.pk)).count() >= 5


def test_where_the_street_decides_it_approves_without_a_county_step(areas, users):
    streets_decide(areas, users, codes.ELDERLY_ALLOWANCE)
    household, elder = elder_household(areas, users, years=92)
    app = submitted_and_accepted(create(household, elder, codes.ELDERLY_ALLOWANCE, users), users)
    procedure = services.procedure_for(app)
    assert "review" not in [s.name for s in workflow.next_steps(app, procedure, "street")]
    app = step(app, "approve", users.street)
    assert (app.state, app.amount) == ("approved", Decimal("200.00"))


def test_the_next_payroll_pays_the_granted_allowance_under_its_program(areas, users):
    streets_decide(areas, users, codes.ELDERLY_ALLOWANCE)
    household, elder = elder_household(areas, users, years=80)
    app = submitted_and_accepted(create(household, elder, codes.ELDERLY_ALLOWANCE, users), users)
    step(app, "approve", users.street)
    run = run_draft(county=areas.county, month=next_month(), actor=users.county)
    assert list(run.lines.values_list("program_id", "member_id", "amount")) == [
        (codes.ELDERLY_ALLOWANCE, elder.pk, Decimal("100.00"))
    ]


def test_a_member_not_yet_80_is_refused_at_the_decision_with_the_reason(areas, users):
    streets_decide(areas, users, codes.ELDERLY_ALLOWANCE)
    household, younger = elder_household(areas, users, years=75)
    app = submitted_and_accepted(create(household, younger, codes.ELDERLY_ALLOWANCE, users), users)
    with pytest.raises(DomainError) as caught:
        step(app, "approve", users.street)
    assert "75" in str(caught.value) and "80" in str(caught.value)
    app.refresh_from_db()
    assert app.state == "accepted" and not Entitlement.objects.exists()
    app = step(app, "reject", users.street, reasons="未满80周岁")
    assert app.state == "rejected"


# ---- 残疾人两项补贴 -------------------------------------------------------------------------------


def test_a_grade_1_disabled_member_of_a_dibao_household_receives_both_subsidies_and_dibao_is_unchanged(
    areas, users
):
    dibao = receiving(areas.haizhou, users.haizhou, members=1)
    household = dibao.household
    her = household.members.exclude(relation="self").get()
    member_update(
        member=her,
        data={"disability_type": "limb", "disability_grade": 1, "labour_capacity": "none"},
        actor=users.haizhou,
    )
    for program in (codes.DISABILITY_LIVING, codes.DISABILITY_CARE):
        streets_decide(areas, users, program)
    for program in (codes.DISABILITY_LIVING, codes.DISABILITY_CARE):
        app = submitted_and_accepted(create(household, her, program, users), users)
        app = step(app, "approve", users.street)
        assert (app.state, app.amount) == ("approved", Decimal("277.00"))
    held = Entitlement.objects.filter(member=her, month_to__isnull=True)
    assert sorted(held.values_list("program_id", "amount")) == [
        (codes.DISABILITY_CARE, Decimal("277.00")),
        (codes.DISABILITY_LIVING, Decimal("277.00")),
    ]
    dibao_now = Entitlement.objects.get(household=household, program=codes.DIBAO, month_to__isnull=True)
    assert (dibao_now.pk, dibao_now.amount) == (dibao.pk, dibao.amount)
    run = run_draft(county=areas.county, month=next_month(), actor=users.county)
    assert sorted(run.lines.values_list("program_id", "amount")) == sorted(
        [
            (codes.DIBAO, dibao.amount),
            (codes.DISABILITY_CARE, Decimal("277.00")),
            (codes.DISABILITY_LIVING, Decimal("277.00")),
        ]
    )


def test_the_living_subsidy_is_refused_outside_a_dibao_household(areas, users):
    streets_decide(areas, users, codes.DISABILITY_LIVING)
    household = make_household(
        areas.haizhou, users.haizhou, head={"disability_type": "limb", "disability_grade": 2}
    )
    head = household.members.get()
    app = submitted_and_accepted(create(household, head, codes.DISABILITY_LIVING, users), users)
    with pytest.raises(DomainError) as caught:
        step(app, "approve", users.street)
    assert "低保" in str(caught.value)


# ---- 特困 -----------------------------------------------------------------------------------------


def alone_at_85(areas, users, *, failed=("eating", "bathing")):
    household, elder = elder_household(areas, users)
    care_assessment_add(
        household=household,
        data={
            "member": elder.pk,
            "assessed_on": days_ago(30),
            "failed": list(failed),
            "assessor": "区评估中心",
        },
        actor=users.haizhou,
    )
    return household, elder


def test_a_person_of_85_alone_without_income_or_able_supporter_is_granted_extreme_poverty(areas, users):
    household, elder = alone_at_85(areas, users)
    app = create(household, elder, codes.EXTREME_POVERTY, users)
    app = submitted_and_accepted(app, users)
    assert app.due_on == add_working_days(days_ago(10), 15)  # the street's 15 working days
    app = investigated_and_noticed(app, users)
    notice = app.notices.get()
    assert (notice.ends_on - notice.posted_on).days + 1 == 7
    app = step(app, "review", users.street, opinion="符合特困条件")
    assert app.due_on == add_working_days(TODAY, 15)  # then the county's 15
    with pytest.raises(Forbidden):
        step(app, "approve", users.street)
    app = step(app, "approve", users.county)
    # Basic living 455 × 1.3 = 591.50, and care at home for partial care needed, 412.00.
    assert app.amount == Decimal("1003.50")
    lines = {line["message"]: line["params"] for line in app.explanation}
    assert any(p.get("amount") == "591.50" for p in lines.values())
    entitlement = Entitlement.objects.get(program=codes.EXTREME_POVERTY)
    assert (entitlement.member_id, entitlement.amount) == (elder.pk, Decimal("1003.50"))


def test_extreme_poverty_is_refused_with_an_able_supporter(areas, users):
    household, elder = alone_at_85(areas, users)
    supporter_add(
        household=household,
        data={
            "member": elder.pk,
            "name": "王大伟",
            "id_number": id_number(),
            "relation": "child",
            "able": True,
        },
        actor=users.haizhou,
    )
    app = investigated_and_noticed(
        submitted_and_accepted(create(household, elder, codes.EXTREME_POVERTY, users), users), users
    )
    app = step(app, "review", users.street, opinion="有赡养人")
    with pytest.raises(DomainError) as caught:
        step(app, "approve", users.county)
    assert "王大伟" in str(caught.value)
    assert not Entitlement.objects.exists()


def test_extreme_poverty_needs_the_self_care_assessment_before_its_decision(areas, users):
    household, elder = elder_household(areas, users)
    app = investigated_and_noticed(
        submitted_and_accepted(create(household, elder, codes.EXTREME_POVERTY, users), users), users
    )
    app = step(app, "review", users.street, opinion="同意")
    with pytest.raises(DomainError) as caught:
        step(app, "approve", users.county)
    assert "member" in caught.value.errors


def care_home(areas, users, name="区社会福利中心", account="6228480000000001"):
    return care_home_add(
        county=areas.county,
        data={"name": name, "bank_name": "中国农业银行", "bank_account": account},
        actor=users.county,
    )


def test_in_an_institution_the_institutional_care_amount_is_paid_to_the_care_home(areas, users):
    household, elder = alone_at_85(areas, users, failed=("eating", "bathing", "dressing", "walking"))
    home = care_home(areas, users)
    app = create(household, elder, codes.EXTREME_POVERTY, users, institutional=True, care_home=home.pk)
    assert app.institutional and app.care_home == home
    app = investigated_and_noticed(submitted_and_accepted(app, users), users)
    app = step(step(app, "review", users.street, opinion="同意"), "approve", users.county)
    assert app.amount == Decimal("591.50") + Decimal("1030.00")
    granted = Entitlement.objects.get(program=codes.EXTREME_POVERTY)
    assert granted.care_home == home
    run = run_draft(county=areas.county, month=app.start_month, actor=users.county)
    line = run.lines.get(program_id=codes.EXTREME_POVERTY)
    # The bank pays the institution: its name and account, no person's ID number.
    assert (line.head_name, line.bank_account, line.head_id_number) == (home.name, home.bank_account, "")
    assert line.member_id == elder.pk and line.amount == app.amount


def test_an_institution_needs_the_countys_care_home_and_only_it_names_one(areas, users):
    household, elder = alone_at_85(areas, users)
    assert "care_home" in refused(household, elder, codes.EXTREME_POVERTY, users, institutional=True)
    closed = care_home(areas, users, name="已停用的敬老院", account="6228480000000002")
    care_home_update(
        home=closed,
        data={
            "name": closed.name,
            "bank_name": closed.bank_name,
            "bank_account": closed.bank_account,
            "active": False,
        },
        actor=users.county,
    )
    errors = refused(household, elder, codes.EXTREME_POVERTY, users, institutional=True, care_home=closed.pk)
    assert "care_home" in errors
    home = care_home(areas, users)
    assert "care_home" in refused(household, elder, codes.EXTREME_POVERTY, users, care_home=home.pk)


def test_care_homes_are_kept_by_the_county_and_audited(areas, users):
    home = care_home(areas, users)
    assert AuditEntry.objects.filter(
        object_type="benefits.carehome", object_id=str(home.pk), action="create"
    ).exists()
    with pytest.raises(Forbidden):
        care_home_add(
            county=areas.county,
            data={"name": "街道敬老院", "bank_name": "中国农业银行", "bank_account": "1"},
            actor=users.street,
        )
    with pytest.raises(DomainError) as caught:
        care_home(areas, users)  # the same name twice
    assert "name" in caught.value.errors
    with pytest.raises(DomainError) as caught:
        care_home(areas, users, name="新院", account="62-28")
    assert "bank_account" in caught.value.errors


# ---- refusals when applying ----------------------------------------------------------------------


def refused(household, member, program, users, **data) -> dict:
    before = Application.objects.count()
    with pytest.raises(DomainError) as caught:
        create(household, member, program, users, **data)
    assert Application.objects.count() == before
    return caught.value.errors


def test_a_person_paid_program_needs_the_member_and_of_this_household(areas, users):
    household, _elder = elder_household(areas, users)
    assert "member" in refused(household, None, codes.ELDERLY_ALLOWANCE, users)
    _other_household, stranger = elder_household(areas, users)
    assert "member" in refused(household, stranger, codes.ELDERLY_ALLOWANCE, users)
    with pytest.raises(DomainError) as caught:
        services.application_create(
            household=household,
            data={"program": codes.ELDERLY_ALLOWANCE, "member": "abc"},
            actor=users.haizhou,
        )
    assert "member" in caught.value.errors


def test_a_program_not_applied_for_or_switched_off_is_refused_naming_the_program(areas, users):
    household, elder = elder_household(areas, users)
    assert "program" in refused(household, elder, codes.MEDICAL, users)
    assert "program" in refused(household, elder, "no-such-program", users)
    program_rules_set(
        area=areas.county,
        program=Program.objects.get(code=codes.ELDERLY_ALLOWANCE),
        data={"valid_from": f"{TODAY:%Y-%m}", "enabled": False},
        actor=users.county,
    )
    errors = refused(household, elder, codes.ELDERLY_ALLOWANCE, users)
    assert "program" in errors and "高龄" in str(errors["program"][0])


def test_a_member_already_holding_or_applying_is_refused(areas, users):
    streets_decide(areas, users, codes.ELDERLY_ALLOWANCE)
    household, elder = elder_household(areas, users)
    app = create(household, elder, codes.ELDERLY_ALLOWANCE, users)
    errors = refused(household, elder, codes.ELDERLY_ALLOWANCE, users)
    assert "member" in errors and "申请" in str(errors["member"][0])
    step(submitted_and_accepted(app, users), "approve", users.street)
    errors = refused(household, elder, codes.ELDERLY_ALLOWANCE, users)
    assert "member" in errors and elder.name in str(errors["member"][0])
    # Another program for the same person is a separate matter.
    assert create(household, elder, codes.DISABILITY_CARE, users).member_id == elder.pk


def test_extreme_poverty_is_refused_to_a_member_of_a_dibao_household(areas, users):
    dibao = receiving(areas.haizhou, users.haizhou, members=1)
    member = dibao.household.members.exclude(relation="self").get()
    with pytest.raises(DomainError) as caught:
        create(dibao.household, member, codes.EXTREME_POVERTY, users)
    assert caught.value.code == "excluded" and "特困人员不同时纳入低保" in str(caught.value)
    assert not Application.objects.filter(program=codes.EXTREME_POVERTY).exists()


def test_dibao_still_refuses_a_second_application_of_the_household(areas, users):
    household, elder = elder_household(areas, users)
    services.application_create(household=household, data={}, actor=users.haizhou)
    with pytest.raises(DomainError) as caught:
        services.application_create(household=household, data={}, actor=users.haizhou)
    assert "household" in caught.value.errors
    # An allowance for a member beside the household's 低保 application is its own.
    assert create(household, elder, codes.ELDERLY_ALLOWANCE, users).program_id == codes.ELDERLY_ALLOWANCE


# ---- the pages and the API -----------------------------------------------------------------------


def test_the_form_offers_the_programs_in_use_and_a_found_member_prefills_it(login, areas, users):
    program_rules_set(
        area=areas.county,
        program=Program.objects.get(code=codes.DISABILITY_CARE),
        data={"valid_from": f"{TODAY:%Y-%m}", "enabled": False},
        actor=users.county,
    )
    household, elder = elder_household(areas, users, members=1)
    client = login(users.haizhou)
    url = reverse("cases:application-create")
    response = client.get(f"{url}?program={codes.ELDERLY_ALLOWANCE}&member={elder.pk}")
    form = response.context["form"]
    offered = [code for code, _name in form.fields["program"].choices]
    assert offered[0] == codes.DIBAO and codes.ELDERLY_ALLOWANCE in offered
    # Switched off: not offered; recognitions are (边缘 and 刚性支出 are applied for too); one-off
    # help is not taken through this form.
    assert codes.DISABILITY_CARE not in offered and codes.NEAR_POVERTY in offered
    assert codes.MEDICAL not in offered
    assert (form["program"].value(), form["member"].value()) == (codes.ELDERLY_ALLOWANCE, str(elder.pk))
    assert form["applicant_name"].value() == elder.name
    response = client.post(
        f"{url}?household={household.pk}",
        {"program": codes.ELDERLY_ALLOWANCE, "member": elder.pk, "kind": "new", "applicant_name": elder.name},
    )
    app = Application.objects.get(program=codes.ELDERLY_ALLOWANCE)
    assert response.status_code == 302 and app.member == elder
    page = client.get(reverse("cases:case-detail", args=[app.pk])).content.decode()
    assert "高龄津贴" in page and elder.name in page
    assert "100.00" in page  # the test run for next month, with its explanation
    # A program switched off is refused on its field; another area's member is not found.
    refused = client.post(
        f"{url}?household={household.pk}",
        {"program": codes.DISABILITY_CARE, "member": elder.pk, "kind": "new", "applicant_name": "x"},
    )
    assert refused.status_code == 200 and "program" in refused.context["form"].errors
    assert login(users.liubeiqiao).get(f"{url}?member={elder.pk}").status_code == 404


def test_the_page_of_a_person_without_a_member_answers_the_form_with_the_field(login, areas, users):
    household, _elder = elder_household(areas, users)
    url = f"{reverse('cases:application-create')}?household={household.pk}"
    response = login(users.haizhou).post(
        url, {"program": codes.ELDERLY_ALLOWANCE, "kind": "new", "applicant_name": "x"}
    )
    assert response.status_code == 200 and "member" in response.context["form"].errors


def test_the_api_creates_an_application_for_a_member_and_refuses_naming_the_field(areas, users):
    household, elder = elder_household(areas, users)
    client = api_as(users.haizhou, language="en")
    response = client.post(
        f"{API}/applications/",
        {"household": household.pk, "program": codes.ELDERLY_ALLOWANCE, "member": elder.pk},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["program"], body["member"], body["institutional"]) == (
        codes.ELDERLY_ALLOWANCE,
        elder.pk,
        False,
    )
    again = client.post(
        f"{API}/applications/",
        {"household": household.pk, "program": codes.ELDERLY_ALLOWANCE, "member": elder.pk},
    )
    assert again.status_code == 400 and list(again.json()["errors"]) == ["member"]
    missing = client.post(
        f"{API}/applications/", {"household": household.pk, "program": codes.DISABILITY_CARE}
    )
    assert missing.status_code == 400 and list(missing.json()["errors"]) == ["member"]
    listed = client.get(f"{API}/applications/?program={codes.ELDERLY_ALLOWANCE}").json()
    assert listed["count"] == 1


def test_the_schema_documents_program_and_member_of_a_new_application(areas, users):
    schema = (
        api_as(users.haizhou).get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    )
    body = schema["paths"]["/api/v1/applications/"]["post"]["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[-1]
    fields = schema["components"]["schemas"][name]["properties"]
    assert {"program", "member", "institutional"} <= set(fields)
    assert "person" in fields["member"]["description"]
