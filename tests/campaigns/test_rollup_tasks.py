"""Enqueueing roll-ups: after commit, once, and never blocking on a dead broker."""

import datetime as dt
import socket
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from campaigns.models import ReconcileRun, Report, ReportValue, Tally
from campaigns.services import rollup_enqueue
from mongcai.celery import app as celery_app


def approve(report, indicator, value):
    ReportValue.objects.create(report=report, indicator=indicator, value=Decimal(value))
    Report.objects.filter(pk=report.pk).update(
        status="approved", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC)
    )


@pytest.mark.django_db
def test_roll_up_is_enqueued_once_after_commit(
    report_a, campaign_indicator, django_capture_on_commit_callbacks
):
    approve(report_a, campaign_indicator.indicator, "12")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rollup_enqueue(report=report_a)
    assert len(callbacks) == 1
    city = Tally.objects.get(
        node_kind="tree", indicator=campaign_indicator.indicator, period=report_a.period
    )
    assert city.value == 12
    report_a.refresh_from_db()
    assert report_a.rollup_pending is False


@pytest.mark.django_db
def test_no_roll_up_when_the_transaction_rolls_back(
    report_a, campaign_indicator, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        rollup_enqueue(report=report_a)
        raise RuntimeError("the save failed")
    assert callbacks == []
    assert not Tally.objects.exists()


def dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def broker_down():
    """Point the Celery app at an address where nothing listens."""
    saved = {k: celery_app.conf[k] for k in ("broker_url", "task_always_eager")}
    celery_app.conf.broker_url = f"redis://127.0.0.1:{dead_port()}/0"
    celery_app.conf.task_always_eager = False
    reset_connection_pool()
    yield
    celery_app.conf.update(saved)
    reset_connection_pool()


def reset_connection_pool():
    # Drop the cached pools (without closing them: kombu keeps closed pools
    # in a registry) so the next publish builds one for the current broker_url.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.django_db
def test_save_succeeds_quickly_with_the_broker_down_and_reconcile_catches_up(
    report_a, campaign_indicator, broker_down, django_capture_on_commit_callbacks
):
    approve(report_a, campaign_indicator.indicator, "9")
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        rollup_enqueue(report=report_a)
    assert time.monotonic() - started < 10
    report_a.refresh_from_db()
    assert report_a.rollup_pending is True
    assert not Tally.objects.exists()

    call_command("reconcile_tallies")
    report_a.refresh_from_db()
    assert report_a.rollup_pending is False
    run = ReconcileRun.objects.get()
    assert run.reports_caught_up == 1
    city = Tally.objects.get(
        node_kind="tree", indicator=campaign_indicator.indicator, period=report_a.period
    )
    assert city.value == 9


@pytest.mark.django_db
def test_admin_runs_a_reconcile_from_the_list(client, admin_user, report_a, campaign_indicator):
    approve(report_a, campaign_indicator.indicator, "3")
    client.force_login(admin_user)
    page = client.get("/admin/campaigns/reconcilerun/")
    assert "Đối soát toàn bộ số liệu tổng hợp ngay" in page.text
    response = client.post("/admin/campaigns/reconcilerun/run/", follow=True)
    assert "Đã bắt đầu đối soát" in response.text
    assert ReconcileRun.objects.get().trigger == "admin"
    assert Tally.objects.filter(node_kind="tree").exists()


@pytest.mark.django_db
def test_admin_is_told_when_the_reconcile_cannot_reach_the_queue(client, admin_user, broker_down):
    client.force_login(admin_user)
    started = time.monotonic()
    response = client.post("/admin/campaigns/reconcilerun/run/", follow=True)
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    assert "Không kết nối được hàng đợi tác vụ nên chưa thể bắt đầu đối soát" in response.text
    assert not ReconcileRun.objects.exists()


@pytest.mark.django_db
def test_secretary_cannot_start_a_reconcile(client, secretary_a):
    client.force_login(secretary_a)
    response = client.post("/admin/campaigns/reconcilerun/run/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not ReconcileRun.objects.exists()


def test_reconcile_is_scheduled():
    schedule = celery_app.conf.beat_schedule
    assert schedule["tally-reconcile"]["task"] == "campaigns.tasks.tally_reconcile"
