import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from blocs.models import BlocMembership, Unit
from tests.factories import BlocFactory, MembershipFactory, UnitFactory

# Messages are asserted in English here; the views' tests assert the Vietnamese.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def test_unit_cannot_be_its_own_parent():
    unit = UnitFactory()
    unit.parent = unit
    with pytest.raises(ValidationError, match="own"):
        unit.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=unit.pk).update(parent=unit)


def test_unit_cannot_become_its_own_ancestor():
    top = UnitFactory(name="Tỉnh")
    middle = UnitFactory(name="Thành phố", parent=top)
    bottom = UnitFactory(name="Phường", parent=middle)
    top.parent = bottom
    with pytest.raises(ValidationError) as excinfo:
        top.full_clean()
    assert "ancestor" in str(excinfo.value.message_dict["parent"])
    top.refresh_from_db()
    assert top.parent is None


def test_unit_cannot_cease_before_it_starts():
    unit = UnitFactory.build(valid_from=dt.date(2025, 7, 1), valid_to=dt.date(2025, 6, 30))
    with pytest.raises(ValidationError):
        unit.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        unit.save()


def test_merged_unit_keeps_its_dates_and_names_its_successor():
    old = UnitFactory(name="Phường Ka Long", valid_to=dt.date(2025, 6, 30))
    new = UnitFactory(name="Phường mới", valid_from=dt.date(2025, 7, 1))
    old.successors.add(new)
    assert list(new.predecessors.all()) == [old]
    assert old.exists_on(dt.date(2023, 1, 1))
    assert not old.exists_on(dt.date(2025, 7, 1))
    assert new.exists_on(dt.date(2025, 7, 1))


def test_a_unit_belongs_to_one_bloc_a_year():
    unit = UnitFactory()
    MembershipFactory(unit=unit, year=2023)
    duplicate = BlocMembership(bloc=BlocFactory(), unit=unit, year=2023)
    with pytest.raises(ValidationError, match="already belongs"):
        duplicate.full_clean()
    MembershipFactory(unit=unit, year=2024)  # next year it may move


def test_a_bloc_has_one_head_and_one_deputy_a_year():
    bloc = BlocFactory()
    MembershipFactory(bloc=bloc, year=2023, role="head")
    MembershipFactory(bloc=bloc, year=2023, role="deputy")
    second_head = BlocMembership(bloc=bloc, unit=UnitFactory(), year=2023, role="head")
    with pytest.raises(ValidationError, match="already has a head"):
        second_head.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        second_head.save()
    MembershipFactory(bloc=bloc, year=2024, role="head")  # the head rotates yearly


def test_membership_outside_the_units_life_is_refused():
    unit = UnitFactory(valid_from=dt.date(2025, 7, 1))
    membership = BlocMembership(bloc=BlocFactory(), unit=unit, year=2023)
    with pytest.raises(ValidationError, match="does not exist in 2023"):
        membership.full_clean()
