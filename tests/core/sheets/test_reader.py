import pytest

from dibao.core.errors import DomainError
from dibao.core.sheets import reader

from ...factories import id_number
from ...registry.roster.files import HEADERS, csv_bytes, row, with_sheet_text, xlsx_bytes

NUMBER = "210204197001010014"  # a valid ID number without X, so it fits a number cell


def test_csv_encodings_are_detected():
    rows = [row(NUMBER, "张三", NUMBER, 家庭住址="海州街1号")]
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"):
        table = reader.read("名册.csv", csv_bytes(rows, encoding))
        assert table.headers == HEADERS, encoding
        assert table.rows[0][1] == "张三" and table.rows[0][5] == "海州街1号", encoding


def test_rows_are_numbered_as_the_spreadsheet_shows_them():
    table = reader.read("a.xlsx", xlsx_bytes([row(NUMBER, "张三", NUMBER)], title="海州社区低保花名册"))
    assert table.first_row == 3  # title on row 1, header on row 2
    assert table.headers == HEADERS


def test_number_cells_come_back_as_their_digits():
    cells = row(NUMBER, "张三", NUMBER, 联系电话=13800000000, 月收入=300, 银行账号=622848000000001)
    table = reader.read("a.xlsx", xlsx_bytes([cells]))
    line = dict(zip(table.headers, table.rows[0], strict=True))
    assert (line["联系电话"], line["月收入"], line["银行账号"]) == ("13800000000", "300", "622848000000001")
    assert not table.lossy


def test_an_id_number_excel_cut_to_15_digits_is_marked_lossy():
    table = reader.read("a.xlsx", xlsx_bytes([row(NUMBER, "张三", int(NUMBER))]))
    assert table.lossy == {(0, HEADERS.index("身份证号"))}


def test_an_id_number_written_whole_in_a_number_cell_is_read_exactly():
    content = xlsx_bytes([row(int(NUMBER), "张三", int(NUMBER))])
    # A generator that writes every digit, as some do: the float would end in …016, not …014.
    content = with_sheet_text(content, {"<v>2.1020419700101E+17</v>": f"<v>{NUMBER}</v>"})
    table = reader.read("a.xlsx", content)
    assert table.rows[0][0] == table.rows[0][2] == NUMBER
    assert not table.lossy


def test_text_marks_are_removed_and_x_kept_for_the_parser():
    number = next(n for n in (id_number() for _ in range(200)) if n.endswith("X"))
    lower = number[:-1] + "x"
    content = csv_bytes([row(f"'{number}", "张三", f'="{lower}"'), row(number, "李四", f"‘{lower}")])
    table = reader.read("a.csv", content)
    assert table.rows[0][0] == number and table.rows[0][2] == lower and table.rows[1][2] == lower


def test_tab_separated_text_and_trailing_blank_rows():
    text = "\t".join(HEADERS) + "\n" + "\t".join(row(NUMBER, "张三", NUMBER)) + "\n\n\t\t\n"
    table = reader.read("a.txt", text.encode("gbk"))
    assert len(table.rows) == 1 and table.rows[0][1] == "张三"


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.pdf", b"%PDF"), ("a.xlsx", b"\x00\x01not a zip"), ("a.csv", b""), ("a.csv", b"\n\n")],
)
def test_unreadable_files_raise_a_domain_error(name, content):
    with pytest.raises(DomainError):
        reader.read(name, content)


def test_files_over_the_limit_are_refused(settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(DomainError) as refused:
        reader.read("a.csv", csv_bytes([row(NUMBER, "张三", NUMBER)]))
    assert refused.value.code == "too_large"


def test_the_header_an_import_recognises_is_found_under_a_title_block():
    content = "某社区低保花名册,2026年3月,制表单位\n\n姓名,金额,结果,备注\n张三,520,成功,\n".encode()
    assert reader.read("a.csv", content).headers == ["某社区低保花名册", "2026年3月", "制表单位"]
    table = reader.read("a.csv", content, is_header=lambda cells: "金额" in cells)
    assert table.headers == ["姓名", "金额", "结果", "备注"]
    assert table.rows == [["张三", "520", "成功", ""]] and table.first_row == 4
