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
}
