"""A large export through Redis and a real Celery worker, with nothing mocked."""

import io
import time

import pytest
from openpyxl import load_workbook

from awards.models import Export
from tests.test_worker import REDIS_URL, reset_publishing, worker  # noqa: F401
from tools.bench.awards_export import decision_with_recipients


@pytest.fixture
def shared_media(settings, monkeypatch):
    """The worker writes the file where the web process will read it."""
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))


@pytest.mark.worker
def test_a_large_export_is_built_by_the_worker_and_downloaded(
    shared_media,
    worker,  # noqa: F811
    client,
    admin_user,
    settings,
):
    from mongcai.celery import app

    settings.AWARDS_EXPORT_ASYNC_THRESHOLD = 500
    decision = decision_with_recipients(600)
    _client, queue, process = worker
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False, task_default_queue=queue)
    reset_publishing(app)
    try:
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
        download = client.get(f"/awards/exports/{export.pk}/download/")
        rows = list(
            load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.iter_rows(
                values_only=True
            )
        )
        assert rows[5][1] == "Nguyễn Thị Hồng Nhung 00000"
        assert rows[-1][7] == 600 * 270000
    finally:
        app.conf.update(saved)
        reset_publishing(app)
