import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from blocs.models import Bloc, BlocMembership, Unit
from campaigns.models import (
    Assignment,
    Campaign,
    CampaignIndicator,
    Indicator,
    Period,
    Report,
    ReportValue,
)
from mongcai.accounts.models import User

TEST_PASSWORD = "s3cret-Test-pass"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = "department"
    valid_from = dt.date(2008, 9, 24)


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    code = factory.Sequence(lambda n: f"bloc-{n}")
    name = factory.Sequence(lambda n: f"Khối thi đua {n}")
    order = factory.Sequence(lambda n: n)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlocMembership

    bloc = factory.SubFactory(BlocFactory)
    unit = factory.SubFactory(UnitFactory)
    year = 2023
    role = "member"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    role = "secretary"
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if create and extracted:
            self.units.set(extracted)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    code = factory.Sequence(lambda n: f"campaign-{n}")
    name = factory.Sequence(lambda n: f"Phong trào thi đua {n}")
    kind = "thematic"
    organiser = factory.SubFactory(UnitFactory, kind="city")
    launched_on = dt.date(2022, 10, 26)
    starts_on = dt.date(2022, 10, 26)
    ends_on = dt.date(2023, 10, 30)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"IND{n:03d}")
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")
    unit_of_measure = "lượt"


class CampaignIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignIndicator

    campaign = factory.SubFactory(CampaignFactory)
    indicator = factory.SubFactory(IndicatorFactory)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    campaign_indicator = factory.SubFactory(CampaignIndicatorFactory)
    unit = factory.SubFactory(UnitFactory)


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period

    campaign = factory.SubFactory(CampaignFactory)
    kind = "month"
    label = factory.Sequence(lambda n: f"Kỳ {n}")
    # Month after month within the campaign: a global sequence walked past today
    # once a worker had created some fifty periods, and tests then saw "future"
    # periods depending on their order.
    starts_on = factory.LazyAttribute(
        lambda o: (
            dt.date(2022, 10, 15)
            + dt.timedelta(
                days=31
                * (Period.objects.filter(campaign=o.campaign).count() if o.campaign.pk else 0)
            )
        )
    )
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=29))
    deadline = factory.LazyAttribute(lambda o: o.ends_on + dt.timedelta(days=5))
    locks_on = factory.LazyAttribute(lambda o: o.deadline + dt.timedelta(days=15))


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    unit = factory.SubFactory(UnitFactory)
    period = factory.SubFactory(PeriodFactory)
    status = "draft"


class SubmittedReportFactory(ReportFactory):
    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)


class ReportValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportValue

    report = factory.SubFactory(ReportFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    value = Decimal("10")
