"""The statistics forms as an XLSX laid out like the Ministry's: one sheet per form,
its header (Biểu số, the circular, the reporting and receiving units), the title,
the year, the table with its grouped column headers and its lettered and numbered
columns, the signatures, and the notes on the circular the layout follows."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from blocs.models import Unit
from mongcai.lib.spreadsheet import print_area_set, print_setup, wrapped_height, xlsx_set

from .statistics import FORMS, Basis, Form, circular_for, form_values, statistics_year

GRID = Border(*(Side(style="thin"),) * 4)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
BOLD = Font(bold=True)
LABEL_WIDTH = 48


def _merge(sheet, top: int, left: int, bottom: int, right: int):
    if (top, left) != (bottom, right):
        sheet.merge_cells(start_row=top, start_column=left, end_row=bottom, end_column=right)


def _header(sheet, form: Form, top: int, letters: list[str]) -> int:
    """The table's header from row `top`: the label, Mã số[, Đơn vị tính] columns
    spanning every header row, each data column's path of headers (equal neighbours
    merged), then the lettered and numbered row. Returns the first data row."""
    depth = max(len(c.path) for c in form.columns)
    fixed = ["", "Mã số", *(["Đơn vị tính"] if form.per_row_unit else [])]
    offset = len(fixed) + 1
    numbers = top + depth
    # Every cell of the header gets its grid first: a merged cell takes no value later.
    for line in range(top, numbers + 1):
        for column in range(1, offset + len(form.columns)):
            xlsx_set(sheet, line, column, None, border=GRID)
    for column, text in enumerate(fixed, 1):
        xlsx_set(sheet, top, column, text, font=BOLD, alignment=CENTRE)
        _merge(sheet, top, column, numbers - 1, column)

    def span(path: tuple[str, ...], k: int) -> tuple[int, int]:
        """Rows of a path's k-th header: the last sits on the bottom header row, the
        one above it reaches down to it, the others take one row each from the top."""
        if k == len(path) - 1:
            return (top if k == 0 else numbers - 1), numbers - 1
        if k == len(path) - 2:
            return top + k, numbers - 2
        return top + k, top + k

    columns = [c.path for c in form.columns]
    for k in range(depth):
        start = 0
        while start < len(columns):
            path = columns[start]
            if k >= len(path):
                start += 1
                continue
            key = (path[: k + 1], span(path, k))
            end = start
            # Neighbours with the same headers down to this one share the cell.
            while (
                end + 1 < len(columns)
                and k < len(columns[end + 1])
                and (columns[end + 1][: k + 1], span(columns[end + 1], k)) == key
            ):
                end += 1
            first, last = key[1]
            xlsx_set(sheet, first, offset + start, path[k], font=BOLD, alignment=CENTRE)
            _merge(sheet, first, offset + start, last, offset + end)
            start = end + 1
    # Each header row as tall as its most wrapped label needs (a label spanning rows
    # shares their height): neither Excel nor LibreOffice sizes merged cells.
    widths = [
        sheet.column_dimensions[get_column_letter(offset + i)].width for i in range(len(columns))
    ]
    needed = {line: 15.0 for line in range(top, numbers)}
    for path in columns:
        for k, label in enumerate(path):
            first, last = span(path, k)
            same = [j for j in range(len(columns)) if columns[j][: k + 1] == path[: k + 1]]
            room = sum(widths[j] for j in same if span(columns[j], k) == (first, last))
            lines = -(-len(label) * 1.15 // max(room - 1, 1))  # bold runs wider
            share = 13.5 * lines / (last - first + 1)
            for line in range(first, last + 1):
                needed[line] = max(needed[line], share)
    for line, height in needed.items():
        sheet.row_dimensions[line].height = height
    for column, text in enumerate(letters, 1):
        xlsx_set(sheet, numbers, column, text, font=BOLD, alignment=CENTRE)
    start = 0
    while start < len(form.columns):
        end = start
        while (
            end + 1 < len(form.columns)
            and form.columns[end + 1].number == form.columns[start].number
        ):
            end += 1
        number = form.columns[start].number
        xlsx_set(sheet, numbers, offset + start, number, font=BOLD, alignment=CENTRE)
        _merge(sheet, numbers, offset + start, numbers, offset + end)
        start = end + 1
    return numbers + 1


def _sheet(book: Workbook, form: Form, organiser: Unit, year: int, basis: Basis):
    sheet = book.create_sheet(form.code.split("/")[0])
    values = form_values(form, organiser, year)
    letters = ["A", "B", "C"] if form.per_row_unit else ["A", "B"]
    width = len(letters) + len(form.columns)
    last = get_column_letter(width)
    sheet.column_dimensions["A"].width = LABEL_WIDTH
    sheet.column_dimensions["B"].width = 8
    if form.per_row_unit:
        sheet.column_dimensions["C"].width = 12
    narrow = len(form.columns) > 8
    for index in range(len(form.columns)):
        sheet.column_dimensions[get_column_letter(len(letters) + index + 1)].width = (
            9 if narrow else 18
        )
    start, end = statistics_year(year)
    receiver = organiser.parent.name if organiser.parent_id else "Bộ Nội vụ"
    circular = basis.circular
    header = [
        (f"Biểu số: {form.code}", f"Đơn vị báo cáo: {organiser.name}"),
        (
            f"Ban hành theo {circular['number']} ngày {circular['issued_on']:%d/%m/%Y}",
            f"Đơn vị nhận báo cáo: {receiver}",
        ),
        ("Ngày nhận báo cáo: ngày 15 tháng 12 năm báo cáo", ""),
    ]
    half = max(width // 2, 2) + 1  # the right-hand block's first column
    for line, (left, right) in enumerate(header, 1):
        xlsx_set(sheet, line, 1, left, font=BOLD if line == 1 else None, alignment=LEFT)
        _merge(sheet, line, 1, line, half - 1)
        xlsx_set(sheet, line, half, right, alignment=LEFT)
        _merge(sheet, line, half, line, width)
    xlsx_set(sheet, 5, 1, form.title, font=Font(bold=True, size=13), alignment=CENTRE)
    sheet.merge_cells(f"A5:{last}5")
    sheet.row_dimensions[5].height = 36
    period = f"Năm {year} (từ {start:%d/%m/%Y} đến {end:%d/%m/%Y})"
    xlsx_set(sheet, 6, 1, period, font=Font(italic=True), alignment=CENTRE)
    sheet.merge_cells(f"A6:{last}6")
    if form.unit:
        xlsx_set(sheet, 7, 1, f"Đơn vị tính: {form.unit}", font=Font(italic=True))
        sheet.merge_cells(f"A7:{last}7")
        sheet["A7"].alignment = Alignment(horizontal="right")
    line = _header(sheet, form, 8, letters)
    titles = (8, line - 1)  # the table's header, repeated on every printed page
    for row in form.rows:
        heading = not row.code
        height = wrapped_height([row.label], [LABEL_WIDTH])
        if height:
            sheet.row_dimensions[line].height = height
        bold = BOLD if heading or row.key == "total" else None
        xlsx_set(sheet, line, 1, row.label, font=bold, alignment=LEFT, border=GRID)
        xlsx_set(sheet, line, 2, row.code, alignment=CENTRE, border=GRID)
        offset = 3
        if form.per_row_unit:
            xlsx_set(sheet, line, 3, row.unit, alignment=CENTRE, border=GRID)
            offset = 4
        for index in range(len(form.columns)):
            value = None if heading else values[row.code][index]
            xlsx_set(
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
    xlsx_set(sheet, line, half, "…………, ngày … tháng … năm …", font=Font(italic=True))
    sheet.cell(line, half).alignment = CENTRE
    _merge(sheet, line, half, line, width)
    for left, right, font in (
        ("Người lập biểu", "Thủ trưởng đơn vị", BOLD),
        ("(Ký, họ tên)", "(Ký, họ tên, đóng dấu)", Font(italic=True)),
    ):
        line += 1
        xlsx_set(sheet, line, 1, left, font=font, alignment=CENTRE)
        xlsx_set(sheet, line, half, right, font=font, alignment=CENTRE)
        _merge(sheet, line, half, line, width)
    line += 2
    xlsx_set(sheet, line, 1, "Ghi chú:", font=Font(bold=True, italic=True))
    for note in basis.notes:
        line += 1
        xlsx_set(sheet, line, 1, f"- {note}", font=Font(italic=True), alignment=LEFT)
        _merge(sheet, line, 1, line, width)
        total = sum(
            sheet.column_dimensions[get_column_letter(c)].width for c in range(1, width + 1)
        )
        # Italic text in a merged row: a little narrower room than the columns' sum.
        sheet.row_dimensions[line].height = wrapped_height([f"- {note}"], [total * 0.85]) or 15
    # A4 landscape, the form on one page (its table's header repeated if it ever spills).
    print_setup(sheet, title_rows=titles, pages_tall=1)
    print_area_set(sheet, columns=width, rows=line)
    return sheet


def statistics_xlsx(organiser: Unit, year: int) -> bytes:
    book = Workbook()
    book.remove(book.active)
    basis = circular_for(year)
    for form in FORMS:
        _sheet(book, form, organiser, year, basis)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
