"""The catalogue is kept in the admin; nominations and decisions go through their pages
(services with checks, issue with the password), so the admin only shows them."""

import base64
import binascii

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from mongcai.accounts.permissions import is_admin

from . import services
from .legal.pack import pack_apply, pack_parse, pack_preview
from .models import (
    Absence,
    Authority,
    BaseSalary,
    CashRounding,
    Decision,
    Discipline,
    EligibilityRule,
    Household,
    Initiative,
    LegalBasis,
    Nomination,
    PackImport,
    Person,
    Title,
    TitleGrant,
    TitleTerm,
    TrustedCertificate,
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


class PackUploadForm(forms.Form):
    file = forms.FileField(label=_("Legal pack file (TOML)"), required=False)
    # The previewed file, sent back to apply exactly what was shown.
    content = forms.CharField(widget=forms.HiddenInput, required=False)
    digest = forms.CharField(widget=forms.HiddenInput, required=False)


PACK_MAX_BYTES = 1_000_000


@admin.register(PackImport)
class PackImportAdmin(admin.ModelAdmin):
    """Who applied which version of the legal pack, when, and what it changed; an
    uploaded pack shows its diff (rows, pending nominations and draft decisions whose
    outcome or cash changes) before it is applied. Issued decisions never change."""

    list_display = ["version", "applied_at", "applied_by"]
    readonly_fields = ["version", "digest", "applied_at", "applied_by", "summary"]
    change_list_template = "admin/awards/packimport/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload)
        return [path("upload/", upload, name="awards_packimport_upload"), *super().get_urls()]

    def upload(self, request):
        if not is_admin(request.user):
            raise PermissionDenied
        form = PackUploadForm(request.POST or None, request.FILES or None)
        context = {**self.admin_site.each_context(request), "form": form, "opts": self.model._meta}
        context["title"] = _("Import a legal pack")
        if request.method == "POST" and form.is_valid():
            try:
                if request.POST.get("action") == "apply":
                    return self._apply(request, form.cleaned_data)
                context |= self._preview(request, form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
        return TemplateResponse(request, "admin/awards/packimport/upload.html", context)

    def _preview(self, request, data) -> dict:
        upload = data["file"]
        if upload is None:
            raise ValidationError(_("Choose a legal pack file."))
        if upload.size > PACK_MAX_BYTES:
            raise ValidationError(_("The file is too large for a legal pack."))
        raw = upload.read()
        pack = pack_parse(raw)
        preview = pack_preview(pack=pack, user=request.user)
        return {
            "preview": preview,
            "apply_form": PackUploadForm(
                initial={"content": base64.b64encode(raw).decode(), "digest": pack.digest}
            ),
        }

    def _apply(self, request, data):
        try:
            raw = base64.b64decode(data["content"], validate=True)
        except binascii.Error as error:
            raise ValidationError(_("Upload the pack again: the file sent is damaged.")) from error
        pack = pack_parse(raw)
        if pack.digest != data["digest"]:
            raise ValidationError(_("Upload the pack again: the file sent is damaged."))
        record = pack_apply(pack=pack, user=request.user)
        messages.success(
            request,
            _("Legal pack %(version)s applied: %(rows)s rows changed.")
            % {"version": record.version, "rows": len(record.summary.get("rows", []))},
        )
        return redirect("admin:awards_packimport_change", record.pk)


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


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    """Households commended as one (Luật Thi đua, khen thưởng 2022 Điều 2)."""

    list_display = ["name", "address", "unit", "is_active"]
    list_filter = ["unit", "is_active"]
    search_fields = ["name", "address"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ["person", "year", "measure", "decided_on"]
    autocomplete_fields = ["person"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ["person", "year", "reason", "days"]
    list_filter = ["reason"]
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
    list_select_related = ["unit", "campaign", "title", "person", "collective", "household"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["reference", "decided_on", "kind", "status"]
    list_filter = ["status", "kind"]
    list_select_related = ["authority"]


@admin.register(TrustedCertificate)
class TrustedCertificateAdmin(admin.ModelAdmin):
    """The trust list for signed decisions (docs/awards.md): the superuser adds the
    CA's root and intermediate certificates, for every organiser or for one."""

    list_display = ["name", "organiser", "subject", "is_root", "not_after"]
    list_filter = ["is_root"]
    list_select_related = ["organiser"]
    fields = ["name", "organiser", "pem", "subject", "sha256", "is_root", "not_after"]
    readonly_fields = ["subject", "sha256", "is_root", "not_after"]
