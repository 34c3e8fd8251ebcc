"""The printed page every document is made on (`core.pdf`): a real PDF of A4, portrait or
landscape, whose every font is the simplified-Chinese one, with the day it was printed in its foot."""

import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from dibao.core.pdf import LANDSCAPE, PORTRAIT, render_pdf

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts") and shutil.which("pdftoppm")),
    reason="poppler-utils (pdftotext, pdffonts, pdftoppm) not installed",
)


def text_and_fonts(pdf: bytes, tmp_path) -> tuple[str, str]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    assert (tmp_path / "page-1.png").stat().st_size > 1000
    assert_simplified_chinese_fonts_only(fonts)
    return text, fonts


def assert_simplified_chinese_fonts_only(fonts: str) -> None:
    """Every font of the PDF (`pdffonts`' table) is Noto Sans or Serif CJK SC: not the Japanese
    variant, nor a serif Latin font, in a footer or anywhere else."""
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert names, fonts
    others = [n for n in names if not re.search(r"Noto-?S(ans|erif)-?CJK-?SC", n.split("+")[-1])]
    assert others == [], fonts


def page_size(pdf: bytes, tmp_path) -> tuple[float, float]:
    path = tmp_path / "size.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    found = re.search(r"Page size:\s+([0-9.]+) x ([0-9.]+) pts", info)
    assert found, info
    return float(found[1]), float(found[2])


def test_the_printed_page_is_a4_with_the_day_printed_in_chinese_fonts_only(tmp_path):
    pdf = render_pdf("dibao/print/base.html", {})
    text, _fonts = text_and_fonts(pdf, tmp_path)
    assert f"{timezone.localdate():%Y-%m-%d}" in text and "1/1" in text.replace(" ", "")
    width, height = page_size(pdf, tmp_path)
    assert round(width) == 595 and round(height) == 842  # A4 in points


def test_a_landscape_page_is_turned(tmp_path):
    width, height = page_size(render_pdf("dibao/print/base.html", {}, page=LANDSCAPE), tmp_path)
    assert (round(width), round(height)) == (842, 595)
    assert render_pdf("dibao/print/base.html", {}, page=PORTRAIT) != b""
