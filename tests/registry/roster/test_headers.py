import pytest

from dibao.registry.roster import headers


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("身份证号", "id_number"),
        ("公民身份号码", "id_number"),
        ("身份证号码", "id_number"),
        (" 户主身份证 ", "head_id"),
        ("户主身份证号*", "head_id"),
        ("关系", "relation"),
        ("户籍类别", "urban_rural"),
        ("月收入（元）", "monthly_income"),
        ("月收入(元)", "monthly_income"),
        ("ＩＤ　Ｎｕｍｂｅｒ", "id_number"),  # full-width letters and space
        ("Head ID number", "head_id"),
        ("relation_to_head", "relation"),
        ("Monthly income", "monthly_income"),
        ("户编号", "number"),
        ("社区", "community"),
        ("备注", None),
    ],
)
def test_headers_are_recognised(written, key):
    assert headers.key_for(written) == key


def test_missing_required_columns_are_named_in_canonical_words():
    positions, missing = headers.recognise(["姓名", "备注", "公民身份号码"])
    assert positions == {"name": 0, "id_number": 2}
    assert missing == ["户主身份证号", "与户主关系", "城乡类别", "家庭住址"]


def test_the_first_of_two_columns_meaning_the_same_wins():
    positions, _missing = headers.recognise(["身份证号", "公民身份号码"])
    assert positions["id_number"] == 0


def test_a_row_naming_two_required_columns_is_the_header():
    assert headers.is_header(["户主身份证号", "姓名", "备注"])
    assert not headers.is_header(["姓名", "联系电话", "开户银行"])  # one required column only
