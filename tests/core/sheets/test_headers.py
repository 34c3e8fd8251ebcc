import pytest

from dibao.core.sheets.headers import Columns, normalise

COLUMNS = Columns(
    {"amount": "金额", "name": "姓名"},
    {"amount": ("发放金额", "amount", "姓名"), "name": ("户主姓名", "name")},
)


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("金额", "amount"),
        (" 发放金额* ", "amount"),
        ("金额（元）", "amount"),
        ("金额(元)", "amount"),
        ("ＡＭＯＵＮＴ", "amount"),  # full-width letters
        ("户主_姓名:", "name"),
        ("姓名", "name"),  # the canonical header wins over another key's synonym
        ("备注", None),
        ("(元)", None),
    ],
)
def test_a_header_is_read_without_its_spaces_marks_and_unit(written, key):
    assert COLUMNS.key_for(written) == key


def test_the_first_of_two_columns_meaning_the_same_wins_and_others_are_ignored():
    assert COLUMNS.positions(["备注", "发放金额", "金额", "户主姓名"]) == {"amount": 1, "name": 3}


def test_normalise_folds_width_case_and_separators():
    assert normalise("Ｈｅａｄ ID-number_*") == "headidnumber"
    assert normalise(None) == ""
