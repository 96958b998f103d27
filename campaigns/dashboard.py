"""Selectors of the council's dashboard. They read tallies, never report values.

Every function here issues a fixed number of queries whatever the number of
units: the dashboard's query count is asserted in tests/campaigns/test_dashboard.py.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from blocs.models import Bloc, BlocMembership, Unit
from mongcai.accounts.models import User

from .models import (
    Campaign,
    CampaignIndicator,
    CompletenessTally,
    NodeKind,
    Period,
    Report,
    ReportStatus,
    Tally,
    TallyBasis,
    TallyStatus,
)

STATUS_ORDER = [
    TallyStatus.EXCEEDED,
    TallyStatus.MET,
    TallyStatus.ON_SCHEDULE,
    TallyStatus.BEHIND,
]


def dashboard_check_access(user: User) -> None:
    """The dashboard is the council's and the admins' window on every unit."""
    if not user.sees_all_units:
        raise PermissionDenied


@dataclass
class Row:
    """One indicator at one node: what a dashboard line shows."""

    indicator: object
    tally: Tally | None

    @property
    def progress(self) -> Decimal | None:
        """Value as a percentage of the target (capped at 100 for the bar)."""
        t = self.tally
        if t is None or t.value is None or not t.target:
            return None
        return (t.value / t.target * 100).quantize(Decimal("0.1"))

    @property
    def bar(self) -> int:
        return min(100, int(self.progress or 0))


@dataclass
class NodeView:
    campaign: Campaign
    period: Period
    node_kind: str
    node: object
    rows: list[Row]
    computed_at: object = None
    status_counts: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return self.campaign.tally_basis == TallyBasis.SUBMITTED

    @property
    def with_target(self) -> int:
        return sum(1 for row in self.rows if row.tally and row.tally.target is not None)


def dashboard_period(campaign: Campaign, period_id: str | None) -> Period:
    """The period asked for, or by default the whole campaign's."""
    periods = Period.objects.filter(campaign=campaign)
    if period_id and period_id.isdigit():
        period = periods.filter(pk=int(period_id)).first()
        if period is None:
            raise Http404
        return period
    return (
        periods.filter(kind="campaign").first()
        or periods.order_by("-ends_on").first()
        or _missing()
    )


def _missing():
    raise Http404


def campaign_indicators(campaign: Campaign) -> list:
    return [
        ci.indicator
        for ci in CampaignIndicator.objects.filter(campaign=campaign)
        .select_related("indicator")
        .order_by("order", "indicator__code")
    ]


def node_view(campaign: Campaign, period: Period, node_kind: str, node) -> NodeView:
    """Every indicator of the campaign at one node for one period. Two queries."""
    indicators = campaign_indicators(campaign)
    tallies = {
        t.indicator_id: t
        for t in Tally.objects.filter(period=period, node_kind=node_kind, node_id=node.pk)
    }
    rows = [Row(indicator=i, tally=tallies.get(i.pk)) for i in indicators]
    view = NodeView(campaign=campaign, period=period, node_kind=node_kind, node=node, rows=rows)
    view.computed_at = max((t.computed_at for t in tallies.values()), default=None)
    counts = {status: 0 for status in STATUS_ORDER}
    for t in tallies.values():
        if t.status:
            counts[t.status] += 1
    view.status_counts = [(s, TallyStatus(s).label, counts[s]) for s in STATUS_ORDER]
    return view


def blocs_side_by_side(campaign: Campaign, period: Period, indicators: list) -> list[dict]:
    """Each bloc's figures for every indicator, one row per bloc. Two queries."""
    year = period.ends_on.year
    blocs = list(Bloc.objects.filter(memberships__year=year).distinct().order_by("order", "name"))
    cells = _grid(period, NodeKind.BLOC, [b.pk for b in blocs], indicators)
    return [{"bloc": bloc, "cells": cells[bloc.pk]} for bloc in blocs]


def members_side_by_side(period: Period, bloc: Bloc, indicators: list) -> list[dict]:
    """The bloc's members of the period's year with their own figures. Two queries."""
    members = list(
        BlocMembership.objects.filter(bloc=bloc, year=period.ends_on.year)
        .select_related("unit")
        .order_by("unit__name")
    )
    cells = _grid(period, NodeKind.UNIT, [m.unit_id for m in members], indicators)
    return [{"membership": m, "cells": cells[m.unit_id]} for m in members]


def _grid(period: Period, node_kind: str, node_ids: list[int], indicators: list) -> dict:
    """node id → the node's tally (or None) for each indicator, in order. One query."""
    tallies = {
        (t.node_id, t.indicator_id): t
        for t in Tally.objects.filter(period=period, node_kind=node_kind, node_id__in=node_ids)
    }
    return {n: [tallies.get((n, i.pk)) for i in indicators] for n in node_ids}


def trend(campaign: Campaign, node_kind: str, node_id: int, indicators: list) -> dict:
    """The node's figure in each reporting period, per indicator, for the chart. Two queries."""
    months = list(
        Period.objects.filter(campaign=campaign, kind=campaign.reporting_kind).order_by("ends_on")
    )
    # Plain tuples: one model instance per cell cost more than the query (benchmarks).
    values = {
        (indicator_id, period_id): value
        for indicator_id, period_id, value in Tally.objects.filter(
            period__in=months, node_kind=node_kind, node_id=node_id
        ).values_list("indicator_id", "period_id", "value")
    }
    return {
        "labels": [m.label for m in months],
        "series": [
            {
                "code": i.code,
                "name": f"{i.code} – {i.name} ({i.unit_of_measure})",
                "values": [
                    None if values.get((i.pk, m.pk)) is None else float(values[(i.pk, m.pk)])
                    for m in months
                ],
            }
            for i in indicators
        ],
    }


def reporting_months(campaign: Campaign, period: Period) -> list[Period]:
    return list(
        Period.objects.filter(
            campaign=campaign,
            kind=campaign.reporting_kind,
            starts_on__gte=period.starts_on,
            ends_on__lte=period.ends_on,
        )
    )


def participating_units(campaign: Campaign, period: Period, bloc: Bloc | None = None):
    """Units expected to report: assigned an indicator and existing in the period."""
    units = Unit.objects.filter(
        assignments__campaign_indicator__campaign=campaign,
        valid_from__lte=period.ends_on,
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.starts_on))
    if bloc is not None:
        units = units.filter(
            bloc_memberships__bloc=bloc, bloc_memberships__year=period.ends_on.year
        )
    return units.distinct()


def completeness(period: Period, node_kind: str, node_id: int) -> dict:
    """Reports expected, on time, late and missing for the node over the period's
    reporting months, from the completeness tally. One query."""
    # By its unique key, without first()'s ORDER BY id (which walked the primary
    # key index at province scale).
    row = next(
        iter(CompletenessTally.objects.filter(period=period, node_kind=node_kind, node_id=node_id)),
        None,
    )
    if row is None:
        return {"expected": 0, "on_time": 0, "late": 0, "missing": 0}
    return {
        "expected": row.expected,
        "on_time": row.on_time,
        "late": row.late,
        "missing": row.missing,
    }


COMPLETENESS_STATES = ("on_time", "late", "missing")


def completeness_units(
    campaign: Campaign, period: Period, state: str, bloc: Bloc | None = None
) -> list[dict]:
    """The unit × month pairs in one completeness state, for the clickable counts."""
    if state not in COMPLETENESS_STATES:
        raise Http404
    months = reporting_months(campaign, period)
    units = list(participating_units(campaign, period, bloc).order_by("name"))
    reports = {
        (r.unit_id, r.period_id): r
        for r in Report.objects.filter(period__in=months, unit__in=units)
        .exclude(status=ReportStatus.DRAFT)
        .select_related("period")
    }
    rows = []
    for unit in units:
        for month in months:
            report = reports.get((unit.pk, month.pk))
            found = "missing" if report is None else "late" if report.is_late else "on_time"
            if found == state:
                rows.append({"unit": unit, "period": month, "report": report})
    return rows


def unit_reports(campaign: Campaign, period: Period, unit: Unit) -> list[Report]:
    """The unit's reports that make up the period (the drill-down's last step)."""
    return list(
        Report.objects.filter(unit=unit, period__in=reporting_months(campaign, period))
        .select_related("period")
        .order_by("period__ends_on")
    )
