from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit

from .campaign import Indicator, Period, ValueKind


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Report(models.Model):
    """A unit's report (báo cáo) for one period of one campaign."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="reports"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    highlights = models.TextField(_("highlights"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    # Optimistic locking: a save carries the version it read (reporting issue).
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Set when a roll-up could not be enqueued (broker down); the reconcile clears it.
    rollup_pending = models.BooleanField(_("waiting for roll-up"), default=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["period__ends_on", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period"],
                name="report_one_per_unit_period",
                violation_error_message=_("This unit already has a report for the period."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
                violation_error_message=_("A report past draft must have a submission time."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.period}"

    @property
    def campaign(self):
        return self.period.campaign

    @property
    def is_late(self) -> bool:
        return self.submitted_at is not None and (self.submitted_at.date() > self.period.deadline)


class ReportValue(models.Model):
    """The value a report gives for one indicator."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    note = models.TextField(_("explanation"), blank=True)

    class Meta:
        verbose_name = _("report value")
        verbose_name_plural = _("report values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="report_value_unique",
                violation_error_message=_("The report already has a value for this indicator."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.value}"

    def clean(self):
        super().clean()
        if self.indicator_id is None or self.value is None:
            return
        kind = self.indicator.value_kind
        if kind == ValueKind.YES_NO and self.value not in (0, 1):
            raise ValidationError({"value": _("A yes/no indicator takes 1 (yes) or 0 (no).")})
        if kind == ValueKind.PERCENT and not (0 <= self.value <= 100):
            raise ValidationError({"value": _("A percentage lies between 0 and 100.")})
