from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mongcai.accounts.admin import UserAdmin as AccountsUserAdmin
from mongcai.accounts.models import User

from .models import Bloc, BlocMembership, Reorganisation, Unit
from .selectors import organiser_units
from .signals import organisation_changed_send

# A unit's place in the tree and its dates decide which figures it counts in.
UNIT_FIELDS_COUNTED = {"parent", "valid_from", "valid_to"}


def _inline_years(formsets) -> set[int]:
    """The membership years an inline formset changed (before and after the edit)."""
    years = set()
    for formset in formsets:
        for form in formset.forms:
            if form.has_changed() or form in formset.deleted_forms:
                years |= {y for y in (form.initial.get("year"), form.instance.year) if y}
    return years


class DeletionMovesFigures:
    """Deleting a unit or a bloc takes its figures (or its members') elsewhere."""

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        organisation_changed_send(years=None)

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        organisation_changed_send(years=None)


class ChildInline(admin.TabularInline):
    model = Unit
    fk_name = "parent"
    fields = ("code", "name", "kind", "valid_from", "valid_to")
    extra = 0
    show_change_link = True


@admin.register(Unit)
class UnitAdmin(DeletionMovesFigures, admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent", "is_organiser", "valid_from", "valid_to")
    list_filter = ("kind", "is_organiser", "parent")
    search_fields = ("name", "code", "short_name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    filter_horizontal = ("successors", "secretaries", "heads", "organiser_members")
    inlines = [ChildInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        children = any(
            f.has_changed() or f in fs.deleted_forms for fs in formsets for f in fs.forms
        )
        if not change or children or UNIT_FIELDS_COUNTED & set(form.changed_data):
            organisation_changed_send(years=None)


class MembershipInline(admin.TabularInline):
    model = BlocMembership
    fields = ("year", "unit", "role")
    autocomplete_fields = ("unit",)
    extra = 0


@admin.register(Bloc)
class BlocAdmin(DeletionMovesFigures, admin.ModelAdmin):
    list_display = ("order", "name", "code", "organiser")
    list_display_links = ("name",)
    list_filter = ("organiser",)
    list_select_related = ("organiser",)
    search_fields = ("name", "code")
    inlines = [MembershipInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if years := _inline_years(formsets):
            organisation_changed_send(years=years)


@admin.register(BlocMembership)
class BlocMembershipAdmin(admin.ModelAdmin):
    list_display = ("year", "bloc", "unit", "role")
    list_filter = ("year", "bloc", "role")
    search_fields = ("unit__name", "bloc__name")
    autocomplete_fields = ("unit",)
    list_select_related = ("bloc", "unit")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        organisation_changed_send(years={y for y in (form.initial.get("year"), obj.year) if y})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        organisation_changed_send(years={obj.year})

    def delete_queryset(self, request, queryset):
        years = set(queryset.values_list("year", flat=True))
        super().delete_queryset(request, queryset)
        organisation_changed_send(years=years)


@admin.register(Reorganisation)
class ReorganisationAdmin(admin.ModelAdmin):
    """The reorganisations as a read-only history: they are recorded through
    blocs.services.reorganisation_record (the "Record a reorganisation" page), which
    ends the units and links their successors in one step; editing or deleting a row
    here would leave the units' dates and successors saying something else."""

    list_display = ("effective_on", "kind", "legal_basis", "verified", "recorded_by")
    list_filter = ("kind", "verified", "effective_on")
    search_fields = ("legal_basis", "note", "predecessors__name", "successors__name")
    list_select_related = ("recorded_by",)
    date_hierarchy = "effective_on"
    fields = (
        "kind",
        "effective_on",
        "legal_basis",
        "source_url",
        "verified",
        "note",
        "predecessors",
        "successors",
        "recorded_by",
        "recorded_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        # Those concerning a unit of the admin's organisers or below (every one for a
        # superuser), as every page of the product scopes them.
        units = organiser_units(request.user)
        return (
            super()
            .get_queryset(request)
            .filter(Q(predecessors__in=units) | Q(successors__in=units))
            .distinct()
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SecretaryUnitInline(admin.TabularInline):
    """The units a user files reports for, on the user's page. The link is declared
    on the unit (accounts stands below the organisation), so it is added here."""

    model = Unit.secretaries.through
    verbose_name = _("unit")
    verbose_name_plural = _("units")
    autocomplete_fields = ("unit",)
    extra = 0


class OrganiserInline(admin.TabularInline):
    """The organisers a council member or an admin belongs to, on the user's page."""

    model = Unit.organiser_members.through
    verbose_name = _("organiser")
    verbose_name_plural = _("organisers")
    autocomplete_fields = ("unit",)
    extra = 0


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccountsUserAdmin):
    inlines = [*AccountsUserAdmin.inlines, SecretaryUnitInline, OrganiserInline]
