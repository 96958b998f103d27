"""What the organisation tells the apps above it, which it cannot import.

`organisation_changed` is sent, inside the change's transaction, by whatever
changes which units are counted where: a bloc's members of a year (the admin,
the confirmation of a year), or a unit's place in the tree or its dates (the
admin). `years` names the membership years changed, or is None when any
year's figures may move. The campaigns app recomputes the figures after the
change commits (campaigns.receivers).
"""

from django.dispatch import Signal

organisation_changed = Signal()


def organisation_changed_send(*, years: set[int] | None) -> None:
    organisation_changed.send(sender=None, years=None if years is None else set(years))
