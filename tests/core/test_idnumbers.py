import datetime

import pytest

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


def test_area_code_is_not_checked_against_current_divisions():
    # 999999 is no division at all; holders of numbers from abolished divisions must still register.
    body = "99999919500101001"
    from stdnum.cn import ric

    assert idnumbers.parse(body + ric.calc_check_digit(body + "0")).number.startswith("999999")


def test_mask_keeps_area_and_last_four():
    assert idnumbers.mask("21020419900101123X") == "210204********123X"
    assert idnumbers.mask("123") == "***"
    assert idnumbers.reversed_key("210204") == "402012"
