"""The dossier's papers as DOCX: the achievement report (báo cáo thành tích) in the
prescribed form's headings (awards.dossiers.REPORT_FORMS) and the proposal letter
(tờ trình), both in the layout of Nghị định 30/2020/NĐ-CP as the decision has it
(awards.document: header, fonts, margins, page numbers).

The report's figures table says of each figure where it came from, or that it was
typed. The numbers (Số: …/TTr-…) are left for the clerk, as the minutes do.
"""

import io

from django.utils import timezone, translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from .document import (
    APPENDIX_PT,
    BODY_PT,
    HEADER_COLUMNS,
    HEADER_PT,
    MOTTO_PT,
    NUMBER_PT,
    RULE_SHARE,
    SIGNATURE_SPACE_PT,
    TAGLINE,
    TAGLINE_PT,
    TEXT_WIDTH,
    _body_paragraph,
    _clear,
    _lines,
    _paragraph,
    _row_flags,
    _rule,
    _setup,
    _table,
    balanced_lines,
    text_width_mm,
)
from .dossiers import REPORT_FORMS, figure_text, figure_unit, target_text
from .models import Authority, Dossier, FigureSection, FigureSource
from .wording import place_date

# STT, figure, value, target (share), source (mm; the text is 165 mm wide)
FIGURE_COLUMNS = (13, 55, 30, 30, 37)
SECTION_WORDS = {
    FigureSection.INDICATORS: "Kết quả thực hiện các chỉ tiêu",
    FigureSection.COVENANT: "Kết quả chấm điểm, xếp hạng giao ước thi đua",
    FigureSection.AWARDS: "Danh hiệu thi đua, hình thức khen thưởng đã nhận",
    FigureSection.INITIATIVES: "Sáng kiến được công nhận",
    FigureSection.OTHER: "Số liệu khác",
}
SOURCE_WORDS = {
    FigureSource.TALLY: "Tổng hợp báo cáo đã duyệt",
    FigureSource.SCORECARD: "Bảng điểm giao ước",
    FigureSource.DECISION: "Quyết định khen thưởng",
    FigureSource.INITIATIVE: "Sáng kiến được công nhận",
    FigureSource.TYPED: "Do đơn vị nhập",
}


def _title_name(dossier: Dossier) -> str:
    title = dossier.nomination.title
    return title.decision_name or title.name


def _place(dossier: Dossier) -> str:
    """The place of the date line: the organiser's authority's (as the minutes write it)."""
    organiser = dossier.nomination.campaign.organiser
    authority = Authority.objects.filter(organiser=organiser).order_by("pk").first()
    return authority.place if authority is not None else organiser.name


def _header(document, dossier: Dossier, symbol: str):
    nomination = dossier.nomination
    unit = nomination.unit
    left_width, right_width = HEADER_COLUMNS
    table = _table(document, HEADER_COLUMNS, rows=2)
    left, right = table.rows[0].cells
    number, date = table.rows[1].cells
    for cell in (left, right, number, date):
        _clear(cell)
    if unit.parent_id:
        _lines(
            left, balanced_lines(unit.parent.name.upper(), HEADER_PT, left_width), size=HEADER_PT
        )
    body = balanced_lines(unit.name.upper(), HEADER_PT, left_width)
    _lines(left, body, bold=True, size=HEADER_PT)
    _rule(left, max(text_width_mm(line, HEADER_PT) for line in body) * RULE_SHARE, left_width)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=MOTTO_PT)
    _paragraph(right, TAGLINE, bold=True, size=TAGLINE_PT)
    _rule(right, text_width_mm(TAGLINE, TAGLINE_PT), right_width)
    if symbol:
        _paragraph(number, f"Số:        /{symbol}", size=NUMBER_PT, before=6)
    day = timezone.localtime(dossier.confirmed_at or dossier.updated_at).date()
    _paragraph(date, place_date(_place(dossier), day), italic=True, size=BODY_PT, before=6)


def _signatures(document, pairs):
    table = _table(document, (TEXT_WIDTH / 2, TEXT_WIDTH / 2))
    _row_flags(table.rows[0], "cantSplit")
    for cell, (position, note, name) in zip(table.rows[0].cells, pairs, strict=True):
        _clear(cell)
        _paragraph(cell, position, bold=True, before=12)
        _paragraph(cell, note, italic=True)
        _paragraph(cell, "", after=SIGNATURE_SPACE_PT)
        _paragraph(cell, name, bold=True)


def _name(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _text(document, text: str):
    for line in text.splitlines():
        if line.strip():
            _body_paragraph(document, line.strip())


def _figures_table(document, dossier: Dossier):
    figures = list(dossier.figures.all())
    number = 0
    for code, _label in FigureSection.choices:
        rows = [f for f in figures if f.section == code]
        if not rows:
            continue
        _body_paragraph(document, f"{SECTION_WORDS[code]}:", keep_with_next=True)
        table = _table(document, FIGURE_COLUMNS, rows=1, borders=True)
        _row_flags(table.rows[0], "tblHeader", "cantSplit")
        for cell, text in zip(
            table.rows[0].cells,
            ("STT", "Nội dung", "Kết quả", "Chỉ tiêu (tỷ lệ)", "Nguồn số liệu"),
            strict=True,
        ):
            _clear(cell)
            _paragraph(cell, text, bold=True, size=APPENDIX_PT)
        for figure in rows:
            number += 1
            row = table.add_row()
            _row_flags(row, "cantSplit")
            source = (
                "Do đơn vị nhập (không lấy từ dữ liệu)"
                if figure.typed
                else f"{SOURCE_WORDS[figure.source]}: {figure.source_label}"
            )
            value = figure_text(figure) or figure.note
            texts = (str(number), figure.label, value, target_text(figure), source)
            for index, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
                _clear(cell)
                align = WD_ALIGN_PARAGRAPH.CENTER if index == 0 else WD_ALIGN_PARAGRAPH.LEFT
                _paragraph(cell, text, size=APPENDIX_PT, align=align)
        _paragraph(document, "", after=6)
    typed = sum(f.typed for f in figures)
    _body_paragraph(
        document,
        f"Các số liệu trên lấy từ dữ liệu của hệ thống, trừ {typed:02d} số liệu do đơn vị "
        "nhập (ghi “Do đơn vị nhập”)."
        if typed
        else "Các số liệu trên đều lấy từ dữ liệu của hệ thống (báo cáo, bảng tổng hợp, "
        "quyết định khen thưởng).",
        italic=True,
    )


def _report(dossier: Dossier) -> bytes:
    nomination = dossier.nomination
    form = REPORT_FORMS[nomination.recipient_kind]
    document = Document()
    _setup(document)
    _header(document, dossier, "")
    _paragraph(document, "BÁO CÁO THÀNH TÍCH", bold=True, before=18)
    summary = f"ĐỀ NGHỊ TẶNG {_title_name(dossier).upper()}"
    _paragraph(document, summary, bold=True)
    _rule(document, min(text_width_mm(summary, BODY_PT), TEXT_WIDTH) * RULE_SHARE, TEXT_WIDTH)
    _paragraph(
        document,
        f"({form['name']}, {form['instrument']})",
        italic=True,
        size=APPENDIX_PT,
        before=6,
        after=6,
    )
    _body_paragraph(document, str(nomination.nominee), label="Tên tập thể, cá nhân đề nghị:")
    overview, achievements, awards = form["headings"]
    _paragraph(document, overview, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, after=6)
    _text(document, dossier.overview)
    _paragraph(document, achievements, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, after=6)
    _text(document, dossier.achievements)
    _figures_table(document, dossier)
    if dossier.measures.strip():
        _body_paragraph(document, "", label="Những biện pháp hoặc nguyên nhân đạt được thành tích:")
        _text(document, dossier.measures)
    _paragraph(document, awards, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, after=6)
    earlier = [f for f in dossier.figures.all() if f.section == FigureSection.AWARDS]
    if earlier:
        for figure in earlier:
            _body_paragraph(document, f"- {figure.label}: {figure.note}.")
    else:
        _body_paragraph(document, "Chưa có.")
    head = _name(dossier.confirmed_by) if dossier.is_confirmed else ""
    if nomination.person_id:
        pairs = (
            ("THỦ TRƯỞNG ĐƠN VỊ", "XÁC NHẬN, ĐỀ NGHỊ (ký, đóng dấu)", head),
            ("NGƯỜI BÁO CÁO THÀNH TÍCH", "(ký, ghi rõ họ và tên)", nomination.person.full_name),
        )
    else:
        pairs = (
            ("THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN", "XÁC NHẬN, ĐỀ NGHỊ (ký, đóng dấu)", ""),
            ("THỦ TRƯỞNG ĐƠN VỊ", "(ký, đóng dấu)", head),
        )
    _signatures(document, pairs)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _proposal(dossier: Dossier) -> bytes:
    nomination = dossier.nomination
    document = Document()
    _setup(document)
    _header(document, dossier, "TTr")
    _paragraph(document, "TỜ TRÌNH", bold=True, before=18)
    summary = f"Về việc đề nghị tặng {_title_name(dossier)}"
    _paragraph(document, summary, bold=True)
    _rule(document, min(text_width_mm(summary, BODY_PT), TEXT_WIDTH) * RULE_SHARE, TEXT_WIDTH)
    _paragraph(
        document,
        f"Kính gửi: Hội đồng Thi đua - Khen thưởng {nomination.campaign.organiser.name}",
        before=6,
        after=12,
    )
    _text(document, dossier.proposal)
    unit = figure_unit(nomination)
    _body_paragraph(
        document,
        f"Hồ sơ kèm theo: Báo cáo thành tích của {nomination.nominee} "
        f"({unit.name}) có xác nhận của thủ trưởng đơn vị"
        + (f"; {dossier.files.count():02d} tệp minh chứng" if dossier.files.exists() else "")
        + ".",
    )
    _body_paragraph(
        document,
        f"{nomination.unit.name} kính trình Hội đồng xem xét, quyết định./.",
        keep_with_next=True,
    )
    table = _table(document, (TEXT_WIDTH / 2, TEXT_WIDTH / 2))
    _row_flags(table.rows[0], "cantSplit")
    left, right = table.rows[0].cells
    for cell in (left, right):
        _clear(cell)
    recipients = _paragraph(left, "", align=WD_ALIGN_PARAGRAPH.LEFT, before=12)
    run = recipients.add_run("Nơi nhận:")
    run.bold = run.italic = True
    _lines(left, ["- Như trên;", "- Lưu: VT."], size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(right, "THỦ TRƯỞNG ĐƠN VỊ", bold=True, before=12)
    _paragraph(right, "", after=SIGNATURE_SPACE_PT)
    _paragraph(right, _name(dossier.confirmed_by) if dossier.is_confirmed else "", bold=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_docx(dossier: Dossier) -> bytes:
    # An official document: Vietnamese whatever the user's UI language.
    with translation.override("vi"):
        return _report(dossier)


def proposal_docx(dossier: Dossier) -> bytes:
    with translation.override("vi"):
        return _proposal(dossier)
