"""Exports of a decision: XLSX and CSV of the recipients, the decision as a DOCX.

Every writer streams the recipients from one query (`values_list(...).iterator()`)
and writes rows as they come (openpyxl's write-only mode; for the DOCX, table
rows cloned as XML from one template row), so 10,000 recipients take seconds
and little memory. `progress(done)` is called every PROGRESS_EVERY rows.
"""

import copy
import csv
import io
from collections.abc import Callable, Iterator
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from mongcai.lib.files import DOCX, XLSX
from mongcai.lib.numbers import format_decimal

from .models import Decision, RecipientKind
from .services import decision_totals

PROGRESS_EVERY = 1000
CHUNK = 2000
CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8", "docx": DOCX}
Progress = Callable[[int], None] | None


def headers() -> list[str]:
    return [
        _("No."),
        _("Collective or individual"),
        _("Position"),
        _("Unit"),
        _("Title or form"),
        _("Achievement"),
        _("Coefficient"),
        _("Amount (VND)"),
    ]


def recipient_rows(decision: Decision, progress: Progress = None) -> Iterator[list]:
    """[no., name, position, unit, title, achievement, coefficient, amount] in decision order."""
    rows = (
        decision.recipients.order_by("order", "pk")
        .values_list(
            "recipient_kind",
            "person__full_name",
            "person__position",
            "collective__name",
            "unit__name",
            "title__name",
            "achievement",
            "coefficient",
            "amount",
        )
        .iterator(chunk_size=CHUNK)
    )
    for number, (
        kind,
        person,
        position,
        collective,
        unit,
        title,
        achievement,
        coef,
        amount,
    ) in enumerate(rows, start=1):
        name = person if kind == RecipientKind.INDIVIDUAL else collective
        yield [number, name, position or "", unit, title, achievement, coef, amount]
        if progress and number % PROGRESS_EVERY == 0:
            progress(number)


def filename(decision: Decision, fmt: str) -> str:
    symbol = decision.authority.symbol.replace("Đ", "D").replace("/", "-")
    return f"quyet-dinh-{decision.number}-{symbol}-{decision.year}.{fmt}"


def decision_xlsx(decision: Decision, progress: Progress = None) -> bytes:
    with translation.override("vi"):
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Recipients")[:31])
        for column, width in zip("ABCDEFGH", (6, 32, 24, 36, 28, 48, 10, 16), strict=True):
            sheet.column_dimensions[column].width = width
        bold = Font(bold=True)

        def strong(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.font = bold
            return cell

        sheet.append([strong(_("Decision %(ref)s") % {"ref": decision.reference})])
        sheet.append([decision.summary])
        sheet.append([_("Date"), decision.decided_on])
        sheet.append([])
        sheet.append([strong(h) for h in headers()])
        money = "#,##0"
        for row in recipient_rows(decision, progress):
            amount = WriteOnlyCell(sheet, value=row[7])
            amount.number_format = money
            sheet.append([*row[:7], amount])
        totals = decision_totals(decision)
        sheet.append([])
        sheet.append(
            [
                strong(_("Total")),
                _("%(c)s collectives, %(i)s individuals")
                % {"c": totals["collectives"], "i": totals["individuals"]},
                *[""] * 5,
                strong(totals["total"]),
            ]
        )
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def decision_csv(decision: Decision, progress: Progress = None) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read Vietnamese correctly."""
    with translation.override("vi"):
        text = io.StringIO()
        text.write("\ufeff")
        writer = csv.writer(text)
        writer.writerow(headers())
        for row in recipient_rows(decision, progress):
            writer.writerow(["" if v is None else v for v in row])
        totals = decision_totals(decision)
        writer.writerow([_("Total"), "", "", "", "", "", "", totals["total"]])
        return text.getvalue().encode("utf-8")


# DOCX in the layout of Nghị định 30/2020 (DESIGN.md rule 8) ------------------

FONT = "Times New Roman"


def _money(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value, "vi", 0)


def date_line(decision: Decision) -> str:
    d = decision.decided_on
    # NĐ 30/2020: days below 10 and months below 3 take a leading zero.
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{decision.authority.place}, ngày {d.day:02d} tháng {month} năm {d.year}"


def _paragraph(container, text="", *, bold=False, italic=False, size=14, align=None, indent=True):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(6)
    if indent and align is None:
        fmt.first_line_indent = Mm(12.7)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    return paragraph


def _no_borders(table):
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def _setup(document):
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _header(document, decision: Decision):
    authority = decision.authority
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    left.paragraphs[0].text = ""
    lines_left = [(authority.parent_body.upper(), False)] if authority.parent_body else []
    lines_left += [(authority.body.upper(), True), ("", False)]
    for text, bold in lines_left:
        _paragraph(left, text, bold=bold, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, f"Số: {decision.reference}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].text = ""
    _paragraph(
        right,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        bold=True,
        size=13,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(
        right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    _paragraph(right, "", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, date_line(decision), italic=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _body(document, decision: Decision, texts: list[str]):
    authority = decision.authority
    _paragraph(document, "QUYẾT ĐỊNH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, decision.summary, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(document, authority.name.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    bases = list(decision.legal_bases.order_by("valid_from", "pk"))
    for basis in bases:
        _paragraph(document, f"Căn cứ {basis.citation};", italic=True)
    if decision.proposal:
        _paragraph(document, f"Xét đề nghị của {decision.proposal}.", italic=True)
    _paragraph(document, "QUYẾT ĐỊNH:", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for text in texts:
        _paragraph(document, text)


def articles(decision: Decision, totals: dict) -> list[str]:
    """Điều 1..n of the decision, shared by the DOCX and the print view."""
    counts = []
    if totals["collectives"]:
        counts.append(f"{totals['collectives']} tập thể")
    if totals["individuals"]:
        counts.append(f"{totals['individuals']} cá nhân")
    titles = ", ".join(
        decision.recipients.order_by("title__order")
        .values_list("title__name", flat=True)
        .distinct()
    )
    texts = [f"Tặng {titles} cho {' và '.join(counts)} đã có thành tích (có danh sách kèm theo)."]
    if totals["total"]:
        texts.append(
            f"Tổng số tiền thưởng: {_money(totals['total'])} đồng (theo danh sách kèm theo), "
            "chi từ quỹ thi đua, khen thưởng theo quy định."
        )
    texts.append(
        "Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các cơ quan, đơn vị liên quan và "
        "các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
    )
    return [f"Điều {number}. {text}" for number, text in enumerate(texts, start=1)]


def copies_to(decision: Decision, texts: list[str]) -> list[str]:
    """Nơi nhận: the executing article (the last of `articles`), the copies the
    admin listed, the archive."""
    lines = [f"- Như Điều {len(texts)};"]
    lines += [
        f"- {line.strip().lstrip('- ')};"
        for line in decision.copies_to.splitlines()
        if line.strip()
    ]
    return [*lines, "- Lưu: VT."]


def _signature(document, decision: Decision, texts: list[str]):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _paragraph(
        left,
        "Nơi nhận:",
        bold=True,
        italic=True,
        size=12,
        indent=False,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )
    lines = copies_to(decision, texts)
    for line in lines:
        _paragraph(left, line, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    right.paragraphs[0].text = ""
    if decision.signing_mode:
        _paragraph(
            right,
            f"{decision.signing_mode} {decision.authority.signing_capacity.upper()}",
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
    _paragraph(right, decision.signer_position.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _blank in range(3):
        _paragraph(right, "", align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, decision.signer_name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _appendix(document, decision: Decision, progress: Progress):
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _paragraph(document, "DANH SÁCH", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        document,
        "Các tập thể, cá nhân được khen thưởng",
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    d = decision.decided_on
    _paragraph(
        document,
        f"(Kèm theo Quyết định số {decision.reference} ngày {d:%d/%m/%Y} "
        f"của {decision.authority.name})",
        italic=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    columns = headers()
    columns = [columns[0], columns[1], columns[3], columns[4], columns[5], columns[7]]
    table = document.add_table(rows=2, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for cell in table.rows[1].cells:
        run = cell.paragraphs[0].add_run("-")
        run.font.size = Pt(12)
    # One template row cloned per recipient: building cells through python-docx
    # objects costs ~1 ms each, and 60,000 of them would not fit in the budget.
    template = table.rows[1]._tr
    body = table._tbl
    body.remove(template)
    text_tag = qn("w:t")
    for row in recipient_rows(decision, progress):
        tr = copy.deepcopy(template)
        values = [row[0], row[1], row[3], row[4], row[5], _money(row[7])]
        for node, value in zip(tr.iter(text_tag), values, strict=True):
            node.text = str(value)
        body.append(tr)


def decision_docx(decision: Decision, progress: Progress = None) -> bytes:
    # An official document: Vietnamese whatever the admin's UI language (headers() etc.).
    with translation.override("vi"):
        return _decision_docx(decision, progress)


def _decision_docx(decision: Decision, progress: Progress = None) -> bytes:
    texts = articles(decision, decision_totals(decision))
    document = Document()
    _setup(document)
    _header(document, decision)
    _body(document, decision, texts)
    _signature(document, decision, texts)
    _appendix(document, decision, progress)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


WRITERS = {"xlsx": decision_xlsx, "csv": decision_csv, "docx": decision_docx}
