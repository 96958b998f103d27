import datetime as dt

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import Unit
from campaigns.models import Campaign
from mongcai.lib.numbers import AsciiIntegerField
from mongcai.lib.text import SingleLineField, TextField

from .models import (
    AwardKind,
    CouncilSession,
    Decision,
    LegalBasis,
    Person,
    ProposalRoute,
    RecipientKind,
    Title,
)
from .services import DECISION_FIELDS


def titles_in_force(day: dt.date):
    return Title.objects.filter(valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


class NomineeFields(forms.Form):
    """The nominee, title and achievement: shared by the secretary's and the admin's form."""

    recipient_kind = forms.ChoiceField(
        label=gettext_lazy("Nominee"), choices=RecipientKind.choices, widget=forms.RadioSelect
    )
    person = forms.ModelChoiceField(
        label=gettext_lazy("Person nominated"), queryset=Person.objects.none(), required=False
    )
    collective = forms.ModelChoiceField(
        label=gettext_lazy("Collective nominated"), queryset=Unit.objects.none(), required=False
    )
    title = forms.ModelChoiceField(
        label=gettext_lazy("Title or form"), queryset=Title.objects.none()
    )
    year = AsciiIntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    achievement = SingleLineField(
        label=gettext_lazy("Achievement"),
        max_length=300,
        help_text=gettext_lazy("One achievement earns one award: say which one, briefly."),
    )

    def __init__(self, *args, people, collectives, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["person"].queryset = people
        self.fields["collective"].queryset = collectives
        self.fields["title"].queryset = titles_in_force(today)
        self.fields["year"].initial = today.year

    def clean(self):
        data = super().clean()
        kind = data.get("recipient_kind")
        if kind == RecipientKind.INDIVIDUAL and not data.get("person"):
            self.add_error("person", _("Choose the person."))
        if kind == RecipientKind.COLLECTIVE and not data.get("collective"):
            self.add_error("collective", _("Choose the collective."))
        title = data.get("title")
        if title and kind and title.recipient_kind != kind:
            self.add_error(
                "title",
                _("%(title)s is awarded to: %(kind)s.")
                % {"title": title, "kind": title.get_recipient_kind_display().lower()},
            )
        return data


class NominationForm(NomineeFields):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Proposing unit"), queryset=Unit.objects.none()
    )
    campaign = forms.ModelChoiceField(
        label=gettext_lazy("Campaign"), queryset=Campaign.objects.none()
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=AwardKind.choices)
    details = TextField(
        label=gettext_lazy("Achievements in detail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    field_order = [
        "unit",
        "recipient_kind",
        "person",
        "collective",
        "title",
        "campaign",
        "year",
        "kind",
        "achievement",
        "details",
    ]

    def __init__(self, *args, units, campaigns, **kwargs):
        super().__init__(
            *args,
            people=Person.objects.filter(unit__in=units, is_active=True).select_related("unit"),
            collectives=Unit.objects.filter(Q(pk__in=units) | Q(parent__in=units)),
            **kwargs,
        )
        self.fields["unit"].queryset = units
        # The flag comes from the bloc's ranking or the council, not a unit's proposal:
        # not offered here, and a posted one is "not one of the available choices".
        self.fields["title"].queryset = self.fields["title"].queryset.exclude(
            proposal_route=ProposalRoute.RANKING_COUNCIL
        )
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        # The campaigns of the organisers above the user's units (the nomination
        # belongs to its campaign's organiser, whose council decides it).
        self.fields["campaign"].queryset = campaigns
        self.fields["campaign"].initial = campaigns.order_by("-starts_on").first()

    def clean(self):
        data = super().clean()
        unit, person, collective = data.get("unit"), data.get("person"), data.get("collective")
        kind = data.get("recipient_kind")
        if unit and kind == RecipientKind.INDIVIDUAL and person and person.unit_id != unit.pk:
            self.add_error("person", _("This person does not belong to the unit."))
        if (
            unit
            and kind == RecipientKind.COLLECTIVE
            and collective
            and unit.pk not in (collective.pk, collective.parent_id)
        ):
            self.add_error("collective", _("The collective must be the unit or one of its parts."))
        return data


class RecipientForm(NomineeFields):
    """The admin adds a recipient directly to a draft decision: people and collectives
    of the admin's organisers (and below)."""

    def __init__(self, *args, people, collectives, **kwargs):
        super().__init__(
            *args, people=people.select_related("unit"), collectives=collectives, **kwargs
        )


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "unit", "position", "gender", "birth_year", "service_from"]
        field_classes = {"birth_year": AsciiIntegerField}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk


class ReviewForm(forms.Form):
    comment = TextField(
        label=gettext_lazy("Council's comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DecisionForm(forms.ModelForm):
    legal_bases = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Legal bases"),
        queryset=LegalBasis.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Decision
        # The number is the register's, entered when the decision is issued.
        fields = [*(f for f in DECISION_FIELDS if f != "number"), "legal_bases"]
        widgets = {"copies_to": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, authorities, campaigns, **kwargs):
        super().__init__(*args, **kwargs)
        # An organiser's decisions are issued in the name of its own authorities,
        # for its own campaigns (or those below it).
        self.fields["authority"].queryset = authorities
        self.fields["campaign"].queryset = campaigns


class IssueForm(forms.Form):
    number = AsciiIntegerField(
        label=gettext_lazy("Number in the register"),
        min_value=1,
        # Required by the service (a draft may already hold the number it was given).
        required=False,
        help_text=gettext_lazy(
            "As the văn thư entered it in the register of outgoing documents: one sequence "
            "for all the body's documents of the year (NĐ 30/2020, Điều 15)."
        ),
    )
    decided_on = forms.DateField(
        label=gettext_lazy("Date in the register"),
        required=False,
        help_text=gettext_lazy(
            "The decision's date (empty: the draft's); its cash follows this date."
        ),
    )
    password = forms.CharField(
        label=gettext_lazy("Your password, to confirm"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    no_cash = forms.BooleanField(
        label=gettext_lazy("The awards without an amount carry no cash"),
        required=False,
        help_text=gettext_lazy(
            "Tick only if it is so: an amount is missing when a coefficient or the base "
            "salary is not configured."
        ),
    )

    def __init__(self, *args, ask_no_cash: bool = True, reserved: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The page asks for the statement only when some recipient has no amount.
        if not ask_no_cash:
            del self.fields["no_cash"]
        # With a register integration the number and date are reserved there.
        if reserved:
            del self.fields["number"]
            del self.fields["decided_on"]


class SignedPdfForm(forms.Form):
    signed_pdf = forms.FileField(
        label=gettext_lazy("The signed PDF"),
        help_text=gettext_lazy(
            "The PDF downloaded from this page, signed with the official's certificate "
            "(USB token), unchanged otherwise."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def clean_signed_pdf(self):
        upload = self.cleaned_data["signed_pdf"]
        limit = getattr(settings, "AWARDS_SIGNED_PDF_MAX_BYTES", 20 * 1024 * 1024)
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)}
            )
        return upload


class AnnulForm(forms.Form):
    reason = TextField(
        label=gettext_lazy("Reason for annulment"), widget=forms.Textarea(attrs={"rows": 2})
    )


class StatisticsForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"))
    end = forms.DateField(label=gettext_lazy("To"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start date comes after the end date."))
        return data


# The council's sessions ----------------------------------------------------------


class SessionForm(forms.ModelForm):
    """Convene a session: when, where, the rules of the vote, who is invited, the agenda."""

    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members invited"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    nominations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Nominees on the agenda"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CouncilSession
        fields = ["name", "held_on", "place", "quorum", "majority", "regulation"]

    def __init__(self, *args, members, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members
        self.fields["members"].label_from_instance = lambda u: u.full_name or u.username
        self.fields["nominations"].queryset = nominations
        self.fields["nominations"].label_from_instance = lambda n: (
            f"{n.nominee} – {n.title.name} ({n.unit.name})"
        )


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members present"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, invited, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = invited
        self.fields["present"].label_from_instance = lambda u: u.full_name or u.username


AGREE, DISAGREE = "agree", "disagree"


class BallotForm(forms.Form):
    """The member's ballot paper: agree or disagree, per nominee not yet voted on."""

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=f"{item.order}. {item.nomination.nominee} – {item.nomination.title.name}",
                choices=[(AGREE, _("Agree")), (DISAGREE, _("Disagree"))],
                required=False,
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[int, bool]:
        return {
            int(name.removeprefix("item_")): value == AGREE
            for name, value in self.cleaned_data.items()
            if value
        }


class CloseForm(forms.Form):
    conclusions = TextField(
        label=gettext_lazy("Conclusions of the session"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
