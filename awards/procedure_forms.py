"""Forms of the annual registration, the public disclosure and the minutes' number."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blocs.models import Unit
from mongcai.lib.numbers import AsciiIntegerField
from mongcai.lib.text import SingleLineField, TextField

from .models import Person, Title


class RoundForm(forms.Form):
    organiser = forms.ModelChoiceField(
        label=gettext_lazy("Organiser"), queryset=Unit.objects.none()
    )
    year = AsciiIntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    deadline = forms.DateField(label=gettext_lazy("Registration deadline"))

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=gettext_lazy("New deadline"))


class RegisterForm(forms.Form):
    """A secretary registers a person (individual title) or a unit (collective title)."""

    title = forms.ModelChoiceField(
        label=gettext_lazy("Title or form"), queryset=Title.objects.none()
    )
    person = forms.ModelChoiceField(
        label=gettext_lazy("Person (individual title)"),
        queryset=Person.objects.none(),
        required=False,
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Unit (collective title)"), queryset=Unit.objects.none(), required=False
    )

    def __init__(self, *args, titles, people, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = titles
        self.fields["person"].queryset = people
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        title = data.get("title")
        if title is not None:
            if title.recipient_kind == "individual" and not data.get("person"):
                self.add_error("person", _("Choose the person for this individual title."))
            if title.recipient_kind == "collective" and not data.get("unit"):
                self.add_error("unit", _("Choose the unit for this collective title."))
        return data


class DisclosureForm(forms.Form):
    organiser = forms.ModelChoiceField(
        label=gettext_lazy("Organiser"), queryset=Unit.objects.none()
    )
    year = AsciiIntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    name = SingleLineField(label=gettext_lazy("Name"), max_length=200)
    starts_on = forms.DateField(label=gettext_lazy("Open from"))
    ends_on = forms.DateField(label=gettext_lazy("Open until"))

    def __init__(self, *args, organisers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = organisers

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end of the period cannot come before its start."))
        return data


class CommentForm(forms.Form):
    nomination = forms.ModelChoiceField(
        label=gettext_lazy("Nominee"), queryset=Title.objects.none()
    )
    text = TextField(label=gettext_lazy("Your comment"), max_length=4000)

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = nominations
        self.fields["nomination"].label_from_instance = lambda n: f"{n.nominee} – {n.title.name}"


class ResolutionForm(forms.Form):
    resolution = TextField(label=gettext_lazy("How it was resolved"), max_length=4000)


class MinutesNumberForm(forms.Form):
    number = AsciiIntegerField(label=gettext_lazy("Minutes number"), min_value=1, max_value=99999)
    day = forms.DateField(label=gettext_lazy("Minutes date"))
