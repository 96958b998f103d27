"""The yearly rotation of a bloc's head (trưởng khối) and deputy."""

import datetime as dt
from dataclasses import dataclass

import rules
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from mongcai.accounts.models import User

from ..models import Bloc, BlocMembership, MembershipRole, Unit
from ..signals import organisation_changed_send


@dataclass(frozen=True)
class HeadSuggestion:
    year: int
    members: list[Unit]  # the members the new year starts with
    head: Unit | None
    deputy: Unit | None
    reason: str


def _exists_in(unit: Unit, year: int) -> bool:
    return unit.valid_from <= dt.date(year, 12, 31) and (
        unit.valid_to is None or unit.valid_to >= dt.date(year, 1, 1)
    )


def _members_for(bloc: Bloc, year: int) -> list[Unit]:
    """The year's members if already set, else last year's still existing, plus successors."""
    current = [
        m.unit for m in BlocMembership.objects.filter(bloc=bloc, year=year).select_related("unit")
    ]
    if current:
        return sorted(current, key=lambda u: u.name)
    previous = Unit.objects.filter(bloc_memberships__bloc=bloc, bloc_memberships__year=year - 1)
    members: dict[int, Unit] = {}
    for unit in previous.prefetch_related("successors"):
        if _exists_in(unit, year):
            members[unit.pk] = unit
        else:
            # A unit merged away hands its seat to the unit it was merged into.
            for successor in unit.successors.all():
                if _exists_in(successor, year):
                    members[successor.pk] = successor
    taken = set(
        BlocMembership.objects.filter(year=year, unit_id__in=members)
        .exclude(bloc=bloc)
        .values_list("unit_id", flat=True)
    )
    return sorted((u for pk, u in members.items() if pk not in taken), key=lambda u: u.name)


def bloc_head_suggest(*, bloc: Bloc, year: int) -> HeadSuggestion:
    """Who should head the bloc in `year`, by rotation.

    The rule (docs/blocs.md): last year's deputy moves up if it is still a
    member; otherwise the member that has gone longest without heading the
    bloc (never first), ties by name. The deputy is the next in that order.
    """
    members = _members_for(bloc, year)
    if not members:
        return HeadSuggestion(year, [], None, None, _("The bloc has no member for that year."))
    last_headed = dict(
        BlocMembership.objects.filter(
            bloc=bloc, role=MembershipRole.HEAD, year__lt=year, unit__in=members
        )
        .values("unit_id")
        .annotate(last=Max("year"))
        .values_list("unit_id", "last")
    )
    order = sorted(members, key=lambda u: (last_headed.get(u.pk, 0), u.name))
    deputy_before = (
        BlocMembership.objects.filter(bloc=bloc, year=year - 1, role=MembershipRole.DEPUTY)
        .values_list("unit_id", flat=True)
        .first()
    )
    head = next((u for u in members if u.pk == deputy_before), None)
    if head is not None:
        reason = _("Last year's deputy head moves up.")
    else:
        head = order[0]
        if head.pk in last_headed:
            reason = _("It has gone longest without heading the bloc (last in %(year)s).") % {
                "year": last_headed[head.pk]
            }
        else:
            reason = _("It has never headed the bloc.")
    rest = [u for u in order if u.pk != head.pk]
    return HeadSuggestion(year, members, head, rest[0] if rest else None, reason)


@transaction.atomic
def bloc_year_confirm(
    *, bloc: Bloc, year: int, head: Unit, deputy: Unit | None, by: User
) -> list[BlocMembership]:
    """The admin confirms the year's members, head and deputy (the suggested or others)."""
    if not rules.test_rule("blocs.confirm_rotation", by):
        raise ValidationError(_("Only an administrator confirms a bloc's head."))
    if deputy is not None and deputy.pk == head.pk:
        raise ValidationError(_("The head and the deputy must be different units."))
    members = _members_for(bloc, year)
    member_ids = {u.pk for u in members}
    for unit in (head, deputy):
        if unit is not None and unit.pk not in member_ids:
            raise ValidationError(
                _("%(unit)s is not a member of the bloc in %(year)s.")
                % {"unit": unit, "year": year}
            )
    existing = {
        m.unit_id: m
        for m in BlocMembership.objects.select_for_update().filter(bloc=bloc, year=year)
    }
    # Clear the roles first so the one-head/one-deputy constraints hold at every step.
    BlocMembership.objects.filter(bloc=bloc, year=year).filter(
        Q(role=MembershipRole.HEAD) | Q(role=MembershipRole.DEPUTY)
    ).update(role=MembershipRole.MEMBER)
    result = []
    for unit in members:
        role = MembershipRole.MEMBER
        if unit.pk == head.pk:
            role = MembershipRole.HEAD
        elif deputy is not None and unit.pk == deputy.pk:
            role = MembershipRole.DEPUTY
        membership = existing.get(unit.pk) or BlocMembership(bloc=bloc, unit=unit, year=year)
        membership.role = role
        membership.full_clean()
        membership.save()
        result.append(membership)
    # A year confirmed from last year's members may have new members.
    organisation_changed_send(years={year})
    return result
