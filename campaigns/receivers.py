"""What the campaigns app does when a lower layer tells it something changed."""

from .services import campaigns_recompute_enqueue


def organisation_changed(sender, *, years, **kwargs):
    """A bloc's members or a unit's place changed: recompute the figures they count in."""
    campaigns_recompute_enqueue(years=years)
