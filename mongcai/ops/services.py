from django.db.models import F
from django.utils import timezone

from .models import WorkerHeartbeat


def heartbeat_record(*, hostname: str) -> WorkerHeartbeat:
    """Record that `hostname` is alive. Safe to run concurrently and twice."""
    now = timezone.now()
    # update first: the common case is one UPDATE, and a concurrent first beat
    # is settled by the unique constraint in get_or_create.
    updated = WorkerHeartbeat.objects.filter(hostname=hostname).update(
        seen_at=now, beats=F("beats") + 1
    )
    if not updated:
        WorkerHeartbeat.objects.get_or_create(
            hostname=hostname, defaults={"seen_at": now, "beats": 1}
        )
    return WorkerHeartbeat.objects.get(hostname=hostname)
