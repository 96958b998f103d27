"""What every page's frame says about the signed-in user's organisation."""

from django.core.cache import cache
from django.utils.translation import gettext as _

from .selectors import footer_organiser

# The footer's organiser is read once per user per few minutes, not on every page:
# a page's query count stays its own (a membership change shows within this delay).
FOOTER_CACHE_SECONDS = 300


def footer_remember(sender=None, request=None, user=None, **kwargs) -> str:
    """Read and keep the footer's organiser of `user`; also on signing in (blocs.apps),
    so that pages read it from the cache."""
    unit = footer_organiser(user)
    name = unit.name_in_sentence if unit is not None else ""
    cache.set(f"footer-organiser:{user.pk}", name, FOOTER_CACHE_SECONDS)
    return name


def organiser(request) -> dict:
    """The footer names the council of the signed-in user's organiser (their own for a
    council member or an admin, the one their unit reports to for a secretary); the
    product's neutral name when nobody is signed in or no organiser is found."""
    user = getattr(request, "user", None)
    name = ""
    if user is not None and user.is_authenticated:
        name = cache.get(f"footer-organiser:{user.pk}")
        if name is None:
            name = footer_remember(user=user)
    if not name:
        return {"footer_title": _("Emulation and commendation tracker")}
    return {
        "footer_title": _("Emulation and Commendation Council of %(organiser)s")
        % {"organiser": name}
    }
