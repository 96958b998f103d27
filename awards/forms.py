import datetime as dt
from decimal import Decimal

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from blocs.models import Unit
from campaigns.models import Campaign
from mongcai.lib.numbers import AsciiIntegerField, NumberError, format_decimal, parse_decimal
from mongcai.lib.text import SingleLineField, TextField

from .dossiers import decimals_of
from .models import (
    AwardKind,
    CouncilSession,
    Decision,
    Household,
    LegalBasis,
    Person,
    ProposalRoute,
    RecipientKind,
    Title,
)
from .models.certificates import BOX_KEYS, Align, Orientation, Paper
from .models.certificates import Field as CertificateField
from .services import DECISION_FIELDS

# The smallest largest-size the calibration accepts (awards.certificates.MIN_SIZE).
MIN_FONT_SIZE = 6


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
    household = forms.ModelChoiceField(
        label=gettext_lazy("Household nominated"),
        queryset=Household.objects.none(),
        required=False,
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

    def __init__(self, *args, people, collectives, households, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["person"].queryset = people
        self.fields["collective"].queryset = collectives
        self.fields["household"].queryset = households
        self.fields["title"].queryset = titles_in_force(today)
        self.fields["year"].initial = today.year

    def clean(self):
        data = super().clean()
        kind = data.get("recipient_kind")
        if kind == RecipientKind.INDIVIDUAL and not data.get("person"):
            self.add_error("person", _("Choose the person."))
        if kind == RecipientKind.COLLECTIVE and not data.get("collective"):
            self.add_error("collective", _("Choose the collective."))
        if kind == RecipientKind.HOUSEHOLD and not data.get("household"):
            self.add_error("household", _("Choose the household."))
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
        "household",
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
            households=Household.objects.filter(
                Q(unit__in=units) | Q(unit__parent__in=units), is_active=True
            ).select_related("unit"),
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
        household = data.get("household")
        if (
            unit
            and kind == RecipientKind.HOUSEHOLD
            and household
            and unit.pk not in (household.unit_id, household.unit.parent_id)
        ):
            self.add_error(
                "household", _("The household must live in the unit or one of its parts.")
            )
        return data


class RecipientForm(NomineeFields):
    """The admin adds a recipient directly to a draft decision: people, collectives
    and households of the admin's organisers (and below)."""

    def __init__(self, *args, people, collectives, **kwargs):
        super().__init__(
            *args,
            people=people.select_related("unit"),
            collectives=collectives,
            households=Household.objects.filter(unit__in=collectives, is_active=True),
            **kwargs,
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


class MeasureField(forms.CharField):
    """A measure typed the user's way (12,5 in Vietnamese, 12.5 in English), in a range."""

    def __init__(self, *, minimum: float, maximum: float, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "size": 5}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            number = parse_decimal(value, get_language() or "vi")
        except NumberError as error:
            raise forms.ValidationError(str(error), code="invalid") from error
        if not self.minimum <= number <= self.maximum:
            raise forms.ValidationError(
                _("Give a value from %(min)s to %(max)s.")
                % {"min": self.minimum, "max": self.maximum},
                code="range",
            )
        return float(round(number, 1))

    def prepare_value(self, value):
        if isinstance(value, int | float | Decimal):
            return format_decimal(Decimal(str(value)), get_language() or "vi")
        return value


class CertificateLayoutForm(forms.Form):
    """The calibration of one blank: paper, the printer's offset, and per field its box."""

    paper = forms.ChoiceField(label=gettext_lazy("Paper"), choices=Paper.choices)
    orientation = forms.ChoiceField(label=gettext_lazy("Orientation"), choices=Orientation.choices)
    offset_x = MeasureField(
        label=gettext_lazy("Printer offset, right (mm)"), minimum=-20, maximum=20
    )
    offset_y = MeasureField(
        label=gettext_lazy("Printer offset, down (mm)"), minimum=-20, maximum=20
    )

    BOX = (
        ("show", gettext_lazy("On the blank")),
        ("x", gettext_lazy("x (mm)")),
        ("y", gettext_lazy("y (mm)")),
        ("width", gettext_lazy("width (mm)")),
        ("height", gettext_lazy("height (mm)")),
        ("size", gettext_lazy("largest size (pt)")),
        ("align", gettext_lazy("alignment")),
        ("bold", gettext_lazy("bold")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CertificateField.values:
            self.fields[f"{name}_show"] = forms.BooleanField(required=False)
            for key, top in (("x", 420), ("y", 420), ("width", 420), ("height", 420)):
                self.fields[f"{name}_{key}"] = MeasureField(
                    minimum=0 if key in ("x", "y") else 1, maximum=top
                )
            self.fields[f"{name}_size"] = MeasureField(minimum=MIN_FONT_SIZE, maximum=72)
            self.fields[f"{name}_align"] = forms.ChoiceField(choices=Align.choices)
            self.fields[f"{name}_bold"] = forms.BooleanField(required=False)
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "form-check-input"
            elif isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select form-select-sm"
            else:
                field.widget.attrs["class"] = "form-control form-control-sm"
        for name in CertificateField.values:
            self.fields[f"{name}_align"].widget.attrs["class"] += " col-align"

    @staticmethod
    def initial_from(layout) -> dict:
        initial = {
            "paper": layout.paper,
            "orientation": layout.orientation,
            "offset_x": float(layout.offset_x),
            "offset_y": float(layout.offset_y),
        }
        for name, box in layout.fields.items():
            for key in BOX_KEYS:
                if key in box:
                    initial[f"{name}_{key}"] = box[key]
        return initial

    def rows(self):
        """(label, [bound fields in BOX order]) per field of the blank, for the table."""
        return [
            (label, [self[f"{name}_{key}"] for key, _label in self.BOX])
            for name, label in CertificateField.choices
        ]

    def boxes(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            name: {key: data[f"{name}_{key}"] for key in BOX_KEYS}
            for name in CertificateField.values
        }

    def clean(self):
        data = super().clean()
        for name, label in CertificateField.choices:
            if data.get(f"{name}_show"):
                missing = [
                    key
                    for key in ("x", "y", "width", "height", "size")
                    if data.get(f"{name}_{key}") is None
                ]
                if missing:
                    raise forms.ValidationError(
                        _("%(field)s is on the blank: give its x, y, width, height and size.")
                        % {"field": label}
                    )
            else:
                # A field the blank has no room for keeps what was typed, or nothing.
                for key in ("x", "y", "width", "height", "size"):
                    if data.get(f"{name}_{key}") is None:
                        data[f"{name}_{key}"] = 0 if key in ("x", "y") else 1
        if data.get("offset_x") is None:
            data["offset_x"] = 0
        if data.get("offset_y") is None:
            data["offset_y"] = 0
        return data


# The largest figure a dossier stores (DossierFigure.value: 30 digits, 6 decimals).
FIGURE_LIMIT = Decimal(10) ** 24


def _figure_value(text: str, field_label: str) -> Decimal | None:
    """A figure typed the way of the page's language (1.234,5 in Vietnamese); empty
    is no figure."""
    if not text.strip():
        return None
    try:
        value = parse_decimal(text, get_language() or "vi")
    except NumberError as error:
        raise forms.ValidationError(f"{field_label}: {error}") from error
    if abs(value) >= FIGURE_LIMIT or value.as_tuple().exponent < -6:
        raise forms.ValidationError(
            _("%(label)s: the figure is too large or has more than six decimals.")
            % {"label": field_label}
        )
    return value


class DossierForm(forms.Form):
    """The secretary's edit of the draft: its texts, each figure's value, and one new
    typed figure."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    overview = TextField(
        label=gettext_lazy("I. Overview"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    achievements = TextField(
        label=gettext_lazy("II. Achievements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    measures = TextField(
        label=gettext_lazy("Measures and causes of the achievements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    proposal = TextField(
        label=gettext_lazy("Proposal letter (tờ trình)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    new_label = SingleLineField(
        label=gettext_lazy("New figure (typed)"), required=False, max_length=300
    )
    new_value = forms.CharField(label=gettext_lazy("Its value"), required=False, max_length=60)
    new_unit = SingleLineField(
        label=gettext_lazy("Its unit of measure"), required=False, max_length=60
    )

    def __init__(self, *args, figures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.figures = list(figures)
        for figure in self.figures:
            self.fields[f"figure_{figure.pk}"] = forms.CharField(
                label=figure.label,
                required=False,
                max_length=60,
                # Every decimal the figure holds: a rounded initial would read back as
                # a changed, typed figure.
                initial=format_decimal(
                    figure.value,
                    get_language() or "vi",
                    max(figure.decimals, decimals_of(figure.value)),
                )
                if figure.value is not None
                else "",
            )

    def figure_fields(self):
        return [(figure, self[f"figure_{figure.pk}"]) for figure in self.figures]

    def clean(self):
        data = super().clean()
        values = {}
        for figure in self.figures:
            name = self.add_prefix(f"figure_{figure.pk}")
            if name not in self.data:
                continue  # not sent: unchanged (an emptied field clears the figure)
            text = self.data[name]
            try:
                values[figure.pk] = _figure_value(text, figure.label)
            except forms.ValidationError as error:
                self.add_error(f"figure_{figure.pk}", error)
        data["values"] = values
        try:
            data["new_value_number"] = _figure_value(data.get("new_value") or "", _("New figure"))
        except forms.ValidationError as error:
            self.add_error("new_value", error)
        if (data.get("new_value") or "").strip() and not data.get("new_label"):
            self.add_error("new_label", _("Name the figure you typed."))
        return data


class ReopenForm(forms.Form):
    reason = TextField(
        label=gettext_lazy("Why it is reopened"), widget=forms.Textarea(attrs={"rows": 2})
    )
