"""What every page's frame says about the signed-in user's organisation."""

from django.utils.translation import gettext as _

from .selectors import footer_organiser


def organiser(request) -> dict:
    """The footer names the council of the signed-in user's organiser (their own for a
    council member or an admin, the one their unit reports to for a secretary); the
    product's neutral name when nobody is signed in or no organiser is found."""
    user = getattr(request, "user", None)
    unit = footer_organiser(user) if user is not None and user.is_authenticated else None
    if unit is None:
        return {"footer_title": _("Emulation and commendation tracker")}
    return {
        "footer_title": _("Emulation and Commendation Council of %(organiser)s")
        % {"organiser": unit.name_in_sentence}
    }
