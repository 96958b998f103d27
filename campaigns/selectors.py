"""Reads of campaigns and reports that depend on who asks."""

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404

from blocs.selectors import units_for_user
from mongcai.accounts.models import User

from .models import Assignment, Campaign, Evidence, Period, Report, ReportStatus


def reports_for_user(user: User) -> QuerySet[Report]:
    """Reports of the units `user` may read (blocs.selectors.units_for_user)."""
    return Report.objects.filter(unit__in=units_for_user(user))


def report_get_for_user(user: User, pk: int) -> Report:
    """The report `pk` if `user` may read it, else 404 (never 403: ids are not revealed)."""
    return get_object_or_404(
        reports_for_user(user).select_related("unit", "period", "period__campaign"), pk=pk
    )


def own_report_get(user: User, pk: int) -> Report:
    """A report of one of the units whose reports the user files, else 404."""
    return get_object_or_404(
        Report.objects.filter(unit__secretaries=user).select_related("unit", "period"), pk=pk
    )


def evidence_get_for_user(user: User, pk: int) -> Evidence:
    """A file of a report the user may read, else 404."""
    return get_object_or_404(Evidence.objects.filter(report__in=reports_for_user(user)), pk=pk)


def period_get(pk: int) -> Period:
    return get_object_or_404(Period.objects.select_related("campaign"), pk=pk)


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("organiser").annotate(
        indicator_count=Count("indicators", distinct=True)
    )


def campaign_get(pk: int) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("organiser"), pk=pk)


def secretary_period_rows(user: User, *, today: datetime.date) -> list[dict]:
    """For each of the user's units, every period of every campaign it takes part in.

    A unit takes part in a campaign when an indicator of it is assigned to the
    unit; it files reports for the periods of the campaign's reporting kind.
    Rows carry the report (or None), whether the period is open and the days
    left before the deadline or days late after it. Three queries whatever the
    number of units and periods.
    """
    units = list(units_for_user(user).order_by("name"))
    pairs = set(
        Assignment.objects.filter(unit__in=units)
        .values_list("unit_id", "campaign_indicator__campaign_id")
        .distinct()
    )
    campaign_ids = {campaign_id for _, campaign_id in pairs}
    periods = list(
        Period.objects.filter(
            campaign_id__in=campaign_ids,
            starts_on__lte=today,
            kind=F("campaign__reporting_kind"),
        )
        .select_related("campaign")
        .order_by("-ends_on", "kind")
    )
    reports = {
        (r.unit_id, r.period_id): r
        for r in Report.objects.filter(unit__in=units, period__in=periods)
    }
    rows = []
    for unit in units:
        for period in periods:
            if (unit.pk, period.campaign_id) not in pairs:
                continue
            rows.append(
                {
                    "unit": unit,
                    "period": period,
                    "report": reports.get((unit.pk, period.pk)),
                    "is_open": period.is_open_on(today),
                    "days_left": max(0, (period.deadline - today).days),
                    "days_late": max(0, (today - period.deadline).days),
                }
            )
    return rows


def report_status_counts(reports: QuerySet[Report]) -> dict[str, int]:
    return reports.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in ReportStatus.values}
    )
