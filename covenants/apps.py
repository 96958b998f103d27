from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CovenantsConfig(AppConfig):
    name = "covenants"
    verbose_name = _("Covenants and scoring")
    # Its section of a bloc's page (blocs.panels).
    bloc_panel = "covenants.views.bloc_panel"
    # Its section of a unit's page (blocs.panels).
    unit_panel = "covenants.views.unit_panel"
    # The bloc's score and rank in a nominee's dossier (awards.dossiers).
    dossier_figures = "covenants.dossier.dossier_figures"
