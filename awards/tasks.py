from celery import shared_task

from mongcai.lib import jobs

from . import export_jobs, procedure


@shared_task(name="awards.tasks.export_build", bind=True, **jobs.JOB_TASK_OPTIONS)
def export_build(self, export_id: int) -> None:
    """Build a large export. Safe to run twice: only a waiting export is claimed."""
    try:
        export_jobs.export_build(export_id=export_id)
    except jobs.RetryLater as later:
        raise self.retry(countdown=later.countdown, exc=later) from later


@shared_task(name="awards.tasks.registration_reminders_send", acks_late=True)
def registration_reminders_send() -> int:
    """Daily: remind the units that have not registered before the deadline (once each)."""
    return procedure.registration_reminders_send()
