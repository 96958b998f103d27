"""The signed covenant as a DOCX in the layout of administrative documents (NĐ 30/2020).

The document is official and always in Vietnamese, whatever the reader's UI
language: the fixed phrases below are the document's own text, not UI strings.
"""

import io

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from blocs.models import MembershipRole
from mongcai.lib.numbers import format_decimal

from .models import CriterionKind

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
KIND_HEADINGS = {
    CriterionKind.CRITERION: "Tiêu chí chấm điểm",
    CriterionKind.BONUS: "Điểm thưởng",
    CriterionKind.PENALTY: "Điểm trừ",
}


def _paragraph(doc, text="", *, bold=False, italic=False, align=None, size=14, space_after=6):
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = bold
    run.italic = italic
    run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def _cell(cell, text, *, bold=False, align=None, size=13):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align


def _points(value) -> str:
    return format_decimal(value, "vi")


def covenant_docx(covenant, members) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(14)

    header = doc.add_table(rows=2, cols=2)
    _cell(header.cell(0, 0), covenant.bloc.name.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(header.cell(0, 1), NATIONAL_TITLE, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(header.cell(1, 0), "", align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(header.cell(1, 1), MOTTO, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    signed = timezone.localtime(covenant.signed_at) if covenant.signed_at else None
    place_date = (
        f"{covenant.place}, ngày {signed.day:02d} tháng {signed.month:02d} năm {signed.year}"
        if signed
        else f"{covenant.place}, ngày … tháng … năm {covenant.year}"
    )
    _paragraph(doc, place_date, italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, "GIAO ƯỚC THI ĐUA", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0)
    _paragraph(doc, covenant.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(doc, f"Phong trào: {covenant.campaign.name}", italic=True)
    if covenant.preamble:
        _paragraph(doc, covenant.preamble)

    _paragraph(doc, "I. NỘI DUNG GIAO ƯỚC", bold=True)
    for number, commitment in enumerate(covenant.commitments.select_related("indicator"), 1):
        text = f"{number}. {commitment.text}"
        if commitment.indicator_id:
            text += f" (chỉ tiêu {commitment.indicator.code} – {commitment.indicator.name})"
        _paragraph(doc, text)

    _paragraph(doc, "II. TIÊU CHÍ VÀ THANG ĐIỂM", bold=True)
    criteria = list(covenant.criteria.all())
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(
        table.rows[0].cells, ["TT", "Nội dung", "Loại", "Điểm tối đa"], strict=True
    ):
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for number, criterion in enumerate(criteria, 1):
        cells = table.add_row().cells
        _cell(cells[0], str(number), align=WD_ALIGN_PARAGRAPH.CENTER)
        _cell(cells[1], criterion.title)
        _cell(cells[2], KIND_HEADINGS[criterion.kind])
        _cell(cells[3], _points(criterion.max_points), align=WD_ALIGN_PARAGRAPH.RIGHT)
    total = sum((c.max_points for c in criteria if c.kind == CriterionKind.CRITERION), start=0)
    cells = table.add_row().cells
    _cell(cells[1], "Tổng điểm tiêu chí", bold=True)
    _cell(cells[3], _points(total), bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)

    _paragraph(doc, "")
    _paragraph(doc, "III. CÁC ĐƠN VỊ KÝ GIAO ƯỚC", bold=True)
    signatures = {s.unit_id: s for s in covenant.signatures.all()}
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["TT", "Đơn vị", "Người ký, chức vụ", "Thời điểm ký"], strict=True
    ):
        _cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for number, membership in enumerate(members, 1):
        signature = signatures.get(membership.unit_id)
        cells = table.add_row().cells
        _cell(cells[0], str(number), align=WD_ALIGN_PARAGRAPH.CENTER)
        unit = membership.unit.name
        if membership.role == MembershipRole.HEAD:
            unit += " (Trưởng khối)"
        elif membership.role == MembershipRole.DEPUTY:
            unit += " (Phó Trưởng khối)"
        _cell(cells[1], unit)
        if signature:
            who = signature.signer_name
            if signature.signer_position:
                who += f", {signature.signer_position}"
            _cell(cells[2], who)
            _cell(cells[3], timezone.localtime(signature.signed_at).strftime("%d/%m/%Y %H:%M"))
        else:
            _cell(cells[2], "(chưa ký)")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
