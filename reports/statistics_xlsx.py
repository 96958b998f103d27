"""The statistics forms as an XLSX laid out like the Ministry's: one sheet per form,
its header (Biểu số, the circular, the reporting and receiving units), the title,
the year, the table with its lettered and numbered columns, and the signatures."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.worksheet import Worksheet

from blocs.models import Unit
from mongcai.lib.spreadsheet import wrapped_height, xlsx_set

from .statistics import FORMS, LEGAL_BASIS, Form, form_values, statistics_year

GRID = Border(*(Side(style="thin"),) * 4)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
BOLD = Font(bold=True)
LABEL_WIDTH = 48


def _set(sheet, row, column, value, **style):
    return xlsx_set(sheet, row, column, value, **style)


def _sheet(book: Workbook, form: Form, organiser: Unit, year: int):
    sheet = book.create_sheet(form.code.split("/")[0])
    values = form_values(form, organiser, year)
    letters = ["A", "B", "C"] if form.per_row_unit else ["A", "B"]
    width = len(letters) + len(form.columns)
    last = chr(ord("A") + width - 1)
    sheet.column_dimensions["A"].width = LABEL_WIDTH
    sheet.column_dimensions["B"].width = 8
    if form.per_row_unit:
        sheet.column_dimensions["C"].width = 14
    for index in range(len(form.columns)):
        sheet.column_dimensions[chr(ord("A") + len(letters) + index)].width = 18
    start, end = statistics_year(year)
    receiver = organiser.parent.name if organiser.parent_id else "Bộ Nội vụ"
    header = [
        (f"Biểu số: {form.code}", f"Đơn vị báo cáo: {organiser.name}"),
        (
            f"Ban hành theo {LEGAL_BASIS['number']} ngày "
            f"{LEGAL_BASIS['issued_on'].strftime('%d/%m/%Y')}",
            f"Đơn vị nhận báo cáo: {receiver}",
        ),
        ("Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo", ""),
    ]
    half = chr(ord("A") + max(width // 2, 1))
    for line, (left, right) in enumerate(header, 1):
        _set(sheet, line, 1, left, font=BOLD if line == 1 else None, alignment=LEFT)
        sheet.merge_cells(f"A{line}:{chr(ord(half) - 1)}{line}")
        _set(sheet, line, ord(half) - ord("A") + 1, right, alignment=LEFT)
        sheet.merge_cells(f"{half}{line}:{last}{line}")
    _set(sheet, 5, 1, form.title, font=Font(bold=True, size=13), alignment=CENTRE)
    sheet.merge_cells(f"A5:{last}5")
    sheet.row_dimensions[5].height = 36
    period = f"Năm {year} (từ {start.strftime('%d/%m/%Y')} đến {end.strftime('%d/%m/%Y')})"
    _set(sheet, 6, 1, period, font=Font(italic=True), alignment=CENTRE)
    sheet.merge_cells(f"A6:{last}6")
    if form.unit:
        _set(sheet, 7, 1, f"Đơn vị tính: {form.unit}", font=Font(italic=True))
        sheet.merge_cells(f"A7:{last}7")
        sheet["A7"].alignment = Alignment(horizontal="right")
    top = 8
    heads = ["", "Mã số", *(["Đơn vị tính"] if form.per_row_unit else []), *form.columns]
    for column, text in enumerate(heads, 1):
        _set(sheet, top, column, text, font=BOLD, alignment=CENTRE, border=GRID)
    sheet.row_dimensions[top].height = 90
    numbers = [str(i) for i in range(1, len(form.columns) + 1)]
    if form is FORMS[0]:
        numbers[0] = "1=(2+3+4)"
    for column, text in enumerate([*letters, *numbers], 1):
        _set(sheet, top + 1, column, text, font=BOLD, alignment=CENTRE, border=GRID)
    line = top + 2
    for code, label, unit in form.rows:
        heading = not code
        height = wrapped_height([label], [LABEL_WIDTH])
        if height:
            sheet.row_dimensions[line].height = height
        _set(
            sheet,
            line,
            1,
            label,
            font=BOLD if heading or code == "01" else None,
            alignment=LEFT,
            border=GRID,
        )
        _set(sheet, line, 2, code, alignment=CENTRE, border=GRID)
        offset = 3
        if form.per_row_unit:
            _set(sheet, line, 3, unit, alignment=CENTRE, border=GRID)
            offset = 4
        for index in range(len(form.columns)):
            value = None if heading else values[code][index]
            _set(
                sheet,
                line,
                offset + index,
                value,
                alignment=CENTRE,
                border=GRID,
                number_format="#,##0",
            )
        line += 1
    line += 1
    _set(
        sheet,
        line,
        ord(half) - ord("A") + 1,
        "…………, ngày … tháng … năm …",
        font=Font(italic=True),
        alignment=CENTRE,
    )
    sheet.merge_cells(f"{half}{line}:{last}{line}")
    for left, right, font in (
        ("Người lập biểu", "Thủ trưởng đơn vị", BOLD),
        ("(Ký, họ tên)", "(Ký, họ tên, đóng dấu)", Font(italic=True)),
    ):
        line += 1
        _set(sheet, line, 1, left, font=font, alignment=CENTRE)
        _set(sheet, line, ord(half) - ord("A") + 1, right, font=font, alignment=CENTRE)
        sheet.merge_cells(f"{half}{line}:{last}{line}")
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def statistics_xlsx(organiser: Unit, year: int) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for form in FORMS:
        _sheet(book, form, organiser, year)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
