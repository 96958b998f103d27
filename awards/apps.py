from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Commendations and awards")
    # Its section of a unit's page (blocs.panels): awards of the unit and its predecessors.
    unit_panel = "awards.views.unit_panel"
