"""What the secretary's report form shows: one row per indicator assigned to the unit."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from blocs.models import Unit

from .models import (
    Assignment,
    Indicator,
    LockException,
    Period,
    Report,
    ReportStatus,
    ReportValue,
    Target,
    TargetScope,
    TimeAggregation,
)


@dataclass
class FormRow:
    indicator: Indicator
    value: Decimal | None = None
    note: str = ""
    target: Decimal | None = None
    previous: Decimal | None = None
    so_far: Decimal | None = None
    history: list[Decimal] = field(default_factory=list)


def report_form_rows(unit: Unit, period: Period, report: Report | None) -> list[FormRow]:
    """Rows for the unit's indicators, with the unit's target, the previous period's
    value, the value so far in the campaign and the report's own value and note.
    Three queries for any number of rows (the form and every submission build them)."""
    campaign = period.campaign
    unit_target = Target.objects.filter(
        campaign_indicator=OuterRef("campaign_indicator"), scope=TargetScope.UNIT, unit=unit
    ).values("value")[:1]
    assignments = (
        Assignment.objects.filter(unit=unit, campaign_indicator__campaign=campaign)
        .select_related("campaign_indicator__indicator")
        .annotate(unit_target=Subquery(unit_target))
        .order_by("campaign_indicator__order", "campaign_indicator__indicator__code")
    )
    rows = {
        a.campaign_indicator.indicator_id: FormRow(
            a.campaign_indicator.indicator, target=a.unit_target
        )
        for a in assignments
    }
    earlier = defaultdict(list)
    # Plain pairs: a year of months is 550 values, each a model instance before.
    # (One query with the report's own values, by OR, read every value of the
    # province: PostgreSQL cannot use the report's index for either side.)
    for indicator_id, value in (
        ReportValue.objects.filter(
            report__unit=unit,
            report__period__campaign=campaign,
            report__period__kind=campaign.reporting_kind,
            report__period__ends_on__lt=period.starts_on,
            indicator_id__in=rows,
        )
        .exclude(report__status=ReportStatus.DRAFT)
        .order_by("report__period__ends_on")
        .values_list("indicator_id", "value")
    ):
        earlier[indicator_id].append(value)
    for indicator_id, values in earlier.items():
        row = rows[indicator_id]
        row.history = values
        row.previous = values[-1]
        row.so_far = (
            values[-1]
            if row.indicator.time_aggregation == TimeAggregation.STOCK
            else sum(values, Decimal(0))
        )
    if report is not None:
        for indicator_id, value, note in report.values.values_list("indicator_id", "value", "note"):
            if indicator_id in rows:
                rows[indicator_id].value = value
                rows[indicator_id].note = note
    return list(rows.values())


def open_exception(unit: Unit, period: Period, today) -> LockException | None:
    return (
        LockException.objects.filter(unit=unit, period=period, open_until__gte=today)
        .order_by("-open_until")
        .first()
    )


def unit_period_problem(unit: Unit, period: Period) -> str | None:
    """Why the unit cannot report for the period: it ended before the period began
    (or began after it ended). Its successor reports instead."""
    if unit.valid_to is not None and period.starts_on > unit.valid_to:
        return _(
            "%(unit)s ceased to exist on %(end)s and cannot report for %(period)s, which "
            "begins after that."
        ) % {"unit": unit.name, "end": unit.valid_to.strftime("%d/%m/%Y"), "period": period}
    if unit.valid_from > period.ends_on:
        return _("%(unit)s exists only from %(start)s and cannot report for %(period)s.") % {
            "unit": unit.name,
            "start": unit.valid_from.strftime("%d/%m/%Y"),
            "period": period,
        }
    return None


def lock_reason(report: Report | None, unit: Unit, period: Period, today) -> str | None:
    """Why the report cannot be changed now, or None when it can."""
    problem = unit_period_problem(unit, period)
    if problem:
        return problem
    if report is not None and report.status == ReportStatus.APPROVED:
        return _("The report is approved and locked.")
    if report is not None and report.status == ReportStatus.SUBMITTED:
        return _("The report is submitted and waits for the council's review.")
    if today > period.locks_on and open_exception(unit, period, today) is None:
        return _("The period was locked on %(date)s.") % {
            "date": period.locks_on.strftime("%d/%m/%Y")
        }
    if today < period.starts_on:
        return _("The period has not started yet.")
    return None


def report_saved_message(report: Report, *, submitted: bool) -> str:
    """What the secretary is told after saving (the page's message, the API's `detail`)."""
    if not submitted:
        return _("Draft saved.")
    note = _("The report is submitted to the council.")
    if report.is_late:
        note += " " + _("It is late: the deadline was %(date)s.") % {
            "date": report.period.deadline.strftime("%d/%m/%Y")
        }
    return note
