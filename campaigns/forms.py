from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mongcai.lib.numbers import NumberError, format_decimal
from mongcai.lib.text import TextField

from . import rules
from .reporting import FormRow
from .services import ValueInput, report_save


class ReportForm(forms.Form):
    """One value and one explanation per indicator row, the highlights and the
    version the form was loaded with. Used by the web form and the Excel upload."""

    highlights = TextField(
        label=gettext_lazy("Highlights"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, rows: list[FormRow], language: str, submit: bool = False, **kw):
        super().__init__(*args, **kw)
        self.rows = rows
        self.language = language
        self.submit = submit
        self.warnings: dict[int, str] = {}
        for row in rows:
            if not self.is_bound and (warning := self.warning(row, row.value)):
                self.warnings[row.indicator.pk] = warning
            indicator = row.indicator
            initial = (
                ""
                if row.value is None
                else format_decimal(row.value, language)
                if indicator.value_kind != "yes_no"
                else str(int(row.value))
            )
            self.fields[f"value_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.code} – {indicator.name}",
                required=False,
                initial=initial,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            # A line in the form; a cell of the Excel template may hold line breaks.
            self.fields[f"note_{indicator.pk}"] = TextField(
                label=_("Explanation"),
                required=False,
                initial=row.note,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )

    def warning(self, row: FormRow, value) -> str | None:
        """What needs a comment before the value can be submitted, if anything."""
        if rules.needs_explanation(row.indicator, value, row.previous):
            return _("Lower than the previous period (%(previous)s): explain why.") % {
                "previous": format_decimal(row.previous, self.language)
            }
        if rules.is_outlier(value, row.history):
            return _("Far from this unit's usual figures: check it and add a comment.")
        return None

    def value_field(self, row):
        return self[f"value_{row.indicator.pk}"]

    def note_field(self, row):
        return self[f"note_{row.indicator.pk}"]

    def clean(self):
        cleaned = super().clean()
        self.inputs = []
        for row in self.rows:
            indicator = row.indicator
            name = f"value_{indicator.pk}"
            note = (cleaned.get(f"note_{indicator.pk}") or "").strip()
            try:
                value = rules.read_value(indicator, cleaned.get(name, ""), self.language)
            except NumberError as error:
                self.add_error(
                    name,
                    _("Row %(code)s: %(reason)s") % {"code": indicator.code, "reason": error},
                )
                continue
            warning = self.warning(row, value)
            if warning:
                self.warnings[indicator.pk] = warning
            if self.submit and indicator.pk in self.warnings and not note:
                self.add_error(
                    f"note_{indicator.pk}",
                    _("Row %(code)s: %(warning)s")
                    % {"code": indicator.code, "warning": self.warnings[indicator.pk]},
                )
            self.inputs.append(ValueInput(indicator=indicator, value=value, note=note))
        return cleaned

    def save(self, *, user, unit, period, submit: bool):
        """Save the valid form's report as a draft or submit it (campaigns.services.report_save:
        its rules, lock and version check); the web form, the Excel upload and the API."""
        return report_save(
            user=user,
            unit=unit,
            period=period,
            inputs=self.inputs,
            highlights=self.cleaned_data["highlights"],
            version=self.cleaned_data["version"],
            submit=submit,
        )
