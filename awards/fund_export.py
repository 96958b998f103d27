"""The fund's ledger as an XLSX (balance, income, spending, unpaid awards): every cell
through `mongcai.lib.spreadsheet`, so no text becomes a formula."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from mongcai.lib.spreadsheet import xlsx_row, xlsx_set

from . import fund

MONEY = "#,##0"
DATE = "DD/MM/YYYY"


def _nominee(recipient) -> str:
    return recipient.nominee_name


def ledger_xlsx(organiser, year: int) -> bytes:
    with translation.override("vi"):
        data = fund.ledger(organiser, year)
        book = Workbook()
        bold = Font(bold=True)
        sheet = book.active
        sheet.title = _("Balance")[:31]
        xlsx_set(sheet, 1, 1, _("Emulation and commendation fund"), font=Font(bold=True, size=13))
        xlsx_set(sheet, 2, 1, f"{organiser.name} – {year}")
        rows = [
            (_("Balance at the start of the year"), data["opening"]),
            *[(label, amount) for label, amount in data["sources"]],
            (_("Income"), data["totals"]["income"]),
            (_("Paid out"), data["totals"]["spent"]),
            (_("Recovered"), data["totals"]["recovered"]),
            (_("Balance at the end of the year"), data["closing"]),
            (_("Awards not paid yet (all years)"), data["totals"]["unpaid"]),
            (_("Paid awards to recover"), data["totals"]["to_recover"]),
        ]
        for line, (label, amount) in enumerate(rows, start=4):
            xlsx_set(sheet, line, 1, str(label))
            xlsx_set(sheet, line, 2, amount, number_format=MONEY)
        sheet.column_dimensions["A"].width = 45
        sheet.column_dimensions["B"].width = 20

        income = book.create_sheet(_("Income")[:31])
        income.append(
            xlsx_row(
                income,
                [
                    _("Received on"),
                    _("Source"),
                    _("Amount (VND)"),
                    _("Voucher or decision"),
                    _("Note"),
                ],
                font=bold,
            )
        )
        for row in data["income_rows"]:
            line = income.max_row + 1
            xlsx_set(income, line, 1, row.received_on, number_format=DATE)
            xlsx_set(income, line, 2, str(row.get_source_display()))
            xlsx_set(income, line, 3, row.amount, number_format=MONEY)
            xlsx_set(income, line, 4, row.reference)
            xlsx_set(income, line, 5, row.note)

        spent = book.create_sheet(_("Payments")[:31])
        spent.append(
            xlsx_row(
                spent,
                [
                    _("Decision"),
                    _("Recipient"),
                    _("Title or form"),
                    _("Amount (VND)"),
                    _("Payment"),
                    _("Paid on"),
                    _("Payment voucher"),
                    _("Recovered on"),
                    _("Recovery voucher"),
                ],
                font=bold,
            )
        )
        for payment in fund.payments_of(organiser, year):
            recipient = payment.recipient
            line = spent.max_row + 1
            xlsx_set(spent, line, 1, recipient.decision.reference)
            xlsx_set(spent, line, 2, _nominee(recipient))
            xlsx_set(spent, line, 3, recipient.title.name)
            xlsx_set(spent, line, 4, payment.amount, number_format=MONEY)
            xlsx_set(spent, line, 5, str(payment.get_status_display()))
            xlsx_set(spent, line, 6, payment.paid_on, number_format=DATE)
            xlsx_set(spent, line, 7, payment.voucher)
            xlsx_set(spent, line, 8, payment.recovered_on, number_format=DATE)
            xlsx_set(spent, line, 9, payment.recovery_voucher)

        unpaid = book.create_sheet(_("Unpaid awards")[:31])
        unpaid.append(
            xlsx_row(
                unpaid,
                [
                    _("Decision"),
                    _("Date"),
                    _("Recipient"),
                    _("Unit"),
                    _("Title or form"),
                    _("Amount (VND)"),
                ],
                font=bold,
            )
        )
        for recipient in fund.unpaid_awards(organiser).iterator(chunk_size=2000):
            line = unpaid.max_row + 1
            xlsx_set(unpaid, line, 1, recipient.decision.reference)
            xlsx_set(unpaid, line, 2, recipient.decision.decided_on, number_format=DATE)
            xlsx_set(unpaid, line, 3, _nominee(recipient))
            xlsx_set(unpaid, line, 4, recipient.unit.name)
            xlsx_set(unpaid, line, 5, recipient.title.name)
            xlsx_set(unpaid, line, 6, int(recipient.amount), number_format=MONEY)
        for ws in (income, spent, unpaid):
            for column in "ABCDEFGHI":
                ws.column_dimensions[column].width = 22
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
