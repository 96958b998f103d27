"""One report's roll-up by exact deltas (campaigns.rollup_incremental) leaves the
figures a full recompute gives: after every step of any sequence of reports,
returns, reopenings and changes of the tree or the blocs, and when roll-ups
run at the same time.

The world: a province above the organising city, two districts under it (the
first reports itself, so it has a tree row its own row counts in), four units
at different depths, two blocs, every kind of aggregation, two months, a
quarter and the whole campaign.
"""

import datetime as dt
from contextlib import suppress
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blocs.models import BlocMembership, Unit
from blocs.signals import organisation_changed_send
from campaigns.models import (
    Campaign,
    CampaignIndicator,
    NodeStamp,
    Report,
    ReportValue,
    Tally,
    Target,
)
from campaigns.services import (
    ValueInput,
    lock_exception_open,
    report_approve,
    report_return,
    report_save,
    tally_recompute,
    tally_reconcile,
)
from campaigns.services.rollup import tally_recompute_for_report, tally_roll_up_waiting
from tests.campaigns.concurrency import roll_up_at_once
from tests.campaigns.test_rollup import (
    AGGREGATIONS,
    assert_same,
    naive_tallies,
    stored_completeness,
    stored_tallies,
)
from tests.factories import (
    AssignmentFactory,
    BlocFactory,
    CampaignFactory,
    CampaignIndicatorFactory,
    IndicatorFactory,
    MembershipFactory,
    PeriodFactory,
    UnitFactory,
    UserFactory,
)

NOW = dt.datetime(2023, 2, 20, 9, tzinfo=dt.UTC)


def build(tally_basis="approved"):
    province = UnitFactory(kind="province")
    city = UnitFactory(kind="city", parent=province)
    districts = [UnitFactory(kind="city", parent=city) for _ in range(2)]
    units = [
        districts[0],
        UnitFactory(parent=districts[0]),
        UnitFactory(parent=districts[0]),
        UnitFactory(parent=districts[1]),
        UnitFactory(parent=city),
    ]
    campaign = CampaignFactory(
        organiser=city,
        starts_on=dt.date(2023, 1, 1),
        ends_on=dt.date(2023, 3, 31),
        tally_basis=tally_basis,
    )
    months = [
        PeriodFactory(
            campaign=campaign,
            kind="month",
            starts_on=start,
            ends_on=end,
            deadline=end + dt.timedelta(days=5),
            locks_on=dt.date(2023, 12, 31),
        )
        for start, end in [
            (dt.date(2023, 1, 1), dt.date(2023, 1, 31)),
            (dt.date(2023, 2, 1), dt.date(2023, 2, 28)),
        ]
    ]
    for kind in ("quarter", "campaign"):
        PeriodFactory(
            campaign=campaign,
            kind=kind,
            starts_on=dt.date(2023, 1, 1),
            ends_on=dt.date(2023, 3, 31),
            deadline=dt.date(2023, 4, 5),
            locks_on=dt.date(2023, 12, 31),
        )
    blocs = [BlocFactory(), BlocFactory()]
    for index, unit in enumerate(units):
        MembershipFactory(bloc=blocs[index % 2], unit=unit, year=2023)
    indicators = []
    for value_kind, unit_agg, time_agg in AGGREGATIONS:
        indicator = IndicatorFactory(
            value_kind=value_kind,
            unit_aggregation=unit_agg,
            time_aggregation=time_agg,
            decimals=0 if value_kind == "yes_no" else 2,
        )
        ci = CampaignIndicatorFactory(campaign=campaign, indicator=indicator)
        for unit in units:
            AssignmentFactory(campaign_indicator=ci, unit=unit)
        indicators.append(indicator)
    return campaign, [province, city, *districts], units, blocs, months, indicators


def rolled_up(action):
    """Run `action` with the roll-ups its commit enqueues executed, as the worker would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action()


def assert_equals_full(campaign):
    """The oracle's figures, and a full recompute finds nothing to change."""
    stored, completeness = stored_tallies(campaign), stored_completeness(campaign)
    assert_same(stored, naive_tallies(campaign))
    run = tally_reconcile(trigger="test")
    assert run.differences == 0, run.examples
    assert stored_completeness(campaign) == completeness


def move(unit, parent):
    """What the unit admin does when a unit changes parent."""
    with transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(parent=parent)
        organisation_changed_send(years=None)


def leave(unit):
    """What the membership admin does when a unit leaves its bloc."""
    with transaction.atomic():
        BlocMembership.objects.filter(unit=unit, year=2023).delete()
        organisation_changed_send(years={2023})


def join(unit, bloc):
    with transaction.atomic():
        if not BlocMembership.objects.filter(unit=unit, year=2023).exists():
            BlocMembership.objects.create(unit=unit, bloc=bloc, year=2023, role="member")
        organisation_changed_send(years={2023})


values = st.lists(
    st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    min_size=len(AGGREGATIONS),
    max_size=len(AGGREGATIONS),
)
UNIT, MONTH = st.integers(0, 4), st.integers(0, 1)
SUBMIT = st.tuples(st.just("submit"), UNIT, MONTH, values)
REVIEW = st.tuples(st.sampled_from(["approve", "approve", "return", "reopen"]), UNIT, MONTH)
# Reports and reviews most often: each change of the tree or a bloc is followed
# by a full recompute, which would hide an incremental mistake made before it.
STEP = st.one_of(
    SUBMIT,
    SUBMIT,
    SUBMIT,
    REVIEW,
    REVIEW,
    REVIEW,
    st.tuples(st.just("save"), UNIT, MONTH, values),
    st.tuples(st.just("move"), st.integers(1, 4), st.integers(0, 3)),
    st.tuples(st.just("leave"), UNIT),
    st.tuples(st.just("join"), UNIT, st.integers(0, 1)),
)


@pytest.mark.django_db
@pytest.mark.parametrize("gather", [False, True], ids=["each", "gathered"])
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    basis=st.sampled_from(["approved", "submitted", "submitted"]),
    steps=st.lists(STEP, max_size=12),
)
def test_after_every_step_the_incremental_figures_equal_a_full_recompute(gather, basis, steps):
    """Each step rolled up as it commits (`each`), or as the worker's roll-ups
    sent late (ROLLUP_GATHER_SECONDS) do (`gathered`): every step is taken
    first, then the roll-ups run in the order they were sent; the first
    gathers every report waiting, the others find theirs done."""
    with transaction.atomic(), time_machine.travel(NOW):
        run_steps(basis, steps, gather=gather)
        transaction.set_rollback(True)


def run_steps(basis, steps, gather=False):
    campaign, nodes, units, blocs, months, indicators = build(basis)
    secretaries = {unit.pk: UserFactory(units=[unit]) for unit in units}
    council = UserFactory(role="council")
    admin = UserFactory(role="admin", is_staff=True)
    tally_recompute(campaign=campaign)  # reconciled once before: every row laid out
    waiting = []  # the roll-ups sent, when they are gathered
    for step in steps:
        kind, which = step[0], step[1]
        unit = units[which]

        def act(step=step, kind=kind, unit=unit):
            if kind == "move":
                # Under the city or a district; never under itself (district 1 reports).
                parent = [nodes[1], nodes[2], nodes[3], nodes[1]][step[2]]
                if parent.pk != unit.pk:
                    move(unit, parent)
                return
            if kind == "leave":
                return leave(unit)
            if kind == "join":
                return join(unit, blocs[step[2]])
            month = months[step[2]]
            report = Report.objects.filter(unit=unit, period=month).first()
            if kind in ("approve", "return", "reopen"):
                # The unit's report that the review can act on, in either month.
                wanted = "approved" if kind == "reopen" else "submitted"
                report = (
                    Report.objects.filter(unit=unit, status=wanted).order_by("period__starts_on")
                ).first() or report
                month = report.period if report else month
            if kind in ("save", "submit"):
                inputs = [
                    ValueInput(indicator=i, value=D(int(v) % 2) if i.value_kind == "yes_no" else v)
                    for i, v in zip(indicators, step[3], strict=True)
                ]
                report_save(
                    user=secretaries[unit.pk],
                    unit=unit,
                    period=month,
                    inputs=inputs,
                    highlights="",
                    version=report.version if report else None,
                    submit=kind == "submit",
                )
            elif report is None:
                return
            elif kind == "approve":
                report_approve(user=council, report=report)
            elif kind == "return":
                report_return(user=council, report=report, comment="Sửa lại")
            elif kind == "reopen":
                lock_exception_open(
                    user=admin,
                    unit=unit,
                    period=month,
                    reason="Sửa số liệu",
                    open_until=dt.date(2023, 12, 31),
                )

        # A step the workflow refuses here changes nothing.
        if not gather:
            with suppress(ValidationError, PermissionDenied):
                rolled_up(act)
            assert_equals_full(campaign)
            continue
        with (
            suppress(ValidationError, PermissionDenied),
            TestCase.captureOnCommitCallbacks() as sent,
        ):
            act()
        waiting += sent
    if gather:
        for roll_up in waiting:
            roll_up()
        assert not Report.objects.filter(period__campaign=campaign, rollup_pending=True).exists()
        assert_equals_full(campaign)


def city_row(campaign, indicator, period):
    return Tally.objects.get(
        node_kind="tree", node_id=campaign.organiser_id, indicator=indicator, period=period
    )


@pytest.mark.django_db
def test_a_roll_up_before_the_recompute_of_a_move_recomputes_the_rows_above():
    """A unit moved and its report rolled up before the full recompute that the
    move enqueued: a delta would take the district's count below zero, so the
    roll-up recomputes the rows above it from their subtrees, and the full
    recompute then finds the tree as the oracle does."""
    with time_machine.travel(NOW):
        campaign, nodes, units, _blocs, months, indicators = build("submitted")
        secretary = UserFactory(units=[units[3]])
        report_save(
            user=secretary,
            unit=units[3],
            period=months[0],
            inputs=[ValueInput(indicator=indicators[0], value=D("5"))],
            highlights="",
            version=None,
            submit=True,
        )
        tally_recompute(campaign=campaign)
        report = Report.objects.get(unit=units[3], period=months[0])
        # Moved from district 2 to district 1, without the recompute yet.
        Unit.objects.filter(pk=units[3].pk).update(parent=nodes[2])
        # Returned: it no longer counts, and district 1 never counted it.
        Report.objects.filter(pk=report.pk).update(status="returned")
        tally_recompute_for_report(report_id=report.pk)
        district = Tally.objects.get(
            node_kind="tree", node_id=nodes[2].pk, indicator=indicators[0], period=months[0]
        )
        assert (district.value, district.reported) == (None, 0)
        assert city_row(campaign, indicators[0], months[0]).reported == 0
        tally_recompute(campaign=campaign)
        assert_same(stored_tallies(campaign), naive_tallies(campaign))


@pytest.mark.django_db
def test_a_maximum_whose_holder_fell_is_read_again_from_the_units():
    with time_machine.travel(NOW):
        campaign, _nodes, units, _blocs, months, indicators = build("submitted")
        highest = next(i for i in indicators if i.unit_aggregation == "max")
        for unit, value in ((units[1], "9"), (units[2], "4")):
            report_save(
                user=UserFactory(units=[unit]),
                unit=unit,
                period=months[0],
                inputs=[ValueInput(indicator=highest, value=D(value))],
                highlights="",
                version=None,
                submit=True,
            )
        tally_recompute(campaign=campaign)
        assert city_row(campaign, highest, months[0]).value == 9
        report = Report.objects.get(unit=units[1], period=months[0])
        ReportValue.objects.filter(report=report).update(value=D("2"))
        tally_recompute_for_report(report_id=report.pk)
        assert city_row(campaign, highest, months[0]).value == 4
        assert_equals_full(campaign)


@pytest.mark.django_db(transaction=True)
def test_roll_ups_of_many_reports_at_once_equal_a_full_recompute():
    """Six roll-ups at the same moment, two of them of the same report, on
    reports of units at every depth: the campaign lock serialises them, and each
    delta is taken from the rows the one before committed."""
    campaign, _nodes, units, _blocs, months, indicators = build("submitted")
    tally_recompute(campaign=campaign)
    reports = []
    for n, unit in enumerate(units):
        report = Report.objects.create(
            unit=unit, period=months[1], status="submitted", submitted_at=NOW
        )
        for k, indicator in enumerate(indicators):
            value = D((n + k) % 2) if indicator.value_kind == "yes_no" else D(10 * n + k)
            ReportValue.objects.create(report=report, indicator=indicator, value=value)
        reports.append(report.pk)
    errors = roll_up_at_once([*reports, reports[0]])
    assert errors == []
    summed = next(i for i in indicators if i.unit_aggregation == "sum")
    k = indicators.index(summed)
    row = city_row(campaign, summed, months[1])
    assert (row.value, row.reported) == (sum(10 * n + k for n in range(len(units))), 5)
    assert_equals_full(campaign)


def waiting_reports(units, month, indicators, *, pending=True):
    """One submitted report per unit, each value a different figure, waiting for its roll-up."""
    reports = []
    for n, unit in enumerate(units):
        report = Report.objects.create(
            unit=unit, period=month, status="submitted", submitted_at=NOW, rollup_pending=pending
        )
        for k, indicator in enumerate(indicators):
            value = D((n + k) % 2) if indicator.value_kind == "yes_no" else D(10 * n + k)
            ReportValue.objects.create(report=report, indicator=indicator, value=value)
        reports.append(report.pk)
    return reports


@pytest.mark.django_db
def test_the_first_roll_up_gathers_every_report_waiting_and_moves_the_stamp_once():
    campaign, _nodes, units, _blocs, months, indicators = build("submitted")
    tally_recompute(campaign=campaign)
    first, *others = waiting_reports(units, months[1], indicators)
    before = Campaign.objects.get(pk=campaign.pk).tallies_recomputed_at

    assert tally_roll_up_waiting(report_id=first) == len(units)
    stamp = Campaign.objects.get(pk=campaign.pk).tallies_recomputed_at
    assert stamp > before
    assert not Report.objects.filter(rollup_pending=True).exists()
    # The others' tasks find their reports rolled up: nothing to do, no new stamp.
    assert [tally_roll_up_waiting(report_id=pk) for pk in others] == [0] * len(others)
    assert Campaign.objects.get(pk=campaign.pk).tallies_recomputed_at == stamp
    summed = next(i for i in indicators if i.unit_aggregation == "sum")
    k = indicators.index(summed)
    row = city_row(campaign, summed, months[1])
    assert (row.value, row.reported) == (sum(10 * n + k for n in range(len(units))), len(units))
    assert_equals_full(campaign)


@pytest.mark.django_db
def test_a_gathered_roll_up_sets_every_units_targets_and_stamps_only_the_nodes_above_them():
    """Targets, statuses and stamps are set once for the whole batch: the result is
    the same as unit by unit, and no other node's cached page goes stale."""
    campaign, nodes, units, blocs, months, indicators = build("submitted")
    province, city, *districts = nodes
    summed = next(i for i in indicators if i.unit_aggregation == "sum")
    ci = CampaignIndicator.objects.get(campaign=campaign, indicator=summed)
    # Below what each reports: every status changes from "behind" with the roll-up.
    for unit, value in ((units[1], 0), (units[4], 1), (units[3], 7)):
        Target.objects.create(campaign_indicator=ci, scope="unit", unit=unit, value=D(value))
    Target.objects.create(campaign_indicator=ci, scope="bloc", bloc=blocs[0], value=D(1))
    Target.objects.create(campaign_indicator=ci, scope="city", value=D(10_000))
    tally_recompute(campaign=campaign)
    NodeStamp.objects.all().delete()
    # units[1]: under districts[0], in blocs[1]; units[4]: under the city, in blocs[0].
    first, _ = waiting_reports([units[1], units[4]], months[1], indicators)

    assert tally_roll_up_waiting(report_id=first) == 2
    # Targets and statuses as a full recompute sets them (the reconcile compares both).
    assert_equals_full(campaign)
    rows = {
        (t.node_kind, t.node_id): (t.target, t.status)
        for t in Tally.objects.filter(period=months[1], indicator=summed)
    }
    assert rows[("unit", units[1].pk)][0] == D(0)
    assert rows[("unit", units[4].pk)] == (D(1), "exceeded")
    assert rows[("unit", units[1].pk)][1] in ("met", "exceeded")
    assert rows[("bloc", blocs[0].pk)] == (D(1), "exceeded")
    assert rows[("tree", city.pk)] == (D(10_000), "behind")
    stamped = set(NodeStamp.objects.filter(campaign=campaign).values_list("node_kind", "node_id"))
    assert stamped == {
        ("unit", units[1].pk),
        ("unit", units[4].pk),
        ("tree", districts[0].pk),
        ("tree", city.pk),
        ("tree", province.pk),
        ("bloc", blocs[0].pk),
        ("bloc", blocs[1].pk),
    }


@pytest.mark.django_db
def test_a_report_not_waiting_is_not_rolled_up_again():
    campaign, _nodes, units, _blocs, months, indicators = build("submitted")
    tally_recompute(campaign=campaign)
    (report,) = waiting_reports(units[:1], months[1], indicators, pending=False)
    before = Campaign.objects.get(pk=campaign.pk).tallies_recomputed_at
    assert tally_roll_up_waiting(report_id=report) == 0
    assert tally_roll_up_waiting(report_id=report + 1000) == 0  # gone
    assert Campaign.objects.get(pk=campaign.pk).tallies_recomputed_at == before


@pytest.mark.django_db(transaction=True)
def test_roll_ups_gathering_at_the_same_moment_roll_up_each_report_once():
    """Every report's task at the same moment (one twice): the locks let each
    report be gathered by exactly one of them, none waits for ever, and the
    figures equal a full recompute."""
    campaign, _nodes, units, _blocs, months, indicators = build("submitted")
    tally_recompute(campaign=campaign)
    reports = waiting_reports(units, months[1], indicators)
    counts = []
    errors = roll_up_at_once([*reports, reports[0]], tally_roll_up_waiting, counts)
    assert errors == []
    assert sum(counts) == len(reports)
    assert not Report.objects.filter(rollup_pending=True).exists()
    assert_equals_full(campaign)


@pytest.mark.django_db(transaction=True)
def test_a_report_being_saved_is_left_to_its_own_roll_up():
    """A report whose row a save holds is not waited for: the roll-up gathers
    the others, and the report keeps waiting for the task its save sends."""
    import threading

    from django.db import connection

    campaign, _nodes, units, _blocs, months, indicators = build("submitted")
    tally_recompute(campaign=campaign)
    first, busy = waiting_reports(units[:2], months[1], indicators)
    locked, release = threading.Event(), threading.Event()

    def save_in_progress():
        try:
            with transaction.atomic():
                Report.objects.select_for_update().get(pk=busy)
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=save_in_progress)
    thread.start()
    try:
        assert locked.wait(30)
        assert tally_roll_up_waiting(report_id=first) == 1
        assert Report.objects.get(pk=busy).rollup_pending
    finally:
        release.set()
        thread.join()
    assert tally_roll_up_waiting(report_id=busy) == 1
    assert_equals_full(campaign)


def waiting_values(month, indicator, values: dict):
    """Each unit's report of the month submitted with its value of the indicator
    (an existing report's value changed) and waiting for its roll-up: a
    burst of submissions the first roll-up gathers."""
    first = None
    for unit, value in values.items():
        report, _ = Report.objects.update_or_create(
            unit=unit,
            period=month,
            defaults={"status": "submitted", "submitted_at": NOW, "rollup_pending": True},
        )
        ReportValue.objects.update_or_create(
            report=report, indicator=indicator, defaults={"value": D(value)}
        )
        first = first or report.pk
    return first


@pytest.mark.django_db
def test_in_one_batch_a_maximum_moves_with_all_its_gathered_units():
    """Several units of one batch under the same rows: the highest of their new
    values when it reaches the maximum; the maximum kept when none of them held
    it; read again from the units when the holder fell and the others stayed
    below it."""
    campaign, _nodes, units, _blocs, months, indicators = build("submitted")
    highest = next(i for i in indicators if i.unit_aggregation == "max")
    month = months[0]
    tally_recompute(campaign=campaign)

    def batch(values):
        assert tally_roll_up_waiting(report_id=waiting_values(month, highest, values)) == len(
            values
        )
        assert_equals_full(campaign)
        return city_row(campaign, highest, month).value

    assert batch({units[1]: 9, units[2]: 4, units[3]: 1}) == 9
    # The holder fell, the other rose but stayed below: read again.
    assert batch({units[1]: 2, units[2]: 5}) == 5
    # The holder fell and the other rose above the maximum.
    assert batch({units[2]: 3, units[3]: 12}) == 12
    # Neither held it: kept.
    assert batch({units[1]: 6, units[2]: 7}) == 12
    # The holder fell and every value of the batch is below the others'.
    assert batch({units[3]: 1, units[4]: 0}) == 7


@pytest.mark.django_db
def test_a_row_above_that_did_not_exist_is_its_gathered_units_rows():
    """A bloc joined by two units whose full recompute has not run yet has no
    rows: one batch rolling up both creates them from both (an average from
    their sum and count), as that recompute then finds them."""
    campaign, _nodes, units, _blocs, months, indicators = build("submitted")
    average = next(i for i in indicators if i.unit_aggregation == "avg")
    summed = next(i for i in indicators if i.unit_aggregation == "sum")
    tally_recompute(campaign=campaign)
    bloc = BlocFactory()
    for unit in (units[3], units[4]):
        BlocMembership.objects.filter(unit=unit, year=2023).delete()
        BlocMembership.objects.create(unit=unit, bloc=bloc, year=2023, role="member")
    waiting_values(months[0], summed, {units[3]: 4, units[4]: 7})
    first = waiting_values(months[0], average, {units[3]: 4, units[4]: 7})

    assert tally_roll_up_waiting(report_id=first) == 2
    rows = {
        t.indicator_id: (t.value, t.reported, t.expected)
        for t in Tally.objects.filter(node_kind="bloc", node_id=bloc.pk, period=months[0])
    }
    assert rows[average.pk] == (D("5.5"), 2, 2)
    assert rows[summed.pk] == (D(11), 2, 2)
    # The full recompute that follows a change of the blocs lays out the bloc's
    # other rows and finds these as they are.
    tally_recompute(campaign=campaign)
    for indicator in (average, summed):
        row = Tally.objects.get(
            node_kind="bloc", node_id=bloc.pk, period=months[0], indicator=indicator
        )
        assert (row.value, row.reported, row.expected) == rows[indicator.pk]


@pytest.mark.django_db
def test_a_batch_of_any_number_of_units_is_rolled_up_in_the_same_statements():
    """One statement per kind of row for the whole batch, not one per unit."""
    counts = []
    for size in (1, 5):
        campaign, _nodes, units, _blocs, months, indicators = build("submitted")
        tally_recompute(campaign=campaign)
        first, *_ = waiting_reports(units[:size], months[1], indicators)
        with CaptureQueriesContext(connection) as captured:
            assert tally_roll_up_waiting(report_id=first) == size
        counts.append(len(captured))
        assert_equals_full(campaign)
    assert counts[0] == counts[1]
