"""Who may do what with the organisation (django-rules), and the unit and bloc
predicates the apps above build their rules from."""

import rules

from mongcai.accounts.permissions import is_admin

from .selectors import headed_years


@rules.predicate
def is_secretary_of_unit(user, unit) -> bool:
    """The user files the unit's reports (and signs and scores for it)."""
    return user.is_authenticated and user.units.filter(pk=unit.pk).exists()


@rules.predicate
def has_headed_bloc(user, bloc) -> bool:
    """One of the user's units heads the bloc in some year."""
    return user.is_authenticated and bool(headed_years(user, bloc))


rules.add_rule("blocs.confirm_rotation", is_admin)
rules.add_rule("blocs.record_reorganisation", is_admin)
