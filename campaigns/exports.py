"""XLSX exports of what the dashboard shows."""

from io import BytesIO

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from mongcai.lib.spreadsheet import print_area_set, print_setup, xlsx_row

from .dashboard import NodeView


def node_view_xlsx(view: NodeView, node_label: str) -> bytes:
    """The indicators of one node for one period, with the targets and statuses.

    Names come from users (campaign, units, indicators): every row goes through
    `xlsx_row`, so none becomes a formula."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Tallies")[:31]
    sheet.append(xlsx_row(sheet, [view.campaign.name]))
    sheet.append(xlsx_row(sheet, [_("Period"), view.period.label]))
    sheet.append(xlsx_row(sheet, [_("Scope"), node_label]))
    computed = (
        formats.date_format(timezone.localtime(view.computed_at), "SHORT_DATETIME_FORMAT")
        if view.computed_at
        else "—"
    )
    sheet.append(xlsx_row(sheet, [_("Computed at"), computed]))
    if view.provisional:
        sheet.append(
            xlsx_row(
                sheet, [_("Provisional figures: submitted reports not yet approved are counted.")]
            )
        )
    sheet.append([])
    header = [
        _("Code"),
        _("Indicator"),
        _("Unit of measure"),
        _("Value"),
        _("Target"),
        _("Share of target (%)"),
        _("Status"),
        _("Units reported"),
        _("Units expected"),
    ]
    sheet.append(xlsx_row(sheet, header))
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
    print_setup(sheet, title_rows=(header_row, header_row))
    for row in view.rows:
        t = row.tally
        sheet.append(
            xlsx_row(
                sheet,
                [
                    row.indicator.code,
                    row.indicator.name,
                    row.indicator.unit_of_measure,
                    None if t is None or t.value is None else t.value,
                    None if t is None or t.target is None else t.target,
                    None if row.progress is None else row.progress,
                    t.get_status_display() if t and t.status else "",
                    t.reported if t else 0,
                    t.expected if t else 0,
                ],
            )
        )
        for column, decimals in ((4, row.indicator.decimals), (5, row.indicator.decimals)):
            sheet.cell(sheet.max_row, column).number_format = "#,##0" + (
                "." + "0" * decimals if decimals else ""
            )
        sheet.cell(sheet.max_row, 6).number_format = "0.0"
    for column, width in zip("ABCDEFGHI", (8, 60, 14, 16, 16, 12, 18, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    print_area_set(sheet, columns=len(header), rows=sheet.max_row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
