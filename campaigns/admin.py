from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from mongcai.accounts.permissions import is_admin
from mongcai.lib import jobs

from .models import (
    Assignment,
    Campaign,
    CampaignContent,
    CampaignIndicator,
    ChangeKind,
    DedicatedWork,
    Indicator,
    LockException,
    Period,
    ReconcileRun,
    Report,
    ReportValue,
    Target,
)
from .services import (
    campaign_recompute_enqueue,
    lock_exception_open,
    report_admin_edited,
    report_delete,
    value_text,
)


def _recompute_after_save(request, campaign) -> None:
    """Targets, assignments and the basis are what the figures are computed from."""
    campaign_recompute_enqueue(campaign=campaign)
    messages.info(
        request,
        _("The campaign's figures are being recomputed; the dashboard shows them in a minute."),
    )


class ContentInline(admin.TabularInline):
    model = CampaignContent
    extra = 0


class CampaignIndicatorInline(admin.TabularInline):
    model = CampaignIndicator
    fields = ("order", "indicator", "content")
    autocomplete_fields = ("indicator",)
    extra = 0


class DedicatedWorkInline(admin.StackedInline):
    model = DedicatedWork
    autocomplete_fields = ("unit",)
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organiser", "launched_on", "starts_on", "ends_on")
    list_filter = ("kind",)
    search_fields = ("name", "theme")
    autocomplete_fields = ("organiser",)
    inlines = [ContentInline, CampaignIndicatorInline, DedicatedWorkInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _recompute_after_save(request, form.instance)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "unit_of_measure",
        "value_kind",
        "unit_aggregation",
        "time_aggregation",
        "direction",
    )
    list_filter = ("value_kind", "unit_aggregation", "time_aggregation", "direction")
    search_fields = ("code", "name")


class TargetInline(admin.TabularInline):
    model = Target
    fields = ("scope", "bloc", "unit", "value")
    autocomplete_fields = ("unit",)
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = Assignment
    autocomplete_fields = ("unit",)
    extra = 0


@admin.register(CampaignIndicator)
class CampaignIndicatorAdmin(admin.ModelAdmin):
    list_display = ("indicator", "campaign", "content", "order")
    list_filter = ("campaign",)
    search_fields = ("indicator__code", "indicator__name")
    list_select_related = ("indicator", "campaign", "content")
    inlines = [TargetInline, AssignmentInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _recompute_after_save(request, form.instance.campaign)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _recompute_after_save(request, obj.campaign)

    def delete_queryset(self, request, queryset):
        campaigns = {ci.campaign for ci in queryset.select_related("campaign")}
        super().delete_queryset(request, queryset)
        for campaign in campaigns:
            _recompute_after_save(request, campaign)


class RecomputedHistoryAdmin(SimpleHistoryAdmin):
    """Targets and assignments edited on their own, with their history (who changed
    what, when: django-simple-history, issue 16); the inlines of an indicator keep it too."""

    list_select_related = ("campaign_indicator__campaign", "campaign_indicator__indicator", "unit")
    list_filter = ("campaign_indicator__campaign",)
    autocomplete_fields = ("unit",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _recompute_after_save(request, obj.campaign_indicator.campaign)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _recompute_after_save(request, obj.campaign_indicator.campaign)

    def delete_queryset(self, request, queryset):
        campaigns = {row.campaign_indicator.campaign for row in queryset}
        super().delete_queryset(request, queryset)
        for campaign in campaigns:
            _recompute_after_save(request, campaign)


@admin.register(Target)
class TargetAdmin(RecomputedHistoryAdmin):
    list_display = ("campaign_indicator", "scope", "bloc", "unit", "value", "due_on")


@admin.register(Assignment)
class AssignmentAdmin(RecomputedHistoryAdmin):
    list_display = ("campaign_indicator", "unit")


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("label", "campaign", "kind", "starts_on", "ends_on", "deadline", "locks_on")
    list_filter = ("campaign", "kind")
    date_hierarchy = "ends_on"


class ReportValueInline(admin.TabularInline):
    model = ReportValue
    fields = ("indicator", "value", "note")
    autocomplete_fields = ("indicator",)
    extra = 0


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Values and text may be corrected here, on the record and rolled up; the
    status moves only through the workflow and lock exceptions (which keep the
    approved values a reopened report counts)."""

    list_display = ("unit", "period", "status", "submitted_at", "updated_at")
    list_filter = ("status", "period__campaign", "period")
    search_fields = ("unit__name",)
    list_select_related = ("unit", "period")
    autocomplete_fields = ("unit",)
    readonly_fields = (
        "status",
        "submitted_at",
        "reviewed_at",
        "review_comment",
        "version",
        "updated_at",
        "rollup_pending",
    )
    inlines = [ReportValueInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        report = form.instance
        changes = []
        if "highlights" in form.changed_data:
            changes.append(
                (
                    ChangeKind.HIGHLIGHTS,
                    "highlights",
                    form.initial.get("highlights") or "",
                    report.highlights,
                )
            )
        for formset in formsets:
            for value_form in formset.forms:
                deleted = value_form in formset.deleted_forms
                if (
                    not (value_form.has_changed() or deleted)
                    or not value_form.instance.indicator_id
                ):
                    continue
                old = value_text(value_form.initial.get("value"))
                new = "" if deleted else value_text(value_form.instance.value)
                if old != new:
                    code = value_form.instance.indicator.code
                    changes.append((ChangeKind.VALUE, code, old, new))
        report_admin_edited(user=request.user, report=report, changes=changes)

    def delete_model(self, request, obj):
        report_delete(user=request.user, report=obj)

    def delete_queryset(self, request, queryset):
        for report in queryset.select_related("period__campaign"):
            report_delete(user=request.user, report=report)


@admin.register(DedicatedWork)
class DedicatedWorkAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "campaign", "unit", "plaque_granted_on")
    list_filter = ("level", "campaign")
    search_fields = ("name",)
    autocomplete_fields = ("unit",)


@admin.register(ReconcileRun)
class ReconcileRunAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "finished_at",
        "trigger",
        "tallies",
        "differences",
        "reports_caught_up",
    )
    readonly_fields = (*list_display, "examples")
    change_list_template = "admin/campaigns/reconcilerun/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        run = self.admin_site.admin_view(require_POST(self.run_now))
        return [path("run/", run, name="campaigns_reconcilerun_run"), *super().get_urls()]

    def run_now(self, request):
        if not is_admin(request.user):
            messages.error(request, _("You may not start a reconcile."))
        elif jobs.publish("campaigns.tasks.tally_reconcile", trigger="admin"):
            messages.success(
                request,
                _("The reconcile has started; its result appears in this list."),
            )
        else:
            messages.error(
                request,
                _(
                    "The task queue cannot be reached, so the reconcile did not start; "
                    "the hourly reconcile runs once the queue is back."
                ),
            )
        return redirect("admin:campaigns_reconcilerun_changelist")


class LockExceptionForm(forms.ModelForm):
    class Meta:
        model = LockException
        fields = ("period", "unit", "reason", "open_until")

    def clean_open_until(self):
        open_until = self.cleaned_data["open_until"]
        if open_until < timezone.localdate():
            raise forms.ValidationError(_("The exception must stay open until today or later."))
        return open_until


@admin.register(LockException)
class LockExceptionAdmin(admin.ModelAdmin):
    """Exceptions are opened through the service (recorded on the report) and never edited."""

    form = LockExceptionForm
    list_display = ("unit", "period", "open_until", "opened_by", "opened_at")
    list_select_related = ("unit", "period", "opened_by")
    autocomplete_fields = ("unit",)

    def has_change_permission(self, request, obj=None):
        # The list only (never an existing exception), and only for who has the
        # permission: an organiser's admin is staff without it (docs/permissions.md).
        return obj is None and super().has_change_permission(request)

    def save_model(self, request, obj, form, change):
        created = lock_exception_open(
            user=request.user,
            unit=obj.unit,
            period=obj.period,
            reason=obj.reason,
            open_until=obj.open_until,
        )
        obj.pk = created.pk
