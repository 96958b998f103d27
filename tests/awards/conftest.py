"""Awards actors and catalogue: the demo catalogue (DESIGN.md values) on the test units."""

import datetime as dt

import pytest

from awards import services
from awards.models import Authority, Decision, Title
from tools.demo.awards_demo import catalogue_load


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The actors' passwords hash in microseconds here; hashing strength is not under test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def catalogue(city):
    """The demo's catalogue; its authorities issue for the tests' city (an organiser)."""
    catalogue_load()
    Authority.objects.update(organiser=city)
    return {t.code: t for t in Title.objects.all()}


@pytest.fixture
def city_authority(catalogue):
    return Authority.objects.get(code="ct-ubnd-mong-cai")


@pytest.fixture
def person_a(unit_a):
    return services.person_save(full_name="Nguyễn Văn An", unit=unit_a, position="Chuyên viên")


@pytest.fixture
def person_a2(unit_a):
    return services.person_save(full_name="Đặng Thị Đào", unit=unit_a, position="Cán bộ")


@pytest.fixture
def person_b(unit_b):
    return services.person_save(full_name="Trần Văn Bình", unit=unit_b, position="Công chức")


def propose(
    secretary,
    unit,
    person,
    title,
    campaign,
    *,
    achievement="Thành tích xuất sắc 2024",
    year=2024,
    kind="ad_hoc",
):
    return services.nomination_propose(
        unit=unit,
        recipient_kind=title.recipient_kind,
        person=person if title.recipient_kind == "individual" else None,
        collective=unit if title.recipient_kind == "collective" else None,
        title=title,
        campaign=campaign,
        year=year,
        kind=kind,
        achievement=achievement,
        proposed_by=secretary,
    )


@pytest.fixture
def draft(admin_user, city_authority, campaign):
    return services.decision_save(
        user=admin_user,
        authority=city_authority,
        number=123,
        decided_on=dt.date(2024, 9, 2),
        kind="ad_hoc",
        campaign=campaign,
        summary="Về việc khen thưởng đột xuất",
        proposal="Trưởng phòng Nội vụ thành phố",
        signing_mode="KT.",
        signer_name="Lê Văn Chính",
        signer_position="Phó Chủ tịch",
        copies_to="Sở Nội vụ tỉnh",
    )


def decision_draft(admin_user, authority, campaign, number, day):
    """A draft decision of `authority` dated `day`, signed by its head."""
    return services.decision_save(
        user=admin_user,
        authority=authority,
        number=number,
        decided_on=day,
        kind="regular",
        campaign=campaign,
        summary="Khen thưởng",
        signer_name="A",
        signer_position="Chủ tịch",
    )


def add_recipient(admin_user, decision, nominee, title, achievement, *, year=2024):
    """The admin adds a person or a unit directly to a draft decision."""
    individual = title.recipient_kind == "individual"
    return services.decision_add_recipient(
        user=admin_user,
        decision=decision,
        recipient_kind=title.recipient_kind,
        person=nominee if individual else None,
        collective=None if individual else nominee,
        title=title,
        achievement=achievement,
        year=year,
    )


def issued_with(admin_user, decision: Decision, recipients, *, no_cash=True):
    """Add recipients (person or unit, title) directly and issue. The demo catalogue
    leaves Giấy khen's coefficient unconfigured: by default the admin states that the
    awards without an amount carry no cash."""
    from tests.factories import TEST_PASSWORD

    for nominee, title, achievement in recipients:
        add_recipient(
            admin_user, decision, nominee, title, achievement, year=decision.decided_on.year
        )
    return services.decision_issue(
        user=admin_user, decision=decision, password=TEST_PASSWORD, no_cash=no_cash
    )


def pass_by_session(council, nominations, *, held_on=dt.date(2024, 8, 20), agree=True):
    """The council (one member, present) votes on the nominations and closes the session:
    what a decision needs before they enter it."""
    from awards import sessions

    nominations = list(nominations)
    session = sessions.session_create(
        user=council,
        organiser=nominations[0].campaign.organiser,
        name="Phiên họp xét khen thưởng",
        held_on=held_on,
        place="Phòng họp số 1",
        members=[council],
        nominations=nominations,
        quorum="two_thirds",
        majority="more_than_half",
    )
    sessions.session_attendance(user=council, session=session, present=[council])
    sessions.ballot_cast(
        user=council, session=session, choices={i.pk: agree for i in session.items.all()}
    )
    return sessions.session_close(user=council, session=session)


@pytest.fixture
def members(city, council_member):
    """The city's council: Charlie and two more members (the council's sessions)."""
    from tests.factories import UserFactory

    others = [
        UserFactory(username=f"member{n}", full_name=f"Thành viên {n}", role="council")
        for n in (2, 3)
    ]
    city.organiser_members.add(*others)
    return [council_member, *others]


@pytest.fixture
def nominations(secretary_a, unit_a, person_a, person_a2, catalogue, campaign):
    """Two nominations of unit A for Giấy khen, for a session's agenda."""
    return [
        propose(secretary_a, unit_a, person, catalogue["giay-khen-ca-nhan"], campaign)
        for person in (person_a, person_a2)
    ]
