"""An 80-year-old's 高龄津贴 through the pages, in a real browser: the community worker finds her
among the found cases (应享未享) and opens the application prefilled for her from there, creates,
submits and accepts it with its papers; the street, which the county lets decide, approves the band's amount;
the next payroll run pays it under `elderly_allowance`."""

import datetime
import re

import pytest

from dibao.cases.models import Application, State
from dibao.cases.programs import MATERIALS
from dibao.core.months import next_month
from dibao.payroll.services import run_draft
from dibao.policy.models import Program
from dibao.policy.programs import codes
from dibao.policy.services import program_rules_set

from ..cases.support import standards
from ..factories import id_number, make_household
from .test_application_flow import PASSWORD, log_in, take

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_80_year_old_is_granted_the_allowance_and_paid_under_its_program(live_server, page, areas, users):
    standards(areas)
    today = datetime.date.today()
    program_rules_set(
        area=areas.county,
        program=Program.objects.get(code=codes.ELDERLY_ALLOWANCE),
        data={"valid_from": f"{today:%Y-%m}", "terms": {"street_decides": True}},
        actor=users.county,
    )
    for user in (users.haizhou, users.street):
        user.set_password(PASSWORD)
        user.save()
    born = datetime.date(today.year - 80, 1, 1)  # 80 before next month begins
    household = make_household(
        areas.haizhou, users.haizhou, head={"name": "孙福寿", "id_number": id_number(born)}
    )
    elder = household.members.get()
    base = live_server.url

    # The community worker opens the found cases (应享未享): the 80-year-old is there with the
    # reason, and one click opens the application prefilled with the program and the person.
    log_in(page, base, "w_haizhou")
    page.goto(f"{base}/cases/found/")
    row = page.locator("table.found-list tr", has_text="孙福寿")
    assert row.count() == 1 and "高龄津贴" in row.inner_text()
    with page.expect_navigation():
        row.locator("a.button").click()
    assert f"member={elder.pk}" in page.url
    assert page.input_value("select[name=program]") == codes.ELDERLY_ALLOWANCE
    assert page.input_value("select[name=member]") == str(elder.pk)
    assert page.input_value("input[name=applicant_name]") == "孙福寿"
    with page.expect_navigation():
        page.click("#application-create button[type=submit].primary")
    match = re.search(r"/cases/(\d+)/$", page.url)
    assert match, page.url
    app_id = int(match[1])
    case_url = f"{base}/cases/{app_id}/"
    assert "高龄津贴" in page.locator("#program").inner_text()
    assert "孙福寿" in page.locator("#person").inner_text()
    assert "100.00" in page.locator("#test-amount").inner_text()
    take(page, "step-submit")
    for kind in MATERIALS[codes.ELDERLY_ALLOWANCE]:
        page.eval_on_selector("#materials details", "d => d.open = true")
        page.select_option("select[name=material-kind]", kind)
        page.check("input[name=material-seen_on_paper]")
        take(page, "material-add")
    take(page, "step-accept")
    assert Application.objects.get(pk=app_id).state == State.ACCEPTED

    # The street decides: no notice, no county step.
    log_in(page, base, "s_xinghaiwan")
    page.goto(case_url)
    assert page.locator("#step-review").count() == 0
    assert page.input_value("input[name=approve-amount]") == "100.00"
    take(page, "step-approve")
    app = Application.objects.get(pk=app_id)
    assert (app.state, app.amount) == (State.APPROVED, 100)
    assert "100.00" in page.locator("#decided-amount").inner_text()

    # The next payroll run pays the allowance under its program, to the person.
    run = run_draft(county=areas.county, month=next_month(), actor=users.county)
    assert list(run.lines.values_list("program_id", "member_id", "amount")) == [
        (codes.ELDERLY_ALLOWANCE, elder.pk, app.amount)
    ]
