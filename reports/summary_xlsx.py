"""The summary report's companion XLSX: every figure the draft states, with the
tally, report, decision, covenant or work it came from (issue 20), and the
decisions counted. Text goes through mongcai.lib.spreadsheet: no cell becomes a
formula, whatever a unit typed."""

import io

from django.db.models import Count, Q
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from awards.models import DecisionStatus, RecipientKind
from awards.selectors import decisions_of_organiser
from mongcai.lib.spreadsheet import print_area_set, print_setup, xlsx_row

from .summary import KIND_WORDS, Summary, day

FIGURE_HEADERS = ["Mục", "Nội dung", "Số liệu", "Đơn vị tính", "Nguồn", "Tham chiếu"]
FIGURE_WIDTHS = (26, 60, 16, 14, 26, 80)
DECISION_HEADERS = ["Số quyết định", "Ngày", "Loại", "Trích yếu", "Tập thể", "Cá nhân"]
DECISION_WIDTHS = (18, 12, 28, 80, 10, 10)


def _sheet(book, title, headers, widths):
    sheet = book.create_sheet(title)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    print_setup(sheet)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True)
    sheet.append(xlsx_row(sheet, headers, font=bold, alignment=wrap))
    return sheet


def summary_xlsx(summary: Summary) -> bytes:
    book = Workbook(write_only=True)
    sheet = _sheet(book, "Nguồn số liệu", FIGURE_HEADERS, FIGURE_WIDTHS)
    for figure in summary.figures:
        sheet.append(
            xlsx_row(
                sheet,
                [
                    figure.section,
                    figure.label,
                    figure.value,
                    figure.unit,
                    figure.source,
                    figure.reference,
                ],
            )
        )
    print_area_set(sheet, columns=len(FIGURE_HEADERS), rows=1 + len(summary.figures))
    decisions = _sheet(book, "Quyết định", DECISION_HEADERS, DECISION_WIDTHS)
    rows = (
        decisions_of_organiser(summary.organiser)
        .filter(
            status=DecisionStatus.ISSUED,
            decided_on__range=(summary.awards_from, summary.awards_to),
        )
        .select_related("authority")
        .annotate(
            collectives=Count(
                "recipients",
                filter=Q(
                    recipients__recipient_kind=RecipientKind.COLLECTIVE,
                    recipients__is_void=False,
                ),
            ),
            individuals=Count(
                "recipients",
                filter=Q(
                    recipients__recipient_kind=RecipientKind.INDIVIDUAL,
                    recipients__is_void=False,
                ),
            ),
        )
        .order_by("decided_on", "number")
    )
    rows = list(rows)
    for decision in rows:
        decisions.append(
            xlsx_row(
                decisions,
                [
                    decision.reference,
                    day(decision.decided_on),
                    KIND_WORDS[decision.kind],
                    decision.summary,
                    decision.collectives,
                    decision.individuals,
                ],
            )
        )
    print_area_set(decisions, columns=len(DECISION_HEADERS), rows=1 + len(rows))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
