from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "full_name", "role", "position", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    filter_horizontal = ("groups", "user_permissions")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Role in the emulation tracker"),
            {"fields": ("full_name", "position", "phone", "role")},
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role in the emulation tracker"), {"fields": ("full_name", "role")}),
    )
