"""Cells that no spreadsheet reads as a formula: every XLSX and CSV writer goes through here.

A secretary can type `=HYPERLINK("http://…")` as a person's name or
`=cmd|' /C calc'!A0` as an achievement; written as it is, Excel or LibreOffice
would run it when the council opens the export (CSV injection, OWASP). Text
that begins with one of OWASP's trigger characters is neutralised:

- CSV: the field gets a leading single quote, as OWASP recommends (a CSV has
  no cell types, so only the text itself can say "this is text").
- XLSX: the cell is written as a string cell (openpyxl would otherwise store
  any text beginning with "=" as a formula, and "#N/A" as an error) with the
  quote-prefix style, the spreadsheet's own "typed with a leading apostrophe":
  shown and read back exactly as typed, and still text after the user edits
  it. The value is unchanged, so the report template round-trips.

Numbers stay numbers: only text is touched, so -5 written as a number is a
number, while the text "-5" is quoted.
"""

import math
from collections.abc import Iterable

from openpyxl.cell import Cell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_value(value):
    """One CSV field: None as empty, formula-like text behind a single quote."""
    if value is None:
        return ""
    if is_formula_like(value):
        return "'" + value
    return value


def csv_row(values: Iterable) -> list:
    return [csv_value(value) for value in values]


def xlsx_cell(sheet, value, **style) -> Cell:
    """A cell for `sheet.append` (write-only or not) that is never a formula."""
    # Row and column are set by append; a cell without them cannot even be printed.
    return _bind(Cell(sheet, row=1, column=1), value, **style)


def xlsx_set(sheet, row: int, column: int, value, **style) -> Cell:
    """`sheet.cell(row, column, value)` for a normal worksheet, never a formula."""
    return _bind(sheet.cell(row, column), value, **style)


def _bind(cell: Cell, value, *, font=None, number_format=None, alignment=None, border=None):
    if isinstance(value, str):
        # Control characters other than tab, newline and carriage return make an
        # invalid XLSX (openpyxl refuses them): drop them rather than fail the export.
        cell._value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    else:
        cell.value = value
    if font is not None:
        cell.font = font
    if number_format is not None:
        cell.number_format = number_format
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def xlsx_row(sheet, values: Iterable, **style) -> list[Cell]:
    """`values` as safe cells; a Cell already made is kept as it is."""
    return [v if isinstance(v, Cell) else xlsx_cell(sheet, v, **style) for v in values]


def wrapped_height(values: Iterable, widths: Iterable[float], line_pt: float = 15) -> float | None:
    """The height (points) a row of wrapped text needs, or None for one line.

    Neither LibreOffice nor every Excel sizes rows of wrapped text when it opens a
    file, so the writer does: a column `width` wide holds about `width` characters
    of the default 11 pt font per line (its unit is the width of "0").
    """
    lines = max(
        (
            sum(math.ceil(len(part) / max(width, 1)) or 1 for part in value.split("\n"))
            for value, width in zip(values, widths, strict=False)
            if isinstance(value, str) and value
        ),
        default=1,
    )
    return line_pt * lines if lines > 1 else None


def print_setup(
    sheet, *, title_rows: int | tuple[int, int] | None = 1, pages_tall: int = 0
) -> None:
    """Print `sheet` as an office prints a table: A4 landscape, every column on one page
    wide (as many pages tall as it takes) and the header repeated at the top of every
    page: the first `title_rows` rows, or the rows (first, last). `pages_tall` 1 keeps
    a form on one page (0: as many pages tall as it takes).

    Without it a spreadsheet prints at 100 %: the summary's six wide columns came out
    one column a page. Call it before the first `append` of a write-only sheet (the
    fit-to-page flag is written with the sheet's first bytes); `print_area_set` once
    the rows are written.
    """
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = 9  # A4 (Worksheet.PAPERSIZE_A4)
    setup.fitToWidth, setup.fitToHeight = 1, pages_tall
    if sheet.sheet_properties.pageSetUpPr is None:
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties()
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.5
    sheet.print_options.horizontalCentered = True
    if isinstance(title_rows, tuple):
        sheet.print_title_rows = f"{title_rows[0]}:{title_rows[1]}"
    elif title_rows:
        sheet.print_title_rows = f"1:{title_rows}"


def print_area_set(sheet, *, columns: int, rows: int) -> None:
    """The print area: the table's `columns` and `rows` (from A1), nothing beside it."""
    sheet.print_area = f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}"
