from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.procedure import registration_reminders
from awards.selectors import dossiers_to_confirm
from blocs.selectors import bloc_leadership_for_user, units_for_user
from campaigns.selectors import (
    campaign_list,
    report_status_counts,
    reports_for_user,
    secretary_period_rows,
)
from covenants.selectors import covenant_tasks_for_user
from mongcai.accounts.permissions import is_admin, is_council
from mongcai.ops.models import WorkerHeartbeat

from .selectors import council_counts, decisions_to_issue, reports_to_file


def home(request):
    """The home page for the signed-in user's role."""
    user = request.user
    today = timezone.localdate()
    context = {"today": today}
    if is_admin(user):
        context.update(
            role_title=_("Administration"),
            campaigns=campaign_list(user),
            heartbeats=WorkerHeartbeat.objects.all()[:5],
            # Without a broker (the demo) tasks run in the request: no worker reports.
            tasks_in_process=settings.CELERY_TASK_ALWAYS_EAGER,
            status_counts=report_status_counts(reports_for_user(user)),
            drafts=list(decisions_to_issue(user)[:10]),
        )
        template = "home/admin.html"
    elif is_council(user):
        context.update(
            role_title=_("Emulation and Commendation Council"),
            campaigns=campaign_list(user),
            status_counts=report_status_counts(reports_for_user(user)),
            covenant_tasks=covenant_tasks_for_user(user),
            waiting=council_counts(user),
        )
        template = "home/council.html"
    else:
        rows = secretary_period_rows(user, today=today)
        context.update(
            role_title=_("Unit secretary"),
            units=units_for_user(user),
            open_rows=[row for row in rows if row["is_open"]],
            to_file=reports_to_file(rows),
            to_register=[
                r for r in registration_reminders(user, today=today) if not r["registered"]
            ],
            past_rows=[row for row in rows if not row["is_open"]],
            leadership=bloc_leadership_for_user(user, year=today.year),
            covenant_tasks=covenant_tasks_for_user(user),
            dossiers_to_confirm=list(dossiers_to_confirm(user)[:20]),
        )
        template = "home/secretary.html"
    return render(request, template, context)
