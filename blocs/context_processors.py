"""What every page's frame says about the signed-in user's organisation."""

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .selectors import footer_organiser

# The footer's organiser is read once per user per few minutes, not on every page:
# a page's query count stays its own (a membership change shows within this delay).
FOOTER_CACHE_SECONDS = 300


def footer_remember(sender=None, request=None, user=None, **kwargs) -> tuple[str, str]:
    """Read and keep the footer's organiser of `user` (its name, and as a Vietnamese
    sentence writes it: "tỉnh Quảng Ninh"); also on signing in (blocs.apps), so that
    pages read it from the cache."""
    unit = footer_organiser(user)
    names = (unit.name, unit.name_in_sentence) if unit is not None else ("", "")
    cache.set(f"footer-organiser:{user.pk}", names, FOOTER_CACHE_SECONDS)
    return names


def organiser(request) -> dict:
    """The footer names the council of the signed-in user's organiser (their own for a
    council member or an admin, the one their unit reports to for a secretary); the
    product's neutral name when nobody is signed in or no organiser is found."""
    user = getattr(request, "user", None)
    name = ""
    if user is not None and user.is_authenticated:
        names = cache.get(f"footer-organiser:{user.pk}")
        if not isinstance(names, tuple):  # not cached, or by a version that kept a string
            names = footer_remember(user=user)
        # The kind in lower case is Vietnamese grammar; English keeps the name as it is.
        name = names[1] if get_language() == "vi" else names[0]
    if not name:
        return {"footer_title": _("Emulation and commendation tracker")}
    return {
        "footer_title": _("Emulation and Commendation Council of %(organiser)s")
        % {"organiser": name}
    }
