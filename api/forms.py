from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mongcai.lib.text import validate_single_line


def _lifetimes():
    return [
        (days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
        for days in settings.API_TOKEN_LIFETIMES_DAYS
    ]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        validators=[validate_single_line],
        help_text=_("The system that will use it, e.g. “e-office”."),
    )
    lifetime_days = forms.TypedChoiceField(
        label=_("Valid for"), coerce=int, choices=_lifetimes, initial=90
    )
