"""Who may do what with the organisation (django-rules), and the unit and bloc
predicates the apps above build their rules from."""

import rules

from mongcai.accounts.permissions import is_admin

from .selectors import headed_years, organiser_units


def in_organiser_scope(user, organiser_id: int | None) -> bool:
    """The organiser (a unit id) is one of the user's organisers or below one (one query;
    none for a superuser). For objects a service receives without a scoped loader."""
    if organiser_id is None or not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return organiser_units(user).filter(pk=organiser_id).exists()


@rules.predicate
def manages_organiser(user, organiser) -> bool:
    """The unit is one of the user's organisers or below one (council members, admins)."""
    return organiser is not None and in_organiser_scope(user, organiser.pk)


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
