import pytest

from mongcai.ops.models import WorkerHeartbeat
from mongcai.ops.tasks import heartbeat_record


@pytest.mark.django_db
def test_heartbeat_task_in_process_records_the_worker():
    # Without a broker (the demo) tasks run in-process.
    heartbeat_record.delay(hostname="demo@localhost")
    heartbeat_record.delay(hostname="demo@localhost")
    beat = WorkerHeartbeat.objects.get(hostname="demo@localhost")
    assert beat.beats == 2


@pytest.mark.django_db
def test_admin_home_shows_when_the_worker_was_last_seen(client, admin_user):
    heartbeat_record.delay(hostname="worker-1@mongcai")
    client.force_login(admin_user)
    response = client.get("/")
    assert "worker-1@mongcai" in response.text
