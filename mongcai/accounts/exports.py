"""The security record as XLSX or CSV (every cell through mongcai.lib.spreadsheet)."""

import csv
import io

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from mongcai.lib.files import XLSX
from mongcai.lib.spreadsheet import csv_row, print_area_set, print_setup, xlsx_row

from .models import SecurityEvent

# Far more than a year of a province's events; a wider export is narrowed by the filter.
MAX_ROWS = 100_000
CONTENT_TYPES = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}
WIDTHS = (18, 30, 28, 28, 18, 40)


def headers() -> list[str]:
    return [_("When"), _("Event"), _("Username"), _("By"), _("Address"), _("Detail")]


def rows(events: QuerySet[SecurityEvent]):
    for event in events[:MAX_ROWS].iterator(chunk_size=2000):
        yield [
            timezone.localtime(event.at).strftime("%d/%m/%Y %H:%M:%S"),
            event.get_kind_display(),
            event.username,
            event.actor.get_username() if event.actor else "",
            event.ip_address or "",
            event.detail,
        ]


def events_xlsx(events: QuerySet[SecurityEvent]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Security events")[:31])
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    print_setup(sheet)
    sheet.append(xlsx_row(sheet, headers(), font=Font(bold=True)))
    count = 1
    for row in rows(events):
        sheet.append(xlsx_row(sheet, row))
        count += 1
    print_area_set(sheet, columns=len(WIDTHS), rows=count)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def events_csv(events: QuerySet[SecurityEvent]) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to read Vietnamese correctly."""
    text = io.StringIO()
    text.write("\ufeff")
    writer = csv.writer(text)
    writer.writerow(csv_row(headers()))
    for row in rows(events):
        writer.writerow(csv_row(row))
    return text.getvalue().encode("utf-8")


WRITERS = {"xlsx": events_xlsx, "csv": events_csv}
