from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mongcai.lib.numbers import AsciiIntegerField


class HeadConfirmForm(forms.Form):
    year = AsciiIntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    head = forms.ModelChoiceField(label=gettext_lazy("Head"), queryset=None)
    deputy = forms.ModelChoiceField(
        label=gettext_lazy("Deputy head"), queryset=None, required=False
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = units
        self.fields["deputy"].queryset = units

    def clean(self):
        data = super().clean()
        if data.get("head") and data.get("head") == data.get("deputy"):
            raise forms.ValidationError(_("The head and the deputy must be different units."))
        return data
