"""Every transition that changes which reports count rolls up after it commits,
and the figures it leaves equal a full recompute (and the oracle of test_rollup).

Each test makes the change where the user makes it (the secretary's form, the
council's review, the admin site) with the roll-ups it enqueues run in-process
on commit, as the worker would.
"""

import datetime as dt
from contextlib import suppress
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blocs.models import BlocMembership
from blocs.services import bloc_year_confirm
from campaigns.models import ApprovedValue, Report, ReportValue, Tally
from campaigns.services import (
    ValueInput,
    lock_exception_open,
    report_admin_edited,
    report_approve,
    report_delete,
    report_return,
    report_save,
    tally_recompute,
    tally_reconcile,
)
from tests.campaigns.test_rollup import (
    assert_same,
    naive_tallies,
    stored_completeness,
    stored_tallies,
)
from tests.factories import BlocFactory, PeriodFactory, UserFactory

pytestmark = pytest.mark.django_db

IN_PERIOD = dt.datetime(2023, 3, 16, 9, tzinfo=dt.UTC)
LOCKED = dt.datetime(2023, 4, 10, 9, tzinfo=dt.UTC)  # after the period's lock date


@pytest.fixture
def indicator(campaign_indicator):
    return campaign_indicator.indicator


@pytest.fixture
def whole_campaign(campaign):
    """A period containing the month, so that roll-ups reach longer periods too."""
    return PeriodFactory(
        campaign=campaign,
        kind="campaign",
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        deadline=campaign.ends_on,
        locks_on=campaign.ends_on,
    )


def rolled_up(action):
    """Run `action` with the callbacks its commit enqueues (the roll-ups) executed."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return action()


def assert_incremental_equals_full(campaign):
    """The figures the incremental roll-ups left are the oracle's, and a full
    recompute finds nothing to change."""
    stored, completeness = stored_tallies(campaign), stored_completeness(campaign)
    assert_same(stored, naive_tallies(campaign))
    run = tally_reconcile(trigger="test")
    assert run.differences == 0, run.examples
    assert stored_tallies(campaign) == stored
    assert stored_completeness(campaign) == completeness


def city(indicator, period):
    return Tally.objects.get(
        node_kind="tree", node_id=period.campaign.organiser_id, indicator=indicator, period=period
    )


def bloc_row(indicator, period, bloc):
    return Tally.objects.get(node_kind="bloc", node_id=bloc.pk, indicator=indicator, period=period)


def edit_url(unit, period):
    return f"/campaigns/units/{unit.pk}/periods/{period.pk}/report/"


def post_report(client, user, unit, period, indicator, value, action):
    client.force_login(user)
    report = Report.objects.filter(unit=unit, period=period).first()
    data = {
        f"value_{indicator.pk}": value,
        f"note_{indicator.pk}": "",
        "highlights": "",
        "version": report.version if report else "",
        "action": action,
    }
    response = rolled_up(lambda: client.post(edit_url(unit, period), data))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Report.objects.get(unit=unit, period=period)


def review(client, user, report, action, comment=""):
    client.force_login(user)
    response = rolled_up(
        lambda: client.post(
            f"/campaigns/reports/{report.pk}/review/", {"action": action, "comment": comment}
        )
    )
    assert response.status_code == 302
    report.refresh_from_db()
    return report


def approved(client, secretary, council, unit, period, indicator, value):
    with time_machine.travel(IN_PERIOD):
        report = post_report(client, secretary, unit, period, indicator, value, "submit")
        return review(client, council, report, "approve")


def test_submit_rolls_up(client, secretary_a, unit_a, period, indicator, whole_campaign):
    campaign = period.campaign
    campaign.tally_basis = "submitted"
    campaign.save()
    with time_machine.travel(IN_PERIOD):
        post_report(client, secretary_a, unit_a, period, indicator, "7", "submit")
    assert city(indicator, period).value == 7
    assert city(indicator, whole_campaign).value == 7
    assert_incremental_equals_full(campaign)


def test_approve_rolls_up(
    client, secretary_a, council_member, unit_a, period, indicator, whole_campaign
):
    approved(client, secretary_a, council_member, unit_a, period, indicator, "7")
    assert city(indicator, period).value == 7
    assert_incremental_equals_full(period.campaign)


def test_return_rolls_up(client, secretary_a, council_member, unit_a, period, indicator):
    campaign = period.campaign
    campaign.tally_basis = "submitted"
    campaign.save()
    with time_machine.travel(IN_PERIOD):
        report = post_report(client, secretary_a, unit_a, period, indicator, "7", "submit")
        assert city(indicator, period).value == 7
        review(client, council_member, report, "return", "Sửa lại")
    assert city(indicator, period).value is None
    assert_incremental_equals_full(campaign)


def open_exception_in_admin(client, admin_user, report):
    client.force_login(admin_user)
    response = rolled_up(
        lambda: client.post(
            "/admin/campaigns/lockexception/add/",
            {
                "period": report.period_id,
                "unit": report.unit_id,
                "reason": "Sửa số liệu nhập nhầm",
                "open_until": "20/04/2023",
            },
        )
    )
    assert response.status_code == 302
    report.refresh_from_db()
    return report


@pytest.mark.parametrize("basis", ["approved", "submitted"])
def test_a_reopened_report_counts_its_approved_values_until_approved_again(
    client,
    secretary_a,
    secretary_b,
    council_member,
    admin_user,
    unit_a,
    unit_b,
    period,
    indicator,
    whole_campaign,
    basis,
):
    campaign = period.campaign
    campaign.tally_basis = basis
    campaign.save()
    report = approved(client, secretary_a, council_member, unit_a, period, indicator, "1200")
    approved(client, secretary_b, council_member, unit_b, period, indicator, "300")
    assert city(indicator, period).value == 1500
    with time_machine.travel(LOCKED):
        report = open_exception_in_admin(client, admin_user, report)
        assert report.status == "returned"
        # Reopened for a typo: the unit's approved figure stays in the city's total.
        assert city(indicator, period).value == 1500
        assert city(indicator, period).reported == 2
        assert_incremental_equals_full(campaign)
        post_report(client, secretary_a, unit_a, period, indicator, "1089", "save")
        assert city(indicator, period).value == 1500
        assert_incremental_equals_full(campaign)
        report = post_report(client, secretary_a, unit_a, period, indicator, "1089", "submit")
        # Resubmitted: provisional figures show the correction, approved ones wait.
        assert city(indicator, period).value == (1500 if basis == "approved" else 1389)
        assert_incremental_equals_full(campaign)
        review(client, council_member, report, "approve")
    assert city(indicator, period).value == 1389
    assert city(indicator, whole_campaign).value == 1389
    assert not ApprovedValue.objects.exists()
    assert_incremental_equals_full(campaign)


def test_a_reopened_report_returned_again_keeps_its_approved_values(
    client, secretary_a, council_member, admin_user, unit_a, period, indicator
):
    report = approved(client, secretary_a, council_member, unit_a, period, indicator, "12")
    with time_machine.travel(LOCKED):
        open_exception_in_admin(client, admin_user, report)
        report = post_report(client, secretary_a, unit_a, period, indicator, "15", "submit")
        review(client, council_member, report, "return", "Chưa đúng")
    assert city(indicator, period).value == 12
    assert_incremental_equals_full(period.campaign)


def admin_report_data(report):
    values = list(report.values.all())
    data = {
        "unit": report.unit_id,
        "period": report.period_id,
        "highlights": report.highlights,
        "values-TOTAL_FORMS": str(len(values)),
        "values-INITIAL_FORMS": str(len(values)),
    }
    for n, rv in enumerate(values):
        data.update(
            {
                f"values-{n}-id": rv.pk,
                f"values-{n}-report": report.pk,
                f"values-{n}-indicator": rv.indicator_id,
                f"values-{n}-value": str(rv.value),
                f"values-{n}-note": rv.note,
            }
        )
    return data


def test_an_admin_edit_of_a_value_rolls_up_and_is_on_the_record(
    client, secretary_a, council_member, admin_user, unit_a, period, indicator
):
    report = approved(client, secretary_a, council_member, unit_a, period, indicator, "7")
    client.force_login(admin_user)
    data = admin_report_data(report)
    data["values-0-value"] = "8"
    response = rolled_up(lambda: client.post(f"/admin/campaigns/report/{report.pk}/change/", data))
    assert response.status_code == 302
    assert city(indicator, period).value == 8
    change = report.changes.filter(kind="value").order_by("-at", "-pk").first()
    assert (change.user, change.subject, change.old, change.new) == (
        admin_user,
        indicator.code,
        "7",
        "8",
    )
    assert_incremental_equals_full(period.campaign)


def test_the_admin_cannot_change_a_reports_status_in_the_admin(
    client, secretary_a, council_member, admin_user, unit_a, period, indicator
):
    report = approved(client, secretary_a, council_member, unit_a, period, indicator, "7")
    client.force_login(admin_user)
    data = admin_report_data(report) | {"status": "draft"}
    rolled_up(lambda: client.post(f"/admin/campaigns/report/{report.pk}/change/", data))
    report.refresh_from_db()
    assert report.status == "approved"
    assert city(indicator, period).value == 7


def test_an_admin_deleting_a_report_rolls_up(
    client, both_approved, admin_user, unit_a, period, indicator
):
    report = Report.objects.get(unit=unit_a, period=period)
    assert city(indicator, period).value == 12
    client.force_login(admin_user)
    response = rolled_up(
        lambda: client.post(f"/admin/campaigns/report/{report.pk}/delete/", {"post": "yes"})
    )
    assert response.status_code == 302
    assert not Report.objects.filter(pk=report.pk).exists()
    assert (city(indicator, period).value, city(indicator, period).reported) == (5, 1)
    assert_incremental_equals_full(period.campaign)


@pytest.fixture
def both_approved(
    client, secretary_a, secretary_b, council_member, unit_a, unit_b, period, indicator
):
    """Unit A's report approved with 7, unit B's with 5."""
    approved(client, secretary_a, council_member, unit_a, period, indicator, "7")
    approved(client, secretary_b, council_member, unit_b, period, indicator, "5")


def test_a_unit_leaving_its_bloc_rolls_up(
    client, both_approved, admin_user, unit_b, bloc, period, indicator
):
    row = bloc_row(indicator, period, bloc)
    assert (row.value, row.expected) == (12, 2)
    membership = BlocMembership.objects.get(unit=unit_b, year=2023)
    client.force_login(admin_user)
    response = rolled_up(
        lambda: client.post(f"/admin/blocs/blocmembership/{membership.pk}/delete/", {"post": "yes"})
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.value, row.expected) == (7, 1)
    assert_incremental_equals_full(period.campaign)


def test_a_unit_moved_to_another_bloc_in_the_admin_rolls_up(
    client, both_approved, admin_user, unit_b, bloc, period, indicator
):
    other = BlocFactory()
    membership = BlocMembership.objects.get(unit=unit_b, year=2023)
    client.force_login(admin_user)
    response = rolled_up(
        lambda: client.post(
            f"/admin/blocs/blocmembership/{membership.pk}/change/",
            {"bloc": other.pk, "unit": unit_b.pk, "year": 2023, "role": "member"},
        )
    )
    assert response.status_code == 302
    assert bloc_row(indicator, period, bloc).value == 7
    assert bloc_row(indicator, period, other).value == 5
    assert_incremental_equals_full(period.campaign)


def test_a_member_added_in_the_bloc_admin_rolls_up(
    client, secretary_a, council_member, admin_user, unit_a, bloc, period, indicator
):
    approved(client, secretary_a, council_member, unit_a, period, indicator, "7")
    BlocMembership.objects.filter(unit=unit_a).delete()  # in no bloc yet
    rolled_up(lambda: tally_reconcile(trigger="test"))
    other = BlocFactory()
    client.force_login(admin_user)
    response = rolled_up(
        lambda: client.post(
            f"/admin/blocs/bloc/{other.pk}/change/",
            {
                "order": other.order,
                "name": other.name,
                "code": other.code,
                "memberships-TOTAL_FORMS": "1",
                "memberships-INITIAL_FORMS": "0",
                "memberships-0-year": "2023",
                "memberships-0-unit": unit_a.pk,
                "memberships-0-role": "member",
            },
        )
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert bloc_row(indicator, period, other).value == 7
    assert_incremental_equals_full(period.campaign)


def test_a_unit_closed_in_the_admin_rolls_up(
    client, secretary_a, council_member, admin_user, unit_a, unit_b, city, period, indicator
):
    approved(client, secretary_a, council_member, unit_a, period, indicator, "7")
    assert Tally.objects.get(node_kind="tree", node_id=city.pk, period=period).expected == 2
    client.force_login(admin_user)
    response = rolled_up(
        lambda: client.post(
            f"/admin/blocs/unit/{unit_b.pk}/change/",
            {
                "code": unit_b.code,
                "name": unit_b.name,
                "short_name": unit_b.short_name,
                "kind": unit_b.kind,
                "parent": city.pk,
                "valid_from": unit_b.valid_from.strftime("%d/%m/%Y"),
                "valid_to": "31/12/2022",
                "children-TOTAL_FORMS": "0",
                "children-INITIAL_FORMS": "0",
            },
        )
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Tally.objects.get(node_kind="tree", node_id=city.pk, period=period).expected == 1
    assert_incremental_equals_full(period.campaign)


def test_confirming_a_year_of_a_bloc_recomputes_that_years_campaigns(
    admin_user, unit_a, unit_b, bloc, period, indicator, django_capture_on_commit_callbacks
):
    campaign = period.campaign
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bloc_year_confirm(bloc=bloc, year=2023, head=unit_b, deputy=unit_a, by=admin_user)
    assert len(callbacks) == 1
    campaign.refresh_from_db()
    assert campaign.tallies_recomputed_at is not None
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        bloc_year_confirm(bloc=bloc, year=2024, head=unit_b, deputy=unit_a, by=admin_user)
    assert callbacks == []  # no campaign has a period ending in 2024


# --- Any sequence of transitions, as a property. ---

STEPS = ["save", "submit", "approve", "return", "reopen", "admin_edit", "delete"]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    basis=st.sampled_from(["approved", "submitted"]),
    steps=st.lists(
        st.tuples(st.sampled_from(STEPS), st.integers(0, 1), st.integers(0, 999)),
        min_size=1,
        max_size=10,
    ),
)
def test_any_sequence_of_transitions_leaves_figures_equal_to_a_full_recompute(
    secretary_a, secretary_b, unit_a, unit_b, period, indicator, whole_campaign, basis, steps
):
    with transaction.atomic():  # each example starts from the fixtures alone
        run_transitions(secretary_a, secretary_b, unit_a, unit_b, period, indicator, basis, steps)
        transaction.set_rollback(True)


def run_transitions(secretary_a, secretary_b, unit_a, unit_b, period, indicator, basis, steps):
    campaign = period.campaign
    campaign.tally_basis = basis
    campaign.save()
    council = UserFactory(role="council")
    admin = UserFactory(role="admin", is_staff=True)
    campaign.organiser.organiser_members.add(council, admin)  # they act for its organiser
    secretaries = {unit_a.pk: secretary_a, unit_b.pk: secretary_b}
    units = [unit_a, unit_b]
    tally_recompute(campaign=campaign)  # reconciled once before: every row laid out
    for step, which, number in steps:
        unit = units[which]
        report = Report.objects.filter(unit=unit, period=period).first()
        value = Decimal(number)

        def act(step=step, unit=unit, report=report, value=value):
            if step in ("save", "submit"):
                report_save(
                    user=secretaries[unit.pk],
                    unit=unit,
                    period=period,
                    inputs=[ValueInput(indicator=indicator, value=value)],
                    highlights="",
                    version=report.version if report else None,
                    submit=step == "submit",
                )
            elif report is None:
                return
            elif step == "approve":
                report_approve(user=council, report=report)
            elif step == "return":
                report_return(user=council, report=report, comment="Sửa lại")
            elif step == "reopen":
                lock_exception_open(
                    user=admin,
                    unit=unit,
                    period=period,
                    reason="Sửa số liệu",
                    open_until=dt.date(2023, 4, 30),
                )
            elif step == "admin_edit":
                rv = report.values.first()
                if rv is not None:
                    old = rv.value
                    ReportValue.objects.filter(pk=rv.pk).update(value=value)
                    report_admin_edited(
                        user=admin,
                        report=report,
                        changes=[("value", indicator.code, str(old), str(value))],
                    )
            elif step == "delete":
                report_delete(user=admin, report=report)

        # A step the workflow refuses here changes nothing.
        with time_machine.travel(IN_PERIOD), suppress(ValidationError, PermissionDenied):
            rolled_up(act)
        assert_same(stored_tallies(campaign), naive_tallies(campaign))
    assert_incremental_equals_full(campaign)
