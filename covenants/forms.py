from decimal import Decimal

from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mongcai.lib.numbers import NumberError, format_decimal, parse_decimal
from mongcai.lib.text import SingleLineField, TextField

from .models import CriterionKind, CriterionPrefill

# No rubric line is worth more (the columns hold 9999.99): a bound users never meet.
MAX_POINTS = Decimal(1000)


class PointsField(forms.CharField):
    """Points typed the user's way (7,5 in Vietnamese), read strictly; never negative."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 6})

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_decimal(value, get_language() or "vi")
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            points = parse_decimal(text, get_language() or "vi")
        except NumberError as error:
            raise forms.ValidationError(str(error)) from error
        if points < 0:
            raise forms.ValidationError(_("Points cannot be negative."))
        if points > MAX_POINTS:
            raise forms.ValidationError(
                _("Points are at most %(max)s.")
                % {"max": format_decimal(MAX_POINTS, get_language() or "vi")}
            )
        if points != points.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Points have at most two decimals."))
        return points


class CovenantForm(forms.Form):
    title = SingleLineField(label=gettext_lazy("Title"), max_length=300)
    preamble = TextField(
        label=gettext_lazy("Preamble"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CovenantCreateForm(CovenantForm):
    campaign = forms.ModelChoiceField(label=gettext_lazy("Campaign"), queryset=None)
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    field_order = ["campaign", "year", "title", "preamble"]

    def __init__(self, *args, campaigns, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["year"].choices = [(y, str(y)) for y in years]


class CommitmentForm(forms.Form):
    text = TextField(label=gettext_lazy("Commitment"), widget=forms.Textarea(attrs={"rows": 2}))
    indicator = forms.ModelChoiceField(
        label=gettext_lazy("Indicator (optional)"), queryset=None, required=False
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators


class CriterionForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=CriterionKind.choices)
    title = SingleLineField(label=gettext_lazy("Title"), max_length=300)
    description = SingleLineField(label=gettext_lazy("How it is scored"), required=False)
    max_points = PointsField(label=gettext_lazy("Maximum points"))
    prefill = forms.ChoiceField(
        label=gettext_lazy("Pre-fill"), choices=CriterionPrefill.choices, required=False
    )

    def clean_max_points(self):
        points = self.cleaned_data["max_points"]
        if points is None or points <= 0:
            raise forms.ValidationError(_("The maximum points must be more than zero."))
        return points


def formset_class(form, extra: int):
    return forms.formset_factory(form, extra=extra, can_delete=True, min_num=1, validate_min=True)


CommitmentFormSet = formset_class(CommitmentForm, extra=1)
CriterionFormSet = formset_class(CriterionForm, extra=1)


class SelfScoreForm(forms.Form):
    """One row per rubric line: points, justification and (bonus/penalty) evidence."""

    def __init__(self, *args, scores, prefills: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for score in scores:
            criterion = score.criterion
            prefill = prefills.get(criterion.pk)
            initial = score.self_points
            if initial is None and prefill is not None:
                initial = prefill.points(criterion.max_points)
            self.fields[f"points_{criterion.pk}"] = PointsField(
                label=criterion.title, required=False, initial=initial
            )
            self.fields[f"note_{criterion.pk}"] = TextField(
                label=_("Justification"),
                required=False,
                initial=score.self_note,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if criterion.kind != CriterionKind.CRITERION:
                self.fields[f"evidence_{criterion.pk}"] = forms.FileField(
                    label=_("Evidence"), required=False
                )
            self.rows.append((score, prefill))

    def bound_rows(self):
        for score, prefill in self.rows:
            pk = score.criterion.pk
            yield {
                "score": score,
                "prefill": prefill,
                "points": self[f"points_{pk}"],
                "note": self[f"note_{pk}"],
                "evidence": self[f"evidence_{pk}"] if f"evidence_{pk}" in self.fields else None,
            }


class ReviewForm(forms.Form):
    """The reviewer's points and reason per rubric line (empty keeps the claimed score)."""

    def __init__(self, *args, scores, prefix_name: str = "review", **kwargs):
        super().__init__(*args, **kwargs)
        self.prefix_name = prefix_name
        self.rows = []
        for score in scores:
            key = score.pk
            initial = score.review_points if prefix_name == "review" else score.agreed_points
            note = score.review_note if prefix_name == "review" else score.final_note
            self.fields[f"{prefix_name}_{key}"] = PointsField(
                label=score.criterion.title, required=False, initial=initial
            )
            self.fields[f"{prefix_name}note_{key}"] = SingleLineField(
                label=_("Reason"), required=False, initial=note
            )
            self.rows.append(score)

    def bound_rows(self):
        for score in self.rows:
            yield {
                "score": score,
                "points": self[f"{self.prefix_name}_{score.pk}"],
                "note": self[f"{self.prefix_name}note_{score.pk}"],
            }
