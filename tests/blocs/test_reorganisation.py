"""Reorganisations: units end on a date, name their successors, and nothing is deleted."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from blocs.models import Reorganisation, ReorganisationKind, Unit
from blocs.services import reorganisation_record
from tests.factories import ReportFactory, UnitFactory

pytestmark = pytest.mark.django_db

D = dt.date(2025, 7, 1)


def old(code):
    return UnitFactory(code=code, valid_from=dt.date(2008, 9, 24))


def record(kind, ending, successors, **extra):
    return reorganisation_record(
        kind=kind,
        effective_on=D,
        ending=ending,
        successors=successors,
        legal_basis="Nghị quyết 1679/NQ-UBTVQH15",
        **extra,
    )


def test_a_merge_ends_the_units_on_the_eve_and_names_the_successor():
    a, b = old("a"), old("b")
    report = ReportFactory(unit=a)
    new = UnitFactory(code="new", valid_from=D)
    event = record(ReorganisationKind.MERGE, [a, b], [new], note="test")
    for unit in (a, b):
        unit.refresh_from_db()
        assert unit.valid_to == dt.date(2025, 6, 30)
        assert list(unit.successors.all()) == [new]
    assert set(new.predecessors.all()) == {a, b}
    assert set(event.predecessors.all()) == {a, b}
    # Nothing is deleted: the old unit's report is still there.
    report.refresh_from_db()
    assert report.unit == a


def test_a_split_names_several_successors():
    a = old("a")
    x, y = UnitFactory(code="x", valid_from=D), UnitFactory(code="y", valid_from=D)
    record(ReorganisationKind.SPLIT, [a], [x, y])
    assert set(a.successors.all()) == {x, y}


@pytest.mark.parametrize(
    ("kind", "ending", "successors", "message"),
    [
        ("merge", ["a", "b"], [], "exactly one successor"),
        ("split", ["a"], ["x"], "at least two successors"),
        ("end", ["a"], ["x"], "name no successor"),
        ("merge", [], ["x"], "Choose the units that end"),
        ("merge", ["a", "x"], ["x"], "cannot succeed itself"),
        ("merge", ["gone"], ["x"], "cannot end then"),
        ("merge", ["a"], ["later"], "cannot succeed"),
    ],
)
def test_a_wrong_reorganisation_is_refused_and_changes_nothing(kind, ending, successors, message):
    units = {
        "a": old("a"),
        "b": old("b"),
        "x": UnitFactory(code="x", valid_from=dt.date(2008, 9, 24)),
        "gone": UnitFactory(
            code="gone", valid_from=dt.date(2008, 1, 1), valid_to=dt.date(2020, 1, 1)
        ),
        "later": UnitFactory(code="later", valid_from=dt.date(2026, 1, 1)),
    }
    with translation.override("en"), pytest.raises(ValidationError) as error:
        record(kind, [units[c] for c in ending], [units[c] for c in successors])
    assert any(message in m for m in error.value.messages)
    assert not Reorganisation.objects.exists()
    assert Unit.objects.get(code="a").valid_to is None
    assert not Unit.objects.get(code="a").successors.exists()
