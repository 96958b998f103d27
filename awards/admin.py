"""The catalogue is kept in the admin; nominations and decisions go through their pages
(services with checks, issue with the password), so the admin only shows them."""

from django.contrib import admin

from . import services
from .models import (
    Authority,
    BaseSalary,
    Decision,
    EligibilityRule,
    Initiative,
    LegalBasis,
    Nomination,
    Person,
    Title,
    TitleTerm,
)
from .text import fold


@admin.register(LegalBasis)
class LegalBasisAdmin(admin.ModelAdmin):
    list_display = ["number", "code", "valid_from", "valid_to"]
    search_fields = ["number", "citation"]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "organiser", "level", "symbol", "place", "valid_from", "valid_to"]
    list_filter = ["organiser", "level"]
    list_select_related = ["organiser"]
    autocomplete_fields = ["organiser"]
    filter_horizontal = ["successors"]


class TitleTermInline(admin.TabularInline):
    model = TitleTerm
    extra = 0


class EligibilityRuleInline(admin.StackedInline):
    model = EligibilityRule
    fk_name = "title"
    extra = 0


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "recipient_kind", "legal_basis", "valid_from", "valid_to"]
    list_filter = ["category", "recipient_kind"]
    filter_horizontal = ["authorities"]
    inlines = [TitleTermInline, EligibilityRuleInline]


@admin.register(BaseSalary)
class BaseSalaryAdmin(admin.ModelAdmin):
    list_display = ["valid_from", "amount", "round_up_to", "legal_basis"]


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


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["name", "person", "year"]
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
