"""The admin's autocomplete widgets read the submitted ids before querying them, and
its change lists' date hierarchy refuses dates no calendar holds.

Django's ``AutocompleteMixin.optgroups`` (the ``autocomplete_fields`` of every
ModelAdmin and inline) puts the posted values straight into
``filter(pk__in=…)`` to show what was chosen when a refused form is shown again:
a posted ``nan``, ``²`` or a 25-digit id raised ValueError or DataError there, so a
mistyped id gave a 500 instead of the form with "Select a valid choice" (found by
tests/test_generated_admin.py). Values the target field cannot hold are not
looked up: the form already says they are not a valid choice.
"""

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError

_optgroups = AutocompleteMixin.optgroups
_get_filters = ChangeList.get_filters


def _holdable(field, value) -> bool:
    """Whether `value` is one the target field (usually the primary key) can hold."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return True


def optgroups(self, name, value, attr=None):
    remote = self.field.remote_field
    target = remote.model._meta.get_field(
        getattr(remote, "field_name", None) or remote.model._meta.pk.name
    )
    value = [v for v in value if str(v) in self.choices.field.empty_values or _holdable(target, v)]
    return _optgroups(self, name, value, attr)


def get_filters(self, request):
    """A change list's date hierarchy (``?ends_on__year=…&…__month=…&…__day=…``) builds
    its bounds with ``datetime`` and ``timedelta`` and catches only the ValueError of
    building the first day: a 25-digit year (OverflowError), year 9999 (its next year is
    10000) or 31/12/9999 (a day past the last date) answered 500. Each is an incorrect
    lookup, which the admin answers with the list and its "?e=1" notice."""
    try:
        return _get_filters(self, request)
    except (OverflowError, ValueError) as error:
        raise IncorrectLookupParameters(error) from error


def install() -> None:
    """Called once at start (mongcai.accounts.apps)."""
    if AutocompleteMixin.optgroups is not optgroups:
        AutocompleteMixin.optgroups = optgroups
    if ChangeList.get_filters is not get_filters:
        ChangeList.get_filters = get_filters
