import datetime as dt

import pytest

from campaigns.models import ReminderSent
from campaigns.services import reminders_send
from tests.factories import SubmittedReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(secretary_a, secretary_b):
    secretary_a.email = "a@phuong-a.gov.vn"
    secretary_a.save()
    secretary_b.email = "b@xa-b.gov.vn"
    secretary_b.save()


def test_due_soon_reminder_goes_once_per_period_and_unit(
    emails, campaign_indicator, period, mailoutbox
):
    # Deadline 19/03/2023; three days before.
    assert reminders_send(today=dt.date(2023, 3, 16), days_before=3) == 2
    assert {tuple(m.to) for m in mailoutbox} == {("a@phuong-a.gov.vn",), ("b@xa-b.gov.vn",)}
    message = next(m for m in mailoutbox if m.to == ["a@phuong-a.gov.vn"])
    assert message.subject == "Sắp đến hạn báo cáo: Phường A, Tháng 03/2023"
    assert "19/03/2023" in message.body
    assert reminders_send(today=dt.date(2023, 3, 17), days_before=3) == 0
    assert reminders_send(today=dt.date(2023, 3, 25), days_before=3) == 0
    assert len(mailoutbox) == 2
    assert ReminderSent.objects.count() == 2


def test_no_reminder_too_early_or_for_a_submitted_report(
    emails, campaign_indicator, period, unit_a, mailoutbox
):
    assert reminders_send(today=dt.date(2023, 3, 1), days_before=3) == 0
    SubmittedReportFactory(unit=unit_a, period=period)
    assert reminders_send(today=dt.date(2023, 3, 22), days_before=3) == 1
    assert mailoutbox[0].to == ["b@xa-b.gov.vn"]
    assert mailoutbox[0].subject.startswith("Báo cáo trễ hạn")


def test_no_reminder_after_the_lock(emails, campaign_indicator, period, mailoutbox):
    assert reminders_send(today=dt.date(2023, 4, 10), days_before=3) == 0


def test_reminders_are_scheduled():
    from mongcai.celery import app

    assert app.conf.beat_schedule["report-reminders"]["task"] == "campaigns.tasks.reminders_send"
