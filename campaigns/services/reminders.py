"""Reminders to secretaries whose reports are due soon or late."""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from blocs.models import Unit
from mongcai.accounts.models import User

from ..models import Period, ReminderSent, Report, ReportStatus


def reminders_send(*, today: dt.date | None = None, days_before: int | None = None) -> int:
    """Email the secretaries of every unit whose report of an open period is not
    submitted and is due within `days_before` days or already late.

    Once per period and unit: the ReminderSent row is claimed before the mail
    goes out, so two runs at once (or a retry) never send twice.
    """
    today = today or timezone.localdate()
    days_before = settings.REMINDER_DAYS_BEFORE if days_before is None else days_before
    periods = Period.objects.filter(
        starts_on__lte=today,
        locks_on__gte=today,
        deadline__lte=today + dt.timedelta(days=days_before),
    ).select_related("campaign")
    messages = []
    for period in periods:
        if period.kind != period.campaign.reporting_kind:
            continue
        done = (
            Report.objects.filter(period=period)
            .filter(Q(status=ReportStatus.SUBMITTED) | Q(status=ReportStatus.APPROVED))
            .values("unit_id")
        )
        units = (
            Unit.objects.filter(assignments__campaign_indicator__campaign=period.campaign)
            .exclude(pk__in=done)
            .exclude(pk__in=ReminderSent.objects.filter(period=period).values("unit_id"))
            .distinct()
        )
        for unit in units:
            recipients = list(
                User.objects.filter(units=unit, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        period=period,
                        unit=unit,
                        sent_at=timezone.now(),
                        recipients=len(recipients),
                    )
            except IntegrityError:  # another run claimed it
                continue
            if recipients:
                messages.append(_reminder(period, unit, today, recipients))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


def _reminder(period, unit, today, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        late = today > period.deadline
        subject = (
            _("Late report: %(unit)s, %(period)s")
            if late
            else _("Report due soon: %(unit)s, %(period)s")
        ) % {"unit": unit.name, "period": period.label}
        body = _(
            "The report of %(unit)s for %(period)s (%(campaign)s) is due on %(deadline)s "
            "and has not been submitted yet.\n\nPlease file it in the emulation tracker."
        ) % {
            "unit": unit.name,
            "period": period.label,
            "campaign": period.campaign.name,
            "deadline": period.deadline.strftime("%d/%m/%Y"),
        }
    return (subject, body, None, recipients)
