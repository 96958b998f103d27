import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from campaigns.models import Indicator, Period, Report, ReportValue, Target
from tests.factories import (
    AssignmentFactory,
    CampaignFactory,
    CampaignIndicatorFactory,
    IndicatorFactory,
    PeriodFactory,
    ReportFactory,
    UnitFactory,
)

# Messages are asserted in English here; the views' tests assert the Vietnamese.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def test_period_that_ends_before_it_starts_is_refused():
    period = PeriodFactory.build(
        campaign=CampaignFactory(),
        starts_on=dt.date(2023, 3, 15),
        ends_on=dt.date(2023, 3, 14),
        deadline=dt.date(2023, 3, 19),
        locks_on=dt.date(2023, 4, 3),
    )
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        period.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        period.save()
    assert not Period.objects.exists()


def test_period_deadline_and_lock_follow_the_end():
    period = PeriodFactory.build(
        campaign=CampaignFactory(),
        starts_on=dt.date(2023, 2, 15),
        ends_on=dt.date(2023, 3, 14),
        deadline=dt.date(2023, 3, 10),
        locks_on=dt.date(2023, 3, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        period.full_clean()
    messages = " ".join(excinfo.value.messages)
    assert "deadline cannot be before" in messages
    assert "lock date cannot be before" in messages


def test_period_outside_the_campaign_is_refused():
    campaign = CampaignFactory(starts_on=dt.date(2022, 10, 26), ends_on=dt.date(2023, 10, 30))
    period = PeriodFactory.build(
        campaign=campaign, starts_on=dt.date(2024, 1, 15), ends_on=dt.date(2024, 2, 14)
    )
    with pytest.raises(ValidationError, match="outside the campaign"):
        period.full_clean()


def test_campaign_cannot_end_before_it_starts():
    campaign = CampaignFactory.build(
        organiser=UnitFactory(), starts_on=dt.date(2023, 1, 1), ends_on=dt.date(2022, 1, 1)
    )
    with pytest.raises(ValidationError, match="cannot end before"):
        campaign.full_clean()


def test_a_unit_has_one_report_per_period():
    report = ReportFactory()
    duplicate = Report(unit=report.unit, period=report.period)
    with pytest.raises(ValidationError, match="already has a report"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    assert Report.objects.count() == 1


def test_a_report_past_draft_needs_its_submission_time():
    report = ReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.filter(pk=report.pk).update(status="submitted")


def test_report_value_is_unique_per_indicator():
    report = ReportFactory()
    indicator = IndicatorFactory()
    ReportValue.objects.create(report=report, indicator=indicator, value=Decimal("1"))
    with pytest.raises(ValidationError, match="already has a value"):
        ReportValue(report=report, indicator=indicator, value=Decimal("2")).full_clean()


def test_yes_no_and_percentage_values_are_checked():
    report = ReportFactory()
    yes_no = IndicatorFactory(value_kind="yes_no", unit_aggregation="count_yes")
    percent = IndicatorFactory(value_kind="percent", unit_of_measure="%", decimals=1)
    with pytest.raises(ValidationError, match="1 \\(yes\\) or 0"):
        ReportValue(report=report, indicator=yes_no, value=Decimal("2")).full_clean()
    with pytest.raises(ValidationError, match="between 0 and 100"):
        ReportValue(report=report, indicator=percent, value=Decimal("100.5")).full_clean()
    ReportValue(report=report, indicator=yes_no, value=Decimal("1")).full_clean()
    ReportValue(report=report, indicator=percent, value=Decimal("99.5")).full_clean()


def test_counting_yes_needs_a_yes_no_indicator():
    indicator = Indicator(
        code="X1",
        name="x",
        unit_of_measure="đơn vị",
        value_kind="number",
        unit_aggregation="count_yes",
    )
    with pytest.raises(ValidationError, match="needs a yes/no indicator"):
        indicator.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator.save()


def test_target_scope_must_match_its_fields():
    ci = CampaignIndicatorFactory()
    unit = UnitFactory()
    wrong = Target(campaign_indicator=ci, scope="city", unit=unit, value=Decimal("1"))
    with pytest.raises(ValidationError, match="city target names no bloc"):
        wrong.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        wrong.save()


def test_unit_target_needs_an_assignment():
    ci = CampaignIndicatorFactory()
    unit = UnitFactory()
    target = Target(campaign_indicator=ci, scope="unit", unit=unit, value=Decimal("5"))
    with pytest.raises(ValidationError, match="Assign the indicator"):
        target.full_clean()
    AssignmentFactory(campaign_indicator=ci, unit=unit)
    target.full_clean()


def test_one_city_target_per_indicator():
    ci = CampaignIndicatorFactory()
    Target.objects.create(campaign_indicator=ci, scope="city", value=Decimal("10"))
    with pytest.raises(ValidationError, match="already has a city target"):
        Target(campaign_indicator=ci, scope="city", value=Decimal("12")).full_clean()


def test_late_submission_is_flagged_not_refused():
    period = PeriodFactory(
        ends_on=dt.date(2023, 3, 14),
        starts_on=dt.date(2023, 2, 15),
        deadline=dt.date(2023, 3, 19),
        locks_on=dt.date(2023, 4, 3),
    )
    on_time = ReportFactory(
        period=period, status="submitted", submitted_at=dt.datetime(2023, 3, 19, 10, tzinfo=dt.UTC)
    )
    late = ReportFactory(
        period=period, status="submitted", submitted_at=dt.datetime(2023, 3, 21, 10, tzinfo=dt.UTC)
    )
    assert not on_time.is_late
    assert late.is_late


def test_a_value_past_15_digits_or_the_indicators_decimals_is_refused():
    report = ReportFactory()
    indicator = IndicatorFactory(decimals=2)
    for value, reason in (
        (Decimal("1e15"), "before the decimal mark"),
        (Decimal("1234567890123.456"), "at most 15 digits"),
        (Decimal("1.234"), "At most 2 decimals"),
        (Decimal("-1"), "cannot be negative"),
    ):
        with translation.override("en"), pytest.raises(ValidationError, match=reason):
            ReportValue(report=report, indicator=indicator, value=value).full_clean()
    ReportValue(report=report, indicator=indicator, value=Decimal("999999999999.99")).full_clean()
