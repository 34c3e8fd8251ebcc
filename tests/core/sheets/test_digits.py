import pytest

from dibao.core.sheets import digits

from ...registry.roster.files import with_sheet_text, xlsx_bytes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("210204197001010014", "210204197001010014"),
        ("2.10204197001010014E+17", "210204197001010014"),
        ("2.1020419700101E+17", None),  # Excel's 15 digits: the last three are made up
        ("1000000000000000", "1000000000000000"),
        ("300.5", None),
        ("-5", None),
        ("abc", None),
    ],
)
def test_whole_integer(text, expected):
    assert digits.whole_integer(text) == expected


def test_written_integers_reads_only_the_wanted_cells():
    content = xlsx_bytes([[210204197001010014, 210204197001010014]], headers=["a", "b"])
    content = with_sheet_text(content, {"<v>2.1020419700101E+17</v>": "<v>210204197001010014</v>"})
    assert digits.written_integers(content, {(1, 1)}) == {(1, 1): "210204197001010014"}


def test_written_integers_of_a_broken_file_is_empty():
    assert digits.written_integers(b"not a zip", {(0, 0)}) == {}
