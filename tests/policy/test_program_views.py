"""The programs pages: the catalogue as an area runs it, one program's terms and versions, and a
county's new terms typed into a form whose messages land beside their inputs."""

import pytest
from django.urls import reverse
from django.utils import translation

from dibao.core.models import AuditEntry
from dibao.policy.models import ProgramRules
from dibao.policy.selectors import program_by_code
from dibao.policy.services import program_rules_set

pytestmark = pytest.mark.django_db

PROGRAMS = reverse("policy:programs")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def program(code):
    return reverse("policy:program", args=[code])


def terms_new(code):
    return reverse("policy:program-terms-new", args=[code])


@pytest.fixture(autouse=True)
def _default_language():
    yield
    translation.deactivate()


def test_catalogue_lists_every_program_with_the_areas_local_name_and_switch(areas, users, login):
    program_rules_set(
        area=areas.county,
        program=program_by_code("elderly_allowance"),
        data={"valid_from": "2026-01", "enabled": False, "local_name": "长寿补贴"},
        actor=None,
    )
    page = login(users.haizhou).get(PROGRAMS, {"month": "2026-03"})
    assert page.status_code == 200
    rows = {p.program.code: p for p in page.context["programs"]}
    assert {"dibao", "extreme_poverty", "disability_care", "elderly_allowance"} <= set(rows)
    assert rows["elderly_allowance"].name == "长寿补贴" and not rows["elderly_allowance"].enabled
    html = page.content.decode()
    assert "长寿补贴" in html and "已停用" in html


def test_program_page_shows_terms_in_force_and_the_versions_reaching_the_area(areas, users, login):
    client = login(users.county)
    response = client.post(
        terms_new("extreme_poverty") + f"?area={areas.county.code}",
        {
            "area": areas.county.code,
            "valid_from": "2026-01",
            "enabled": "on",
            "terms.basic_multiple": "1.5",
            "terms.care_home.full": "800",
            "terms.care_home.partial": "450",
            "terms.care_home.none": "70",
        },
    )
    assert response.status_code == 302
    page = client.get(program("extreme_poverty"), {"area": areas.haizhou.code, "month": "2026-03"})
    found = page.context["found"]
    assert found.terms["basic_multiple"] == "1.50"
    assert found.terms["care_home"] == {"full": "800.00", "partial": "450.00", "none": "70.00"}
    assert found.set_by == areas.county.name
    html = page.content.decode()
    assert "800.00" in html and "1.50" in html
    assert len(page.context["versions"]) == 1


def test_only_terms_that_differ_from_the_defaults_are_stored(areas, users, login):
    client = login(users.county)
    client.post(
        terms_new("elderly_allowance"),
        {
            "area": areas.county.code,
            "valid_from": "2026-01",
            "enabled": "on",
            # The form starts from the defaults: 80/90/100 with 100/200/500; only 90's changes.
            "terms.age_bands.0.from_age": "80",
            "terms.age_bands.0.amount": "100",
            "terms.age_bands.1.from_age": "90",
            "terms.age_bands.1.amount": "300",
            "terms.age_bands.2.from_age": "100",
            "terms.age_bands.2.amount": "500",
            "terms.decision_working_days": "30",
        },
    )
    row = ProgramRules.objects.get(program__code="elderly_allowance")
    assert set(row.terms) == {"age_bands"}
    assert row.terms["age_bands"][1] == {"from_age": 90, "amount": "300.00"}
    assert AuditEntry.objects.filter(object_type="policy.programrules", object_id=str(row.pk)).exists()


def test_a_wrong_term_is_shown_beside_its_input_and_nothing_is_saved(areas, users, login):
    client = login(users.county)
    page = client.post(
        terms_new("disability_care"),
        {
            "area": areas.county.code,
            "valid_from": "2026-01",
            "enabled": "on",
            "terms.amount_by_grade.1": "300",
            "terms.amount_by_grade.2": "abc",
            "terms.amount_by_grade.3": "",
            "terms.amount_by_grade.4": "100",
        },
        **EN,
    )
    assert page.status_code == 200
    form = page.context["form"]
    assert form.errors.get("terms.amount_by_grade.2")
    assert not ProgramRules.objects.exists()


def test_the_form_starts_from_what_will_be_in_force(areas, users, login):
    program_rules_set(
        area=areas.county,
        program=program_by_code("disability_living"),
        data={"valid_from": "2026-01", "terms": {"near_poverty_too": True}},
        actor=None,
    )
    form = login(users.county).get(terms_new("disability_living")).context["form"]
    assert form["terms.near_poverty_too"].value() is True
    assert form["terms.amount_by_grade.3"].value() == "185.00"


@pytest.mark.parametrize("role", ["haizhou", "street", "auditor"])
def test_only_policy_editors_set_terms(areas, users, login, role):
    client = login(getattr(users, role))
    assert client.get(program("near_poverty")).status_code == 200
    assert client.get(terms_new("near_poverty")).status_code == 403
    response = client.post(terms_new("near_poverty"), {"area": areas.county.code, "valid_from": "2026-01"})
    assert response.status_code == 403
    assert not ProgramRules.objects.exists()


def test_an_unknown_program_is_not_found(users, login):
    client = login(users.county)
    assert client.get(program("nothing")).status_code == 404
    assert client.get(terms_new("nothing")).status_code == 404


def test_dibao_terms_lead_to_its_standards_and_rules(users, login):
    client = login(users.county)
    assert client.get(terms_new("dibao")).status_code == 302
    page = client.get(program("dibao"))
    assert page.context["dibao"] and reverse("policy:in-force") in page.content.decode()


def test_the_local_name_starts_empty_in_either_language_until_an_area_sets_one(areas, users, login):
    client = login(users.county)
    for language in ("zh-hans", "en"):
        form = client.get(terms_new("extreme_poverty"), HTTP_ACCEPT_LANGUAGE=language).context["form"]
        assert form["local_name"].value() == ""
    program_rules_set(
        area=areas.county,
        program=program_by_code("extreme_poverty"),
        data={"valid_from": "2026-01", "local_name": "特困人员供养"},
        actor=None,
    )
    assert client.get(terms_new("extreme_poverty")).context["form"]["local_name"].value() == "特困人员供养"
