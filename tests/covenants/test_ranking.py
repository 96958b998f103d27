"""The ranking order and its documented tie-break (covenants/ranking.py)."""

import datetime as dt
import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from covenants.ranking import RankRow, leader, rank_rows

T0 = dt.datetime(2023, 12, 1, 8, tzinfo=dt.UTC)


def row(unit_id, criteria, bonus=0, penalty=0, minutes=0):
    return RankRow(
        unit_id=unit_id,
        unit_name=f"Đơn vị {unit_id}",
        criteria=Decimal(criteria),
        bonus=Decimal(bonus),
        penalty=Decimal(penalty),
        submitted_at=T0 + dt.timedelta(minutes=minutes),
    )


def test_total_is_criteria_plus_bonus_minus_penalty():
    assert row(1, 80, bonus=10, penalty=5).total == 85


def test_higher_total_first():
    ranked = rank_rows([row(1, 70), row(2, 90), row(3, 80)])
    assert [(r.unit_id, r.rank) for r in ranked] == [(2, 1), (3, 2), (1, 3)]


def test_equal_totals_prefer_criteria_over_bonus():
    ranked = rank_rows([row(1, 80, bonus=10), row(2, 90)])
    assert [r.unit_id for r in ranked] == [2, 1]


def test_then_fewer_penalties():
    # Both 90 total and 90 criteria points would need equal penalties; vary bonus to balance.
    ranked = rank_rows([row(1, 95, bonus=5, penalty=10), row(2, 95, bonus=0, penalty=5)])
    assert [r.unit_id for r in ranked] == [2, 1]


def test_then_the_earlier_self_score():
    ranked = rank_rows([row(1, 90, minutes=30), row(2, 90, minutes=5)])
    assert [(r.unit_id, r.rank) for r in ranked] == [(2, 1), (1, 2)]


def test_fully_equal_units_share_the_rank_and_no_leader():
    ranked = rank_rows([row(1, 90), row(2, 90), row(3, 50)])
    assert [r.rank for r in ranked] == [1, 1, 3]
    assert leader(ranked) is None
    assert leader(rank_rows([row(1, 91), row(2, 90)])).unit_id == 1


rows = st.lists(
    st.builds(
        row,
        st.integers(1, 10_000),
        st.integers(0, 100),
        st.integers(0, 15),
        st.integers(0, 10),
        st.integers(0, 3),
    ),
    max_size=12,
    unique_by=lambda r: r.unit_id,
)


@given(rows)
def test_ranking_is_a_total_order_whatever_the_input_order(items):
    ranked = rank_rows(items)
    assert sorted(r.unit_id for r in ranked) == sorted(r.unit_id for r in items)
    assert rank_rows(list(reversed(items))) == ranked
    for before, after in itertools.pairwise(ranked):
        assert before.total >= after.total
        assert before.rank <= after.rank
        if before.rank == after.rank:
            assert (before.total, before.criteria, before.penalty, before.submitted_at) == (
                after.total,
                after.criteria,
                after.penalty,
                after.submitted_at,
            )
    if ranked:
        assert ranked[0].rank == 1
