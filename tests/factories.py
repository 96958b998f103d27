import datetime as dt
import time
from decimal import Decimal

import factory
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

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
from mongcai.accounts.permissions import must_use_second_factor

TEST_PASSWORD = "s3cret-Test-pass"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"unit-{n}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = "department"
    valid_from = dt.date(2008, 9, 24)


def city_organiser() -> Unit:
    """The organiser of the tests' city (conftest's `city`), made on first use: blocs and
    campaigns belong to it unless a test says otherwise, and conftest's council member
    belongs to it."""
    unit, _created = Unit.objects.get_or_create(
        code="city",
        defaults={
            "name": "Thành phố thử",
            "kind": "city",
            "valid_from": dt.date(2008, 9, 24),
            "is_organiser": True,
        },
    )
    return unit


class BlocFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bloc

    code = factory.Sequence(lambda n: f"bloc-{n}")
    organiser = factory.LazyFunction(city_organiser)
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

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Council members and admins come with the authenticator their role requires;
        `second_factor=False` makes one who has not enrolled yet."""
        if create and (must_use_second_factor(self) if extracted is None else extracted):
            second_factor_add(self)


RECOVERY_CODES = ["aaaa2222", "bbbb3333", "cccc4444"]


def second_factor_add(user: User) -> TOTPDevice:
    """An enrolled authenticator and three known recovery codes, as enrolment leaves them."""
    device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=t) for t in RECOVERY_CODES)
    User.objects.filter(pk=user.pk).update(has_second_factor=True)
    user.has_second_factor = True
    return device


def totp_code(user: User) -> str:
    """The code the user's authenticator app shows now, as a phone would compute it.

    A code is accepted once: when this moment's code was used already (a second
    sign-in within 30 s), the next step's, which the device's tolerance accepts.
    """
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += (device.last_t + 1 - totp.t()) * device.step
    return f"{totp.token():0{device.digits}d}"


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    code = factory.Sequence(lambda n: f"campaign-{n}")
    name = factory.Sequence(lambda n: f"Phong trào thi đua {n}")
    kind = "thematic"
    organiser = factory.SubFactory(UnitFactory, kind="city", is_organiser=True)
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
