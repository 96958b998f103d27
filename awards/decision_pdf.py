"""The decision as a PDF, in the layout of the DOCX (`document.py`; NĐ 30/2020/NĐ-CP,
Phụ lục I; docs/awards.md): the same header columns and rules (`header_layout`), the
same wording (`wording.py`), the same signature block and appendix columns, drawn
with ReportLab through `mongcai/lib/pdf.py` (Liberation Serif = Times New Roman's
metrics, NĐ 30 margins).

The issued PDF carries an empty signature field (`signatures.with_signature_field`)
for the official's token software to sign into.
"""

import io
from html import escape

from django.utils import translation
from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from mongcai.lib import pdf

from .document import (
    APPENDIX_COLUMNS,
    APPENDIX_COLUMNS_NO_CASH,
    APPENDIX_PT,
    BODY_PT,
    HEADER_COLUMNS,
    HEADER_PT,
    MOTTO_PT,
    NUMBER_PT,
    SIGNATURE_COLUMNS,
    SIGNATURE_SPACE_PT,
    TAGLINE,
    TAGLINE_PT,
    header_layout,
)
from .listing import appendix_headers, position_and_unit, recipient_rows
from .models import Decision
from .services import decision_totals
from .wording import (
    appendix_heading,
    articles,
    copies_to,
    date_line,
    legal_basis_lines,
    money,
    signature_lines,
)

RULE_PT = 0.5


def _style(name, *, size=BODY_PT, bold=False, italic=False, align=TA_CENTER, **extra):
    font = {
        (False, False): pdf.FONT,
        (True, False): pdf.FONT_BOLD,
        (False, True): pdf.FONT_ITALIC,
        (True, True): pdf.FONT_BOLD_ITALIC,
    }[(bold, italic)]
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=size * 1.2, alignment=align, **extra
    )


def _styles() -> dict[str, ParagraphStyle]:
    pdf.register_fonts()
    body = pdf.styles()["body"]
    text = ParagraphStyle(
        "text", parent=body, fontSize=BODY_PT, leading=BODY_PT * 1.1 * 1.15,
        firstLineIndent=12.7 * mm, spaceAfter=6,
    )  # fmt: skip
    return {
        "parent": _style("parent", size=HEADER_PT),
        "body": _style("body", size=HEADER_PT, bold=True),
        "motto": _style("motto", size=MOTTO_PT, bold=True),
        "tagline": _style("tagline", size=TAGLINE_PT, bold=True),
        "number": _style("number", size=NUMBER_PT, spaceBefore=6),
        "date": _style("date", italic=True, spaceBefore=6),
        "title": _style("title", bold=True),
        "text": text,
        "basis": ParagraphStyle("basis", parent=text, fontName=pdf.FONT_ITALIC),
        "copies_head": _style("copies_head", size=12, bold=True, italic=True, align=TA_LEFT),
        "copies": _style("copies", size=11, align=TA_LEFT),
        "signature": _style("signature", bold=True),
        "cell": _style("cell", size=APPENDIX_PT, align=TA_LEFT),
        "cell_centre": _style("cell_centre", size=APPENDIX_PT),
        "cell_right": _style("cell_right", size=APPENDIX_PT, align=TA_RIGHT),
        "cell_head": _style("cell_head", size=APPENDIX_PT, bold=True),
        "subtitle": _style("subtitle", italic=True, spaceAfter=12),
    }


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text), style)


def _lines(lines: list[str], style) -> Paragraph:
    return Paragraph("<br/>".join(escape(line) for line in lines), style)


class _Rule(Flowable):
    """A solid rule of a given length, centred in whatever holds it (a table cell
    included, where ReportLab's HRFlowable takes the cell's whole width)."""

    def __init__(self, length_mm: float):
        super().__init__()
        self.length = length_mm * mm

    def wrap(self, available_width, available_height):
        self.width = available_width
        # Below the descenders of the line above (a paragraph ends 2-3 pt under its
        # baseline, where the descenders are).
        return available_width, 8

    def draw(self):
        start = max((self.width - self.length) / 2, 0)
        self.canv.setLineWidth(RULE_PT)
        self.canv.line(start, 1, start + min(self.length, self.width), 1)


def _rule(length_mm: float) -> Flowable:
    return _Rule(length_mm)


_PLAIN = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
)


def _header(decision: Decision, layout: dict, s: dict) -> Table:
    left = []
    if layout["parent"]:
        left.append(_lines(layout["parent"], s["parent"]))
    left += [_lines(layout["body"], s["body"]), _rule(layout["body_rule"])]
    right = [
        _p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", s["motto"]),
        _p(TAGLINE, s["tagline"]),
        _rule(layout["tagline_rule"]),
    ]
    rows = [
        [left, right],
        [_p(f"Số: {decision.reference}", s["number"]), _p(date_line(decision), s["date"])],
    ]
    return Table(rows, colWidths=[w * mm for w in HEADER_COLUMNS], style=_PLAIN)


def _body(decision: Decision, texts, layout: dict, s: dict) -> list:
    flow = [
        Spacer(0, 18),
        _p("QUYẾT ĐỊNH", s["title"]),
        _p(decision.summary, s["title"]),
        _rule(layout["summary_rule"]),
        Spacer(0, 12),
        _p(decision.authority.name.upper(), s["title"]),
        Spacer(0, 12),
    ]
    flow += [_p(line, s["basis"]) for line in legal_basis_lines(decision)]
    flow += [Spacer(0, 6), _p("QUYẾT ĐỊNH:", s["title"]), Spacer(0, 12)]
    for article in texts:
        for index, text in enumerate(article.paragraphs):
            label = f"<b>{escape(article.label)}</b> " if index == 0 else ""
            flow.append(Paragraph(label + escape(text), s["text"]))
    return flow


def _signature(decision: Decision, texts, s: dict) -> Table:
    left = [Spacer(0, 6), _p("Nơi nhận:", s["copies_head"])]
    left += [_p(line, s["copies"]) for line in copies_to(decision, texts)]
    right = [Spacer(0, 6), _lines(signature_lines(decision), s["signature"])]
    right += [Spacer(0, SIGNATURE_SPACE_PT), _p(decision.signer_name, s["signature"])]
    return Table([[left, right]], colWidths=[w * mm for w in SIGNATURE_COLUMNS], style=_PLAIN)


def _appendix(decision: Decision, totals: dict, s: dict) -> list:
    title, subtitle = appendix_heading(decision)
    with_cash = bool(totals["total"])
    widths = APPENDIX_COLUMNS if with_cash else APPENDIX_COLUMNS_NO_CASH
    head = [_p(text, s["cell_head"]) for text in appendix_headers()[: len(widths)]]
    rows = [head]
    for row in recipient_rows(decision):
        values = [row[0], row[1], position_and_unit(row), row[4], row[5], money(row[7])]
        styles = [s["cell_centre"], *[s["cell"]] * 4, s["cell_right"]]
        rows.append([_p(str(v), st) for v, st in zip(values[: len(widths)], styles, strict=False)])
    table = Table(rows, colWidths=[w * mm for w in widths], repeatRows=1, splitByRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), RULE_PT, black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return [PageBreak(), _p(title, s["title"]), _p(subtitle, s["subtitle"]), table]


def _page_number(canvas, document):
    """Centred in the top margin, from page 2 (Phụ lục I, I.7)."""
    if document.page > 1:
        canvas.saveState()
        canvas.setFont(pdf.FONT, BODY_PT)
        width, height = pdf.PAGE
        canvas.drawCentredString(width / 2, height - 10 * mm - BODY_PT, str(document.page))
        canvas.restoreState()


def decision_pdf(decision: Decision) -> bytes:
    """The decision as a PDF, in Vietnamese whatever the admin's UI language."""
    with translation.override("vi"):
        return _decision_pdf(decision)


def _decision_pdf(decision: Decision) -> bytes:
    s = _styles()
    totals = decision_totals(decision)
    texts = articles(decision, totals)
    layout = header_layout(decision)
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=pdf.PAGE,
        topMargin=pdf.MARGIN_TOP,
        bottomMargin=pdf.MARGIN_BOTTOM,
        leftMargin=pdf.MARGIN_LEFT,
        rightMargin=pdf.MARGIN_RIGHT,
        title=f"Quyết định số {decision.reference}",
        subject=decision.summary,
        author=decision.authority.name,
        creator="Móng Cái emulation tracker",
        lang="vi",
        invariant=1,
    )
    body = _body(decision, texts, layout, s)
    # The last article travels with the signature block: the name never stands alone.
    story = [_header(decision, layout, s), *body[:-1]]
    story.append(KeepTogether([body[-1], _signature(decision, texts, s)]))
    story += _appendix(decision, totals, s)
    # The text runs from margin to margin: no frame padding (ReportLab's default is 6 pt).
    frame = Frame(
        document.leftMargin, document.bottomMargin, document.width, document.height,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
    )  # fmt: skip
    document.addPageTemplates([PageTemplate("page", frames=[frame], onPage=_page_number)])
    document.build(story)
    return buffer.getvalue()
