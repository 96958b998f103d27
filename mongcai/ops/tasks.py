import socket

from celery import shared_task

from mongcai.lib import jobs

from .services import heartbeat_record as heartbeat_record_service


@shared_task(
    name="mongcai.ops.tasks.heartbeat_record",
    acks_late=True,
    autoretry_for=(Exception,),
    max_retries=3,
    retry_backoff=True,
)
def heartbeat_record(hostname: str | None = None) -> str:
    # The worker's own hostname unless the caller names one (tests do).
    hostname = hostname or heartbeat_record.request.hostname or socket.gethostname()
    heartbeat_record_service(hostname=hostname)
    return hostname


@shared_task(name="mongcai.ops.tasks.jobs_sweep", acks_late=True)
def jobs_sweep() -> dict[str, int]:
    """Send again the background jobs lost with the broker or a worker (mongcai.lib.jobs)."""
    return jobs.jobs_sweep()
