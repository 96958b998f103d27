"""A unit that has ended cannot be assigned to a later campaign or report for a later period."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from campaigns.models import Assignment, Report
from campaigns.reporting import lock_reason
from tests.factories import CampaignIndicatorFactory, PeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ended_unit(unit_a):
    unit_a.valid_to = dt.date(2025, 6, 30)
    unit_a.save()
    return unit_a


def test_an_ended_unit_cannot_be_assigned_to_a_campaign_after_its_end(ended_unit, campaign):
    campaign.starts_on, campaign.ends_on = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    campaign.save()
    assignment = Assignment(
        campaign_indicator=CampaignIndicatorFactory(campaign=campaign), unit=ended_unit
    )
    with translation.override("en"), pytest.raises(ValidationError) as error:
        assignment.full_clean()
    assert "ceased to exist on 30/06/2025" in str(error.value)
    assert "successor" in str(error.value)


def test_an_ended_unit_cannot_report_for_a_period_after_its_end(ended_unit, campaign):
    campaign.starts_on, campaign.ends_on = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    campaign.save()
    after = PeriodFactory(
        campaign=campaign,
        label="Tháng 08/2025",
        starts_on=dt.date(2025, 7, 15),
        ends_on=dt.date(2025, 8, 14),
        deadline=dt.date(2025, 8, 19),
        locks_on=dt.date(2025, 9, 3),
    )
    before = PeriodFactory(
        campaign=campaign,
        label="Tháng 06/2025",
        starts_on=dt.date(2025, 5, 15),
        ends_on=dt.date(2025, 6, 14),
        deadline=dt.date(2025, 6, 19),
        locks_on=dt.date(2025, 7, 3),
    )
    with translation.override("en"):
        reason = lock_reason(None, ended_unit, after, dt.date(2025, 8, 1))
    assert "cannot report for Tháng 08/2025" in reason
    assert lock_reason(None, ended_unit, before, dt.date(2025, 6, 20)) is None
    assert not Report.objects.exists()


def test_the_secretary_of_an_ended_unit_is_refused_by_the_form(
    client, secretary_a, ended_unit, campaign, campaign_indicator
):
    today = timezone.localdate()
    campaign.starts_on, campaign.ends_on = dt.date(2025, 1, 1), today + dt.timedelta(days=300)
    campaign.save()
    period = PeriodFactory(
        campaign=campaign,
        label="Kỳ sau khi kết thúc",
        starts_on=dt.date(2025, 7, 15),
        ends_on=today - dt.timedelta(days=1),
        deadline=today + dt.timedelta(days=5),
        locks_on=today + dt.timedelta(days=20),
    )
    client.force_login(secretary_a)
    response = client.post(
        f"/campaigns/units/{ended_unit.pk}/periods/{period.pk}/report/",
        {"version": "", "highlights": "", "action": "submit"},
    )
    assert "30/06/2025" in response.content.decode()
    assert not Report.objects.filter(unit=ended_unit, period=period).exists()
