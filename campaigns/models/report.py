import datetime as dt
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from blocs.models import Unit
from mongcai.lib.numbers import MAX_DIGITS
from mongcai.lib.text import validate_text

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
    highlights = models.TextField(_("highlights"), blank=True, validators=[validate_text])
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True, validators=[validate_text])
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


# A figure has at most 15 digits (mongcai.lib.numbers.MAX_DIGITS): the column
# holds 18 before the decimal mark, and tallies sum thousands of them.
VALUE_LIMIT = Decimal(10) ** MAX_DIGITS


def value_problem(indicator: Indicator, value: Decimal) -> str | None:
    """Why `value` cannot be the indicator's figure, for the user, or None.

    The one rule for the web form, the Excel upload (both through
    campaigns.rules.read_value), the admin (ReportValue.clean) and the
    services (report_save), so that no path stores what another refuses."""
    if not value.is_finite() or abs(value) >= VALUE_LIMIT:
        return gettext("A figure has at most %(digits)s digits before the decimal mark.") % {
            "digits": MAX_DIGITS
        }
    if len(value.normalize().as_tuple().digits) > MAX_DIGITS:
        return gettext("A figure has at most %(digits)s digits.") % {"digits": MAX_DIGITS}
    if indicator.value_kind == ValueKind.YES_NO and value not in (0, 1):
        return gettext("A yes/no indicator takes 1 (yes) or 0 (no).")
    if value < 0:
        return gettext("A figure cannot be negative.")
    if indicator.value_kind == ValueKind.PERCENT and value > 100:
        return gettext("A percentage lies between 0 and 100.")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > indicator.decimals:
        return gettext("At most %(decimals)s decimals for this indicator.") % {
            "decimals": indicator.decimals
        }
    return None


class ReportValue(models.Model):
    """The value a report gives for one indicator."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)
    note = models.TextField(_("explanation"), blank=True, validators=[validate_text])

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
        if problem := value_problem(self.indicator, self.value):
            raise ValidationError({"value": problem})


class ApprovedValue(models.Model):
    """A value of a report as it was approved, kept while a lock exception has the
    report reopened for correction.

    The council's figures go on counting a reopened report's approved values
    until it is approved again (docs/rollup.md, "A reopened report"): a typo
    being fixed must not take the unit out of the city's total. Written when an
    exception reopens an approved report, deleted when it is approved again.
    """

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="approved_values"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=6)

    class Meta:
        verbose_name = _("approved value")
        verbose_name_plural = _("approved values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="approved_value_unique"),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.value}"


class ChangeKind(models.TextChoices):
    VALUE = "value", _("Value")
    STATUS = "status", _("Status")
    HIGHLIGHTS = "highlights", _("Highlights")
    EVIDENCE = "evidence", _("Evidence")
    EXCEPTION = "exception", _("Lock exception")


class ReportChange(models.Model):
    """One recorded change to a report: who, when, what, old → new."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="changes"
    )
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("kind"), max_length=10, choices=ChangeKind.choices)
    subject = models.CharField(_("what"), max_length=200, blank=True)
    old = models.TextField(_("before"), blank=True)
    new = models.TextField(_("after"), blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("report change")
        verbose_name_plural = _("report changes")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.report_id} {self.kind} {self.subject}"

    # What the report's history page shows: the stored record is code-like (the
    # subject "status" or "highlights", statuses "draft"/"submitted", numbers as
    # "14500" and "12.4"); users read labels and Vietnamese numbers (14.500; 12,4).

    @property
    def subject_display(self) -> str:
        """The indicator's code, the evidence's name; nothing where the kind says it."""
        return "" if self.kind in _SUBJECT_IN_KIND else self.subject

    @property
    def old_display(self) -> str:
        return self._shown(self.old)

    @property
    def new_display(self) -> str:
        return self._shown(self.new)

    def _shown(self, text: str) -> str:
        if self.kind == ChangeKind.STATUS and text in ReportStatus.values:
            return str(ReportStatus(text).label)
        if self.kind == ChangeKind.VALUE and text:
            try:
                value = Decimal(text)
            except InvalidOperation:
                return text
            if value.is_finite():
                return number_format(value, use_l10n=True, force_grouping=True)
        if self.kind == ChangeKind.EXCEPTION and text:
            try:
                return date_format(dt.date.fromisoformat(text), "SHORT_DATE_FORMAT")
            except ValueError:
                return text
        return text


_SUBJECT_IN_KIND = {ChangeKind.STATUS, ChangeKind.HIGHLIGHTS, ChangeKind.EXCEPTION}


def evidence_path(instance, filename):
    # The server names the file; the user's name is kept only as data.
    return f"evidence/{instance.report_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file attached to a report (PDF, image, DOCX, XLSX), checked by content."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name


class LockException(models.Model):
    """An admin reopens one unit's report of a locked period, on the record."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="exceptions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="lock_exceptions"
    )
    reason = models.TextField(_("reason"), validators=[validate_text])
    opened_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("opened by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"))
    open_until = models.DateField(_("open until"))

    class Meta:
        verbose_name = _("lock exception")
        verbose_name_plural = _("lock exceptions")
        ordering = ["-opened_at"]

    def __str__(self):
        return f"{self.unit} – {self.period}"


class ReminderSent(models.Model):
    """A reminder went to a unit's secretaries for a period; there is only one."""

    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="reminder_once_per_unit"),
        ]

    def __str__(self):
        return f"{self.unit} – {self.period}"
