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
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from mongcai.lib import admin_widgets

        from . import receivers

        # A mistyped id in an admin autocomplete is a form error, not a 500.
        admin_widgets.install()

        # The security record hears every sign-in path (receivers.py).
        user_logged_in.connect(receivers.signed_in, dispatch_uid="accounts.login")
        user_login_failed.connect(receivers.login_failure_recorded, dispatch_uid="accounts.failed")
        user_locked_out.connect(receivers.lockout_recorded, dispatch_uid="accounts.lockout")
