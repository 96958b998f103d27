"""The roll-up engine: tallies against an independent computation."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.models import ApprovedValue, NodeKind, Period, Report, ReportValue, Tally
from campaigns.services import (
    elapsed_share,
    tally_recompute,
    tally_recompute_for_report,
    tally_reconcile,
    target_status,
)
from tests.campaigns.concurrency import roll_up_at_once
from tests.factories import (
    AssignmentFactory,
    BlocFactory,
    CampaignFactory,
    CampaignIndicatorFactory,
    IndicatorFactory,
    MembershipFactory,
    PeriodFactory,
    UnitFactory,
)

D = Decimal


class TestStatusRule:
    @pytest.mark.parametrize(
        ("value", "target", "elapsed", "status"),
        [
            ("1120", "1000", "1", "exceeded"),
            ("15", "15", "1", "met"),
            ("1200", "1500", "1", "behind"),
            ("467", "500", "0.856", "on_schedule"),
            ("400", "500", "0.856", "behind"),
            ("600", "500", "0.5", "exceeded"),
            ("500", "500", "0.5", "met"),
        ],
    )
    def test_higher_is_better(self, value, target, elapsed, status):
        assert (
            target_status(value=D(value), target=D(target), direction="higher", elapsed=D(elapsed))
            == status
        )

    @pytest.mark.parametrize(
        ("value", "target", "elapsed", "status"),
        [
            ("0", "5", "1", "exceeded"),
            ("5", "5", "1", "met"),
            ("6", "5", "1", "behind"),
            ("2", "10", "0.5", "on_schedule"),
            ("7", "10", "0.5", "behind"),
        ],
    )
    def test_lower_is_better_is_a_ceiling(self, value, target, elapsed, status):
        assert (
            target_status(value=D(value), target=D(target), direction="lower", elapsed=D(elapsed))
            == status
        )

    def test_nothing_reported_is_behind(self):
        assert target_status(value=None, target=D(1), direction="higher", elapsed=D(1)) == "behind"

    def test_elapsed_share(self):
        start, due = dt.date(2023, 1, 1), dt.date(2023, 1, 10)
        assert elapsed_share(start=start, due=due, at=dt.date(2023, 1, 5)) == D("0.5")
        assert elapsed_share(start=start, due=due, at=dt.date(2023, 2, 1)) == 1
        assert elapsed_share(start=start, due=due, at=dt.date(2022, 12, 1)) == 0


# --- A small world built at random, and the same tallies computed naively. ---

AGGREGATIONS = [
    ("number", "sum", "flow"),
    ("number", "sum", "stock"),
    ("number", "avg", "flow"),
    ("number", "max", "max"),
    ("yes_no", "count_yes", "stock"),
]


def build_world(spec):
    """Province → city → units; two blocs; three months, a quarter and the campaign."""
    province = UnitFactory(kind="province")
    city = UnitFactory(kind="city", parent=province)
    units = [UnitFactory(parent=city) for _ in range(spec["units"])]
    campaign = CampaignFactory(
        organiser=city,
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 3, 31),
        tally_basis=spec["basis"],
    )
    months = [
        PeriodFactory(
            campaign=campaign,
            kind="month",
            starts_on=s,
            ends_on=e,
            deadline=e + dt.timedelta(days=5),
            locks_on=e + dt.timedelta(days=20),
        )
        for s, e in [
            (dt.date(2023, 1, 1), dt.date(2023, 1, 31)),
            (dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
            (dt.date(2023, 3, 1), dt.date(2023, 3, 31)),
        ]
    ]
    PeriodFactory(
        campaign=campaign,
        kind="quarter",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 3, 31),
        deadline=dt.date(2023, 4, 5),
        locks_on=dt.date(2023, 4, 20),
    )
    PeriodFactory(
        campaign=campaign,
        kind="campaign",
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 3, 31),
        deadline=dt.date(2023, 4, 5),
        locks_on=dt.date(2023, 4, 20),
    )
    blocs = [BlocFactory(), BlocFactory()]
    for index, unit in enumerate(units):
        MembershipFactory(bloc=blocs[spec["bloc_of"][index] % 2], unit=unit, year=2023)
    indicators = []
    for value_kind, unit_agg, time_agg in AGGREGATIONS:
        indicator = IndicatorFactory(
            value_kind=value_kind,
            unit_aggregation=unit_agg,
            time_aggregation=time_agg,
            decimals=0 if value_kind == "yes_no" else 2,
        )
        ci = CampaignIndicatorFactory(campaign=campaign, indicator=indicator)
        for index, unit in enumerate(units):
            if (index + len(indicators)) % 4 != 3:  # not every unit has every indicator
                AssignmentFactory(campaign_indicator=ci, unit=unit)
        indicators.append(indicator)
    for unit_index, month_index, status, values, reopened in spec["reports"]:
        unit = units[unit_index % len(units)]
        month = months[month_index]
        report, _ = Report.objects.get_or_create(
            unit=unit,
            period=month,
            defaults={
                "status": status,
                "submitted_at": None if status == "draft" else dt.datetime.now(dt.UTC),
            },
        )
        for indicator, value in zip(indicators, values, strict=False):
            if indicator.value_kind == "yes_no":
                value = D(int(value) % 2)
            ReportValue.objects.get_or_create(
                report=report, indicator=indicator, defaults={"value": value}
            )
            if reopened:
                # Approved once, reopened by a lock exception, corrected since.
                ApprovedValue.objects.get_or_create(
                    report=report,
                    indicator=indicator,
                    defaults={"value": value if indicator.value_kind == "yes_no" else value + 1},
                )
    return campaign, city, province, blocs, units


def naive_tallies(campaign):
    """Straight from the definitions, in Python over rows loaded once: the oracle."""
    from blocs.models import BlocMembership, Unit

    counted = {"approved"} if campaign.tally_basis == "approved" else {"submitted", "approved"}
    periods = list(Period.objects.filter(campaign=campaign))
    months = sorted(
        (p for p in periods if p.kind == campaign.reporting_kind), key=lambda m: m.ends_on
    )
    values = defaultdict(dict)  # (unit, indicator) -> {month id: value}
    # A counted report counts its values; any other its approved ones, if it has
    # any (reopened by a lock exception).
    for rv in ReportValue.objects.filter(
        report__period__campaign=campaign, report__status__in=counted
    ).select_related("report"):
        values[(rv.report.unit_id, rv.indicator_id)][rv.report.period_id] = rv.value
    for av in (
        ApprovedValue.objects.filter(report__period__campaign=campaign)
        .exclude(report__status__in=counted)
        .select_related("report")
    ):
        values[(av.report.unit_id, av.indicator_id)][av.report.period_id] = av.value
    parents = dict(Unit.objects.values_list("id", "parent_id"))
    has_children = set(parents.values())
    lifetimes = {
        u: (start, end)
        for u, start, end in Unit.objects.values_list("id", "valid_from", "valid_to")
    }
    memberships = defaultdict(list)
    for unit_id, year, bloc_id in BlocMembership.objects.values_list("unit_id", "year", "bloc_id"):
        memberships[(unit_id, year)].append(bloc_id)
    unit_values = {}
    for ci in campaign.indicators.select_related("indicator"):
        indicator = ci.indicator
        for unit_id in ci.assignments.values_list("unit_id", flat=True):
            for period in periods:
                start, end = lifetimes[unit_id]
                if start > period.ends_on or (end is not None and end < period.starts_on):
                    continue  # the unit did not exist during the period
                series = [
                    values[(unit_id, indicator.pk)][m.pk]
                    for m in months
                    if m.starts_on >= period.starts_on
                    and m.ends_on <= period.ends_on
                    and m.pk in values[(unit_id, indicator.pk)]
                ]
                if not series:
                    value = None
                elif indicator.time_aggregation == "flow":
                    value = sum(series)
                elif indicator.time_aggregation == "stock":
                    value = series[-1]
                else:
                    value = max(series)
                unit_values[(period, indicator, unit_id)] = value
    expected_rows = {}
    groups = defaultdict(list)
    for (period, indicator, unit_id), value in unit_values.items():
        expected_rows[(period.pk, indicator.pk, "unit", unit_id)] = (
            value,
            0 if value is None else 1,
            1,
        )
        # A tree row aggregates its whole subtree, the node's own row included
        # when it reports itself (a district with units below it).
        node = unit_id if unit_id in has_children else parents[unit_id]
        while node is not None:
            groups[(period.pk, indicator, "tree", node)].append(value)
            node = parents[node]
        for bloc_id in memberships[(unit_id, period.ends_on.year)]:
            groups[(period.pk, indicator, "bloc", bloc_id)].append(value)
    for (period_id, indicator, kind, node), items in groups.items():
        present = [v for v in items if v is not None]
        if not present:
            value = None
        elif indicator.unit_aggregation == "avg":
            value = sum(present) / len(present)
        elif indicator.unit_aggregation == "max":
            value = max(present)
        else:
            value = sum(present)
        expected_rows[(period_id, indicator.pk, kind, node)] = (value, len(present), len(items))
    return expected_rows


def stored_tallies(campaign):
    return {
        (t.period_id, t.indicator_id, t.node_kind, t.node_id): (t.value, t.reported, t.expected)
        for t in Tally.objects.filter(period__campaign=campaign)
    }


def stored_completeness(campaign):
    from campaigns.models import CompletenessTally

    return {
        (c.period_id, c.node_kind, c.node_id): (c.expected, c.on_time, c.late)
        for c in CompletenessTally.objects.filter(period__campaign=campaign)
    }


def assert_same(stored, expected):
    assert stored.keys() == expected.keys()
    for key, (value, reported, count) in expected.items():
        got_value, got_reported, got_count = stored[key]
        assert (got_reported, got_count) == (reported, count), key
        if value is None:
            assert got_value is None, key
        else:
            # Averages are stored with 6 decimals; everything else is exact.
            assert abs(got_value - value) <= D("0.000001"), (key, got_value, value)


values_strategy = st.lists(
    st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False),
    min_size=0,
    max_size=len(AGGREGATIONS),
)
world_strategy = st.fixed_dictionaries(
    {
        "units": st.integers(min_value=1, max_value=6),
        "basis": st.sampled_from(["approved", "submitted"]),
        "bloc_of": st.lists(st.integers(0, 1), min_size=6, max_size=6),
        "reports": st.lists(
            st.tuples(
                st.integers(0, 5),
                st.integers(0, 2),
                st.sampled_from(["draft", "submitted", "returned", "approved"]),
                values_strategy,
                st.booleans(),
            ),
            max_size=12,
        ),
    }
)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=world_strategy)
def test_full_recompute_equals_the_naive_computation(spec):
    with transaction.atomic():
        campaign, *_ = build_world(spec)
        tally_recompute(campaign=campaign)
        assert_same(stored_tallies(campaign), naive_tallies(campaign))
        transaction.set_rollback(True)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=world_strategy, order=st.randoms(use_true_random=False))
def test_incremental_roll_ups_equal_a_full_reconcile(spec, order):
    with transaction.atomic():
        campaign, *_ = build_world(spec)
        reports = list(Report.objects.filter(period__campaign=campaign))
        order.shuffle(reports)
        # Submissions arrive one by one: start with nothing counted.
        Report.objects.filter(period__campaign=campaign).update(status="draft")
        if order.random() < 0.5:
            tally_recompute(campaign=campaign)  # the campaign was reconciled once before
        for report in reports:
            Report.objects.filter(pk=report.pk).update(status=report.status)
            tally_recompute_for_report(report_id=report.pk)
        if reports:
            tally_recompute_for_report(report_id=reports[0].pk)  # twice: still the same
            assert_same(stored_tallies(campaign), naive_tallies(campaign))
            completeness = stored_completeness(campaign)
            run = tally_reconcile(trigger="test")
            assert run.differences == 0, run.examples
            assert stored_completeness(campaign) == completeness
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_reconcile_records_and_repairs_a_corrupted_tally(campaign_indicator, report_a):
    ReportValue.objects.create(
        report=report_a, indicator=campaign_indicator.indicator, value=D("7")
    )
    Report.objects.filter(pk=report_a.pk).update(
        status="approved", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC)
    )
    tally_recompute_for_report(report_id=report_a.pk)
    city_row = Tally.objects.get(node_kind=NodeKind.TREE, indicator=campaign_indicator.indicator)
    assert city_row.value == 7
    Tally.objects.filter(pk=city_row.pk).update(value=D("14"))  # a double count, say
    run = tally_reconcile(trigger="test")
    assert run.differences == 1
    assert run.examples[0]["stored"].startswith("14")
    city_row.refresh_from_db()
    assert city_row.value == 7
    assert tally_reconcile(trigger="test").differences == 0


@pytest.mark.django_db
def test_returned_and_draft_reports_do_not_count(campaign_indicator, report_a, report_b):
    indicator = campaign_indicator.indicator
    ReportValue.objects.create(report=report_a, indicator=indicator, value=D("5"))
    ReportValue.objects.create(report=report_b, indicator=indicator, value=D("3"))
    Report.objects.filter(pk=report_b.pk).update(
        status="returned", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC)
    )
    tally_recompute(campaign=report_a.period.campaign)
    city = Tally.objects.get(node_kind="tree", indicator=indicator, period=report_a.period)
    assert (city.value, city.reported, city.expected) == (None, 0, 2)


@pytest.mark.django_db(transaction=True)
def test_two_reports_of_one_bloc_rolled_up_at_once_are_both_counted(
    campaign_indicator, report_a, report_b
):
    indicator = campaign_indicator.indicator
    for report, value in ((report_a, "4"), (report_b, "6")):
        ReportValue.objects.create(report=report, indicator=indicator, value=D(value))
        Report.objects.filter(pk=report.pk).update(
            status="approved", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC)
        )
    errors = roll_up_at_once([report_a.pk, report_b.pk])
    assert errors == []
    bloc = Tally.objects.get(node_kind="bloc", indicator=indicator, period=report_a.period)
    assert (bloc.value, bloc.reported, bloc.expected) == (10, 2, 2)


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 12)),  # the figure
            st.integers(1, 12),  # the target
            st.integers(0, 4),  # the period: before the start, inside, at or after the horizon
        ),
        min_size=1,
        max_size=8,
    ),
    direction=st.sampled_from(["higher", "lower"]),
    horizon_days=st.integers(1, 6),
)
def test_statuses_set_in_sql_follow_the_rule(rows, direction, horizon_days):
    """The status the roll-up sets in one UPDATE equals `target_status`, exactly at
    the pro-rata boundaries too (e.g. 2 of a target of 3 after 2 of 3 days)."""
    from campaigns.models import Target
    from campaigns.rollup_sql import apply_targets

    with transaction.atomic():
        start = dt.date(2023, 1, 1)
        campaign = CampaignFactory(starts_on=start, ends_on=dt.date(2023, 12, 31))
        due = start + dt.timedelta(days=horizon_days - 1)
        expected = {}
        for index, (value, target, day) in enumerate(rows):
            indicator = IndicatorFactory(direction=direction)
            ci = CampaignIndicatorFactory(campaign=campaign, indicator=indicator)
            Target.objects.create(campaign_indicator=ci, scope="city", value=target, due_on=due)
            ends = start + dt.timedelta(days=day - 1)
            period = PeriodFactory(
                campaign=campaign,
                starts_on=dt.date(2022, 1, 1) + dt.timedelta(days=index),
                ends_on=ends,
            )
            tally = Tally.objects.create(
                period=period,
                indicator=indicator,
                node_kind="tree",
                node_id=campaign.organiser_id,
                value=value,
                computed_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC),
            )
            expected[tally.pk] = target_status(
                value=None if value is None else Decimal(value),
                target=Decimal(target),
                direction=direction,
                elapsed=elapsed_share(start=start, due=due, at=ends),
            )
        now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
        apply_targets(campaign, now=now)
        got = dict(Tally.objects.filter(pk__in=expected).values_list("pk", "status"))
        assert got == expected
        # Every row whose target or status was set shows the new "as of" time.
        assert set(Tally.objects.filter(pk__in=expected).values_list("computed_at", flat=True)) == {
            now
        }
        transaction.set_rollback(True)


def test_a_changed_target_moves_the_figures_as_of_time(campaign_indicator, report_a, city):
    """The dashboard polls on the latest computed_at: a new target must move it."""
    from django.utils import timezone

    from campaigns.models import Target
    from campaigns.services import tally_recompute

    campaign = campaign_indicator.campaign
    target = Target.objects.create(campaign_indicator=campaign_indicator, scope="city", value=10)
    tally_recompute(campaign=campaign)
    row = Tally.objects.get(
        indicator=campaign_indicator.indicator,
        node_kind="tree",
        node_id=campaign.organiser_id,
        period=report_a.period,
    )
    before = row.computed_at
    target.value = 20
    target.save()
    tally_recompute(campaign=campaign)
    row.refresh_from_db()
    assert row.target == 20
    assert row.computed_at > before
    assert row.computed_at <= timezone.now()


@pytest.mark.django_db
def test_every_roll_up_moves_the_campaign_stamp(campaign_indicator, report_a):
    """The dashboard's cached pages are keyed by it (campaigns.dashboard_cache)."""
    campaign = campaign_indicator.campaign
    assert campaign.tallies_recomputed_at is None
    ReportValue.objects.create(report=report_a, indicator=campaign_indicator.indicator, value=1)
    Report.objects.filter(pk=report_a.pk).update(
        status="approved", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC)
    )
    stamps = []
    for roll_up in (
        lambda: tally_recompute_for_report(report_id=report_a.pk),
        lambda: tally_reconcile(trigger="test"),
    ):
        roll_up()
        campaign.refresh_from_db()
        stamps.append(campaign.tallies_recomputed_at)
    assert None not in stamps
    assert stamps[0] < stamps[1]
    row = Tally.objects.filter(period=report_a.period).order_by("-computed_at").first()
    assert row.computed_at <= stamps[0]


@pytest.mark.django_db
def test_reconcile_counts_and_repairs_a_removed_target(campaign_indicator, report_a):
    """The full recompute sets targets on its scratch rows before comparing, so a
    target deleted since the last roll-up leaves the stored rows (it used to stay)."""
    from campaigns.models import Target

    campaign = campaign_indicator.campaign
    ReportValue.objects.create(report=report_a, indicator=campaign_indicator.indicator, value=5)
    Report.objects.filter(pk=report_a.pk).update(
        status="approved", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC)
    )
    target = Target.objects.create(campaign_indicator=campaign_indicator, scope="city", value=4)
    tally_recompute_for_report(report_id=report_a.pk)
    city_rows = Tally.objects.filter(node_kind=NodeKind.TREE, node_id=campaign.organiser_id)
    assert city_rows.filter(target=4, status="exceeded").exists()
    assert tally_reconcile(trigger="test").differences == 0

    target.delete()
    run = tally_reconcile(trigger="test")
    assert run.differences == city_rows.count() > 0
    assert {(row.target, row.status) for row in city_rows} == {(None, "")}
    assert run.examples[0]["stored"] == run.examples[0]["recomputed"]  # the value is the same
    assert tally_reconcile(trigger="test").differences == 0


@pytest.mark.django_db
def test_reconcile_leaves_unchanged_completeness_alone_and_drops_a_leaver(
    campaign_indicator, report_a, unit_b
):
    """Completeness rows are compared like tallies: the steady state writes none,
    and a unit that no longer takes part loses its rows."""
    from campaigns.models import Assignment, CompletenessTally

    campaign = campaign_indicator.campaign
    Report.objects.filter(pk=report_a.pk).update(
        status="approved", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC)
    )
    tally_reconcile(trigger="test")
    rows = CompletenessTally.objects.filter(period__campaign=campaign)
    stamps = dict(rows.values_list("pk", "computed_at"))
    assert rows.filter(node_kind=NodeKind.UNIT, node_id=unit_b.pk).exists()

    tally_reconcile(trigger="test")
    assert dict(rows.values_list("pk", "computed_at")) == stamps

    Assignment.objects.filter(unit=unit_b).delete()
    tally_reconcile(trigger="test")
    assert not rows.filter(node_kind=NodeKind.UNIT, node_id=unit_b.pk).exists()
    city = rows.get(node_kind=NodeKind.TREE, node_id=campaign.organiser_id)
    assert city.expected == 1 and city.computed_at > stamps[city.pk]
