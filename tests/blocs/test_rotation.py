"""Heads rotate yearly: the suggestion, the admin's confirmation, merged units."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from blocs.models import BlocMembership
from blocs.services import bloc_head_suggest, bloc_year_confirm
from tests.factories import BlocFactory, MembershipFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def trio():
    bloc = BlocFactory(name="Khối phường")
    units = [UnitFactory(name=name) for name in ("An", "Bình", "Cường")]
    return bloc, units


def test_last_years_deputy_moves_up(trio):
    bloc, (an, binh, cuong) = trio
    MembershipFactory(bloc=bloc, unit=an, year=2023, role="head")
    MembershipFactory(bloc=bloc, unit=binh, year=2023, role="deputy")
    MembershipFactory(bloc=bloc, unit=cuong, year=2023)
    suggestion = bloc_head_suggest(bloc=bloc, year=2024)
    assert suggestion.head == binh
    assert suggestion.deputy == cuong  # never headed comes before An (head in 2023)
    assert "deputy" in suggestion.reason


def test_without_a_deputy_the_longest_without_heading(trio):
    bloc, (an, binh, cuong) = trio
    for year, head in ((2021, an), (2022, binh), (2023, cuong)):
        for unit in (an, binh, cuong):
            MembershipFactory(
                bloc=bloc, unit=unit, year=year, role="head" if unit == head else "member"
            )
    suggestion = bloc_head_suggest(bloc=bloc, year=2024)
    assert suggestion.head == an
    assert "2021" in suggestion.reason


def test_admin_confirms_and_the_history_keeps_every_year(trio, admin_user):
    bloc, (an, binh, cuong) = trio
    MembershipFactory(bloc=bloc, unit=an, year=2023, role="head")
    MembershipFactory(bloc=bloc, unit=binh, year=2023)
    MembershipFactory(bloc=bloc, unit=cuong, year=2023)
    bloc_year_confirm(bloc=bloc, year=2024, head=cuong, deputy=binh, by=admin_user)
    roles = dict(
        BlocMembership.objects.filter(bloc=bloc, year=2024).values_list("unit__name", "role")
    )
    assert roles == {"An": "member", "Bình": "deputy", "Cường": "head"}
    assert BlocMembership.objects.get(bloc=bloc, year=2023, unit=an).role == "head"
    # Confirming again with another head moves the roles, never two heads.
    bloc_year_confirm(bloc=bloc, year=2024, head=an, deputy=None, by=admin_user)
    roles = dict(
        BlocMembership.objects.filter(bloc=bloc, year=2024).values_list("unit__name", "role")
    )
    assert roles == {"An": "head", "Bình": "member", "Cường": "member"}


def test_only_an_admin_confirms_and_only_members(trio, secretary_a, admin_user):
    bloc, (an, binh, _cuong) = trio
    MembershipFactory(bloc=bloc, unit=an, year=2023)
    with pytest.raises(ValidationError, match="Only an administrator"):
        bloc_year_confirm(bloc=bloc, year=2024, head=an, deputy=None, by=secretary_a)
    with pytest.raises(ValidationError, match="not a member"):
        bloc_year_confirm(bloc=bloc, year=2024, head=binh, deputy=None, by=admin_user)
    assert not BlocMembership.objects.filter(year=2024).exists()


def test_a_merged_unit_keeps_its_history_and_its_successor_takes_the_seat(admin_user):
    bloc = BlocFactory()
    old_a = UnitFactory(name="Phường Ka Long", valid_to=dt.date(2025, 6, 30))
    old_b = UnitFactory(name="Phường Trần Phú", valid_to=dt.date(2025, 6, 30))
    new = UnitFactory(name="Phường Móng Cái 1", valid_from=dt.date(2025, 7, 1))
    old_a.successors.add(new)
    old_b.successors.add(new)
    MembershipFactory(bloc=bloc, unit=old_a, year=2025, role="head")
    MembershipFactory(bloc=bloc, unit=old_b, year=2025)
    suggestion = bloc_head_suggest(bloc=bloc, year=2026)
    assert suggestion.members == [new]
    assert suggestion.head == new
    bloc_year_confirm(bloc=bloc, year=2026, head=new, deputy=None, by=admin_user)
    assert list(BlocMembership.objects.filter(year=2025).values_list("unit__name", flat=True))
    assert BlocMembership.objects.get(year=2026).unit == new


def test_a_unit_cannot_join_a_year_before_it_exists():
    bloc = BlocFactory()
    new = UnitFactory(valid_from=dt.date(2025, 7, 1))
    with pytest.raises(ValidationError, match="does not exist in 2024"):
        BlocMembership(bloc=bloc, unit=new, year=2024).full_clean()
