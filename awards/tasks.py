from celery import shared_task

from . import services


@shared_task(
    name="awards.tasks.export_build",
    acks_late=True,
    autoretry_for=(OSError,),
    max_retries=3,
    retry_backoff=2,
)
def export_build(export_id: int) -> None:
    """Build a large export. Safe to run twice: a finished export is left as it is."""
    services.export_build(export_id=export_id)
