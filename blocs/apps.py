from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlocsConfig(AppConfig):
    name = "blocs"
    verbose_name = _("Units and emulation blocs")

    def ready(self):
        # The accounts pages ask which accounts an admin manages; the organisation
        # answers (an admin's organisers and below), from above accounts.
        from mongcai.accounts.scope import managed_accounts_register

        from .selectors import accounts_managed_by

        managed_accounts_register(accounts_managed_by)

        # The footer names the user's organiser: read once on signing in, then cached.
        from django.contrib.auth.signals import user_logged_in

        from .context_processors import footer_remember

        user_logged_in.connect(footer_remember, dispatch_uid="blocs.footer_remember")
