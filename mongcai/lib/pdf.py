"""PDF drawing shared by every document the product prints (ReportLab).

NĐ 30/2020/NĐ-CP, Phụ lục I sets Times New Roman. The fonts are Liberation Serif,
metric-compatible with it and carrying every Vietnamese letter, vendored in
`mongcai/fonts/` (SIL Open Font License 1.1, see COPYRIGHT-liberation) so that a
PDF looks the same on every server and no font is fetched.

`register_fonts()` is idempotent; `FONT`, `FONT_BOLD`, `FONT_ITALIC` and
`FONT_BOLD_ITALIC` are the names to draw with, and `styles()` gives the
paragraph styles of an administrative document (13-14 pt body, justified).
"""

from functools import cache
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
FAMILY = "TimesVN"
FONT = FAMILY
FONT_BOLD = f"{FAMILY}-Bold"
FONT_ITALIC = f"{FAMILY}-Italic"
FONT_BOLD_ITALIC = f"{FAMILY}-BoldItalic"
_FILES = {
    FONT: "LiberationSerif-Regular.ttf",
    FONT_BOLD: "LiberationSerif-Bold.ttf",
    FONT_ITALIC: "LiberationSerif-Italic.ttf",
    FONT_BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}

PAGE = A4
# NĐ 30/2020, Phụ lục I, II.1: margins top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm


@cache
def register_fonts() -> None:
    """Register the Times-compatible family once per process."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / filename)))
    pdfmetrics.registerFontFamily(
        FAMILY, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles for platypus documents: body, centred, heading, small."""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=14,
        leading=18,
        alignment=TA_JUSTIFY,
        firstLineIndent=10 * mm,
    )
    return {
        "body": body,
        "left": ParagraphStyle("left", parent=body, alignment=TA_LEFT, firstLineIndent=0),
        "centre": ParagraphStyle("centre", parent=body, alignment=TA_CENTER, firstLineIndent=0),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=FONT_BOLD, alignment=TA_CENTER, firstLineIndent=0
        ),
        "small": ParagraphStyle(
            "small", parent=body, fontSize=12, leading=15, alignment=TA_LEFT, firstLineIndent=0
        ),
    }
