from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mongcai.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        # Every app's permissions.py registers its rules (django-rules) before the
        # first request, so a view or a template never asks a rule not yet known
        # (a missing rule would read as "no").
        autodiscover_modules("permissions")
