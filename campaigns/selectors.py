"""Reads of campaigns and reports that depend on who asks."""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from blocs.models import Unit
from blocs.selectors import (
    organiser_scope_above,
    organiser_units,
    organisers_for_user,
    own_unit_get,
    units_for_user,
)
from mongcai.accounts.models import User

from .models import Assignment, Campaign, Evidence, Period, Report, ReportStatus
from .reporting import FormRow, report_form_rows


def reports_for_user(user: User) -> QuerySet[Report]:
    """Reports the user may read: a secretary's own units'; for council members and
    admins, the reports of their organisers' campaigns (and those below) by their
    organisers' units (blocs.selectors.organiser_units)."""
    reports = Report.objects.filter(unit__in=units_for_user(user))
    if user.is_authenticated and user.is_secretary:
        return reports
    return reports.filter(period__campaign__organiser__in=organiser_units(user))


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


def campaigns_for_user(user: User) -> QuerySet[Campaign]:
    """Campaigns of the organisers the user may read (blocs.selectors.organisers_for_user):
    a secretary those of the organisers above their units, council members and admins
    those of their organisers and below."""
    campaigns = Campaign.objects.filter(organiser__in=organisers_for_user(user))
    if user.is_authenticated and user.is_secretary:
        # A unit may also report to a campaign of an organiser it does not stand under
        # (assigned an indicator of it): its secretary reads that campaign too.
        assigned = Assignment.objects.filter(
            campaign_indicator__campaign=OuterRef("pk"), unit__secretaries=user
        )
        campaigns = Campaign.objects.filter(
            Q(organiser__in=organisers_for_user(user)) | Exists(assigned)
        )
    return campaigns


def campaigns_managed_by(user: User) -> QuerySet[Campaign]:
    """Campaigns whose figures the council and admins of their organisers review (the
    dashboards): their organisers' and those below. None for a secretary."""
    return Campaign.objects.filter(organiser__in=organiser_units(user))


def period_get(user: User, pk: int) -> Period:
    """A period of a campaign the user may read, or 404."""
    return get_object_or_404(
        Period.objects.select_related("campaign").filter(campaign__in=campaigns_for_user(user)),
        pk=pk,
    )


def own_report_form_get(
    user: User, unit_pk: int, period_pk: int
) -> tuple[Unit, Period, Report | None, list[FormRow]]:
    """What the secretary's report form (page, Excel template, API) works on: one of the
    user's own units, a reporting period of a campaign the unit reports in, the report
    (or None before its first save) and its rows; 404 otherwise."""
    unit = own_unit_get(user, unit_pk)
    if user.is_secretary:
        # Not period_get, whose scope walks up from every unit of the user's: the
        # rows below are the unit's assignments in the period's campaign, and for
        # a secretary a campaign that assigns one of their units is one of
        # campaigns_for_user. No rows, no form (404): the scope adds nothing.
        period = get_object_or_404(Period.objects.select_related("campaign"), pk=period_pk)
    else:
        period = period_get(user, period_pk)
    report = Report.objects.filter(unit=unit, period=period).first()
    rows = report_form_rows(unit, period, report)
    if not rows or period.kind != period.campaign.reporting_kind:
        raise Http404
    return unit, period, report, rows


def campaign_list(user: User) -> QuerySet[Campaign]:
    return (
        campaigns_for_user(user)
        .select_related("organiser")
        .annotate(indicator_count=Count("indicators", distinct=True))
    )


def campaign_get(user: User, pk: int) -> Campaign:
    """A campaign the user may read, or 404."""
    return get_object_or_404(campaigns_for_user(user).select_related("organiser"), pk=pk)


def campaign_managed_get(user: User, pk: int) -> Campaign:
    """A campaign whose dashboard the user may read (campaigns_managed_by), or 404."""
    # B608: the table's name; the value is a parameter.
    start = f"SELECT organiser_id FROM {Campaign._meta.db_table} WHERE id = %s"  # nosec B608
    campaigns = Campaign.objects.filter(organiser__in=organiser_scope_above(user, start, [pk]))
    return get_object_or_404(campaigns.select_related("organiser"), pk=pk)


# A report the unit may still fill in while its period is open: none yet, a draft,
# or returned for correction (campaigns.reporting.lock_reason locks the others).
TO_FILL = {None, ReportStatus.DRAFT, ReportStatus.RETURNED}


def secretary_period_rows(user: User, *, today: datetime.date) -> list[dict]:
    """For each of the user's units, every period of every campaign it takes part in.

    A unit takes part in a campaign when an indicator of it is assigned to the
    unit; it files reports for the periods of the campaign's reporting kind.
    Rows carry the report (or None), whether the period is open, whether the
    unit still has to fill the report in (`to_fill`: the period is open and the
    report is not yet made, a draft or returned; submitted and approved ones
    are locked) and the days left before the deadline or days late after it.
    Three queries whatever the number of units and periods.
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
            report = reports.get((unit.pk, period.pk))
            is_open = period.is_open_on(today)
            rows.append(
                {
                    "unit": unit,
                    "period": period,
                    "report": report,
                    "is_open": is_open,
                    "to_fill": is_open and (report.status if report else None) in TO_FILL,
                    "days_left": max(0, (period.deadline - today).days),
                    "days_late": max(0, (today - period.deadline).days),
                }
            )
    return rows


def report_status_counts(reports: QuerySet[Report]) -> dict[str, int]:
    return reports.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in ReportStatus.values}
    )


def lineage_tallies(user: User, lineage: set[int]) -> list[dict]:
    """The campaigns whose dashboards the user reads (campaigns_managed_by) in which a
    unit of `lineage` reports, with that unit: its tallies' page on each. One query."""
    return list(
        Assignment.objects.filter(
            unit_id__in=lineage,
            campaign_indicator__campaign__in=campaigns_managed_by(user),
        )
        .values(
            campaign_id=F("campaign_indicator__campaign_id"),
            campaign_name=F("campaign_indicator__campaign__name"),
            starts_on=F("campaign_indicator__campaign__starts_on"),
            unit_name=F("unit__name"),
            unit_pk=F("unit_id"),
        )
        .distinct()
        .order_by("-starts_on", "unit_name")
    )
