"""Writes of the campaigns app: roll-ups and their reconcile.

Views, tasks, management commands and the admin call these; nothing else
writes tallies.
"""

import datetime as dt
import logging
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from mongcai.lib import jobs

from .. import rollup_incremental
from .. import rollup_sql as rollup
from ..models import (
    Campaign,
    Direction,
    NodeKind,
    Period,
    ReconcileRun,
    Report,
    Tally,
    TallyStatus,
)

logger = logging.getLogger(__name__)


def target_status(
    *,
    value: Decimal | None,
    target: Decimal,
    direction: str,
    elapsed: Decimal | Fraction,
) -> str:
    """Vượt / đạt / đảm bảo tiến độ / chưa đạt for one figure against its target.

    The rule as Python: the roll-up applies it in SQL (`rollup_sql.apply_targets`),
    and the tests hold the two equal. Pro-rata comparisons are exact (fractions,
    as the SQL cross-multiplies whole days).

    `elapsed` is the share (0..1) of the target's horizon that has passed at
    the end of the period. Higher is better: above the target is exceeded,
    at it met, at or above the target pro rata to the time elapsed on
    schedule, else behind. Lower is better (a ceiling): before the horizon,
    at or under the ceiling pro rata is on schedule; at the horizon, under
    it is exceeded, at it met, over it behind.
    """
    if value is None:
        return TallyStatus.BEHIND
    pro_rata = Fraction(target) * Fraction(elapsed)
    if direction == Direction.HIGHER:
        if value > target:
            return TallyStatus.EXCEEDED
        if value == target:
            return TallyStatus.MET
        if elapsed < 1 and value >= pro_rata:
            return TallyStatus.ON_SCHEDULE
        return TallyStatus.BEHIND
    if elapsed < 1:
        return TallyStatus.ON_SCHEDULE if value <= pro_rata else TallyStatus.BEHIND
    if value < target:
        return TallyStatus.EXCEEDED
    if value == target:
        return TallyStatus.MET
    return TallyStatus.BEHIND


def elapsed_share(*, start: dt.date, due: dt.date, at: dt.date) -> Fraction:
    """Share of the days from `start` to `due` (both included) passed by `at`."""
    if at >= due:
        return Fraction(1)
    if at < start:
        return Fraction(0)
    return Fraction((at - start).days + 1, (due - start).days + 1)


def tally_recompute(
    *,
    campaign: Campaign,
    unit_ids=None,
    period_ids=None,
    now: dt.datetime | None = None,
    periods: list[Period] | None = None,
    unit_periods: dict[int, list[int]] | None = None,
) -> tuple[int, list[dict]]:
    """Recompute the tallies a change touches: the units' rows, the rows above
    them and the rows of their blocs, for the given periods (None: all), or
    for each unit of `unit_periods` its own periods (reports gathered into one
    roll-up, `tally_roll_up_waiting`).

    A full recompute returns how many stored tallies it found different and
    up to 20 of them; an incremental one (0, []). `periods`, the campaign's
    periods when the caller has them, saves reading them again.

    Holds the campaign row lock so that two roll-ups of one campaign never
    aggregate each other's uncommitted rows (the second waits, then reads the
    first's committed unit rows).
    """
    with transaction.atomic():
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        # Read the clock once the lock is held: a roll-up that waited for
        # another must not stamp its rows earlier than the other's, or "the
        # figures changed since" (polls, the dashboard cache) would miss it.
        now = now or timezone.now()
        if unit_periods is None and period_ids is not None and len(unit_ids or ()) == 1:
            unit_periods = {unit_ids[0]: list(period_ids)}
        full = unit_ids is None and period_ids is None and unit_periods is None
        rollup.session_tune(full=full)
        # Each unit's rows and those above moved by deltas, their nodes' stamps with them.
        incremental = connection.vendor == "postgresql" and unit_periods is not None and not full
        if full:
            # Also deletes the rows nobody produces any more (an assignment or a
            # membership removed), and applies targets and statuses.
            differences = rollup.recompute_all(campaign, now=now)
            rollup.recompute_completeness_all(campaign, now=now)
        elif incremental:
            # Each report: its unit's rows and the rows above moved by the
            # difference, whatever the number of units (rollup_incremental).
            differences = (0, [])
            rollup_incremental.roll_up_units(
                campaign, now=now, unit_periods=unit_periods, periods=periods
            )
        else:
            differences = (0, [])
            if unit_periods is not None:
                unit_ids = list(unit_periods)
                period_ids = sorted({pk for ids in unit_periods.values() for pk in ids})
            scope = {"now": now, "unit_ids": unit_ids, "period_ids": period_ids}
            rollup.upsert_unit_rows(campaign, **scope)
            rollup.upsert_tree_rows(campaign, **scope)
            rollup.upsert_bloc_rows(campaign, **scope)
            rollup.upsert_completeness(campaign, **scope)
            rollup.apply_targets(campaign, **scope)
        if incremental:
            Campaign.objects.filter(pk=campaign.pk).update(tallies_recomputed_at=now)
        else:
            # Any row may have changed: every node's cached page goes.
            Campaign.objects.filter(pk=campaign.pk).update(
                tallies_recomputed_at=now, tallies_rebuilt_at=now
            )
    return differences


def periods_containing(period: Period) -> list[int]:
    return list(
        Period.objects.filter(
            campaign_id=period.campaign_id,
            starts_on__lte=period.starts_on,
            ends_on__gte=period.ends_on,
        ).values_list("pk", flat=True)
    )


def _campaign_periods(campaign: Campaign) -> list[Period]:
    """The campaign's periods, each with whether its rows are laid out, in one query."""
    return list(
        Period.objects.filter(campaign=campaign).annotate(
            laid_out=Exists(Tally.objects.filter(period=OuterRef("pk"), node_kind=NodeKind.UNIT))
        )
    )


def _roll_up_reports(campaign: Campaign, reports: list[Report]) -> None:
    """The roll-up of the reports (of one campaign): each one's unit, the units
    above, its blocs; its period and every period containing it."""
    periods = _campaign_periods(campaign)
    # The first roll-up of a campaign lays out every row (expected counts
    # need every unit); after that only the units' rows and those above change.
    if not all(p.laid_out for p in periods):
        tally_recompute(campaign=campaign)
        return
    unit_periods: dict[int, set[int]] = {}
    for report in reports:
        month = report.period
        unit_periods.setdefault(report.unit_id, set()).update(
            p.pk for p in periods if p.starts_on <= month.starts_on and p.ends_on >= month.ends_on
        )
    tally_recompute(
        campaign=campaign,
        unit_periods={unit: sorted(ids) for unit, ids in unit_periods.items()},
        periods=periods,
    )


def tally_recompute_for_report(*, report_id: int) -> None:
    """The roll-up of one report: its unit, the units above, its blocs; its
    period and every period containing it."""
    report = Report.objects.select_related("period__campaign").get(pk=report_id)
    _roll_up_reports(report.period.campaign, [report])
    Report.objects.filter(pk=report_id).update(rollup_pending=False)


# The most reports one roll-up gathers: it holds their rows and the campaign
# locked while it runs (a few milliseconds each at province scale).
GATHER_MAX = 200


def tally_roll_up_waiting(*, report_id: int) -> int:
    """The worker's roll-up of a report waiting for one (`rollup_pending`),
    gathered with every other report of its campaign waiting at that moment:
    one transaction, one move of the campaign's stamp.

    Each stamp move makes every cached dashboard body of the campaign stale;
    at a deadline hour the secretaries submit several reports a second, and
    rolled up one by one nearly every view of the city dashboard rendered it
    again (docs/BENCHMARKS.md, sixth round). Each report's task is sent
    `ROLLUP_GATHER_SECONDS` after its submission, so the first of a burst
    rolls up the whole burst and the others find nothing left to do.

    Returns how many reports it rolled up: 0 when the report's roll-up was
    gathered into an earlier one's (or the report is gone).

    Locks: the report's row (waiting for a save in progress), the others'
    rows that no one holds (a report being saved now is left to its own task,
    sent when that save commits), then the campaign's row (`tally_recompute`).
    The flags are cleared in the roll-up's own transaction: a report saved
    again after that is waiting again, with a task of its own.
    """
    with transaction.atomic():
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related("period__campaign")
            .filter(pk=report_id, rollup_pending=True)
            .first()
        )
        if report is None:
            return 0
        campaign = report.period.campaign
        others = list(
            Report.objects.select_for_update(of=("self",), skip_locked=True)
            .select_related("period")
            .filter(period__campaign=campaign, rollup_pending=True)
            .exclude(pk=report.pk)
            .order_by("pk")[: GATHER_MAX - 1]
        )
        reports = [report, *others]
        _roll_up_reports(campaign, reports)
        Report.objects.filter(pk__in=[r.pk for r in reports]).update(rollup_pending=False)
    return len(reports)


def rollup_enqueue(*, report: Report, marked: bool = False) -> None:
    """Ask for the report's roll-up once the current transaction commits.

    The report is marked as waiting first (in the same transaction; `marked`
    when the caller's own save of the report already set `rollup_pending`);
    if the broker cannot be reached the save still succeeds quickly and the
    next reconcile catches up.
    """
    if not marked:
        Report.objects.filter(pk=report.pk).update(rollup_pending=True)
    jobs.enqueue_on_commit(
        "campaigns.tasks.tally_recompute_report",
        report.pk,
        countdown=settings.ROLLUP_GATHER_SECONDS,
    )


def campaign_recompute_enqueue(*, campaign: Campaign) -> None:
    """Ask for a full recompute of the campaign once the current transaction
    commits: an admin changed what its figures are computed from (targets,
    assignments, the basis), so the dashboard shows it within a minute
    rather than at the next hourly reconcile."""
    jobs.enqueue_on_commit("campaigns.tasks.tally_recompute_campaign", campaign.pk)


def campaigns_recompute_enqueue(*, years: set[int] | None) -> None:
    """Ask for the full recompute of every campaign with a period ending in one of
    `years` (None: every campaign) once the current transaction commits: a
    bloc's members or a unit's place in the tree changed, so the bloc and tree
    figures of those years are computed from other units now."""
    campaigns = Campaign.objects.all()
    if years is not None:
        campaigns = campaigns.filter(periods__ends_on__year__in=years).distinct()
    for campaign in campaigns:
        campaign_recompute_enqueue(campaign=campaign)


def tally_reconcile(*, trigger: str) -> ReconcileRun:
    """Recompute every tally of every campaign and record how many differed.

    The full recompute compares what it computes with what is stored, row by
    row (figures, target and status), before writing the differences. After
    incremental roll-ups there are none; anything else is a bug (or a
    roll-up lost while the broker was down, or a target changed since, which
    this also repairs).
    """
    run = ReconcileRun.objects.create(started_at=timezone.now(), trigger=trigger)
    pending = list(Report.objects.filter(rollup_pending=True).values_list("pk", flat=True))
    differences, examples = 0, []
    for campaign in Campaign.objects.all():
        count, found = tally_recompute(campaign=campaign)
        differences += count
        examples += found[: 20 - len(examples)]
    caught_up = Report.objects.filter(pk__in=pending).update(rollup_pending=False)
    run.finished_at = timezone.now()
    run.tallies = Tally.objects.count()
    run.differences = differences
    run.examples = examples
    run.reports_caught_up = caught_up
    run.save()
    if differences:
        logger.error("Reconcile found %s tally differences: %s", differences, examples[:3])
    return run
