from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Emulation campaigns and reports")
    # Its section of a unit's page (blocs.panels): reports and tallies.
    unit_panel = "campaigns.views.unit_panel"

    def ready(self):
        from blocs.signals import organisation_changed

        from . import receivers

        organisation_changed.connect(
            receivers.organisation_changed, dispatch_uid="campaigns.organisation_changed"
        )
