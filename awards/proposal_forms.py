"""Forms of the proposals to a higher level and of the fund."""

from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mongcai.lib.numbers import AsciiIntegerField, NumberError, parse_decimal
from mongcai.lib.text import SingleLineField, TextField

from .models import (
    Authority,
    FundSource,
    Nomination,
    Proposal,
    SendingChannel,
)
from .models.decisions import SigningMode


class DongField(forms.Field):
    """A whole amount of đồng typed the reader's way (1.234.000 in Vietnamese)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 30})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not text:
            return None
        if len(text) > 30:
            raise forms.ValidationError(_("Enter a positive whole number of đồng."))
        try:
            amount = parse_decimal(text, get_language() or "vi")
        except NumberError as error:
            raise forms.ValidationError(str(error)) from error
        if amount != amount.to_integral_value() or amount <= 0 or amount >= 10**15:
            raise forms.ValidationError(_("Enter a positive whole number of đồng."))
        return int(amount)


class ProposalForm(forms.ModelForm):
    nominations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Nominees proposed"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Proposal
        fields = [
            "authority",
            "number",
            "dated",
            "summary",
            "body",
            "signer_name",
            "signer_position",
        ]
        field_classes = {"number": AsciiIntegerField}
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, authorities, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities
        self.fields["nominations"].queryset = Nomination.objects.filter(
            pk__in=[n.pk for n in nominations]
        ).select_related("person", "collective", "title", "unit")
        self.fields["nominations"].label_from_instance = lambda n: (
            f"{n.nominee} – {n.title.name} ({n.unit.name})"
        )


class SendForm(forms.Form):
    sent_on = forms.DateField(label=gettext_lazy("Sent on"))
    channel = forms.ChoiceField(label=gettext_lazy("Channel"), choices=SendingChannel.choices)
    reference = SingleLineField(label=gettext_lazy("Reference"), max_length=120, required=False)


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=gettext_lazy("Returned on"))
    reasons = TextField(
        label=gettext_lazy("Reasons given by the higher level"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecideForm(forms.Form):
    """The higher level's decision as received: its authority, number, date, signer, and
    for each nominee whether it is accepted and the amount it gives."""

    authority = forms.ModelChoiceField(
        label=gettext_lazy("Deciding authority"), queryset=Authority.objects.none()
    )
    number = AsciiIntegerField(label=gettext_lazy("Decision number"), min_value=1)
    decided_on = forms.DateField(label=gettext_lazy("Decision date"))
    summary = SingleLineField(label=gettext_lazy("Summary"), max_length=300)
    signing_mode = forms.ChoiceField(
        label=gettext_lazy("Signing"), choices=SigningMode.choices, required=False
    )
    signer_name = SingleLineField(label=gettext_lazy("Signer"), max_length=150)
    signer_position = SingleLineField(label=gettext_lazy("Signer's position"), max_length=150)

    def __init__(self, *args, authorities, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities
        self.items = list(items)
        for item in self.items:
            self.fields[f"accepted_{item.pk}"] = forms.BooleanField(
                label=f"{item.nomination.nominee} – {item.nomination.title.name}",
                required=False,
                initial=True,
            )
            self.fields[f"amount_{item.pk}"] = DongField(
                label=gettext_lazy("Amount (VND)"),
                required=False,
                help_text=gettext_lazy("Empty: the catalogue's cash on the decision's date."),
            )

    def item_rows(self):
        return [
            (item, self[f"accepted_{item.pk}"], self[f"amount_{item.pk}"]) for item in self.items
        ]

    def accepted(self) -> dict[int, bool]:
        return {item.pk: bool(self.cleaned_data.get(f"accepted_{item.pk}")) for item in self.items}

    def amounts(self) -> dict[int, int | None]:
        return {
            item.pk: self.cleaned_data.get(f"amount_{item.pk}")
            for item in self.items
            if self.cleaned_data.get(f"amount_{item.pk}") is not None
        }


class IncomeForm(forms.Form):
    received_on = forms.DateField(label=gettext_lazy("Received on"))
    source = forms.ChoiceField(label=gettext_lazy("Source"), choices=FundSource.choices)
    amount = DongField(label=gettext_lazy("Amount (VND)"))
    reference = SingleLineField(
        label=gettext_lazy("Voucher or decision"), max_length=120, required=False
    )
    note = SingleLineField(label=gettext_lazy("Note"), max_length=300, required=False)


class PaymentForm(forms.Form):
    on = forms.DateField(label=gettext_lazy("Date"))
    voucher = SingleLineField(label=gettext_lazy("Voucher number"), max_length=60)
