"""Reorganisations: units end on a date and name their successors; nothing is deleted."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Reorganisation, ReorganisationKind, Unit
from ..signals import organisation_changed_send


def _problems(kind: str, effective_on: dt.date, ending: list[Unit], new: list[Unit]) -> list[str]:
    last_day = effective_on - dt.timedelta(days=1)
    problems = []
    if not ending:
        problems.append(_("Choose the units that end."))
    if kind == ReorganisationKind.MERGE and len(new) != 1:
        problems.append(_("A merge names exactly one successor unit."))
    if kind == ReorganisationKind.SPLIT and (len(ending) != 1 or len(new) < 2):
        problems.append(_("A split names one unit that ends and at least two successors."))
    if kind == ReorganisationKind.END and new:
        problems.append(_("Units that simply end name no successor."))
    for unit in set(ending) & set(new):
        problems.append(_("%(unit)s cannot succeed itself.") % {"unit": unit.name})
    for unit in ending:
        # Ending on the same day again (a reload, a second event of the same
        # reform) is allowed; ending a unit that was already gone is not.
        if not unit.exists_on(last_day):
            problems.append(
                _("%(unit)s does not exist on %(date)s, so it cannot end then.")
                % {"unit": unit.name, "date": last_day.strftime("%d/%m/%Y")}
            )
    for unit in new:
        if not unit.exists_on(effective_on):
            problems.append(
                _("%(unit)s does not exist on %(date)s, so it cannot succeed.")
                % {"unit": unit.name, "date": effective_on.strftime("%d/%m/%Y")}
            )
    return problems


@transaction.atomic
def reorganisation_record(
    *,
    kind: str,
    effective_on: dt.date,
    ending: list[Unit],
    successors: list[Unit],
    legal_basis: str,
    source_url: str = "",
    verified: bool = False,
    note: str = "",
    by=None,
) -> Reorganisation:
    """Record that `ending` cease on the eve of `effective_on`, succeeded by `successors`.

    The ended units keep every row that names them (reports, covenants,
    tallies, awards); their successors find them through Unit.successors.
    """
    ending = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in ending]))
    successors = list(Unit.objects.filter(pk__in=[u.pk for u in successors]))
    problems = _problems(kind, effective_on, ending, successors)
    if problems:
        raise ValidationError(problems)
    event = Reorganisation(
        kind=kind,
        effective_on=effective_on,
        legal_basis=legal_basis.strip(),
        source_url=source_url,
        verified=verified,
        note=note,
        recorded_by=by,
    )
    event.full_clean()
    event.save()
    event.predecessors.set(ending)
    event.successors.set(successors)
    last_day = effective_on - dt.timedelta(days=1)
    for unit in ending:
        unit.valid_to = last_day
        unit.full_clean()
        unit.save(update_fields=["valid_to"])
        unit.successors.add(*successors)
    organisation_changed_send(years=None)
    return event
