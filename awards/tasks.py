from celery import shared_task

from mongcai.lib import jobs

from . import export_jobs


@shared_task(name="awards.tasks.export_build", bind=True, **jobs.JOB_TASK_OPTIONS)
def export_build(self, export_id: int) -> None:
    """Build a large export. Safe to run twice: only a waiting export is claimed."""
    try:
        export_jobs.export_build(export_id=export_id)
    except jobs.RetryLater as later:
        raise self.retry(countdown=later.countdown, exc=later) from later
