"""Exports as background jobs (mongcai.lib.jobs): enqueued after commit, claimed
once, retried with backoff, swept when lost, failed with a reason after N attempts.

The worker itself is in test_export_worker.py; here the rules, in-process."""

import datetime as dt
import logging
import os
import subprocess
import sys

import pytest
import time_machine
from django.db import transaction
from django.db.models import F
from django.utils import translation

from awards.models import Export
from mongcai.celery import app as celery_app
from mongcai.lib import jobs

NOW = dt.datetime(2024, 9, 2, 8, tzinfo=dt.UTC)


@pytest.fixture
def export(draft, admin_user):
    with time_machine.travel(NOW, tick=False):
        return Export.objects.create(decision=draft, fmt="csv", requested_by=admin_user)


def finish(job, beat):
    beat(done=1)
    return {"done": 2}


def fail(job, beat):
    raise OSError("disk full")


def run(export, work, *, at=NOW):
    with time_machine.travel(at, tick=False):
        jobs.job_run(Export.objects.all(), export.pk, work)
    export.refresh_from_db()
    return export


def test_an_export_is_enqueued_once_after_commit_and_never_after_a_rollback(
    admin_user, draft, django_capture_on_commit_callbacks
):
    from awards import services

    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.export_request(user=admin_user, decision=draft, fmt="csv")
        raise RuntimeError("the request failed")
    assert callbacks == [] and not Export.objects.exists()

    with django_capture_on_commit_callbacks() as callbacks:
        services.export_request(user=admin_user, decision=draft, fmt="csv")
    assert len(callbacks) == 1


def test_an_unknown_task_name_fails_in_the_caller():
    with pytest.raises(KeyError):
        jobs.enqueue_on_commit("awards.tasks.no_such_task", 1)


def test_a_job_is_claimed_once_and_records_its_run(export):
    export = run(export, finish)
    assert (export.status, export.done, export.attempts) == ("done", 2, 1)
    assert export.started_at == export.heartbeat_at == export.finished_at == NOW
    # A second delivery of the same message finds nothing waiting.
    export = run(export, fail)
    assert export.status == "done" and export.error == ""


def test_a_failed_attempt_waits_for_its_retry_with_backoff_then_fails_for_good(
    export, settings, caplog
):
    settings.JOBS_RETRY_BACKOFF_SECONDS = 10
    settings.JOBS_MAX_ATTEMPTS = 3
    for attempt, countdown in ((1, 10), (2, 20)):
        with pytest.raises(jobs.RetryLater) as retry:
            run(export, fail)
        export.refresh_from_db()
        assert retry.value.countdown == countdown
        assert (export.status, export.attempts) == ("pending", attempt + 1)
        assert export.queued_at == NOW + dt.timedelta(seconds=countdown)
        assert export.error == "disk full"
    with caplog.at_level(logging.ERROR):
        export = run(export, fail)  # the third attempt fails: no retry left
    assert (export.status, export.failure, export.attempts) == ("failed", "error", 3)
    assert export.finished_at == NOW
    assert "failed after 3 attempts" in caplog.text


def test_an_attempt_taken_over_by_the_sweep_does_not_finish_the_job(export):
    def overtaken(job, beat):
        # What the sweep does to a job whose worker it believes dead.
        Export.objects.filter(pk=job.pk).update(status="pending", attempts=F("attempts") + 1)
        beat(done=1)
        return {"done": 2}

    export = run(export, overtaken)
    assert (export.status, export.attempts, export.done) == ("pending", 2, 0)


def sweep(at):
    with time_machine.travel(at, tick=False):
        return jobs.jobs_sweep()


def test_the_sweep_resends_a_job_that_waited_too_long_and_leaves_a_recent_one(
    export, admin_user, draft, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_PENDING_AFTER_SECONDS = 300
    later = NOW + dt.timedelta(seconds=299)
    with time_machine.travel(later, tick=False):
        recent = Export.objects.create(decision=draft, fmt="xlsx", requested_by=admin_user)
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep(NOW + dt.timedelta(seconds=301)) == {"failed": 0, "requeued": 1}
    export.refresh_from_db()
    recent.refresh_from_db()
    assert (export.status, export.attempts) == ("pending", 2)
    assert (recent.status, recent.attempts) == ("pending", 1)
    assert len(callbacks) == 1
    callbacks[0]()  # the task, in-process: the export is built
    export.refresh_from_db()
    assert export.status == "done"


def test_the_sweep_resends_a_job_whose_worker_went_silent_and_leaves_a_live_one(
    export, admin_user, draft, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_STALE_AFTER_SECONDS = 300
    live = Export.objects.create(decision=draft, fmt="xlsx", requested_by=admin_user)
    Export.objects.filter(pk=export.pk).update(status="running", heartbeat_at=NOW)
    Export.objects.filter(pk=live.pk).update(
        status="running", heartbeat_at=NOW + dt.timedelta(seconds=200)
    )
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep(NOW + dt.timedelta(seconds=400)) == {"failed": 0, "requeued": 1}
    export.refresh_from_db()
    live.refresh_from_db()
    assert (export.status, export.attempts) == ("pending", 2)
    assert (live.status, live.attempts) == ("running", 1)
    assert len(callbacks) == 1


def test_the_sweep_fails_lost_jobs_whose_attempts_are_spent(
    export, admin_user, draft, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_MAX_ATTEMPTS = 3
    silent = Export.objects.create(decision=draft, fmt="xlsx", requested_by=admin_user)
    Export.objects.filter(pk=export.pk).update(attempts=3, queued_at=NOW)
    Export.objects.filter(pk=silent.pk).update(status="running", attempts=3, heartbeat_at=NOW)
    with django_capture_on_commit_callbacks() as callbacks:
        assert sweep(NOW + dt.timedelta(hours=1)) == {"failed": 2, "requeued": 0}
    assert callbacks == []
    export.refresh_from_db()
    silent.refresh_from_db()
    assert (export.status, export.failure) == ("failed", "not-started")
    assert (silent.status, silent.failure) == ("failed", "worker-lost")
    with translation.override("vi"):
        assert export.failure_message.startswith("Đã gửi 3 lần nhưng không có tiến trình")
        assert silent.failure_message.startswith("Chưa hoàn thành sau 3 lần thử")
    with translation.override("en"):
        assert silent.failure_message.startswith("It could not be finished in 3 attempts")


def test_the_sweep_runs_every_minute_from_the_one_schedule():
    entry = celery_app.conf.beat_schedule["jobs-sweep"]
    assert entry["task"] == "mongcai.ops.tasks.jobs_sweep"
    assert entry["schedule"].minute == set(range(60))


def test_the_settings_refuse_a_job_policy_that_could_never_run():
    env = {**os.environ, "JOBS_MAX_ATTEMPTS": "0", "DJANGO_SETTINGS_MODULE": "mongcai.settings"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "JOBS_MAX_ATTEMPTS" in result.stderr
