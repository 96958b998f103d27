"""The decision as a DOCX in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I
(DESIGN.md rule 8; what was checked against the decree: docs/awards.md).

The wording comes from `wording.py`, the recipients from `listing.py`; the print
view draws the same header from `header_layout`. The appendix clones one
template table row per recipient as XML.
"""

import copy
import io
import unicodedata

from django.utils import translation
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from .listing import Progress, appendix_headers, position_and_unit, recipient_rows
from .models import Decision
from .services import decision_totals
from .wording import (
    Article,
    appendix_heading,
    articles,
    copies_to,
    date_line,
    legal_basis_lines,
    money,
    signature_lines,
)

# Sizes in points, widths in millimetres. A4 portrait; margins top/bottom 20-25,
# left 30-35, right 15-20: 20/20/30/15 leaves a 165 mm line.

FONT = "Times New Roman"
BODY_PT = 14  # text, căn cứ, QUYẾT ĐỊNH, the signature block (13-14)
MOTTO_PT = 12  # quốc hiệu (12-13): 88 mm wide in bold, one line in the 97 mm column
HEADER_PT = 12  # governing and issuing bodies (12-13)
TAGLINE_PT = 13  # tiêu ngữ (13-14)
NUMBER_PT = 13  # số, ký hiệu (13)
TEXT_WIDTH = 165
HEADER_COLUMNS = (68, 97)  # issuing body | quốc hiệu
SIGNATURE_COLUMNS = (80, 85)  # nơi nhận | signature
# Appendix: no., name, unit, title, achievement[, amount]: the achievement gets the
# room; without any cash the amount column goes and gives its width to it.
APPENDIX_COLUMNS = (12, 36, 30, 24, 39, 24)
APPENDIX_COLUMNS_NO_CASH = (12, 40, 34, 24, 55)
APPENDIX_PT = 12
SIGNATURE_SPACE_PT = 60  # room for the signature and the seal between position and name

# Advance widths of Times New Roman Bold (per 2048 units; Liberation Serif, which
# LibreOffice uses in its place, has the same metrics) for ASCII 32-126: enough to
# size the rules under the tiêu ngữ and the names and to break a long name where
# an officer would. Letters with diacritics take their base letter's width.
# fmt: off
_BOLD_WIDTHS = (
    512, 682, 1137, 1024, 1024, 2048, 1706, 569, 682, 682, 1024, 1167, 512, 682, 512, 569,
    1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024, 682, 682, 1167, 1167, 1167,
    1024, 1905, 1479, 1366, 1479, 1479, 1366, 1251, 1593, 1593, 797, 1024, 1593, 1366, 1933,
    1479, 1593, 1251, 1593, 1479, 1139, 1366, 1479, 1479, 2048, 1479, 1479, 1366, 682, 569,
    682, 1190, 1024, 682, 1024, 1139, 909, 1139, 909, 682, 1024, 1139, 569, 682, 1139, 569,
    1706, 1139, 1024, 1139, 1139, 909, 797, 682, 1139, 1024, 1479, 1024, 1024, 909, 807, 451,
    807, 1065,
)
# fmt: on


def text_width_mm(text: str, size_pt: float) -> float:
    """The printed width of `text` in bold at `size_pt`."""
    units = 0
    for char in fold_marks(text):
        code = ord(char)
        units += _BOLD_WIDTHS[code - 32] if 32 <= code < 127 else 1366
    return units / 2048 * size_pt * 25.4 / 72


def fold_marks(text: str) -> str:
    """The base letters: Ộ is as wide as O; Đ as D."""
    decomposed = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def balanced_lines(text: str, size_pt: float, width_mm: float) -> list[str]:
    """A name on one line if it fits, else on two lines as even as the words allow
    ("ỦY BAN NHÂN DÂN / THÀNH PHỐ MÓNG CÁI"), as Phụ lục I lets a long name run."""
    if text_width_mm(text, size_pt) <= width_mm:
        return [text]
    words = text.split()
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    if not splits:
        return [text]
    return list(min(splits, key=lambda pair: max(text_width_mm(t, size_pt) for t in pair)))


def _run(paragraph, text, *, bold=False, italic=False, size=BODY_PT):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return run


def _paragraph(
    container,
    text="",
    *,
    bold=False,
    italic=False,
    size=BODY_PT,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    before=0,
    after=0,
):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _body_paragraph(container, text, *, label="", italic=False, keep_with_next=False):
    """Text of the decision: justified, first line indented 1.27 cm, 6 pt between
    paragraphs (Phụ lục I: at least 6 pt; single to 1.5 line spacing)."""
    paragraph = _paragraph(
        container, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, italic=italic, size=BODY_PT
    )
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Mm(12.7)
    fmt.line_spacing = 1.1
    fmt.keep_with_next = keep_with_next
    if label:
        _run(paragraph, f"{label} ", bold=True)
    _run(paragraph, text, italic=italic)
    return paragraph


def _lines(container, lines: list[str], **style):
    """Several lines in one paragraph, broken where `lines` says."""
    paragraph = _paragraph(container, **style)
    for index, line in enumerate(lines):
        run = _run(
            paragraph,
            line,
            bold=style.get("bold", False),
            italic=style.get("italic", False),
            size=style.get("size", BODY_PT),
        )
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _rule(container, length_mm: float, within_mm: float):
    """A solid rule of `length_mm`, centred: the bottom border of an empty paragraph
    indented from both sides (a border, not a drawing, so it stays where the text is)."""
    paragraph = _paragraph(container, before=2)
    side = max((within_mm - length_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{name}"), value)
    borders.append(bottom)
    p_pr.insert_element_before(borders, *_AFTER_BORDERS)
    # The empty paragraph is 2 pt high, so the rule sits just under the line above.
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    p_pr.append(mark)
    return paragraph


# What follows w:pBdr in a paragraph's properties (the schema's order, which Word checks).
_AFTER_BORDERS = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def _table(document, widths_mm, *, rows=1, borders=False):
    """A table with fixed column widths (Word and LibreOffice otherwise share the
    width equally) and, without borders, no cell padding at the sides."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if borders:
        table.style = "Table Grid"
    else:
        existing = table._tbl.tblPr.find(qn("w:tblBorders"))
        if existing is not None:
            table._tbl.tblPr.remove(existing)
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            margin = OxmlElement(f"w:{side}")
            margin.set(qn("w:w"), "0")
            margin.set(qn("w:type"), "dxa")
            margins.append(margin)
        table._tbl.tblPr.append(margins)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    return table


def _row_flags(row, *flags):
    """cantSplit (the row stays on one page), tblHeader (repeated on every page)."""
    tr_pr = row._tr.get_or_add_trPr()
    for flag in flags:
        tr_pr.append(OxmlElement(f"w:{flag}"))


def _clear(cell):
    """A new cell holds one empty paragraph; the layout adds its own."""
    for paragraph in cell.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)


def _setup(document):
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(BODY_PT)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    # Page numbers centred in the top margin, from 1, not shown on the first page.
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        run = _run(number, "", size=BODY_PT)
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.text = text
            run._r.append(instruction)


def header_layout(decision: Decision) -> dict:
    """Where the header's names break and how long its rules are: the DOCX and the
    print view draw the same header."""
    authority = decision.authority
    left_width = HEADER_COLUMNS[0]
    body = balanced_lines(authority.body.upper(), HEADER_PT, left_width)
    summary_width = min(text_width_mm(decision.summary, BODY_PT), TEXT_WIDTH)
    return {
        "parent": (
            balanced_lines(authority.parent_body.upper(), HEADER_PT, left_width)
            if authority.parent_body
            else []
        ),
        "body": body,
        "body_rule": round(max(text_width_mm(line, HEADER_PT) for line in body) * RULE_SHARE, 1),
        "tagline_rule": round(text_width_mm(TAGLINE, TAGLINE_PT), 1),
        "summary_rule": round(summary_width * RULE_SHARE, 1),
    }


def _header(document, decision: Decision, layout: dict):
    """Issuing body and number on the left, quốc hiệu, tiêu ngữ and date on the right."""
    left_width, right_width = HEADER_COLUMNS
    table = _table(document, HEADER_COLUMNS, rows=2)
    left, right = table.rows[0].cells
    number, date = table.rows[1].cells
    for cell in (left, right, number, date):
        _clear(cell)
    if layout["parent"]:
        _lines(left, layout["parent"], size=HEADER_PT)
    _lines(left, layout["body"], bold=True, size=HEADER_PT)
    _rule(left, layout["body_rule"], left_width)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=MOTTO_PT)
    _paragraph(right, TAGLINE, bold=True, size=TAGLINE_PT)
    _rule(right, layout["tagline_rule"], right_width)
    _paragraph(number, f"Số: {decision.reference}", size=NUMBER_PT, before=6)
    _paragraph(date, date_line(decision), italic=True, size=BODY_PT, before=6)


TAGLINE = "Độc lập - Tự do - Hạnh phúc"
# Rules under the issuing body and the trích yếu: 1/3 to 1/2 of the text's length.
RULE_SHARE = 0.4


def _body(document, decision: Decision, texts: list[Article], layout: dict):
    _paragraph(document, "QUYẾT ĐỊNH", bold=True, before=18)
    _paragraph(document, decision.summary, bold=True)
    _rule(document, layout["summary_rule"], TEXT_WIDTH)
    _paragraph(document, decision.authority.name.upper(), bold=True, before=12, after=12)
    for line in legal_basis_lines(decision):
        _body_paragraph(document, line, italic=True)
    _paragraph(document, "QUYẾT ĐỊNH:", bold=True, before=6, after=12)
    paragraphs = [(a.label if i == 0 else "", p) for a in texts for i, p in enumerate(a.paragraphs)]
    for index, (label, text) in enumerate(paragraphs):
        # The last article travels with the signature block onto the next page, so
        # the signature is never alone on a page.
        _body_paragraph(document, text, label=label, keep_with_next=index == len(paragraphs) - 1)


def _signature(document, decision: Decision, texts: list[Article]):
    """Nơi nhận on the left (12 pt bold italic, lines 11 pt), quyền hạn, chức vụ and
    name on the right; one row that does not split, so the name stays with the title."""
    table = _table(document, SIGNATURE_COLUMNS)
    _row_flags(table.rows[0], "cantSplit")
    left, right = table.rows[0].cells
    _clear(left)
    _clear(right)
    _paragraph(
        left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, before=6
    )
    for line in copies_to(decision, texts):
        _paragraph(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    lines = signature_lines(decision)
    for index, line in enumerate(lines):
        _paragraph(right, line, bold=True, before=6 if index == 0 else 0)
    _paragraph(right, decision.signer_name, bold=True, before=SIGNATURE_SPACE_PT)


def _appendix(document, decision: Decision, totals: dict, progress: Progress):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    title, subtitle = appendix_heading(decision)
    _paragraph(document, title, bold=True)
    _paragraph(document, subtitle, italic=True, after=12)
    with_cash = bool(totals["total"])
    widths = APPENDIX_COLUMNS if with_cash else APPENDIX_COLUMNS_NO_CASH
    columns = appendix_headers()
    table = _table(document, widths, rows=2, borders=True)
    _row_flags(table.rows[0], "cantSplit", "tblHeader")
    _row_flags(table.rows[1], "cantSplit")
    for cell, text in zip(table.rows[0].cells, columns, strict=False):
        _clear(cell)
        _paragraph(cell, text, bold=True, size=APPENDIX_PT)
    alignments = [WD_ALIGN_PARAGRAPH.CENTER, *[WD_ALIGN_PARAGRAPH.LEFT] * 4]
    alignments.append(WD_ALIGN_PARAGRAPH.RIGHT)
    for cell, align in zip(table.rows[1].cells, alignments, strict=False):
        _clear(cell)
        _paragraph(cell, "-", size=APPENDIX_PT, align=align)
    # One template row cloned per recipient: building cells through python-docx
    # objects costs ~1 ms each, and 60,000 of them would not fit in the budget.
    template = table.rows[1]._tr
    body = table._tbl
    body.remove(template)
    text_tag = qn("w:t")
    for row in recipient_rows(decision, progress):
        tr = copy.deepcopy(template)
        values = [row[0], row[1], position_and_unit(row), row[4], row[5], money(row[7])]
        values = values[: len(widths)]
        for node, value in zip(tr.iter(text_tag), values, strict=True):
            node.text = str(value)
        body.append(tr)


def decision_docx(decision: Decision, progress: Progress = None) -> bytes:
    # An official document: Vietnamese whatever the admin's UI language (headers() etc.).
    with translation.override("vi"):
        return _decision_docx(decision, progress)


def _decision_docx(decision: Decision, progress: Progress = None) -> bytes:
    totals = decision_totals(decision)
    texts = articles(decision, totals)
    document = Document()
    _setup(document)
    layout = header_layout(decision)
    _header(document, decision, layout)
    _body(document, decision, texts, layout)
    _signature(document, decision, texts)
    _appendix(document, decision, totals, progress)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
