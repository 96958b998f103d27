"""Organisers (blocs.selectors.organiser_units and the checks of the services): who sees
which units, per role, and the services refusing another organiser's objects."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from awards.models import LegalBasis, Nomination, Person, Title
from awards.services import nomination_review
from blocs.invitations import InviteRow
from blocs.selectors import (
    accounts_managed_by,
    bloc_get,
    organiser_units,
    organisers_for_user,
    unit_get_for_user,
    units_for_user,
)
from blocs.services import organiser_member_invite, secretaries_invite
from campaigns.dashboard import page_key
from campaigns.selectors import campaign_managed_get
from campaigns.services import lock_exception_open, report_approve, report_delete
from mongcai.accounts import services as account_services
from mongcai.accounts.scope import managed_accounts
from tests.factories import (
    BlocFactory,
    CampaignFactory,
    PeriodFactory,
    SubmittedReportFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(db):
    """province → city → ward A; province → new ward (two organisers under the province)."""
    province = UnitFactory(code="p", kind="province", is_organiser=True)
    city = UnitFactory(code="c", kind="city", parent=province, is_organiser=True)
    old_ward = UnitFactory(code="w", kind="ward", parent=city)
    new_ward = UnitFactory(code="n", kind="ward", parent=province, is_organiser=True)
    return province, city, old_ward, new_ward


def member(organiser, role="council"):
    user = UserFactory(role=role, is_staff=role == "admin")
    organiser.organiser_members.add(user)
    return user


def test_a_member_sees_their_organiser_and_every_unit_below_it(tree):
    province, city, old_ward, new_ward = tree
    assert set(organiser_units(member(province))) == {province, city, old_ward, new_ward}
    assert set(organiser_units(member(city))) == {city, old_ward}
    assert set(organiser_units(member(new_ward, "admin"))) == {new_ward}
    assert set(units_for_user(member(city))) == {city, old_ward}


def test_a_council_member_or_admin_of_no_organiser_sees_nothing_and_a_superuser_all(tree):
    assert not organiser_units(UserFactory(role="council")).exists()
    assert not units_for_user(UserFactory(role="admin", is_staff=True)).exists()
    superuser = UserFactory(role="admin", is_staff=True, is_superuser=True)
    assert set(organiser_units(superuser)) == set(tree)


def test_a_secretary_sees_their_own_units_and_reads_the_organisers_above_them(tree):
    province, city, old_ward, _new_ward = tree
    secretary = UserFactory(units=[old_ward])
    assert list(units_for_user(secretary)) == [old_ward]
    assert not organiser_units(secretary).exists()
    assert set(organisers_for_user(secretary)) == {old_ward, city, province}


def test_one_objects_getters_agree_with_organiser_units_for_every_role(tree):
    """The getters of a URL's unit, bloc (by pk or code) and campaign, and a
    dashboard's key, walk up from the object (organiser_scope_above); each
    answers as organiser_units does, 404 otherwise."""
    province, city, old_ward, new_ward = tree
    blocs = {unit: BlocFactory(organiser=unit) for unit in tree}
    campaigns = {unit: CampaignFactory(organiser=unit) for unit in tree}
    inactive = member(city)
    inactive.is_active = False
    inactive.save()
    people = [
        member(province),
        member(city),
        member(new_ward, "admin"),
        UserFactory(role="council"),
        UserFactory(units=[old_ward]),
        UserFactory(role="admin", is_staff=True, is_superuser=True),
        inactive,
    ]

    def found(get, *args, **kwargs):
        try:
            get(*args, **kwargs)
        except Http404:
            return False
        return True

    for user in people:
        seen = set(organiser_units(user)) if user.is_active else set()
        for unit in tree:
            expected = unit in seen
            assert found(unit_get_for_user, user, unit.pk) == (
                expected or (user.is_secretary and unit in user.units.all())
            ), (user, unit)
            for lookup in ({"pk": blocs[unit].pk}, {"code": blocs[unit].code}):
                assert found(bloc_get, user, **lookup) == (
                    expected or (user.is_secretary and unit in organisers_for_user(user))
                ), (user, unit, lookup)
            assert found(campaign_managed_get, user, campaigns[unit].pk) == expected, (user, unit)
            assert found(page_key, user, campaigns[unit].pk) == expected, (user, unit)
    # A missing object is a 404 too, for everyone.
    superuser = people[5]
    assert not found(unit_get_for_user, superuser, 10**9)
    assert not found(bloc_get, superuser, pk=10**9)
    assert not found(bloc_get, superuser, code="no-such-bloc")
    assert not found(page_key, superuser, 10**9)
    assert not found(campaign_managed_get, superuser, 10**9)


def test_a_member_of_two_organisers_sees_both_subtrees(tree):
    _province, city, old_ward, new_ward = tree
    user = member(city)
    new_ward.organiser_members.add(user)
    assert set(organiser_units(user)) == {city, old_ward, new_ward}


def test_an_admin_manages_the_accounts_of_their_organisers_and_below(tree):
    province, city, old_ward, new_ward = tree
    city_admin = member(city, "admin")
    city_council = member(city)
    secretary = UserFactory(units=[old_ward])
    ward_admin = member(new_ward, "admin")
    assert set(accounts_managed_by(city_admin)) == {city_admin, city_council, secretary}
    assert set(managed_accounts(city_admin)) == {city_admin, city_council, secretary}
    assert ward_admin in managed_accounts(member(province, "admin"))
    assert not managed_accounts(city_council).exists()  # a council member manages none


def test_services_refuse_another_organisers_objects(tree):
    _province, city, old_ward, new_ward = tree
    ward_council, ward_admin = member(new_ward), member(new_ward, "admin")
    campaign = CampaignFactory(organiser=city)
    report = SubmittedReportFactory(unit=old_ward, period=PeriodFactory(campaign=campaign))
    with pytest.raises(PermissionDenied):
        report_approve(user=ward_council, report=report, comment="")
    with pytest.raises(PermissionDenied):
        lock_exception_open(
            user=ward_admin,
            unit=old_ward,
            period=report.period,
            reason="Sửa",
            open_until=dt.date(2099, 1, 1),
        )
    with pytest.raises(PermissionDenied):
        report_delete(user=ward_admin, report=report)
    secretary = UserFactory(units=[old_ward])
    person = Person.objects.create(full_name="Nguyễn Văn A", unit=old_ward)
    nomination = Nomination.objects.create(
        unit=old_ward,
        recipient_kind="individual",
        person=person,
        title=Title.objects.create(
            code="gk",
            name="Giấy khen",
            category="form",
            recipient_kind="individual",
            legal_basis=_basis(),
            valid_from="2000-01-01",
        ),
        campaign=campaign,
        year=2023,
        kind="ad_hoc",
        achievement="Thành tích",
        proposed_by=secretary,
    )
    with pytest.raises(ValidationError):
        nomination_review(nomination=nomination, reviewer=ward_council, approve=False, comment="x")
    with pytest.raises(ValidationError):
        secretaries_invite(
            by=ward_admin,
            rows=[InviteRow(unit=old_ward, full_name="Thư ký", email="tk@example.vn", line=None)],
        )
    with pytest.raises(ValidationError):
        organiser_member_invite(
            by=ward_admin, organiser=city, email="x@example.vn", full_name="X", role="council"
        )
    with pytest.raises(ValidationError):
        account_services.second_factor_reset(by=ward_admin, user=secretary)
    with pytest.raises(ValidationError):
        account_services.lock_release(by=ward_admin, username=secretary.username)
    with pytest.raises(ValidationError):
        account_services.lock_release(by=ward_admin, ip_address="10.0.0.1")
    nomination.refresh_from_db()
    assert nomination.status == "proposed"
    report.refresh_from_db()
    assert report.status == "submitted"


def _basis():
    return LegalBasis.objects.create(
        code="luat", number="06/2022/QH15", citation="Luật", valid_from="2000-01-01"
    )
