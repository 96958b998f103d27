"""The Celery app. Periodic schedules are all declared here, in one place."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mongcai.settings")

app = Celery("mongcai")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "worker-heartbeat": {
        "task": "mongcai.ops.tasks.heartbeat_record",
        "schedule": crontab(minute="*"),
    },
    # Sends again the jobs a user waits for (exports) that the broker or a
    # worker lost; the thresholds are settings (JOBS_*).
    "jobs-sweep": {
        "task": "mongcai.ops.tasks.jobs_sweep",
        "schedule": crontab(minute="*"),
    },
    "report-reminders": {
        "task": "campaigns.tasks.reminders_send",
        "schedule": crontab(hour="7", minute="0"),
    },
    "registration-reminders": {
        "task": "awards.tasks.registration_reminders_send",
        "schedule": crontab(hour="7", minute="5"),
    },
    # Recompute every tally and compare with the stored ones; also catches up
    # roll-ups that could not be enqueued while the broker was down.
    "tally-reconcile": {
        "task": "campaigns.tasks.tally_reconcile",
        "schedule": crontab(minute="17"),
        "kwargs": {"trigger": "schedule"},
    },
}
