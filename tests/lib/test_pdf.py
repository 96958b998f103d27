"""The shared PDF fonts draw every Vietnamese letter (no missing-glyph boxes)."""

import io

import pdfplumber
from reportlab.pdfgen import canvas

from mongcai.lib import pdf

TEXT = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc; ữ ỹ ặ ẵ ờ ở ợ ự ừ"


def test_the_fonts_cover_vietnamese_and_the_text_reads_back():
    pdf.register_fonts()
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=pdf.PAGE)
    for y, name in enumerate((pdf.FONT, pdf.FONT_BOLD, pdf.FONT_ITALIC, pdf.FONT_BOLD_ITALIC)):
        page.setFont(name, 12)
        page.drawString(pdf.MARGIN_LEFT, 700 - 20 * y, TEXT)
    page.save()
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as document:
        text = document.pages[0].extract_text()
    assert text.count("Độc lập - Tự do - Hạnh phúc") == 4
    assert "ữ ỹ ặ ẵ ờ ở ợ ự ừ" in text


def test_styles_use_the_registered_family():
    assert pdf.styles()["body"].fontName == pdf.FONT
    assert pdf.styles()["heading"].fontName == pdf.FONT_BOLD
