"""Large exports through Redis and a real Celery worker, with nothing mocked: the
normal path, and each way a job is lost (broker down, worker killed, an attempt
that keeps failing) recovered by the retry or the sweep (mongcai.lib.jobs)."""

import io
import signal
import socket
import time
import uuid

import psycopg2
import pytest
from django.db import connection
from openpyxl import load_workbook

from awards import services
from awards.models import Export
from mongcai.lib import jobs
from tests.test_worker import (  # noqa: F401
    REDIS_URL,
    celery_worker,
    database_url,
    publishing_to,
    wait_for,
    worker,
)
from tools.bench.awards_export import decision_with_recipients


@pytest.fixture
def shared_media(settings, monkeypatch):
    """The worker writes the file where the web process will read it."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


@pytest.fixture
def queue(transactional_db):
    """A queue of the test's own; the workers' connections are closed before the flush."""
    yield f"test-{uuid.uuid4().hex[:8]}"
    connection.close()


@pytest.fixture
def quick_jobs(settings):
    """What these tests' workers read: files where the web process reads them, and
    thresholds in seconds rather than minutes (the defaults' logic, sooner)."""
    settings.AWARDS_EXPORT_ASYNC_THRESHOLD = 2
    return {
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "JOBS_PENDING_AFTER_SECONDS": "1",
        "JOBS_STALE_AFTER_SECONDS": "1",
        "JOBS_RETRY_BACKOFF_SECONDS": "1",
        "JOBS_MAX_ATTEMPTS": "3",
    }


def dead_broker() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"redis://127.0.0.1:{s.getsockname()[1]}/0"  # nothing listens once closed


def sweep_and_wait(export: Export, queue: str, process) -> Export:
    """What beat does every minute: send the sweep, by name, through the broker."""
    time.sleep(1.5)  # past the 1-second thresholds
    with publishing_to(REDIS_URL, queue):
        assert jobs.publish("mongcai.ops.tasks.jobs_sweep")
    wait_for(lambda: Export.objects.get(pk=export.pk).status == "done", process)
    return Export.objects.get(pk=export.pk)


def downloaded_rows(client, export: Export) -> list[tuple]:
    download = client.get(f"/awards/exports/{export.pk}/download/")
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    return list(workbook.active.iter_rows(values_only=True))


@pytest.mark.worker
def test_a_large_export_is_built_by_the_worker_and_downloaded(
    shared_media,
    worker,  # noqa: F811
    client,
    admin_user,
    settings,
):
    settings.AWARDS_EXPORT_ASYNC_THRESHOLD = 500
    decision = decision_with_recipients(600)
    _client, queue, process = worker
    with publishing_to(REDIS_URL, queue):
        client.force_login(admin_user)
        response = client.get(f"/awards/decisions/{decision.pk}/export.xlsx")
        export = Export.objects.get()
        assert response["Location"] == f"/awards/exports/{export.pk}/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and Export.objects.get().status != "done":
            assert process.poll() is None, "the worker exited"
            assert Export.objects.get().status != "failed", Export.objects.get().error
            time.sleep(0.2)
        export.refresh_from_db()
        assert (export.status, export.done, export.total) == ("done", 600, 600)
        rows = downloaded_rows(client, export)
        assert rows[5][1] == "Nguyễn Thị Hồng Nhung 00000"
        assert rows[-1][7] == 600 * 270000


@pytest.mark.worker
def test_an_export_asked_while_the_broker_is_down_is_built_once_the_sweep_resends_it(
    queue, quick_jobs, client, admin_user, caplog
):
    decision = decision_with_recipients(30)
    client.force_login(admin_user)
    with publishing_to(dead_broker(), queue):
        started = time.monotonic()
        response = client.get(f"/awards/decisions/{decision.pk}/export.xlsx")
        elapsed = time.monotonic() - started
    export = Export.objects.get()
    assert response["Location"] == f"/awards/exports/{export.pk}/"
    assert elapsed < 5, f"the request waited {elapsed:.1f} s for the broker"
    assert (export.status, export.attempts) == ("pending", 1)
    assert "awards.tasks.export_build" in caplog.text and "not enqueued" in caplog.text
    page = client.get(f"/awards/exports/{export.pk}/").text
    assert "0/30" in page and 'hx-trigger="every 1s"' in page

    with celery_worker(queue, **quick_jobs) as process:
        export = sweep_and_wait(export, queue, process)
    assert (export.attempts, export.done, export.failure) == (2, 30, "")
    assert downloaded_rows(client, export)[-1][7] == 30 * 270000


@pytest.mark.worker
def test_an_export_whose_worker_is_killed_mid_build_is_finished_by_the_next_worker(
    queue, quick_jobs, client, admin_user
):
    decision = decision_with_recipients(30)
    # Hold a table the build reads after its claim, so the worker is caught in the
    # middle of the job (a lock, not a sleep: the moment is certain).
    lock = psycopg2.connect(database_url())
    try:
        lock.cursor().execute("LOCK TABLE awards_authority IN ACCESS EXCLUSIVE MODE")
        with celery_worker(queue, **quick_jobs) as doomed, publishing_to(REDIS_URL, queue):
            export = services.export_request(user=admin_user, decision=decision, fmt="xlsx")
            wait_for(lambda: Export.objects.get(pk=export.pk).status == "running", doomed)
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=30)
    finally:
        lock.rollback()
        lock.close()
    export.refresh_from_db()
    assert (export.status, export.attempts, export.done) == ("running", 1, 0)

    with celery_worker(queue, **quick_jobs) as process:
        export = sweep_and_wait(export, queue, process)
    assert (export.attempts, export.done) == (2, 30)
    client.force_login(admin_user)
    assert downloaded_rows(client, export)[-1][7] == 30 * 270000


@pytest.mark.worker
def test_an_export_that_keeps_failing_ends_failed_with_the_reason_on_the_decision_page(
    queue, quick_jobs, client, admin_user, tmp_path
):
    decision = decision_with_recipients(30)
    # The worker's media folder sits below a plain file: every attempt to save fails.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    client.force_login(admin_user)
    env = {**quick_jobs, "MEDIA_ROOT": str(blocker / "media")}
    with celery_worker(queue, **env) as process, publishing_to(REDIS_URL, queue):
        client.get(f"/awards/decisions/{decision.pk}/export.xlsx")
        wait_for(lambda: Export.objects.get().status == "failed", process)
    export = Export.objects.get()
    assert (export.attempts, export.failure) == (3, "error")
    assert "Not a directory" in export.error

    page = client.get(f"/awards/decisions/{decision.pk}/").text
    assert "Xuất tệp XLSX không thành công." in page
    assert "Không thành công sau 3 lần thử." in page
    assert "Export XLSX in progress" not in page and "Đang xuất tệp XLSX" not in page
    page = client.get(f"/awards/exports/{export.pk}/").text
    assert "Không thành công sau 3 lần thử." in page and "hx-trigger" not in page
