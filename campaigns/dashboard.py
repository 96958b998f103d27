"""Selectors of the council's dashboard. They read tallies, never report values.

Every function here issues a fixed number of queries whatever the number of
units: the dashboard's query count is asserted in tests/campaigns/test_dashboard.py.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import rules
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from blocs.models import Bloc, BlocMembership, Unit
from blocs.selectors import organiser_scope_above
from mongcai.accounts.models import User
from mongcai.lib.params import MAX_ID
from mongcai.lib.sql import fetch_planned_once
from mongcai.lib.sql import table as _t

from .models import (
    Assignment,
    Campaign,
    CampaignIndicator,
    CompletenessTally,
    Indicator,
    NodeKind,
    NodeStamp,
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
    """The dashboard is the council's and the admins' window on their organisers'
    campaigns (which campaigns: selectors.campaign_managed_get)."""
    if not rules.test_rule("campaigns.view_dashboards", user):
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


@dataclass(frozen=True)
class PageKey:
    """What a dashboard page shows besides its figures, with the stamps of its
    figures: the key its rendered content is cached under (page_key)."""

    organiser_name: str
    rows: tuple

    @property
    def structure(self) -> tuple:
        """The rows without the stamps and the reports: what the pickers around
        a dashboard show, which a roll-up does not change."""
        return tuple(row for row in self.rows if row[0] not in STAMP_ROWS)


# The key's rows that change with the figures or the reports, not with what
# the pickers around a dashboard show.
STAMP_ROWS = ("k", "r")


def page_key(
    user: User,
    campaign_id: int,
    bloc_id: int | None = None,
    node: tuple[str, int] | None = None,
    unit_id: int | None = None,
) -> PageKey:
    """The key of a dashboard page of the campaign, or 404 when the user may not
    read the campaign's dashboard (the rule of selectors.campaign_managed_get).

    Its rows: the organiser's campaigns (the picker), this campaign's periods
    and indicators, the organiser's blocs and the page's own bloc, and with a
    bloc its members of every year; with a unit, its reports of the campaign
    (their states change without a roll-up). The stamps (row 'k', present
    only when the user may read the campaign): the organiser's name, the
    campaign's `tallies_rebuilt_at`, and either the campaign's
    `tallies_recomputed_at`, which every roll-up moves (the city's page,
    None), or the stamp of the page's `node` (kind, id), which moves only
    when a roll-up changes that node's rows (NodeStamp): a bloc's page stays
    cached while the other blocs' reports roll up.

    One query whatever the number of units, with the access check in it: a
    cached page costs this query and the sign-in's, nothing more (the check
    alone through the ORM was a fifth of the cached city page,
    docs/BENCHMARKS.md, ninth round). Plain SQL because the lists differ in
    shape and the page must not pay one round trip each.
    """
    node_kind, node_id = node or ("", 0)
    # Plain SQL: an id past the primary keys' type (a URL's digits) would be
    # the database's error, where the ORM finds nothing.
    if not all(0 < i <= MAX_ID for i in (campaign_id, bloc_id or 1, node_id or 1, unit_id or 1)):
        raise Http404
    # B608: the table's name; the value is a parameter.
    start = f"SELECT organiser_id FROM {_t(Campaign)} WHERE id = %s"  # nosec B608
    scope = organiser_scope_above(user, start, [campaign_id])
    organiser = f"(SELECT organiser_id FROM {_t(Campaign)} WHERE id = %s)"  # nosec B608
    sql = f"""
    SELECT 'c', CAST(c.id AS TEXT), c.name, CAST(c.starts_on AS TEXT), c.tally_basis,
           c.reporting_kind, NULL, NULL
    FROM {_t(Campaign)} c WHERE c.organiser_id = {organiser}
    UNION ALL
    SELECT 'k', CAST(c.id AS TEXT), CAST(c.tallies_rebuilt_at AS TEXT),
           CASE WHEN %s = '' THEN CAST(c.tallies_recomputed_at AS TEXT)
                ELSE (SELECT CAST(s.stamp AS TEXT) FROM {_t(NodeStamp)} s
                      WHERE s.campaign_id = c.id AND s.node_kind = %s AND s.node_id = %s)
           END, o.name, NULL, NULL, NULL
    FROM {_t(Campaign)} c JOIN {_t(Unit)} o ON o.id = c.organiser_id
    WHERE c.id = %s AND c.organiser_id IN ({scope.sql})
    UNION ALL
    SELECT 'p', CAST(p.id AS TEXT), p.kind, p.label, CAST(p.starts_on AS TEXT),
           CAST(p.ends_on AS TEXT), CAST(p.deadline AS TEXT), NULL
    FROM {_t(Period)} p WHERE p.campaign_id = %s
    UNION ALL
    SELECT 'i', CAST(ci.id AS TEXT), CAST(ci."order" AS TEXT), i.code, i.name,
           i.unit_of_measure, CAST(i.decimals AS TEXT), CAST(i.id AS TEXT)
    FROM {_t(CampaignIndicator)} ci JOIN {_t(Indicator)} i ON i.id = ci.indicator_id
    WHERE ci.campaign_id = %s
    UNION ALL
    SELECT 'b', CAST(b.id AS TEXT), b.name, CAST(b."order" AS TEXT), NULL, NULL, NULL, NULL
    FROM {_t(Bloc)} b WHERE b.organiser_id = {organiser} OR b.id = %s
    UNION ALL
    SELECT 'm', CAST(m.id AS TEXT), CAST(m.year AS TEXT), CAST(m.unit_id AS TEXT), u.name,
           m.role, NULL, NULL
    FROM {_t(BlocMembership)} m JOIN {_t(Unit)} u ON u.id = m.unit_id
    WHERE m.bloc_id = %s
    UNION ALL
    SELECT 'r', CAST(r.id AS TEXT), r.status, CAST(r.version AS TEXT),
           CAST(r.updated_at AS TEXT), CAST(r.submitted_at AS TEXT), CAST(r.period_id AS TEXT),
           NULL
    FROM {_t(Report)} r JOIN {_t(Period)} rp ON rp.id = r.period_id
    WHERE rp.campaign_id = %s AND r.unit_id = %s
    ORDER BY 1, 2
    """  # nosec B608 # quoted table names and this module's scope SQL; values are %s parameters
    params = [campaign_id, node_kind, node_kind, node_id, campaign_id, *scope.params]
    params += [campaign_id, campaign_id, campaign_id, bloc_id or 0, bloc_id or 0]
    params += [campaign_id, unit_id or 0]
    rows = tuple(fetch_planned_once(sql, params))
    stamps = [row for row in rows if row[0] == "k"]
    if not stamps:
        raise Http404
    return PageKey(organiser_name=stamps[0][4], rows=rows)


def campaign_periods(campaign: Campaign) -> list[Period]:
    """The campaign's periods for the period picker, shortest first at each end date."""
    return list(Period.objects.filter(campaign=campaign).order_by("ends_on", "-starts_on", "pk"))


def dashboard_period(periods: list[Period], period_id: int | None) -> Period:
    """The period asked for among the campaign's (404 if it is not one of them),
    or by default the whole campaign's (else the longest of those ending last)."""
    if period_id is not None:
        for period in periods:
            if period.pk == period_id:
                return period
        raise Http404
    whole = [p for p in periods if p.kind == "campaign"]
    if whole:
        return whole[0]
    if not periods:
        raise Http404
    last = periods[-1].ends_on
    return min((p for p in periods if p.ends_on == last), key=lambda p: p.starts_on)


def campaign_indicators(campaign: Campaign) -> list:
    return [
        ci.indicator
        for ci in CampaignIndicator.objects.filter(campaign=campaign)
        .select_related("indicator")
        .order_by("order", "indicator__code")
    ]


def unit_indicators(campaign: Campaign, unit: Unit) -> list:
    """The indicators a unit reports in the campaign: those assigned to it, and any
    it has figures for (an assignment withdrawn later), in the campaign's order.
    One query."""
    tallied = Tally.objects.filter(node_kind=NodeKind.UNIT, node_id=unit.pk).values("indicator_id")
    # EXISTS, not a join with DISTINCT: joined, PostgreSQL read every assignment of
    # the campaign (100,000 at province scale, 0.2 s a page); this probes the unit's.
    assigned = Assignment.objects.filter(campaign_indicator=OuterRef("pk"), unit=unit)
    return [
        ci.indicator
        for ci in CampaignIndicator.objects.filter(campaign=campaign)
        .filter(Q(Exists(assigned)) | Q(indicator_id__in=tallied))
        .select_related("indicator")
        .order_by("order", "indicator__code")
    ]


def node_view(
    campaign: Campaign, period: Period, node_kind: str, node, indicators: list
) -> NodeView:
    """Every indicator of the campaign at one node for one period. One query."""
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


def blocs_of_year(period: Period) -> list[Bloc]:
    """The blocs of the campaign's organiser with members in the period's year, in their
    order. One query."""
    year = period.ends_on.year
    blocs = Bloc.objects.filter(organiser_id=period.campaign.organiser_id, memberships__year=year)
    return list(blocs.distinct().order_by("order", "name"))


def blocs_side_by_side(period: Period, blocs: list[Bloc], indicators: list) -> list[dict]:
    """Each bloc's figures for every indicator, one row per bloc. One query."""
    cells = _grid(period, NodeKind.BLOC, [b.pk for b in blocs], indicators)
    return [{"bloc": bloc, "cells": cells[bloc.pk]} for bloc in blocs]


def bloc_members(period: Period, bloc: Bloc) -> list[BlocMembership]:
    """The bloc's members of the period's year, by name. One query."""
    return list(
        BlocMembership.objects.filter(bloc=bloc, year=period.ends_on.year)
        .select_related("unit")
        .order_by("unit__name")
    )


def members_side_by_side(
    period: Period, members: list[BlocMembership], indicators: list
) -> list[dict]:
    """The members' own figures, one row per member. One query."""
    cells = _grid(period, NodeKind.UNIT, [m.unit_id for m in members], indicators)
    return [{"membership": m, "cells": cells[m.unit_id]} for m in members]


def _grid(period: Period, node_kind: str, node_ids: list[int], indicators: list) -> dict:
    """node id → the node's value (or None) for each indicator, in order. One query."""
    # Plain values: a model instance per cell cost more than the query (benchmarks).
    values = {
        (node_id, indicator_id): value
        for node_id, indicator_id, value in Tally.objects.filter(
            period=period, node_kind=node_kind, node_id__in=node_ids
        ).values_list("node_id", "indicator_id", "value")
    }
    return {n: [values.get((n, i.pk)) for i in indicators] for n in node_ids}


def trend(campaign: Campaign, node_kind: str, node_id: int, indicators: list) -> dict:
    """The node's figure in each reporting period, per indicator, for the chart, and the
    indicator it opens on. Two queries."""
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
    series = [
        {
            "code": i.code,
            "name": f"{i.code} – {i.name} ({i.unit_of_measure})",
            "values": [
                None if values.get((i.pk, m.pk)) is None else float(values[(i.pk, m.pk)])
                for m in months
            ],
        }
        for i in indicators
    ]
    # The chart opens on the first indicator that has a figure, not on an empty one.
    default = next(
        (n for n, line in enumerate(series) if any(v is not None for v in line["values"])), 0
    )
    return {"labels": [m.label for m in months], "series": series, "default": default}


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
