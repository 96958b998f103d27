"""Background jobs: sent after commit, never blocking a request, and recoverable.

Every app sends Celery work through `enqueue_on_commit` (or `publish` when
there is no transaction to wait for). Publishing is bounded by Celery's
publish retry policy and the broker timeouts in settings, and a broker that
cannot be reached is logged, never raised: the user's save has already
committed, and each kind of work has its own way to catch up.

- Recomputations (roll-ups) are safe to repeat and the hourly reconcile
  recomputes everything, so they only need `enqueue_on_commit`.
- Work a user waits for (an export) is a row of a concrete `Job`. Its life:
  PENDING (attempt n sent) → RUNNING (claimed by one worker, which reports on
  progress) → DONE; back to PENDING as attempt n + 1 after an error, or when
  `jobs_sweep` finds it waiting too long (its message was never sent) or
  silent too long (its worker died); FAILED, with a reason the user reads,
  once JOBS_MAX_ATTEMPTS attempts are spent.

The attempt number doubles as the claim's token: a worker whose job was
handed to another attempt finds its updates refused and stops, so a slow
worker and its replacement never both finish the same job.
"""

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from typing import ClassVar

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from mongcai.celery import app

logger = logging.getLogger(__name__)

# Options of a task that runs one Job. The row counts the attempts, so Celery
# does not (max_retries=None); acks_late and reject_on_worker_lost keep the
# message until the work is done, so a lost worker's job is delivered again.
JOB_TASK_OPTIONS = {"acks_late": True, "reject_on_worker_lost": True, "max_retries": None}


def _task(name: str):
    """The task registered under `name`; an unknown name is a bug and raises."""
    if name not in app.tasks:
        # Outside the worker the apps' tasks modules are imported on demand
        # (autodiscovery is lazy); publishing by name spares services an
        # import of their own app's tasks, which import the services. Not
        # app.loader.import_default_modules(): Celery's Django fix-up runs
        # django.setup() again there, which reconfigures logging and drops the
        # handlers added since (a test's caplog among them).
        app.autodiscover_tasks(force=True)
    return app.tasks[name]


def publish(task_name: str, *args, countdown: float | None = None, **kwargs) -> bool:
    """Send the task now, to run `countdown` seconds from now (None: at once);
    False (logged) when the broker cannot take it.

    Without a broker (the demo) the task runs here, in-process, at once; its
    failure is logged the same way.
    """
    task = _task(task_name)
    try:
        task.apply_async(args=args, kwargs=kwargs, countdown=countdown or None)
    except Exception:
        logger.warning("%s%r was not run or not enqueued", task_name, args, exc_info=True)
        return False
    return True


def enqueue_on_commit(task_name: str, *args, countdown: float | None = None, **kwargs) -> None:
    """Send the task once the current transaction commits (at once outside one).

    A worker must find the rows the task reads, and a rolled-back save must
    send nothing.
    """
    _task(task_name)  # fail now, in the caller, on an unknown name
    transaction.on_commit(lambda: publish(task_name, *args, countdown=countdown, **kwargs))


class JobStatus(models.TextChoices):
    # A context of their own: "Failed" elsewhere is a check that did not pass.
    PENDING = "pending", pgettext_lazy("job status", "Waiting")
    RUNNING = "running", pgettext_lazy("job status", "Running")
    DONE = "done", pgettext_lazy("job status", "Done")
    FAILED = "failed", pgettext_lazy("job status", "Failed")


class JobFailure(models.TextChoices):
    ERROR = "error", _("an error each time")
    WORKER_LOST = "worker-lost", _("the worker stopped")
    NOT_STARTED = "not-started", _("no worker took it")


class Job(models.Model):
    """What a job's row records so that a lost or failed attempt is found and run again."""

    # The Celery task that runs one job, called with the job's id.
    task_name: ClassVar[str]

    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=1)
    # When the current attempt was sent (or, after a failure, when its retry is due).
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=12, choices=JobFailure.choices, blank=True)
    # The last technical error, for the administrator (the log has the traceback).
    error = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def failure_message(self) -> str:
        """Why the job failed, in words for the user who asked for it."""
        n = self.attempts
        if self.failure == JobFailure.WORKER_LOST:
            text = ngettext(
                "It could not be finished in %(n)d attempt: the worker building it stopped. "
                "Ask for it again; the administrator should check the Celery worker.",
                "It could not be finished in %(n)d attempts: the worker building it stopped "
                "each time. Ask for it again; the administrator should check the Celery worker.",
                n,
            )
        elif self.failure == JobFailure.NOT_STARTED:
            text = ngettext(
                "It was sent %(n)d time and no worker took it. Ask for it again; the "
                "administrator should check that the Celery worker is running.",
                "It was sent %(n)d times and no worker took it. Ask for it again; the "
                "administrator should check that the Celery worker is running.",
                n,
            )
        else:
            text = ngettext(
                "It failed in %(n)d attempt. Ask for it again; if it fails again, the "
                "administrator will find the cause in the worker's log.",
                "It failed in each of %(n)d attempts. Ask for it again; if it fails again, "
                "the administrator will find the cause in the worker's log.",
                n,
            )
        return text % {"n": n}


class RetryLater(Exception):
    """The attempt failed and the job waits for the next one: retry the task after
    `countdown` seconds (the sweep sends it again if that retry is lost)."""

    def __init__(self, countdown: int):
        super().__init__(f"retry in {countdown} s")
        self.countdown = countdown


class _TakenOver(Exception):
    """A sweep handed this job to another attempt while this one was running."""


def job_enqueue(job: Job) -> None:
    enqueue_on_commit(job.task_name, job.pk)


def job_run(queryset: QuerySet, job_id: int, work: Callable) -> None:
    """Claim the job if it is waiting, run `work(job, beat)`, record how it ended.

    `beat(**fields)` saves progress fields and tells the sweep the worker is
    alive: call it at least every JOBS_STALE_AFTER_SECONDS. `work` returns
    the fields to save with DONE. A job that is not waiting (another delivery
    took it, it ended, it is gone) is left alone. After an error the job waits
    for its next attempt and RetryLater is raised, or it ends FAILED.
    """
    model = queryset.model
    now = timezone.now()
    # The conditional UPDATE is the claim: of two deliveries, one wins.
    if not model.objects.filter(pk=job_id, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now
    ):
        logger.info("%s %s is not waiting: nothing to do", model.__name__, job_id)
        return
    job = queryset.get(pk=job_id)
    mine = model.objects.filter(pk=job_id, status=JobStatus.RUNNING, attempts=job.attempts)

    def beat(**fields):
        if not mine.update(heartbeat_at=timezone.now(), **fields):
            raise _TakenOver

    try:
        fields = work(job, beat)
    except _TakenOver:
        logger.warning("%s %s attempt %s was taken over", model.__name__, job_id, job.attempts)
        return
    except Exception as error:
        logger.exception("%s %s attempt %s failed", model.__name__, job_id, job.attempts)
        countdown = _attempt_failed(mine, job, error)
        if countdown is not None:
            raise RetryLater(countdown) from error
        return
    now = timezone.now()
    if not mine.update(
        status=JobStatus.DONE, finished_at=now, heartbeat_at=now, failure="", error="", **fields
    ):
        logger.warning("%s %s attempt %s was taken over", model.__name__, job_id, job.attempts)


def retry_delay(attempt: int) -> int:
    """Seconds before the attempt after `attempt`: the backoff, doubled each time."""
    return settings.JOBS_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1)


def _attempt_failed(mine: QuerySet, job: Job, error: Exception) -> int | None:
    now = timezone.now()
    if job.attempts >= settings.JOBS_MAX_ATTEMPTS:
        mine.update(
            status=JobStatus.FAILED, failure=JobFailure.ERROR, finished_at=now, error=str(error)
        )
        logger.error("%s %s failed after %s attempts", type(job).__name__, job.pk, job.attempts)
        return None
    countdown = retry_delay(job.attempts)
    waits = mine.update(
        status=JobStatus.PENDING,
        attempts=F("attempts") + 1,
        queued_at=now + dt.timedelta(seconds=countdown),
        error=str(error),
    )
    return countdown if waits else None


def job_models() -> list[type[Job]]:
    return [model for model in apps.get_models() if issubclass(model, Job)]


def jobs_sweep() -> dict[str, int]:
    """Send again every job lost on the way, or fail it once its attempts are spent.

    Lost: PENDING for JOBS_PENDING_AFTER_SECONDS past its due time (never sent,
    or its message was lost), or RUNNING with no heartbeat for
    JOBS_STALE_AFTER_SECONDS (its worker died). Safe to run concurrently: rows
    another sweep holds are skipped, and every change re-checks the state.
    """
    counts = Counter()
    for model in job_models():
        counts.update(_sweep(model))
    return dict(counts)


def _sweep(model: type[Job]) -> Counter:
    now = timezone.now()
    lost = {
        JobFailure.NOT_STARTED: Q(
            status=JobStatus.PENDING,
            queued_at__lt=now - dt.timedelta(seconds=settings.JOBS_PENDING_AFTER_SECONDS),
        ),
        JobFailure.WORKER_LOST: Q(
            status=JobStatus.RUNNING,
            heartbeat_at__lt=now - dt.timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS),
        ),
    }
    spent = Q(attempts__gte=settings.JOBS_MAX_ATTEMPTS)
    counts = Counter()
    with transaction.atomic():
        for failure, condition in lost.items():
            failed = model.objects.filter(condition & spent).update(
                status=JobStatus.FAILED, failure=failure, finished_at=now
            )
            if failed:
                logger.error("%s: %s job(s) failed (%s)", model.__name__, failed, failure)
            counts["failed"] += failed
        again = Q(lost[JobFailure.NOT_STARTED] | lost[JobFailure.WORKER_LOST]) & ~spent
        ids = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(again)
            .values_list("pk", flat=True)
        )
        model.objects.filter(pk__in=ids).update(
            status=JobStatus.PENDING, attempts=F("attempts") + 1, queued_at=now
        )
        for pk in ids:
            logger.warning("%s %s sent again", model.__name__, pk)
            enqueue_on_commit(model.task_name, pk)
    counts["requeued"] = len(ids)
    return counts
