import datetime
from urllib.parse import quote

import pytest

from dibao.core.downloads import (
    PDF,
    XLSX,
    ascii_fallback,
    content_disposition,
    download_name,
    file_response,
    pdf_response,
)


def test_a_chinese_file_name_has_an_ascii_fallback_and_its_utf8_form():
    header = content_disposition('审批表-"张三".pdf')
    utf8 = "%E5%AE%A1%E6%89%B9%E8%A1%A8-%22%E5%BC%A0%E4%B8%89%22.pdf"
    assert header == f"attachment; filename=\"shenpibiao-_zhangsan_.pdf\"; filename*=UTF-8''{utf8}"


def test_every_download_is_named_what_area_and_month():
    name = download_name("低保花名册", "海州社区", datetime.date(2026, 12, 1), "xlsx")
    assert name == "低保花名册-海州社区-2026年12月.xlsx"
    assert content_disposition(name) == (
        'attachment; filename="dibaohuamingce-haizhoushequ-2026nian12yue.xlsx"; '
        f"filename*=UTF-8''{quote(name, safe='')}"
    )
    # Any day of the month names the month; a period names its first and last month.
    assert (
        download_name("公示", "海州社区", datetime.date(2026, 3, 17), ".pdf")
        == "公示-海州社区-2026年03月.pdf"
    )
    period = (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert (
        download_name("低保变更情况", "沙河口区", period, "xlsx")
        == "低保变更情况-沙河口区-2026年01月至2026年06月.xlsx"
    )
    same = (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))
    assert download_name("低保变更情况", "沙河口区", same, "xlsx") == "低保变更情况-沙河口区-2026年06月.xlsx"


@pytest.mark.parametrize(
    ("what", "area", "expected"),
    [
        ('名册/"甲"', "海州 社区", "名册_甲_-海州社区-2026年01月.csv"),  # unsafe characters, spaces
    ],
)
def test_a_name_keeps_nothing_a_file_system_or_the_rule_refuses(what, area, expected):
    assert download_name(what, area, datetime.date(2026, 1, 1), "csv") == expected


def test_the_ascii_fallback_holds_no_quote_no_backslash_and_reads_full_width_forms():
    assert ascii_fallback("审批表（H0001）.pdf") == "shenpibiao(H0001).pdf"
    assert ascii_fallback('a"b\\c;d.pdf') == "a_b_c_d.pdf"
    assert ascii_fallback("") == "download"


def test_an_inline_pdf_is_shown_rather_than_saved():
    response = pdf_response(b"%PDF-1.7", "notice-7.pdf", inline=True)
    assert response["Content-Type"] == PDF
    assert (
        response["Content-Disposition"] == "inline; filename=\"notice-7.pdf\"; filename*=UTF-8''notice-7.pdf"
    )
    assert pdf_response(b"%PDF", "a.pdf")["Content-Disposition"].startswith("attachment;")


def test_bytes_and_open_files_are_both_downloads(tmp_path):
    assert file_response(b"xlsx", "名册.xlsx", XLSX).content == b"xlsx"
    path = tmp_path / "a.csv"
    path.write_bytes(b"a,b\n")
    streamed = file_response(path.open("rb"), "a.csv", "text/csv")
    assert b"".join(streamed.streaming_content) == b"a,b\n"  # type: ignore[attr-defined]
    assert streamed["Content-Disposition"].startswith("attachment;")
