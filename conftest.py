"""Named actors for every test (healthchecks' alice/bob/charlie).

unit A and unit B are two units of one bloc of the city (an organiser); the
bloc head is unit A's secretary in the campaign year; the council member is a
member of the city's organiser, the admin a superuser (who sees everything).
tests/city_organisers.py adds a second organiser with its own council and admin.
"""

import datetime as dt

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client as DjangoClient
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import (
    AssignmentFactory,
    BlocFactory,
    CampaignFactory,
    CampaignIndicatorFactory,
    MembershipFactory,
    PeriodFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
    city_organiser,
)

# Every table's ids start here in the test database, as a province's do after a year.
# A page that prints an id into a form or a link the Vietnamese way ("1.234", from
# USE_THOUSAND_SEPARATOR) sends what no view reads: with small ids such a page
# passes every test and fails in production (the honour board's "Thu hồi" did).
FIRST_ID = 1_000_001


@pytest.fixture(autouse=True)
def _large_ids(request):
    """Before each test of the database, every sequence below FIRST_ID moved to it: once
    per test, since a migration test that goes back and forth recreates the tables,
    and their sequences start at 1 again (PostgreSQL's; SQLite's rowids follow the
    largest row, so nothing to move)."""
    if request.node.get_closest_marker("django_db") is None and not (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    ):
        return
    request.getfixturevalue("django_db_setup")  # the test database, not the real one
    if connection.vendor != "postgresql":
        return
    with request.getfixturevalue("django_db_blocker").unblock(), connection.cursor() as cursor:
        # One statement: a sequence never used (last_value NULL) or below FIRST_ID.
        cursor.execute(
            "SELECT setval(format('%%I.%%I', schemaname, sequencename)::regclass, %s, false)"
            " FROM pg_sequences WHERE schemaname = 'public'"
            " AND coalesce(last_value, 0) < %s",
            [FIRST_ID, FIRST_ID],
        )


class Client(DjangoClient):
    """`force_login` signs the user in as the sign-in pages do, second factor included.

    A user with an authenticator (every council member and admin of the
    factories) gets a session that passed it, as after typing its code; tests
    of the second factor itself sign in through the pages.
    """

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def city(db):
    return city_organiser()


@pytest.fixture
def bloc(city):
    return BlocFactory(name="Khối thử", organiser=city)


@pytest.fixture
def unit_a(city, bloc):
    unit = UnitFactory(code="unit-a", name="Phường A", kind="ward", parent=city)
    MembershipFactory(bloc=bloc, unit=unit, year=2023, role="head")
    return unit


@pytest.fixture
def unit_b(city, bloc):
    unit = UnitFactory(code="unit-b", name="Xã B", kind="commune", parent=city)
    MembershipFactory(bloc=bloc, unit=unit, year=2023, role="member")
    return unit


@pytest.fixture
def secretary_a(unit_a):
    return UserFactory(username="alice", full_name="Alice (A)", units=[unit_a])


@pytest.fixture
def secretary_b(unit_b):
    return UserFactory(username="bob", full_name="Bob (B)", units=[unit_b])


@pytest.fixture
def bloc_head(secretary_a):
    """Unit A heads the bloc in 2023, so its secretary is the bloc head."""
    return secretary_a


@pytest.fixture
def council_member(city):
    user = UserFactory(username="charlie", full_name="Charlie", role="council")
    city.organiser_members.add(user)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(
        username="dana", full_name="Dana", role="admin", is_staff=True, is_superuser=True
    )


@pytest.fixture
def campaign(city):
    return CampaignFactory(organiser=city)


@pytest.fixture
def period(campaign):
    return PeriodFactory(
        campaign=campaign,
        label="Tháng 03/2023",
        starts_on=dt.date(2023, 2, 15),
        ends_on=dt.date(2023, 3, 14),
        deadline=dt.date(2023, 3, 19),
        locks_on=dt.date(2023, 4, 3),
    )


@pytest.fixture
def campaign_indicator(campaign, unit_a, unit_b):
    ci = CampaignIndicatorFactory(campaign=campaign)
    AssignmentFactory(campaign_indicator=ci, unit=unit_a)
    AssignmentFactory(campaign_indicator=ci, unit=unit_b)
    return ci


@pytest.fixture
def report_a(unit_a, period, campaign_indicator):
    return ReportFactory(unit=unit_a, period=period)


@pytest.fixture
def report_b(unit_b, period, campaign_indicator):
    return ReportFactory(unit=unit_b, period=period)


@pytest.fixture
def english_messages():
    """Run the test with English messages (unit tests of rules assert the English text)."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the dashboard's bodies live there, and in
    each process's memory in front of it)."""
    from campaigns import dashboard_cache

    cache.clear()
    caches[dashboard_cache.LOCAL].clear()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
