"""The secretary's report form's rows as HTML in one pass.

A province's unit reports 50 indicators: through `{% for %}` each row's ten
lookups, two bound fields and three `floatformat` cost about 0.2 ms, half of
the form's CPU at the deadline hour (docs/BENCHMARKS.md, fifth round). Every
text a user or an administrator typed (codes, names, units of measure, values,
notes, errors, warnings) goes through `escape`; a test holds the output equal,
row for row, to the same markup written as a template
(tests/fixtures/report_rows_reference.html).

On a phone the table reads as one card per indicator (`.table-stack`): the name
on top, then each value after its column's name (the cell's `data-label`); an
empty figure (no target, no previous period) shows no line.
"""

from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from .forms import ReportForm
from .reporting import FormRow


def _figure(value, decimals: int) -> str:
    return "" if value is None else escape(floatformat(value, decimals))


def _input_value(bound) -> str:
    value = bound.value()
    return "" if value is None else escape(value)


def _errors(bound) -> str:
    return "".join(f'<div class="invalid-feedback d-block">{escape(e)}</div>' for e in bound.errors)


def report_rows_html(form: ReportForm, rows: list[FormRow], locked) -> SafeString:
    """The `<tr>` of each row: label, value input with its errors and warning, the
    unit's target, the previous period, so far, and the explanation input."""
    disabled = " disabled" if locked else ""
    yes_no = escape(gettext("1 = yes, 0 = no"))
    explanation = escape(gettext("Explanation"))
    labels = {
        name: escape(gettext(text))
        for name, text in (
            ("value", "Value"),
            ("target", "Unit target"),
            ("previous", "Previous period"),
            ("so_far", "So far"),
        )
    }
    warnings = getattr(form, "warnings", {})
    out = []
    for row in rows:
        indicator = row.indicator
        code = escape(indicator.code)
        value, note = form.value_field(row), form.note_field(row)
        value_id, note_id = escape(value.id_for_label), escape(note.id_for_label)
        measure = yes_no if indicator.value_kind == "yes_no" else escape(indicator.unit_of_measure)
        warning = warnings.get(indicator.pk)
        warning_html = (
            '<div class="small text-warning-emphasis" data-testid="warning">'
            f"⚠ {escape(warning)}</div>"
            if warning
            else ""
        )
        value_invalid = " is-invalid" if value.errors else ""
        note_invalid = " is-invalid" if note.errors else ""
        decimals = indicator.decimals
        out.append(
            f'<tr data-code="{code}">'
            f'<td data-label=""><label for="{value_id}">'
            f'<span class="text-muted small">{code}</span> '
            f"{escape(indicator.name)}</label> "
            f'<span class="text-muted small">({measure})</span></td>'
            f'<td data-label="{labels["value"]}">'
            f'<input type="text" name="{escape(value.html_name)}" id="{value_id}" '
            f'value="{_input_value(value)}" inputmode="decimal" autocomplete="off" '
            f'class="form-control form-control-sm num{value_invalid}"{disabled}>'
            f"{_errors(value)}{warning_html}</td>"
            f'<td class="num" data-label="{labels["target"]}">{_figure(row.target, decimals)}</td>'
            f'<td class="num" data-label="{labels["previous"]}">'
            f"{_figure(row.previous, decimals)}</td>"
            f'<td class="num" data-label="{labels["so_far"]}">{_figure(row.so_far, decimals)}</td>'
            f'<td data-label="{explanation}">'
            f'<input type="text" name="{escape(note.html_name)}" id="{note_id}" '
            f'value="{_input_value(note)}" class="form-control form-control-sm{note_invalid}" '
            f'aria-label="{explanation} {code}"{disabled}>{_errors(note)}</td>'
            "</tr>"
        )
    # Every interpolated text above went through escape().
    return mark_safe("\n".join(out))  # nosec B308 B703 # escaped piece by piece above
