"""The report as an Excel template and back: what users do today, without the drift.

The template carries the unit and period in a protected sheet; an upload is
read into the same form data as the web form, so it is validated exactly
like it, and a template of another unit or period is refused.
"""

from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection

from mongcai.lib.archives import ArchiveError, ArchiveLimits, NotAnArchive, check_archive
from mongcai.lib.numbers import format_decimal
from mongcai.lib.spreadsheet import xlsx_row, xlsx_set

from .reporting import FormRow

META_SHEET = "meta"
FIRST_ROW = 6  # rows above hold the title and the header
FLOAT_NOISE = Decimal("1e-9")  # relative: far below any indicator's decimals


def report_template(unit, period, rows: list[FormRow], highlights: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Report")[:31]
    # Names, notes and highlights are typed by users: written through xlsx_set, so
    # none becomes a formula (and the value reads back exactly as typed).
    xlsx_set(sheet, 1, 1, unit.name, font=Font(bold=True, size=13))
    xlsx_set(sheet, 2, 1, f"{period.campaign.name} – {period.label}")
    xlsx_set(
        sheet,
        3,
        1,
        _("Fill in column D; explain in column E when asked. Do not change columns A–C."),
    )
    header = [_("Code"), _("Indicator"), _("Unit of measure"), _("Value"), _("Explanation")]
    for column, title in enumerate(header, start=1):
        xlsx_set(sheet, FIRST_ROW - 1, column, title, font=Font(bold=True))
    editable = PatternFill("solid", fgColor="FFF2CC")
    for offset, row in enumerate(rows):
        line = FIRST_ROW + offset
        xlsx_set(sheet, line, 1, row.indicator.code)
        xlsx_set(sheet, line, 2, row.indicator.name)
        xlsx_set(sheet, line, 3, row.indicator.unit_of_measure)
        value = xlsx_set(sheet, line, 4, row.value)
        value.number_format = "#,##0" + (
            "." + "0" * row.indicator.decimals if row.indicator.decimals else ""
        )
        note = xlsx_set(sheet, line, 5, row.note or None)
        for cell in (value, note):
            cell.fill = editable
            cell.protection = Protection(locked=False)
    highlights_line = FIRST_ROW + len(rows) + 1
    xlsx_set(sheet, highlights_line, 1, _("Highlights"), font=Font(bold=True))
    cell = xlsx_set(sheet, highlights_line, 2, highlights or None)
    cell.fill = editable
    cell.protection = Protection(locked=False)
    sheet.protection.sheet = True
    for column, width in zip("ABCDE", (8, 60, 14, 16, 40), strict=True):
        sheet.column_dimensions[column].width = width
    meta = book.create_sheet(META_SHEET)
    meta.append(xlsx_row(meta, ["unit", unit.pk, unit.code]))
    meta.append(xlsx_row(meta, ["period", period.pk, period.label]))
    meta.append(["highlights_row", highlights_line])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TemplateError(ValueError):
    pass


# An Office file of our template holds about ten parts.
TEMPLATE_MAX_MEMBERS = 100


def read_upload(uploaded, unit, period, rows: list[FormRow], language: str):
    """The form data the template holds, and the errors that stop it, by row.

    Bounded before anything is parsed, so that no file can exhaust the server:
    the file's size, its parts unpacked (mongcai.lib.archives), then the rows
    read: openpyxl's read-only mode streams the sheet and stops past
    TEMPLATE_MAX_ROWS, whatever the sheet claims its dimension is. Raises
    TemplateError when the file is refused as a whole."""
    not_ours = TemplateError(_("This is not a report template of this application."))
    if uploaded.size > settings.TEMPLATE_MAX_BYTES:
        raise TemplateError(
            _("“%(name)s” is larger than %(limit)s MB: it is not a report template.")
            % {"name": uploaded.name, "limit": settings.TEMPLATE_MAX_BYTES // (1024 * 1024)}
        )
    limits = ArchiveLimits(
        members=TEMPLATE_MAX_MEMBERS, total_bytes=settings.TEMPLATE_MAX_UNPACKED_BYTES
    )
    try:
        check_archive(uploaded, name=uploaded.name, limits=limits)
    except NotAnArchive as error:
        raise not_ours from error
    except ArchiveError as error:
        raise TemplateError(str(error)) from error
    max_rows = settings.TEMPLATE_MAX_ROWS
    try:
        book = load_workbook(uploaded, read_only=True, data_only=True)
        try:
            meta = book[META_SHEET].iter_rows(max_row=10, max_col=3, values_only=True)
            meta_rows = {r[0]: r[1:] for r in meta if r and r[0]}
            # One row past the limit tells a sheet that is too long.
            lines = list(
                book.worksheets[0].iter_rows(max_row=max_rows + 1, max_col=5, values_only=True)
            )
        finally:
            book.close()
    except Exception as error:  # openpyxl raises many kinds on a file it cannot read
        raise not_ours from error
    if len(lines) > max_rows:
        raise TemplateError(
            _("The file has more than %(count)s rows: it is not a report template.")
            % {"count": number_format(max_rows, force_grouping=True)}
        )
    if meta_rows.get("unit", (None,))[0] != unit.pk:
        raise TemplateError(_("This template belongs to another unit."))
    if meta_rows.get("period", (None,))[0] != period.pk:
        raise TemplateError(_("This template belongs to another period."))
    # The row of the highlights is written in the file: trusted only inside the sheet.
    highlights_line = meta_rows.get("highlights_row", (None,))[0]
    if not isinstance(highlights_line, int) or not FIRST_ROW < highlights_line <= max_rows:
        raise not_ours

    def cell(line: int, column: int):
        return lines[line - 1][column - 1] if line <= len(lines) else None

    by_code = {row.indicator.code: row for row in rows}
    data, errors, seen = {}, [], set()
    for line in range(FIRST_ROW, highlights_line - 1):
        code = cell(line, 1)
        if code is None:
            continue
        row = by_code.get(str(code).strip())
        if row is None:
            errors.append(
                _("Row %(line)s: “%(code)s” is not an indicator of this report.")
                % {"line": line, "code": str(code)[:40]}
            )
            continue
        seen.add(row.indicator.code)
        data[f"value_{row.indicator.pk}"] = _cell_text(cell(line, 4), row, language)
        data[f"note_{row.indicator.pk}"] = str(cell(line, 5) or "").strip()
    for code in by_code.keys() - seen:
        errors.append(_("The row of indicator %(code)s is missing.") % {"code": code})
    data["highlights"] = str(cell(highlights_line, 2) or "").strip()
    return data, errors


def _cell_text(raw, row: FormRow, language: str) -> str:
    """A cell as the text the web form would have received."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if isinstance(raw, int | float | Decimal):
        try:
            exact = Decimal(str(raw))
            # Excel keeps binary floats: 0.1 + 0.2 comes back as 0.30000000000000004.
            # Only such noise is rounded away; 123.5 for an indicator without
            # decimals is refused by the rules, not stored as 124.
            value = exact.quantize(Decimal(1).scaleb(-row.indicator.decimals))
            if abs(exact - value) > FLOAT_NOISE * max(1, abs(exact)):
                value = exact
        except InvalidOperation:
            return str(raw)  # too long for a Decimal: the rules say why
        if row.indicator.value_kind == "yes_no" and value == value.to_integral_value():
            return str(int(value))
        return format_decimal(value, language)
    return str(raw).strip()
