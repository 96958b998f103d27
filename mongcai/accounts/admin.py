from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import SecurityEvent, User

# Devices are added by their owner's enrolment and removed by the audited reset
# (the accounts page): the plugins' admin pages would show the secret keys and
# delete without a trace.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "full_name",
        "role",
        "last_login",
        "has_second_factor",
        "is_active",
    )
    list_filter = ("role", "is_active", "is_staff", "has_second_factor", "is_demo")
    search_fields = ("username", "full_name", "email")
    filter_horizontal = ("groups", "user_permissions")
    readonly_fields = ("last_login", "date_joined", "has_second_factor", "is_demo")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Role in the emulation tracker"),
            {"fields": ("full_name", "position", "phone", "role", "has_second_factor", "is_demo")},
        ),
    )

    def has_add_permission(self, request):
        # Accounts are invited (the accounts page): the person sets their own password.
        return False

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: history names who did each thing.
        return False

    def user_change_password(self, request, id, form_url=""):
        """Nobody sets another person's password: they reset it by e-mail."""
        messages.warning(
            request,
            _("Passwords are chosen by their owners: ask them to use “Forgot your password?”."),
        )
        return redirect(reverse("admin:accounts_user_change", args=[id]))


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security record, read only (a database trigger refuses changes too)."""

    list_display = ("at", "kind", "username", "actor", "ip_address", "detail")
    list_filter = ("kind", "at")
    search_fields = ("username", "detail", "ip_address")
    date_hierarchy = "at"
    list_select_related = ("actor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
