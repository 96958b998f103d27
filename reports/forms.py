from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Period
from mongcai.lib.numbers import AsciiIntegerField


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.campaign.name} – {obj.label}"


class SummaryForm(forms.Form):
    """Which campaign and period the draft reports on, and over which dates it counts
    the commendations (the period's own by default)."""

    period = PeriodChoiceField(label=gettext_lazy("Campaign and period"), queryset=None)
    awards_from = forms.DateField(label=gettext_lazy("Commendations from"), required=False)
    awards_to = forms.DateField(label=gettext_lazy("Commendations until"), required=False)
    fmt = forms.ChoiceField(
        label=gettext_lazy("File"),
        choices=[
            ("docx", gettext_lazy("Draft report (DOCX)")),
            ("xlsx", gettext_lazy("Sources of the figures (XLSX)")),
        ],
    )

    def __init__(self, *args, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = (
            Period.objects.filter(campaign__in=campaigns)
            .select_related("campaign")
            .order_by("-campaign__starts_on", "campaign__name", "ends_on", "-starts_on")
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("awards_from"), data.get("awards_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date comes after the end date."))
        return data


class StatisticsForm(forms.Form):
    organiser = forms.ModelChoiceField(label=gettext_lazy("Organiser"), queryset=None)
    year = AsciiIntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers.order_by("name")


class HonourBoardForm(forms.Form):
    organiser = forms.ModelChoiceField(label=gettext_lazy("Organiser"), queryset=None)
    published = forms.BooleanField(label=gettext_lazy("Published"), required=False)

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers.order_by("name")


class HonourFilterForm(forms.Form):
    """The public page's filters, among the years and titles the board has."""

    year = forms.TypedChoiceField(
        label=gettext_lazy("Year"),
        coerce=int,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    title = forms.ChoiceField(
        label=gettext_lazy("Title or form"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in board["years"]]
        self.fields["title"].choices = [("", _("All titles"))] + [
            (t["code"], t["name"]) for t in board["titles"]
        ]
