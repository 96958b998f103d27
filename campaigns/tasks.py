from celery import shared_task

from . import services
from .models import Campaign

# A roll-up recomputes, it never adds: running one again after a failure (or a
# lost worker: acks_late, reject_on_worker_lost) is always safe. No job row
# is needed: a roll-up lost anyway is caught up by the hourly reconcile.
RECOMPUTE = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (Exception,),
    "max_retries": 5,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
}


@shared_task(name="campaigns.tasks.tally_recompute_report", **RECOMPUTE)
def tally_recompute_report(report_id: int) -> int:
    """Roll up a waiting report, with every report of its campaign waiting now
    (0 when an earlier roll-up gathered it already)."""
    return services.tally_roll_up_waiting(report_id=report_id)


@shared_task(name="campaigns.tasks.tally_recompute_campaign", **RECOMPUTE)
def tally_recompute_campaign(campaign_id: int) -> None:
    """Recompute every tally of one campaign (after an admin's change). A campaign
    deleted meanwhile has nothing left to recompute."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is not None:
        services.tally_recompute(campaign=campaign)


@shared_task(name="campaigns.tasks.tally_reconcile", acks_late=True)
def tally_reconcile(trigger: str = "schedule") -> int:
    return services.tally_reconcile(trigger=trigger).differences


@shared_task(name="campaigns.tasks.reminders_send", acks_late=True)
def reminders_send() -> int:
    return services.reminders_send()
