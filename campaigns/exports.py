"""XLSX exports of what the dashboard shows."""

from io import BytesIO

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .dashboard import NodeView


def node_view_xlsx(view: NodeView, node_label: str) -> bytes:
    """The indicators of one node for one period, with the targets and statuses."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Tallies")[:31]
    sheet.append([view.campaign.name])
    sheet.append([_("Period"), view.period.label])
    sheet.append([_("Scope"), node_label])
    computed = (
        formats.date_format(timezone.localtime(view.computed_at), "SHORT_DATETIME_FORMAT")
        if view.computed_at
        else "—"
    )
    sheet.append([_("Computed at"), computed])
    if view.provisional:
        sheet.append([_("Provisional figures: submitted reports not yet approved are counted.")])
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
    sheet.append(header)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for row in view.rows:
        t = row.tally
        sheet.append(
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
            ]
        )
        for column, decimals in ((4, row.indicator.decimals), (5, row.indicator.decimals)):
            sheet.cell(sheet.max_row, column).number_format = "#,##0" + (
                "." + "0" * decimals if decimals else ""
            )
        sheet.cell(sheet.max_row, 6).number_format = "0.0"
    for column, width in zip("ABCDEFGHI", (8, 60, 14, 16, 16, 12, 18, 12, 12), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
