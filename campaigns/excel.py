"""The report as an Excel template and back: what users do today, without the drift.

The template carries the unit and period in a protected sheet; an upload is
read into the same form data as the web form, so it is validated exactly
like it, and a template of another unit or period is refused.
"""

from decimal import Decimal, InvalidOperation
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill, Protection

from mongcai.lib.numbers import format_decimal

from .reporting import FormRow

META_SHEET = "meta"
FIRST_ROW = 6  # rows above hold the title and the header
FLOAT_NOISE = Decimal("1e-9")  # relative: far below any indicator's decimals


def report_template(unit, period, rows: list[FormRow], highlights: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Report")[:31]
    sheet["A1"] = unit.name
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = f"{period.campaign.name} – {period.label}"
    sheet["A3"] = _("Fill in column D; explain in column E when asked. Do not change columns A–C.")
    header = [_("Code"), _("Indicator"), _("Unit of measure"), _("Value"), _("Explanation")]
    for column, title in enumerate(header, start=1):
        cell = sheet.cell(FIRST_ROW - 1, column, title)
        cell.font = Font(bold=True)
    editable = PatternFill("solid", fgColor="FFF2CC")
    for offset, row in enumerate(rows):
        line = FIRST_ROW + offset
        sheet.cell(line, 1, row.indicator.code)
        sheet.cell(line, 2, row.indicator.name)
        sheet.cell(line, 3, row.indicator.unit_of_measure)
        value = sheet.cell(line, 4, None if row.value is None else row.value)
        value.number_format = "#,##0" + (
            "." + "0" * row.indicator.decimals if row.indicator.decimals else ""
        )
        note = sheet.cell(line, 5, row.note or None)
        for cell in (value, note):
            cell.fill = editable
            cell.protection = Protection(locked=False)
    highlights_line = FIRST_ROW + len(rows) + 1
    sheet.cell(highlights_line, 1, _("Highlights")).font = Font(bold=True)
    cell = sheet.cell(highlights_line, 2, highlights or None)
    cell.fill = editable
    cell.protection = Protection(locked=False)
    sheet.protection.sheet = True
    for column, width in zip("ABCDE", (8, 60, 14, 16, 40), strict=True):
        sheet.column_dimensions[column].width = width
    meta = book.create_sheet(META_SHEET)
    meta.append(["unit", unit.pk, unit.code])
    meta.append(["period", period.pk, period.label])
    meta.append(["highlights_row", highlights_line])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class TemplateError(ValueError):
    pass


def read_upload(uploaded, unit, period, rows: list[FormRow], language: str):
    """The form data the template holds, and the errors that stop it, by row."""
    try:
        book = load_workbook(uploaded, data_only=True)
        meta = book[META_SHEET]
        sheet = book.worksheets[0]
    except Exception as error:
        raise TemplateError(_("This is not a report template of this application.")) from error
    meta_rows = {r[0]: r[1:] for r in meta.iter_rows(values_only=True) if r and r[0]}
    if meta_rows.get("unit", (None,))[0] != unit.pk:
        raise TemplateError(_("This template belongs to another unit."))
    if meta_rows.get("period", (None,))[0] != period.pk:
        raise TemplateError(_("This template belongs to another period."))
    by_code = {row.indicator.code: row for row in rows}
    data, errors, seen = {}, [], set()
    highlights_line = meta_rows.get("highlights_row", (None,))[0]
    for line in range(FIRST_ROW, (highlights_line or FIRST_ROW + len(rows) + 1) - 1):
        code = sheet.cell(line, 1).value
        if code is None:
            continue
        row = by_code.get(str(code).strip())
        if row is None:
            errors.append(
                _("Row %(line)s: “%(code)s” is not an indicator of this report.")
                % {"line": line, "code": code}
            )
            continue
        seen.add(row.indicator.code)
        raw = sheet.cell(line, 4).value
        data[f"value_{row.indicator.pk}"] = _cell_text(raw, row, language)
        data[f"note_{row.indicator.pk}"] = str(sheet.cell(line, 5).value or "").strip()
    for code in by_code.keys() - seen:
        errors.append(_("The row of indicator %(code)s is missing.") % {"code": code})
    if highlights_line:
        data["highlights"] = str(sheet.cell(highlights_line, 2).value or "").strip()
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
