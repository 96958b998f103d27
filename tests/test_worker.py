"""A real Celery worker process, on Redis, writing to the test database."""

import datetime as dt
import os
import subprocess
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from mongcai.ops.models import WorkerHeartbeat
from tools.bench.live import celery_worker_args

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@contextmanager
def celery_worker(queue: str, **env: str):
    """Run `celery -A mongcai worker` on `queue` (extra environment in `env`) until the
    block ends; yields the process."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_QUEUE": queue,
        **env,
    }
    process = subprocess.Popen(
        celery_worker_args(queue),
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines, ready = [], threading.Event()

    def follow():
        # Until the worker has declared its queue, Redis drops what is sent to it.
        for line in process.stdout:
            lines.append(line)
            if " ready." in line:
                ready.set()

    reader = threading.Thread(target=follow, daemon=True)
    reader.start()
    try:
        assert ready.wait(60), "the worker did not start:\n" + "".join(lines)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)
        # Printed only when the test fails (pytest captures it).
        print("".join(lines))


@pytest.fixture
def worker(transactional_db):
    """Start `celery -A mongcai worker` on a queue of its own; stop it after the test."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    # Not the current app: shared tasks must keep publishing through mongcai's app.
    client = Celery(broker=REDIS_URL, set_as_current=False)
    try:
        with celery_worker(queue) as process:
            yield client, queue, process
    finally:
        # The worker's connection must be gone before the test database is flushed.
        connection.close()


@contextmanager
def publishing_to(broker_url: str, queue: str):
    """Make this process's Celery app publish to `broker_url` and `queue` instead of
    running tasks in-process, as the web process does in production."""
    from mongcai.celery import app

    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=broker_url, task_always_eager=False, task_default_queue=queue)
    reset_publishing(app)
    try:
        yield
    finally:
        app.conf.update(saved)
        reset_publishing(app)


def wait_for(predicate, process, seconds: float = 60) -> None:
    """Poll `predicate` until it holds, failing early if the worker exits."""
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        assert process.poll() is None, "the worker exited"
        time.sleep(0.2)


@pytest.mark.worker
def test_worker_runs_a_task_that_writes_to_postgresql(worker):
    client, queue, process = worker
    hostname = f"probe-{uuid.uuid4().hex[:6]}"
    client.send_task(
        "mongcai.ops.tasks.heartbeat_record", kwargs={"hostname": hostname}, queue=queue
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if WorkerHeartbeat.objects.filter(hostname=hostname).exists():
            break
        assert process.poll() is None, "the worker exited"
        time.sleep(0.2)
    beat = WorkerHeartbeat.objects.get(hostname=hostname)
    assert beat.beats == 1

    # Running the task again is safe: it recomputes, it does not duplicate.
    client.send_task(
        "mongcai.ops.tasks.heartbeat_record", kwargs={"hostname": hostname}, queue=queue
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and WorkerHeartbeat.objects.get(hostname=hostname).beats < 2:
        time.sleep(0.2)
    assert WorkerHeartbeat.objects.filter(hostname=hostname).count() == 1
    assert WorkerHeartbeat.objects.get(hostname=hostname).beats == 2


@pytest.mark.worker
def test_worker_rolls_up_a_report_into_the_city_tally(worker, report_a, campaign_indicator):
    from decimal import Decimal

    from campaigns.models import Report, ReportValue, Tally

    client, queue, process = worker
    ReportValue.objects.create(
        report=report_a, indicator=campaign_indicator.indicator, value=Decimal("1120")
    )
    # As a review leaves it: approved, waiting for its roll-up.
    Report.objects.filter(pk=report_a.pk).update(
        status="approved", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC), rollup_pending=True
    )
    client.send_task("campaigns.tasks.tally_recompute_report", args=[report_a.pk], queue=queue)
    city = Tally.objects.filter(
        node_kind="tree", node_id=report_a.unit.parent_id, period=report_a.period
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not city.exists():
        assert process.poll() is None, "the worker exited"
        time.sleep(0.2)
    assert city.get().value == Decimal("1120")
    assert not Report.objects.get(pk=report_a.pk).rollup_pending


@pytest.mark.worker
def test_a_report_submitted_in_the_browser_form_reaches_the_city_tally_within_10_seconds(
    worker, client, secretary_a, report_a, campaign_indicator
):
    """Web view → commit → Redis → worker → PostgreSQL, with nothing mocked."""
    import time_machine

    from campaigns.models import Tally

    _client_app, queue, process = worker
    campaign = report_a.period.campaign
    campaign.tally_basis = "submitted"
    campaign.save()
    with publishing_to(REDIS_URL, queue):
        client.force_login(secretary_a)
        indicator = campaign_indicator.indicator
        with time_machine.travel(dt.datetime(2023, 3, 16, 9, tzinfo=dt.UTC), tick=True):
            started = time.monotonic()
            response = client.post(
                f"/campaigns/units/{report_a.unit_id}/periods/{report_a.period_id}/report/",
                {
                    f"value_{indicator.pk}": "1.120",
                    f"note_{indicator.pk}": "",
                    "highlights": "",
                    "version": str(report_a.version),
                    "action": "submit",
                },
            )
            assert response.status_code == 302
            city = Tally.objects.filter(
                node_kind="tree",
                node_id=report_a.unit.parent_id,
                period=report_a.period,
                indicator=indicator,
            )
            while time.monotonic() - started < 10:
                if city.filter(value=1120).exists():
                    break
                assert process.poll() is None, "the worker exited"
                time.sleep(0.1)
            elapsed = time.monotonic() - started
        assert city.get().value == 1120, "not in the city tally after 10 s"
        print(f"freshness: {elapsed:.2f} s")


def reset_publishing(app):
    """Forget the broker connections and queue routing built from the old settings."""
    app._pool = None
    app.__dict__.pop("amqp", None)
