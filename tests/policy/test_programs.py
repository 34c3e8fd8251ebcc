"""Programs as data: the seeded catalogue, an area's terms by month, reading them back as in force,
refusals that name the term, the audit trail, the command and the API."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from dibao.core.errors import DomainError, Forbidden, NotFound
from dibao.core.models import AuditEntry
from dibao.policy.models import Program, ProgramExclusion, ProgramRules
from dibao.policy.programs import codes, terms
from dibao.policy.programs.in_force import program_in_force, programs_in_force, terms_across
from dibao.policy.selectors import program_by_code
from dibao.policy.services import program_rules_set

from ..api_support import API, api_as, own_id_numbers  # noqa: F401  (autouse fixture)

pytestmark = pytest.mark.django_db

DEC = datetime.date(2026, 12, 1)
JAN = datetime.date(2027, 1, 1)


def test_the_catalogue_holds_every_program_by_its_stable_code():
    rows = {p.code: p for p in Program.objects.all()}
    assert list(rows) == list(codes.ALL)  # in the catalogue's order
    assert {c for c, p in rows.items() if p.kind == "one_off"} == {"temporary", "medical"}
    assert {c for c, p in rows.items() if p.pays == "person"} == {
        "extreme_poverty",
        "disability_living",
        "disability_care",
        "elderly_allowance",
        "medical",
    }
    assert {c for c, p in rows.items() if not p.pays_cash} == {"near_poverty", "rigid_expense"}
    assert rows["dibao"].short_name == "低保"


def test_programs_held_apart_are_recorded_with_their_reason():
    pairs = {(e.program.code, e.excludes.code, e.scope) for e in ProgramExclusion.objects.select_related()}
    assert ("extreme_poverty", "dibao", "person") in pairs
    assert ("near_poverty", "dibao", "household") in pairs
    assert all(e.reason and e.reason_en for e in ProgramExclusion.objects.all())


def test_without_any_terms_every_program_is_in_use_on_its_defaults(areas):
    found = {p.program.code: p for p in programs_in_force(areas.haizhou, DEC)}
    assert all(p.enabled and p.set_by is None for p in found.values())
    assert found["extreme_poverty"].terms["basic_multiple"] == "1.30"
    assert found["elderly_allowance"].terms["age_bands"][0] == {"from_age": 80, "amount": "100.00"}
    assert found["dibao"].terms == {}
    assert found["dibao"].name == "最低生活保障"


def test_an_area_switches_a_program_off_and_renames_another_from_a_month(areas, users):
    program_rules_set(
        area=areas.county,
        program=program_by_code("elderly_allowance"),
        data={"valid_from": "2027-01", "enabled": False},
        actor=users.county,
    )
    program_rules_set(
        area=areas.xinghaiwan,
        program=program_by_code("extreme_poverty"),
        data={"valid_from": "2026-12", "local_name": "分散供养", "terms": {"basic_multiple": "1.5"}},
        actor=users.county,
    )
    assert program_in_force(areas.haizhou, DEC, "elderly_allowance").enabled  # not yet
    assert not program_in_force(areas.haizhou, JAN, "elderly_allowance").enabled
    here = program_in_force(areas.haizhou, DEC, "extreme_poverty")
    assert (here.name, here.set_by, here.terms["basic_multiple"]) == (
        "分散供养",
        areas.xinghaiwan.name,
        "1.50",
    )
    assert here.terms["care_home"]["full"] == "721.00"  # not set: the default
    # Another street follows the county, which set nothing for 特困.
    other = program_in_force(areas.liubeiqiao, DEC, "extreme_poverty")
    assert (other.name, other.terms["basic_multiple"]) == ("特困人员救助供养", "1.30")


def test_a_new_version_closes_the_one_before_and_each_is_audited(areas, users):
    program = program_by_code("disability_living")
    first = program_rules_set(
        area=areas.county,
        program=program,
        data={"valid_from": "2026-01", "terms": {"near_poverty_too": "是"}},
        actor=users.county,
    )
    program_rules_set(area=areas.county, program=program, data={"valid_from": "2026-07"}, actor=users.county)
    first.refresh_from_db()
    assert first.valid_to == datetime.date(2026, 6, 1)
    assert first.terms == {"near_poverty_too": True}
    assert AuditEntry.objects.filter(object_type="policy.programrules").count() == 3  # two made, one closed
    with pytest.raises(DomainError) as caught:
        program_rules_set(
            area=areas.county, program=program, data={"valid_from": "2026-03"}, actor=users.county
        )
    assert "valid_from" in caught.value.errors


@pytest.mark.parametrize(
    ("code", "given", "field"),
    [
        ("extreme_poverty", {"basic_multiple": "abc"}, "terms.basic_multiple"),
        ("extreme_poverty", {"basic_multiple": "11"}, "terms.basic_multiple"),
        ("extreme_poverty", {"care_home": {"full": "700"}}, "terms.care_home"),
        ("extreme_poverty", {"spot_check_share": "1.5"}, "terms.spot_check_share"),
        (
            "disability_care",
            {"amount_by_grade": {"1": "-5", "2": "1", "3": "1", "4": "1"}},
            "terms.amount_by_grade.1",  # the grade's own amount, beside its input on the page
        ),
        (
            "elderly_allowance",
            {"age_bands": [{"from_age": 80, "amount": "1"}, {"from_age": 80, "amount": "2"}]},
            "terms.age_bands",  # two bands at one age: the bands as a whole
        ),
        ("elderly_allowance", {"age_bands": [{"from_age": 30, "amount": "1"}]}, "terms.age_bands.0.from_age"),
        ("rigid_expense", {"disposable_income": {"20x5": "45000"}}, "terms.disposable_income.20x5"),
        ("near_poverty", {"validity_months": 13}, "terms.validity_months"),
        ("near_poverty", {"income_multiple": "1.5"}, "terms.income_multiple"),  # set with 低保's rules
        ("dibao", {"notice_days": 7}, "terms"),  # 低保's terms are its standards and rules
    ],
)
def test_a_wrong_term_is_refused_naming_it_and_nothing_is_written(areas, users, code, given, field):
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as caught, translation.override("en"):
        program_rules_set(
            area=areas.county,
            program=program_by_code(code),
            data={"valid_from": "2027-01", "terms": given},
            actor=users.county,
        )
    assert field in caught.value.errors
    assert not ProgramRules.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_terms_are_read_back_as_they_were_written():
    given = {"age_bands": [{"from_age": "90", "amount": "200"}, {"from_age": 80, "amount": "¥100"}]}
    assert terms.clean_terms("elderly_allowance", given) == {
        "age_bands": [{"from_age": 80, "amount": "100.00"}, {"from_age": 90, "amount": "200.00"}]
    }
    assert terms.clean_terms("rigid_expense", {"disposable_income": {2025: "45,123.5"}}) == {
        "disposable_income": {"2025": "45123.50"}
    }


def test_only_a_policy_editor_of_the_area_sets_terms(areas, users):
    program = program_by_code("elderly_allowance")
    with pytest.raises(Forbidden):
        program_rules_set(
            area=areas.haizhou, program=program, data={"valid_from": "2027-01"}, actor=users.haizhou
        )
    with pytest.raises(NotFound):  # another street's community is not the 海州 worker's to know of
        program_rules_set(
            area=areas.liubeiqiao, program=program, data={"valid_from": "2027-01"}, actor=users.street
        )
    assert not ProgramRules.objects.exists()


def test_an_unknown_code_is_not_found_naming_the_codes():
    with pytest.raises(NotFound) as caught, translation.override("en"):
        program_by_code("dibaoo")
    assert "elderly_allowance" in str(caught.value)


def _run(*args):
    out = StringIO()
    call_command("programs", *args, stdout=out)
    return out.getvalue()


def test_the_programs_command_lists_code_name_kind_payee_and_use(areas, users):
    program_rules_set(
        area=areas.county,
        program=program_by_code("elderly_allowance"),
        data={"valid_from": "2026-01", "enabled": False},
        actor=None,
    )
    catalogue = json.loads(_run("--json"))
    assert [p["code"] for p in catalogue] == list(codes.ALL)
    assert {"code", "name", "kind", "pays", "enabled"} <= set(catalogue[0])
    assert all(p["enabled"] for p in catalogue)
    county = {p["code"]: p for p in json.loads(_run("--json", "--area", "210204", "--month", "2026-12"))}
    assert county["elderly_allowance"]["enabled"] is False
    assert county["dibao"]["enabled"] is True
    assert "(not in use)" in _run("--area", "210204001001", "--month", "2026-12")


@pytest.mark.parametrize(
    ("args", "message"), [(["--area", "999999"], "No area"), (["--month", "2026-13"], "month")]
)
def test_the_programs_command_refuses_in_one_line(areas, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)


def test_the_api_lists_the_programs_as_the_callers_area_runs_them(areas, users):
    program_rules_set(
        area=areas.xinghaiwan,
        program=program_by_code("disability_care"),
        data={"valid_from": "2026-01", "local_name": "护理补贴（星海湾）"},
        actor=None,
    )
    mine = {p["code"]: p for p in api_as(users.haizhou).get(f"{API}/programs/?month=2026-12").json()}
    theirs = {p["code"]: p for p in api_as(users.liubeiqiao).get(f"{API}/programs/?month=2026-12").json()}
    assert mine["disability_care"]["name"] == "护理补贴（星海湾）"
    assert mine["disability_care"]["set_by"] == areas.xinghaiwan.name
    assert theirs["disability_care"]["name"] == "重度残疾人护理补贴"
    one = api_as(users.haizhou).get(f"{API}/programs/extreme_poverty/").json()
    assert (one["code"], one["pays"], one["terms"]["basic_multiple"]) == ("extreme_poverty", "person", "1.30")
    assert api_as(users.haizhou).get(f"{API}/programs/nothing/").status_code == 404
    # An area the caller may not know of is a 400 on `area`, not its programs.
    refused = api_as(users.haizhou).get(f"{API}/programs/?area=210204002001")
    assert refused.status_code == 400 and "area" in refused.json()["errors"]


def test_the_county_sets_terms_through_the_api_and_a_community_may_not(areas, users):
    body = {"area": "210204", "valid_from": "2027-01", "terms": {"basic_multiple": "1.5"}}
    refused = api_as(users.haizhou).post(f"{API}/programs/extreme_poverty/terms/", body, format="json")
    assert refused.status_code == 403
    wrong = api_as(users.county).post(
        f"{API}/programs/extreme_poverty/terms/", {**body, "terms": {"care_home": "x"}}, format="json"
    )
    assert wrong.status_code == 400 and "terms.care_home" in wrong.json()["errors"]
    made = api_as(users.county).post(f"{API}/programs/extreme_poverty/terms/", body, format="json")
    assert made.status_code == 201
    assert made.json()["terms"] == {"basic_multiple": "1.50"}
    assert ProgramRules.objects.get().program.code == "extreme_poverty"


def test_communities_are_grouped_by_the_terms_they_run(areas):
    """A street's own version reaches only its communities; the rest run the county's."""
    elderly = program_by_code("elderly_allowance")
    program_rules_set(
        area=areas.county,
        program=elderly,
        data={"valid_from": "2026-01", "terms": {"low_income_only": True}},
        actor=None,
    )
    program_rules_set(
        area=areas.shiqiaopu, program=elderly, data={"valid_from": "2026-01", "enabled": False}, actor=None
    )
    groups = terms_across(areas.county, datetime.date(2026, 3, 1), ["elderly_allowance"])["elderly_allowance"]
    by_switch = {group.enabled: group for group in groups}
    assert areas.liubeiqiao.pk in by_switch[False].community_ids
    assert {areas.haizhou.pk, areas.haiyue.pk} <= set(by_switch[True].community_ids)
    assert by_switch[True].terms["low_income_only"] is True
    # Asked for a street, only its communities.
    street = terms_across(areas.xinghaiwan, datetime.date(2026, 3, 1), ["elderly_allowance"])[
        "elderly_allowance"
    ]
    reached = {i for group in street for i in group.community_ids}
    assert {areas.haizhou.pk, areas.haiyue.pk} <= reached and areas.liubeiqiao.pk not in reached
