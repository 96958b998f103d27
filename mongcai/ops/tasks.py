import socket

from celery import shared_task

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
