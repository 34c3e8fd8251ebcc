import datetime

import pytest
from stdnum.cn import ric

from dibao.core import idnumbers
from dibao.core.errors import DomainError

from ..factories import bad_check_digit, id_number


def test_valid_number_gives_birth_date_and_sex():
    number = id_number(datetime.date(1949, 12, 31), male=False)
    parsed = idnumbers.parse(number)
    assert parsed.birth_date == datetime.date(1949, 12, 31)
    assert parsed.sex == idnumbers.FEMALE
    assert idnumbers.parse(id_number(male=True)).sex == idnumbers.MALE


def test_lower_case_x_and_spaces_are_normalised():
    number = next(n for n in (id_number() for _ in range(200)) if n.endswith("X"))
    assert idnumbers.parse(" " + number.lower() + " ").number == number


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("21020419700101", "id_length"),
        ("2102041970010100AB", "id_format"),
        ("210204197002300011", "id_birth_date"),  # 30 February
        ("210204209901010011", "id_birth_date"),  # born in the future
    ],
)
def test_malformed_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(DomainError) as caught:
        idnumbers.parse(value, today=datetime.date(2026, 11, 1))
    assert caught.value.code == code
    assert "id_number" in caught.value.errors


def test_wrong_check_digit_names_the_right_one():
    good = id_number()
    with pytest.raises(DomainError) as caught:
        idnumbers.parse(bad_check_digit(good))
    assert caught.value.code == "id_checksum"
    assert good[-1] in str(caught.value)


def _number(area: str, birth: str) -> str:
    body = f"{area}{birth}001"
    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize("area", ["999999", "000000", "210299", "110199", "719999"])
def test_an_area_code_that_was_never_a_division_is_refused(area):
    with pytest.raises(DomainError) as caught:
        idnumbers.parse(_number(area, "19500101"))
    assert caught.value.code == "id_area"
    assert area in str(caught.value) and list(caught.value.errors) == ["id_number"]


@pytest.mark.parametrize(
    ("area", "birth"),
    [
        ("210204", "19700101"),  # 沙河口区, today's
        ("110103", "19700101"),  # 崇文区, merged into 东城区 in 2010: its people keep their numbers
        ("110104", "20150101"),  # 宣武区, abolished before its holder was born (POLICY.md §5)
        ("110115", "19500101"),  # 大兴区 (2001), younger than its holder
        ("210200", "19700101"),  # a city's own code
        ("810000", "19700101"),  # 香港
    ],
)
def test_codes_of_divisions_past_and_present_are_accepted_whatever_the_birth_year(area, birth):
    assert idnumbers.parse(_number(area, birth)).number.startswith(area)


@pytest.mark.parametrize(("code", "known"), [("210204", True), ("110103", True), ("999999", False)])
def test_is_division_code(code, known):
    assert idnumbers.is_division_code(code) is known


def test_mask_keeps_area_and_last_four():
    assert idnumbers.mask("21020419900101123X") == "210204********123X"
    assert idnumbers.mask("123") == "***"
    assert idnumbers.reversed_key("210204") == "402012"
