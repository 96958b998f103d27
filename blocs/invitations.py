"""Inviting units' secretaries from a spreadsheet: the template and its reading.

One row per secretary: full name, e-mail address, unit (its code, or its name
exactly as in the list). The file is bounded before it is parsed, as every
upload is (mongcai.lib.archives), and read with openpyxl's streaming reader.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from mongcai.lib.archives import ArchiveError, ArchiveLimits, NotAnArchive, check_archive
from mongcai.lib.spreadsheet import xlsx_row

from .models import Unit

# An XLSX written by Excel or LibreOffice holds about ten parts.
MAX_MEMBERS = 100
COLUMNS = 3


@dataclass(frozen=True)
class InviteRow:
    unit: Unit
    full_name: str
    email: str
    line: int | None = None  # the spreadsheet's row, for messages

    def where(self) -> str:
        if self.line is None:
            return self.unit.name
        return _("Row %(line)s") % {"line": self.line}


def headers() -> list[str]:
    return [_("Full name"), _("E-mail"), _("Unit (code or name)")]


def invitation_template(units: QuerySet[Unit]) -> bytes:
    """The sheet to fill in, and a second sheet listing the units with their codes."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Secretaries")[:31])
    for column, width in zip("ABC", (32, 36, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.append(xlsx_row(sheet, headers(), font=Font(bold=True)))
    listing = book.create_sheet(_("Units")[:31])
    listing.column_dimensions["A"].width = 24
    listing.column_dimensions["B"].width = 48
    listing.append(xlsx_row(listing, [_("Code"), _("Name")], font=Font(bold=True)))
    for code, name in units.order_by("name").values_list("code", "name"):
        listing.append(xlsx_row(listing, [code, name]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def read_invitations(uploaded, units: QuerySet[Unit]) -> list[InviteRow]:
    """The rows of an uploaded invitation sheet, or ValidationError with every row's problem.

    `units` are the units the admin may invite for: any other unit is unknown.
    Blank rows are skipped.
    """
    if uploaded.size > settings.TEMPLATE_MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB.")
            % {"name": uploaded.name, "limit": settings.TEMPLATE_MAX_BYTES // (1024 * 1024)}
        )
    limits = ArchiveLimits(members=MAX_MEMBERS, total_bytes=settings.TEMPLATE_MAX_UNPACKED_BYTES)
    not_a_sheet = ValidationError(_("“%(name)s” is not an Excel file.") % {"name": uploaded.name})
    try:
        check_archive(uploaded, name=uploaded.name, limits=limits)
    except NotAnArchive as error:
        raise not_a_sheet from error
    except ArchiveError as error:
        raise ValidationError(str(error)) from error
    max_rows = settings.TEMPLATE_MAX_ROWS
    try:
        book = load_workbook(uploaded, read_only=True, data_only=True)
        try:
            # One row past the limit tells a sheet that is too long.
            lines = list(
                book.worksheets[0].iter_rows(
                    min_row=2, max_row=max_rows + 2, max_col=COLUMNS, values_only=True
                )
            )
        finally:
            book.close()
    except Exception as error:  # openpyxl raises many kinds on a file it cannot read
        raise not_a_sheet from error
    if len(lines) > max_rows:
        raise ValidationError(
            _("The file has more than %(count)s rows.")
            % {"count": number_format(max_rows, force_grouping=True)}
        )
    by_code = {unit.code.lower(): unit for unit in units}
    by_name = {unit.name.lower(): unit for unit in by_code.values()}
    rows, errors = [], []
    for line, values in enumerate(lines, start=2):
        full_name, email, unit_text = (_text(v) for v in (*values, None, None, None)[:COLUMNS])
        if not (full_name or email or unit_text):
            continue
        unit = by_code.get(unit_text.lower()) or by_name.get(unit_text.lower())
        if unit is None:
            errors.append(
                _("Row %(line)s: unknown unit “%(unit)s”.") % {"line": line, "unit": unit_text}
            )
            continue
        rows.append(InviteRow(unit=unit, full_name=full_name, email=email, line=line))
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("The file has no secretary to invite."))
    return rows
