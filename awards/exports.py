"""Exports of a decision: XLSX and CSV of the recipients, and the writers by format.

Every writer streams the recipients (`listing.recipient_rows`) and writes rows as
they come (openpyxl's write-only mode; for the DOCX, `document.py`, table rows
cloned as XML from one template row), so 10,000 recipients take seconds and
little memory. Text typed by users goes through `mongcai.lib.spreadsheet`, so
no cell becomes a formula.
"""

import csv
import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from mongcai.lib.files import DOCX, XLSX
from mongcai.lib.spreadsheet import csv_row, wrapped_height, xlsx_cell, xlsx_row

from .document import decision_docx
from .listing import Progress, headers, recipient_rows
from .models import Decision
from .services import decision_totals
from .wording import appendix_heading, count_phrase

CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8", "docx": DOCX}
# The XLSX: the title lines above the header row, the widths of columns A-H (in
# characters) and the money format (Excel shows it with the reader's separators:
# 14.040.000 on a Vietnamese system).
XLSX_HEADER_ROW = 5
XLSX_WIDTHS = (5, 28, 16, 28, 22, 44, 7, 14)
MONEY = "#,##0"


def filename(decision: Decision, fmt: str) -> str:
    symbol = decision.authority.symbol.replace("Đ", "D").replace("/", "-")
    number = decision.number or "du-thao"  # a draft has no number yet
    return f"quyet-dinh-{number}-{symbol}-{decision.year}.{fmt}"


def decision_xlsx(decision: Decision, progress: Progress = None) -> bytes:
    """The appendix as a sheet: landscape A4, one page wide, header row on every page."""
    with translation.override("vi"):
        book = Workbook(write_only=True)
        sheet = book.create_sheet(_("Recipients")[:31])
        # Written at the top of the sheet's XML: set before the first row.
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        sheet.freeze_panes = f"A{XLSX_HEADER_ROW + 1}"
        for column, width in zip("ABCDEFGH", XLSX_WIDTHS, strict=True):
            sheet.column_dimensions[column].width = width
        bold, centre = Font(bold=True), Alignment(horizontal="center", wrap_text=True)
        title, subtitle = appendix_heading(decision)
        sheet.append(xlsx_row(sheet, [title], font=Font(bold=True, size=13), alignment=centre))
        sheet.append(xlsx_row(sheet, [subtitle], font=Font(italic=True), alignment=centre))
        sheet.row_dimensions[3].height = wrapped_height([decision.summary], [sum(XLSX_WIDTHS)])
        sheet.append(xlsx_row(sheet, [decision.summary], alignment=centre))
        sheet.append([])
        grid = Border(*(Side(style="thin"),) * 4)
        sheet.append(
            xlsx_row(
                sheet,
                headers(),
                font=bold,
                border=grid,
                alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            )
        )
        text = {"border": grid, "alignment": Alignment(vertical="top", wrap_text=True)}
        number = {"border": grid, "alignment": Alignment(vertical="top")}
        for line, row in enumerate(recipient_rows(decision, progress), XLSX_HEADER_ROW + 1):
            # Row attributes are written with the row: set its height before appending it.
            height = wrapped_height(row, XLSX_WIDTHS)
            if height:
                sheet.row_dimensions[line].height = height
            sheet.append(
                [
                    *xlsx_row(sheet, row[:1], **number),
                    *xlsx_row(sheet, row[1:6], **text),
                    xlsx_cell(sheet, row[6], number_format="0.0#", **number),
                    xlsx_cell(sheet, row[7], number_format=MONEY, **number),
                ]
            )
        totals = decision_totals(decision)
        total_row = (
            XLSX_HEADER_ROW
            + totals["collectives"]
            + totals["individuals"]
            + totals["households"]
            + 1
        )
        sheet.append(
            [
                xlsx_cell(
                    sheet,
                    f"{_('Total')}: {count_phrase(totals)}",
                    font=bold,
                    border=grid,
                    alignment=Alignment(horizontal="center"),
                ),
                *(xlsx_cell(sheet, None, border=grid) for _column in range(6)),
                xlsx_cell(sheet, totals["total"], font=bold, number_format=MONEY, border=grid),
            ]
        )
        for line in (1, 2, 3):
            sheet.merged_cells.add(f"A{line}:H{line}")
        sheet.merged_cells.add(f"A{total_row}:G{total_row}")
        sheet.print_area = f"A1:H{total_row}"
        sheet.print_title_rows = f"{XLSX_HEADER_ROW}:{XLSX_HEADER_ROW}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.print_options.horizontalCentered = True
        sheet.page_margins = PageMargins(left=0.6, right=0.4, top=0.6, bottom=0.6)
        sheet.oddFooter.center.text = "&P/&N"
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def decision_csv(decision: Decision, progress: Progress = None) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read Vietnamese correctly."""
    with translation.override("vi"):
        text = io.StringIO()
        text.write("\ufeff")
        writer = csv.writer(text)
        writer.writerow(csv_row(headers()))
        for row in recipient_rows(decision, progress):
            writer.writerow(csv_row(row))
        totals = decision_totals(decision)
        writer.writerow(csv_row([_("Total"), "", "", "", "", "", "", totals["total"]]))
        return text.getvalue().encode("utf-8")


WRITERS = {"xlsx": decision_xlsx, "csv": decision_csv, "docx": decision_docx}
