from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mongcai.accounts.models import Role
from mongcai.lib.numbers import AsciiIntegerField

from .models import ReorganisationKind, Unit


class HeadConfirmForm(forms.Form):
    year = AsciiIntegerField(widget=forms.HiddenInput, min_value=2000, max_value=2100)
    head = forms.ModelChoiceField(
        label=gettext_lazy("Head"),
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    deputy = forms.ModelChoiceField(
        label=gettext_lazy("Deputy head"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
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


class InviteUnitsForm(forms.Form):
    """Step one of an invitation: the units whose secretaries to invite."""

    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Units"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units


class InviteRowForm(forms.Form):
    """Step two: for each unit chosen, its secretary's name and e-mail."""

    unit = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class InviteUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX): full name, e-mail, unit"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class InvitePersonForm(forms.Form):
    """A council member or an admin of one of the inviting admin's organisers."""

    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=())
    organiser = forms.ModelChoiceField(
        label=gettext_lazy("Organiser"), queryset=Unit.objects.none(), empty_label=None
    )

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers
        self.fields["role"].choices = [
            (Role.COUNCIL, Role.COUNCIL.label),
            (Role.ADMIN, Role.ADMIN.label),
        ]


class ReplaceForm(forms.Form):
    """Who takes over a leaving secretary's units: an account, or a new person invited."""

    successor = forms.ModelChoiceField(
        label=gettext_lazy("An existing secretary account"), queryset=None, required=False
    )
    new_full_name = forms.CharField(
        label=gettext_lazy("Or invite: full name"), max_length=150, required=False
    )
    new_email = forms.EmailField(label=gettext_lazy("E-mail"), max_length=254, required=False)

    def __init__(self, *args, successors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = successors

    def clean(self):
        data = super().clean()
        if data.get("new_email") and not data.get("new_full_name", "").strip():
            raise forms.ValidationError(_("Give the new secretary's full name."))
        return data


class UnitsOnForm(forms.Form):
    """The units list as of a date (dd/mm/yyyy)."""

    on = forms.DateField(label=gettext_lazy("As of"), required=False)


class ReorganisationForm(forms.Form):
    """The admin records a reorganisation: these units end on the eve of a date,
    succeeded by that unit (merge) or those (split); nothing is deleted."""

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ReorganisationKind.choices)
    effective_on = forms.DateField(
        label=gettext_lazy("In effect from"),
        help_text=gettext_lazy("The first day of the new units; the old ones end the day before."),
    )
    ending = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Units that end"), queryset=Unit.objects.none()
    )
    successors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Successor units"), queryset=Unit.objects.none(), required=False
    )
    legal_basis = forms.CharField(
        label=gettext_lazy("Legal basis"),
        max_length=300,
        help_text=gettext_lazy("E.g. Nghị quyết 1679/NQ-UBTVQH15 ngày 16/06/2025."),
    )
    source_url = forms.URLField(label=gettext_lazy("Source"), max_length=400, required=False)
    verified = forms.BooleanField(
        label=gettext_lazy("Checked against the text of the legal basis"), required=False
    )
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's organisers' units and those below them (blocs.selectors.units_for_user).
        units = units.order_by("name")
        self.fields["ending"].queryset = units
        self.fields["successors"].queryset = units
