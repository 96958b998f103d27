from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from mongcai.accounts.admin import UserAdmin as AccountsUserAdmin
from mongcai.accounts.models import User

from .models import Bloc, BlocMembership, Unit


class ChildInline(admin.TabularInline):
    model = Unit
    fk_name = "parent"
    fields = ("code", "name", "kind", "valid_from", "valid_to")
    extra = 0
    show_change_link = True


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "valid_from", "valid_to")
    list_filter = ("kind", "parent")
    search_fields = ("name", "code", "short_name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    filter_horizontal = ("successors", "secretaries")
    inlines = [ChildInline]


class MembershipInline(admin.TabularInline):
    model = BlocMembership
    fields = ("year", "unit", "role")
    autocomplete_fields = ("unit",)
    extra = 0


@admin.register(Bloc)
class BlocAdmin(admin.ModelAdmin):
    list_display = ("order", "name", "code")
    list_display_links = ("name",)
    search_fields = ("name", "code")
    inlines = [MembershipInline]


@admin.register(BlocMembership)
class BlocMembershipAdmin(admin.ModelAdmin):
    list_display = ("year", "bloc", "unit", "role")
    list_filter = ("year", "bloc", "role")
    search_fields = ("unit__name", "bloc__name")
    autocomplete_fields = ("unit",)
    list_select_related = ("bloc", "unit")


class SecretaryUnitInline(admin.TabularInline):
    """The units a user files reports for, on the user's page. The link is declared
    on the unit (accounts stands below the organisation), so it is added here."""

    model = Unit.secretaries.through
    verbose_name = _("unit")
    verbose_name_plural = _("units")
    autocomplete_fields = ("unit",)
    extra = 0


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccountsUserAdmin):
    inlines = [*AccountsUserAdmin.inlines, SecretaryUnitInline]
