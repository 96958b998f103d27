"""Reports: save, submit, approve, return; every change recorded."""

from dataclasses import dataclass
from decimal import Decimal

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from blocs.models import Unit
from blocs.permissions import in_organiser_scope
from mongcai.accounts.models import User
from mongcai.accounts.permissions import is_admin
from mongcai.lib.evidence import EvidenceError, check
from mongcai.lib.sql import bulk_update_rows
from mongcai.lib.text import validate_text

from ..models import (
    ApprovedValue,
    ChangeKind,
    Evidence,
    Indicator,
    LockException,
    Period,
    Report,
    ReportChange,
    ReportStatus,
    ReportValue,
    value_problem,
)
from ..reporting import lock_reason
from .rollup import campaign_recompute_enqueue, rollup_enqueue


class ReportConflict(Exception):
    """Somebody saved the report after this user opened it."""

    def __init__(self, report: Report):
        super().__init__("report changed meanwhile")
        self.report = report


@dataclass
class ValueInput:
    indicator: Indicator
    value: Decimal | None
    note: str = ""


def value_text(value: Decimal | None) -> str:
    """A value as the report's history shows it (no trailing zeros)."""
    return "" if value is None else f"{value.normalize():f}"


def _change(report, user, kind, subject="", old="", new="", comment="", at=None) -> ReportChange:
    """One line of the report's history, not saved yet."""
    return ReportChange(
        report=report,
        user=user,
        at=at or timezone.now(),
        kind=kind,
        subject=subject,
        old=old,
        new=new,
        comment=comment,
    )


def _record(report, user, kind, subject="", old="", new="", comment="", at=None):
    _change(report, user, kind, subject, old, new, comment, at).save()


def _set_status(report, user, status, now, comment=""):
    _record(report, user, ChangeKind.STATUS, "status", report.status, status, comment, now)
    report.status = status


def report_save(
    *,
    user: User,
    unit: Unit,
    period: Period,
    inputs: list[ValueInput],
    highlights: str,
    version: int | None,
    submit: bool,
) -> Report:
    """Save the unit's report for the period as a draft, or submit it.

    `version` is the version the user's form was loaded with (None for a
    report that did not exist yet); if anybody saved in between, nothing is
    written and ReportConflict carries the current report.
    """
    if not user.units.filter(pk=unit.pk).exists():
        raise PermissionDenied
    problems = [
        _("Row %(code)s: %(reason)s") % {"code": item.indicator.code, "reason": problem}
        for item in inputs
        if item.value is not None and (problem := value_problem(item.indicator, item.value))
    ]
    for item in inputs:
        try:
            validate_text(item.note)
        except ValidationError as error:
            problems += [
                _("Row %(code)s: %(reason)s") % {"code": item.indicator.code, "reason": message}
                for message in error.messages
            ]
    if problems:
        raise ValidationError(problems)
    validate_text(highlights)
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        # Claim the version atomically: the second of two concurrent saves
        # finds the version moved on and writes nothing. The report is read
        # once, after the claim (its row locked by it).
        claimed = version is not None and (
            Report.objects.filter(unit=unit, period=period, version=version).update(
                version=F("version") + 1
            )
        )
        report = Report.objects.filter(unit=unit, period=period).first()
        if report is None:
            try:
                with transaction.atomic():
                    report = Report.objects.create(unit=unit, period=period)
            except IntegrityError:  # created by someone else a moment ago
                raise ReportConflict(Report.objects.get(unit=unit, period=period)) from None
        elif not claimed:
            raise ReportConflict(report)
        # The caller's own (the message after the save reads the period's deadline).
        report.unit, report.period = unit, period
        reason = lock_reason(report, unit, period, today)
        if reason:
            raise ValidationError(reason)
        existing = {rv.indicator_id: rv for rv in report.values.all()}
        # Written in four statements whatever the number of indicators (one
        # per value made the deadline hour's submissions slow, docs/BENCHMARKS.md).
        removed, created, changed, record = [], [], [], []
        for item in inputs:
            current = existing.get(item.indicator.pk)
            old = current.value if current else None
            if item.value is None:
                if current is not None:
                    removed.append(current.pk)
                    record.append((item.indicator.code, value_text(old), "", ""))
                continue
            if current is None:
                created.append(
                    ReportValue(
                        report=report, indicator=item.indicator, value=item.value, note=item.note
                    )
                )
            elif current.value != item.value or current.note != item.note:
                current.value, current.note = item.value, item.note
                changed.append(current)
            if old != item.value:
                record.append(
                    (item.indicator.code, value_text(old), value_text(item.value), item.note)
                )
        ReportValue.objects.filter(pk__in=removed).delete()
        ReportValue.objects.bulk_create(created)
        bulk_update_rows(ReportValue, changed, ["value", "note"])

        # Every change of this save in one insert: the values', the highlights', the status'.
        changes = [_change(report, user, ChangeKind.VALUE, *item, at=now) for item in record]
        if report.highlights != highlights:
            changes.append(
                _change(
                    report,
                    user,
                    ChangeKind.HIGHLIGHTS,
                    "highlights",
                    report.highlights,
                    highlights,
                    at=now,
                )
            )
            report.highlights = highlights
        if submit:
            missing = [i.indicator.code for i in inputs if i.value is None]
            if missing:
                raise ValidationError(
                    _("Fill in every indicator before submitting: %(codes)s.")
                    % {"codes": ", ".join(missing)}
                )
            changes.append(
                _change(
                    report,
                    user,
                    ChangeKind.STATUS,
                    "status",
                    report.status,
                    ReportStatus.SUBMITTED,
                    at=now,
                )
            )
            report.status = ReportStatus.SUBMITTED
            report.submitted_at = now
            # Waiting for its roll-up, written with the rest of the report.
            report.rollup_pending = True
        ReportChange.objects.bulk_create(changes)
        report.save()
        if submit:
            rollup_enqueue(report=report, marked=True)
    return report


def _review(user: User, report: Report, status: str, comment: str) -> Report:
    if not rules.test_rule("campaigns.review_report", user, report):
        raise PermissionDenied
    validate_text(comment)
    now = timezone.now()
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted report can be reviewed."))
        _set_status(locked, user, status, now, comment)
        if status == ReportStatus.APPROVED:
            # Approved again after a correction: its own values count from now on.
            ApprovedValue.objects.filter(report=locked).delete()
        locked.reviewed_at = now
        locked.review_comment = comment
        locked.version = F("version") + 1
        locked.save()
        locked.refresh_from_db()
        rollup_enqueue(report=locked)
    return locked


def report_approve(*, user: User, report: Report, comment: str = "") -> Report:
    return _review(user, report, ReportStatus.APPROVED, comment.strip())


def report_return(*, user: User, report: Report, comment: str) -> Report:
    """Send the report back to the unit; the comment tells it what to change."""
    if not comment.strip():
        raise ValidationError(_("Say why the report is returned."))
    return _review(user, report, ReportStatus.RETURNED, comment.strip())


def _require_admin_of(user: User, campaign) -> None:
    """An admin of the campaign's organiser or of one above it."""
    if not (is_admin(user) and in_organiser_scope(user, campaign.organiser_id)):
        raise PermissionDenied


def lock_exception_open(
    *, user: User, unit: Unit, period: Period, reason: str, open_until
) -> LockException:
    """Reopen one unit's report of a locked period, on the record (admins only)."""
    _require_admin_of(user, period.campaign)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the exception."))
    validate_text(reason)
    if open_until < timezone.localdate():
        raise ValidationError(_("The exception must stay open until today or later."))
    now = timezone.now()
    with transaction.atomic():
        exception = LockException.objects.create(
            period=period,
            unit=unit,
            reason=reason.strip(),
            opened_by=user,
            opened_at=now,
            open_until=open_until,
        )
        report = Report.objects.filter(unit=unit, period=period).first()
        if report is not None:
            if report.status == ReportStatus.APPROVED:
                # The exception reopens an approved report for correction; the
                # figures keep its approved values until it is approved again.
                ApprovedValue.objects.filter(report=report).delete()
                ApprovedValue.objects.bulk_create(
                    ApprovedValue(report=report, indicator_id=rv.indicator_id, value=rv.value)
                    for rv in report.values.all()
                )
                _set_status(report, user, ReportStatus.RETURNED, now, reason)
                report.version = F("version") + 1
                report.save()
            _record(
                report, user, ChangeKind.EXCEPTION, "lock", "", open_until.isoformat(), reason, now
            )
            rollup_enqueue(report=report)
    return exception


def report_admin_edited(
    *, user: User, report: Report, changes: list[tuple[str, str, str, str]]
) -> None:
    """An admin changed a report's values or text in the admin site: put each
    change (kind, subject, old, new) on the report's record and roll it up (an
    approved report's values count)."""
    _require_admin_of(user, report.period.campaign)
    now = timezone.now()
    with transaction.atomic():
        for kind, subject, old, new in changes:
            _record(report, user, kind, subject, old, new, at=now)
        rollup_enqueue(report=report)


def report_delete(*, user: User, report: Report) -> None:
    """Delete a report (admins only: one filed for the wrong unit, say) and
    recompute the campaign's figures once the deletion commits."""
    campaign = report.period.campaign
    _require_admin_of(user, campaign)
    with transaction.atomic():
        report.delete()
        campaign_recompute_enqueue(campaign=campaign)


def evidence_room_check(*, report: Report, adding: int) -> None:
    """Refuse files past EVIDENCE_MAX_FILES on one report (a request once attached 99)."""
    limit = settings.EVIDENCE_MAX_FILES
    if report.evidence.count() + adding > limit:
        raise ValidationError(
            _("A report holds at most %(count)s files: put several pages in one PDF.")
            % {"count": limit}
        )


def evidence_add(*, user: User, report: Report, uploaded) -> Evidence:
    """Attach a file to the unit's report while the report may still change."""
    if not user.units.filter(pk=report.unit_id).exists():
        raise PermissionDenied
    reason = lock_reason(report, report.unit, report.period, timezone.localdate())
    if reason:
        raise ValidationError(reason)
    try:
        content_type = check(uploaded, settings.EVIDENCE_MAX_BYTES)
    except EvidenceError as error:
        raise ValidationError(str(error)) from error
    now = timezone.now()
    with transaction.atomic():
        # Counted under the report's lock: two uploads at once cannot both take the last place.
        Report.objects.select_for_update().filter(pk=report.pk).first()
        evidence_room_check(report=report, adding=1)
        evidence = Evidence(
            report=report,
            original_name=uploaded.name[:255],
            content_type=content_type,
            size=uploaded.size,
            uploaded_by=user,
            uploaded_at=now,
        )
        evidence.file.save("evidence", uploaded, save=False)
        evidence.save()
        _record(report, user, ChangeKind.EVIDENCE, evidence.original_name, "", "+", at=now)
    return evidence
