"""A bloc covenant at each stage, on top of the root actors.

Unit A (alice) heads "Khối thử" in 2023 and unit B (bob) is a member; unit C
(carol) is in another bloc, so carol is the outsider of every covenant view.
"""

from decimal import Decimal

import pytest

from covenants.services import (
    CommitmentInput,
    CriterionInput,
    ScoreInput,
    covenant_create,
    covenant_open,
    covenant_review_start,
    covenant_rubric_save,
    covenant_sign,
    score_self_save,
)
from tests.factories import MembershipFactory, UnitFactory, UserFactory

RUBRIC = [
    CriterionInput(kind="criterion", title="Đăng ký thi đua đúng hạn", max_points=Decimal(10)),
    CriterionInput(
        kind="criterion",
        title="Kết quả thực hiện chỉ tiêu",
        max_points=Decimal(20),
        prefill="targets_met",
    ),
    CriterionInput(kind="bonus", title="Cờ thi đua cấp tỉnh", max_points=Decimal(10)),
    CriterionInput(kind="penalty", title="Báo cáo chậm", max_points=Decimal(5)),
]


@pytest.fixture
def unit_c(city):
    unit = UnitFactory(code="unit-c", name="Phòng C", kind="department", parent=city)
    MembershipFactory(unit=unit, year=2023)
    return unit


@pytest.fixture
def secretary_c(unit_c):
    return UserFactory(username="carol", full_name="Carol (C)", units=[unit_c])


@pytest.fixture
def draft_covenant(bloc, campaign, bloc_head, unit_b, campaign_indicator):
    covenant = covenant_create(
        bloc=bloc, campaign=campaign, year=2023, title="Giao ước thi đua năm 2023", by=bloc_head
    )
    return covenant_rubric_save(
        covenant=covenant,
        title=covenant.title,
        preamble="Các đơn vị trong khối cam kết.",
        commitments=[
            CommitmentInput(
                text="Hoàn thành chỉ tiêu được giao",
                indicator_id=campaign_indicator.indicator_id,
            )
        ],
        criteria=RUBRIC,
        by=bloc_head,
    )


@pytest.fixture
def signing_covenant(draft_covenant, bloc_head):
    return covenant_open(covenant=draft_covenant, by=bloc_head)


@pytest.fixture
def signed_covenant(signing_covenant, unit_a, unit_b, secretary_a, secretary_b):
    covenant_sign(covenant=signing_covenant, unit=unit_a, by=secretary_a)
    covenant_sign(covenant=signing_covenant, unit=unit_b, by=secretary_b)
    signing_covenant.refresh_from_db()
    return signing_covenant


def self_entries(covenant, points: list, notes=None, evidence=None) -> list[ScoreInput]:
    """Entries in rubric order; `points` as numbers or None."""
    criteria = list(covenant.criteria.all())
    notes = notes or ["Đã thực hiện"] * len(criteria)
    evidence = evidence or {}
    return [
        ScoreInput(
            criterion_id=c.pk,
            points=None if p is None else Decimal(str(p)),
            note=n,
            evidence=evidence.get(i),
        )
        for i, (c, p, n) in enumerate(zip(criteria, points, notes, strict=True))
    ]


@pytest.fixture
def reviewing_covenant(signed_covenant, unit_a, unit_b, secretary_a, secretary_b):
    for unit, user, points in (
        (unit_a, secretary_a, [9, 18, 0, 0]),
        (unit_b, secretary_b, [10, 19, 0, 0]),
    ):
        card = signed_covenant.scorecards.get(unit=unit)
        score_self_save(
            scorecard=card, entries=self_entries(signed_covenant, points), by=user, submit=True
        )
    return covenant_review_start(covenant=signed_covenant, by=secretary_a)
