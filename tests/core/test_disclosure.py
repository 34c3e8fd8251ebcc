"""core.disclosure: who sees an ID number or a bank account whole, for which use, and the masks."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from dibao.core import disclosure
from dibao.core.api.fields import AccountField, IdNumberField
from dibao.core.disclosure import Use
from dibao.core.roles import Role

NUMBER = "210204199001011234"
ACCOUNT = "6228480000000000001"


def user(role: str) -> SimpleNamespace:
    return SimpleNamespace(role=role)


# role: (whole ID on screen, printed/work file; whole account on screen, printed/work file)
EXPECTED = {
    Role.COMMUNITY: (False, True, False, True),
    Role.STREET: (False, True, True, True),
    Role.COUNTY: (False, True, True, True),
    Role.AUDITOR: (False, False, False, False),
    Role.ADMIN: (False, False, False, False),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_who_sees_what_whole_for_each_use(role):
    id_screen, id_file, account_screen, account_file = EXPECTED[role]
    someone = user(role)
    assert disclosure.sees_whole_id(someone, Use.SCREEN) is id_screen
    assert disclosure.sees_whole_account(someone, Use.SCREEN) is account_screen
    for use in (Use.PRINT, Use.WORK_FILE):
        assert disclosure.sees_whole_id(someone, use) is id_file
        assert disclosure.sees_whole_account(someone, use) is account_file
    assert disclosure.id_number_for(someone, NUMBER) == "210204********1234"
    assert disclosure.account_for(someone, ACCOUNT) == (ACCOUNT if account_screen else "…0001")


def test_the_operator_works_with_whole_numbers_and_nobody_known_gets_masks():
    assert disclosure.id_number_for(None, NUMBER, Use.WORK_FILE) == NUMBER
    assert disclosure.account_for(None, ACCOUNT) == ACCOUNT
    for use in Use:
        assert disclosure.id_number_for(disclosure.NOBODY, NUMBER, use) == "210204********1234"
        assert disclosure.account_for(disclosure.NOBODY, ACCOUNT, use) == "…0001"


def test_only_the_auditor_and_those_who_work_with_numbers_may_reveal():
    assert [r for r in Role.values if disclosure.may_reveal_id(user(r))] == [
        Role.COMMUNITY,
        Role.STREET,
        Role.COUNTY,
        Role.AUDITOR,
    ]


@pytest.mark.parametrize(
    ("account", "shown"), [("", ""), ("12345", "*****"), ("62284800", "…4800"), (ACCOUNT, "…0001")]
)
def test_an_account_keeps_its_last_four(account, shown):
    assert disclosure.mask_account(account) == shown


def test_stored_values_are_masked_by_name_at_any_depth_and_by_shape_in_text():
    stored = {
        "id_number": NUMBER,
        "relative_id_number": NUMBER,
        "bank_account": ACCOUNT,
        "members": [{"name": "张三", "id_number": NUMBER}],
        "note": f"导出: q={NUMBER.lower()[:-1]}x",
        "count": 3,
        "phone": "13800000000",
    }
    masked = disclosure.masked_values(stored)
    assert NUMBER not in str(masked) and ACCOUNT not in str(masked)
    assert masked["members"] == [{"name": "张三", "id_number": "210204********1234"}]
    assert masked["note"] == "导出: q=210204********123X"
    assert (masked["count"], masked["phone"]) == (3, "13800000000")


def test_text_keeps_digits_that_are_not_an_id_number():
    # An account of 19 digits, a 14-digit household number: not ID numbers, left as they are.
    text = f"账号 {ACCOUNT}，户号 21020400000042"
    assert disclosure.mask_in_text(text) == text
    assert disclosure.mask_in_text(f"身份证{NUMBER}。") == "身份证210204********1234。"


def test_screens_show_an_age_instead_of_the_birth_date():
    today = datetime.date.today()
    assert disclosure.age_of(today.replace(year=today.year - 30)) == 30


@pytest.mark.parametrize(
    ("viewer", "use", "shown"),
    [
        (user(Role.COUNTY), "screen", f"210204********1234 {ACCOUNT}"),
        (user(Role.COUNTY), "print", f"{NUMBER} {ACCOUNT}"),
        (user(Role.COMMUNITY), "screen", "210204********1234 …0001"),
        (user(Role.AUDITOR), "print", "210204********1234 …0001"),
        (None, "print", "210204********1234 …0001"),  # a template without a user masks
    ],
)
def test_the_template_tags_ask_about_the_viewer(viewer, use, shown):
    template = Template("{% load disclosure %}{% id_number number use=use %} {% account account use=use %}")
    context = {"number": NUMBER, "account": ACCOUNT, "use": use}
    if viewer is not None:
        context["viewer"] = viewer
    assert template.render(Context(context)) == shown


def test_the_api_fields_mask_when_the_answer_has_no_request():
    assert IdNumberField().to_representation(NUMBER) == "210204********1234"
    assert AccountField().to_representation(ACCOUNT) == "…0001"


def test_import_reports_kept_before_masking_are_masked_by_the_migration():
    migration = importlib.import_module("dibao.registry.migrations.0005_mask_import_error_values")
    kept = [
        {"row": 2, "column": "身份证号码", "value": NUMBER, "reason": "此人已登记"},
        {"row": 3, "column": "银行账号", "value": ACCOUNT, "reason": "x"},
        {"row": 4, "column": "备注", "value": "见 " + NUMBER, "reason": f"与{NUMBER}重复"},
        {"row": 5, "column": "姓名", "value": "张三", "reason": "y"},
    ]
    masked = [migration._masked(error) for error in kept]
    assert NUMBER not in str(masked) and ACCOUNT not in str(masked)
    assert [m["value"] for m in masked] == ["210204********1234", "…0001", "见 210204********1234", "张三"]
