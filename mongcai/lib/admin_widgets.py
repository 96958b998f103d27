"""The admin's autocomplete widgets read the submitted ids before querying them.

Django's ``AutocompleteMixin.optgroups`` (the ``autocomplete_fields`` of every
ModelAdmin and inline) puts the posted values straight into
``filter(pk__in=…)`` to show what was chosen when a refused form is shown again:
a posted ``nan``, ``²`` or a 25-digit id raised ValueError or DataError there, so a
mistyped id gave a 500 instead of the form with "Select a valid choice" (found by
tests/test_generated_admin.py). Values the target field cannot hold are not
looked up: the form already says they are not a valid choice.
"""

from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError

_optgroups = AutocompleteMixin.optgroups


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


def install() -> None:
    """Called once at start (mongcai.accounts.apps)."""
    if AutocompleteMixin.optgroups is not optgroups:
        AutocompleteMixin.optgroups = optgroups
