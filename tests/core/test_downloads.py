from dibao.core.downloads import PDF, XLSX, content_disposition, file_response, pdf_response


def test_a_chinese_file_name_has_an_ascii_fallback_and_its_utf8_form():
    header = content_disposition('审批表-"张三".pdf')
    utf8 = "%E5%AE%A1%E6%89%B9%E8%A1%A8-%22%E5%BC%A0%E4%B8%89%22.pdf"
    assert header == f"attachment; filename=\"___-__.pdf\"; filename*=UTF-8''{utf8}"


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
