"""The catalogue is kept in the admin; nominations and decisions go through their pages
(services with checks, issue with the password), so the admin only shows them."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import (
    Authority,
    BaseSalary,
    CashRounding,
    Decision,
    Discipline,
    EligibilityRule,
    Initiative,
    LegalBasis,
    Nomination,
    PackImport,
    Person,
    Title,
    TitleGrant,
    TitleTerm,
)
from .text import fold


class CitedAdmin(SimpleHistoryAdmin):
    """A row of the legal pack: its citation, whether it was verified, and its history
    (who changed what, when: django-simple-history, docs/legal.md)."""

    list_filter = ["verified"]

    @admin.display(description=_("verified"), ordering="verified")
    def verified_mark(self, obj):
        if obj.verified:
            return format_html('<span class="verified">✔ {}</span>', _("Verified"))
        return format_html(
            '<strong class="unverified" title="{}">⚠ {}</strong>',
            obj.sources,
            _("Unverified"),
        )


@admin.register(LegalBasis)
class LegalBasisAdmin(CitedAdmin):
    list_display = ["number", "code", "valid_from", "valid_to", "verified_mark"]
    search_fields = ["number", "citation"]


@admin.register(Authority)
class AuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organiser", "level", "symbol", "place", "valid_from", "valid_to"]
    list_filter = ["organiser", "level"]
    list_select_related = ["organiser"]
    autocomplete_fields = ["organiser"]
    filter_horizontal = ["successors"]


class TitleTermInline(admin.TabularInline):
    model = TitleTerm
    extra = 0
    fields = ["legal_basis", "valid_from", "valid_to", "coefficient", "article", "verified"]


class TitleGrantInline(admin.TabularInline):
    model = TitleGrant
    extra = 0
    fields = ["level", "legal_basis", "valid_from", "valid_to", "article", "verified"]


class EligibilityRuleInline(admin.StackedInline):
    model = EligibilityRule
    fk_name = "title"
    extra = 0


@admin.register(Title)
class TitleAdmin(SimpleHistoryAdmin):
    list_display = [
        "name",
        "category",
        "recipient_kind",
        "proposal_route",
        "legal_basis",
        "valid_from",
        "valid_to",
    ]
    list_filter = ["category", "recipient_kind", "proposal_route"]
    filter_horizontal = ["authorities"]
    inlines = [TitleGrantInline, TitleTermInline, EligibilityRuleInline]


@admin.register(TitleTerm)
class TitleTermAdmin(CitedAdmin):
    list_display = [
        "title",
        "legal_basis",
        "article",
        "valid_from",
        "valid_to",
        "coefficient",
        "verified_mark",
    ]
    list_filter = ["verified", "legal_basis"]
    list_select_related = ["title", "legal_basis"]


@admin.register(TitleGrant)
class TitleGrantAdmin(CitedAdmin):
    list_display = ["title", "level", "legal_basis", "article", "valid_from", "verified_mark"]
    list_filter = ["verified", "level"]
    list_select_related = ["title", "legal_basis"]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(CitedAdmin):
    list_display = ["title", "kind", "legal_basis", "valid_from", "valid_to", "verified_mark"]
    list_filter = ["verified", "kind"]
    list_select_related = ["title", "legal_basis"]


@admin.register(BaseSalary)
class BaseSalaryAdmin(CitedAdmin):
    list_display = ["valid_from", "amount", "round_up_to", "legal_basis", "verified_mark"]


@admin.register(CashRounding)
class CashRoundingAdmin(CitedAdmin):
    list_display = ["valid_from", "valid_to", "step", "legal_basis", "article", "verified_mark"]


@admin.register(PackImport)
class PackImportAdmin(admin.ModelAdmin):
    """Who applied which version of the legal pack, when, and what it changed."""

    list_display = ["version", "applied_at", "applied_by"]
    readonly_fields = ["version", "digest", "applied_at", "applied_by", "summary"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "position", "unit", "birth_year", "is_active"]
    list_filter = ["unit"]
    search_fields = ["search_name"]
    list_select_related = ["unit"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))

    def save_model(self, request, obj, form, change):
        services.person_save(person=obj)


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ["person", "year", "measure", "decided_on"]
    autocomplete_fields = ["person"]


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "year", "level"]
    list_filter = ["level"]
    autocomplete_fields = ["person"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "unit", "campaign", "year", "kind", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["unit", "campaign", "title", "person", "collective"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "decided_on", "kind", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["authority"]
