"""Scoring rules: self-score within the maximum with a justification, evidence for
bonus and penalty, review with reasons, council final, history of every change."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import NodeKind, Tally
from covenants.models import ScoreChange, ScoringStage
from covenants.selectors import targets_met_shares
from covenants.services import (
    FinalInput,
    ScoreInput,
    covenant_finalise,
    covenant_review_start,
    score_review_save,
    score_self_save,
)
from tests.covenants.conftest import self_entries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


def pdf(name="chung-tu.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%...\n", content_type="application/pdf")


@pytest.fixture
def card_b(signed_covenant, unit_b):
    return signed_covenant.scorecards.get(unit=unit_b)


def test_self_score_is_saved_with_its_history(signed_covenant, card_b, secretary_b):
    score_self_save(
        scorecard=card_b, entries=self_entries(signed_covenant, [8, 15, None, None]), by=secretary_b
    )
    points = [s.self_points for s in card_b.scores.order_by("criterion__order")]
    assert points == [Decimal(8), Decimal(15), None, None]
    changes = ScoreChange.objects.filter(score__scorecard=card_b)
    assert changes.count() == 2
    assert {c.changed_by for c in changes} == {secretary_b}


@pytest.mark.parametrize(
    ("points", "message"),
    [([11, 15, None, None], "above the maximum"), ([-1, 15, None, None], "cannot be negative")],
)
def test_out_of_range_points_are_refused_and_nothing_changes(
    signed_covenant, card_b, secretary_b, points, message
):
    with pytest.raises(ValidationError, match=message):
        score_self_save(
            scorecard=card_b, entries=self_entries(signed_covenant, points), by=secretary_b
        )
    assert not card_b.scores.filter(self_points__isnull=False).exists()
    assert not ScoreChange.objects.exists()


def test_a_criterion_score_needs_a_justification(signed_covenant, card_b, secretary_b):
    entries = self_entries(signed_covenant, [8, 15, None, None], notes=["", "x", "", ""])
    with pytest.raises(ValidationError, match="justification"):
        score_self_save(scorecard=card_b, entries=entries, by=secretary_b)


def test_bonus_needs_evidence_and_accepts_a_pdf(signed_covenant, card_b, secretary_b):
    with pytest.raises(ValidationError, match="attach the evidence"):
        score_self_save(
            scorecard=card_b,
            entries=self_entries(signed_covenant, [8, 15, 5, None]),
            by=secretary_b,
        )
    score_self_save(
        scorecard=card_b,
        entries=self_entries(signed_covenant, [8, 15, 5, None], evidence={2: pdf()}),
        by=secretary_b,
    )
    bonus = card_b.scores.get(criterion__kind="bonus")
    assert bonus.self_points == 5
    assert bonus.evidence_name == "chung-tu.pdf"
    assert bonus.evidence_type == "application/pdf"


def test_evidence_that_is_not_a_document_is_refused(signed_covenant, card_b, secretary_b):
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ValidationError):
        score_self_save(
            scorecard=card_b,
            entries=self_entries(signed_covenant, [8, 15, 5, None], evidence={2: fake}),
            by=secretary_b,
        )
    assert not card_b.scores.filter(self_points__isnull=False).exists()


def test_sending_needs_every_criterion_and_then_locks(signed_covenant, card_b, secretary_b):
    with pytest.raises(ValidationError, match="Score every criterion"):
        score_self_save(
            scorecard=card_b,
            entries=self_entries(signed_covenant, [8, None, None, None]),
            by=secretary_b,
            submit=True,
        )
    card_b.refresh_from_db()
    assert card_b.self_submitted_at is None
    assert not card_b.scores.filter(self_points__isnull=False).exists()
    score_self_save(
        scorecard=card_b,
        entries=self_entries(signed_covenant, [8, 15, 0, 0]),
        by=secretary_b,
        submit=True,
    )
    with pytest.raises(ValidationError, match="has been sent"):
        score_self_save(
            scorecard=card_b, entries=self_entries(signed_covenant, [9, 15, 0, 0]), by=secretary_b
        )


def test_only_the_units_secretary_self_scores(signed_covenant, card_b, secretary_a):
    with pytest.raises(PermissionDenied):
        score_self_save(
            scorecard=card_b, entries=self_entries(signed_covenant, [8, 15, 0, 0]), by=secretary_a
        )


def test_review_starts_only_when_everyone_has_sent(
    signed_covenant, card_b, secretary_a, secretary_b
):
    score_self_save(
        scorecard=card_b,
        entries=self_entries(signed_covenant, [8, 15, 0, 0]),
        by=secretary_b,
        submit=True,
    )
    with pytest.raises(ValidationError, match="Waiting for the self-score of: Phường A"):
        covenant_review_start(covenant=signed_covenant, by=secretary_a)
    with pytest.raises(PermissionDenied):
        covenant_review_start(covenant=signed_covenant, by=secretary_b)


def test_the_head_reviews_other_units_with_reasons(reviewing_covenant, unit_a, unit_b, secretary_a):
    card_b = reviewing_covenant.scorecards.get(unit=unit_b)
    first = reviewing_covenant.criteria.first()
    with pytest.raises(ValidationError, match="reason for changing"):
        score_review_save(
            scorecard=card_b,
            entries=[ScoreInput(criterion_id=first.pk, points=Decimal(7))],
            by=secretary_a,
        )
    score_review_save(
        scorecard=card_b,
        entries=[ScoreInput(criterion_id=first.pk, points=Decimal(7), note="Nộp muộn 2 ngày")],
        by=secretary_a,
    )
    score = card_b.scores.get(criterion=first)
    assert (score.self_points, score.review_points) == (Decimal(10), Decimal(7))
    change = ScoreChange.objects.get(score=score, stage="review")
    assert (change.old_points, change.new_points, change.note) == (None, 7, "Nộp muộn 2 ngày")
    card_a = reviewing_covenant.scorecards.get(unit=unit_a)
    with pytest.raises(ValidationError, match="your own unit"):
        score_review_save(
            scorecard=card_a,
            entries=[ScoreInput(criterion_id=first.pk, points=Decimal(10), note="x")],
            by=secretary_a,
        )


def test_a_member_who_is_not_a_reviewer_cannot_review(reviewing_covenant, unit_a, secretary_b):
    card_a = reviewing_covenant.scorecards.get(unit=unit_a)
    first = reviewing_covenant.criteria.first()
    with pytest.raises(PermissionDenied):
        score_review_save(
            scorecard=card_a,
            entries=[ScoreInput(criterion_id=first.pk, points=Decimal(5), note="x")],
            by=secretary_b,
        )


def test_a_named_reviewer_may_review(reviewing_covenant, unit_a, secretary_a, secretary_b):
    from covenants.services import covenant_reviewers_set

    covenant_reviewers_set(covenant=reviewing_covenant, reviewers=[secretary_b], by=secretary_a)
    card_a = reviewing_covenant.scorecards.get(unit=unit_a)
    first = reviewing_covenant.criteria.first()
    score_review_save(
        scorecard=card_a,
        entries=[ScoreInput(criterion_id=first.pk, points=Decimal(8), note="Thiếu kế hoạch")],
        by=secretary_b,
    )
    assert card_a.scores.get(criterion=first).review_points == 8


def test_reviewers_must_be_secretaries_of_members(reviewing_covenant, secretary_a, secretary_c):
    from covenants.services import covenant_reviewers_set

    with pytest.raises(ValidationError, match="not a secretary of a member"):
        covenant_reviewers_set(covenant=reviewing_covenant, reviewers=[secretary_c], by=secretary_a)
    assert not reviewing_covenant.reviewers.exists()


def test_council_finalises_ranks_and_proposes_the_leader(
    reviewing_covenant, unit_a, unit_b, council_member, secretary_a
):
    card_a = reviewing_covenant.scorecards.get(unit=unit_a)
    overrides = [
        FinalInput(score_id=s.pk, points=Decimal(10), note="Đủ hồ sơ")
        for s in card_a.scores.filter(criterion__order=1)
    ]
    with pytest.raises(PermissionDenied):
        covenant_finalise(covenant=reviewing_covenant, entries=[], by=secretary_a)
    covenant_finalise(covenant=reviewing_covenant, entries=overrides, by=council_member)
    reviewing_covenant.refresh_from_db()
    assert reviewing_covenant.scoring_stage == ScoringStage.FINAL
    # A: 10 + 18 = 28; B: 10 + 19 = 29.
    card_a.refresh_from_db()
    card_b = reviewing_covenant.scorecards.get(unit=unit_b)
    assert (card_b.rank, card_b.total) == (1, Decimal(29))
    assert (card_a.rank, card_a.total) == (2, Decimal(28))
    assert reviewing_covenant.flag_unit == unit_b
    assert ScoreChange.objects.filter(
        stage="final", score__scorecard=card_a, new_points=10
    ).exists()


def test_council_change_needs_a_reason_and_nothing_is_final_without(
    reviewing_covenant, unit_a, council_member
):
    score = reviewing_covenant.scorecards.get(unit=unit_a).scores.first()
    with pytest.raises(ValidationError, match="reason for changing"):
        covenant_finalise(
            covenant=reviewing_covenant,
            entries=[FinalInput(score_id=score.pk, points=Decimal(3))],
            by=council_member,
        )
    reviewing_covenant.refresh_from_db()
    assert reviewing_covenant.scoring_stage == ScoringStage.REVIEW
    assert not ScoreChange.objects.filter(stage="final").exists()


def test_nothing_changes_after_finalisation(
    reviewing_covenant, unit_b, council_member, secretary_a, secretary_b
):
    covenant_finalise(covenant=reviewing_covenant, entries=[], by=council_member)
    card_b = reviewing_covenant.scorecards.get(unit=unit_b)
    first = reviewing_covenant.criteria.first()
    for call in (
        lambda: score_review_save(
            scorecard=card_b,
            entries=[ScoreInput(criterion_id=first.pk, points=Decimal(1), note="x")],
            by=secretary_a,
        ),
        lambda: score_self_save(
            scorecard=card_b,
            entries=self_entries(reviewing_covenant, [1, 1, 0, 0]),
            by=secretary_b,
        ),
        lambda: covenant_finalise(covenant=reviewing_covenant, entries=[], by=council_member),
    ):
        with pytest.raises(ValidationError, match="final"):
            call()
    assert card_b.scores.get(criterion=first).final_points == 10


def test_targets_met_share_comes_from_the_unit_tallies(
    signed_covenant, unit_a, unit_b, period, campaign_indicator
):
    from django.utils import timezone

    common = dict(period=period, indicator=campaign_indicator.indicator, node_kind=NodeKind.UNIT)
    now = timezone.now()
    Tally.objects.create(node_id=unit_a.pk, target=10, status="met", computed_at=now, **common)
    Tally.objects.create(node_id=unit_b.pk, target=10, status="behind", computed_at=now, **common)
    shares = targets_met_shares(signed_covenant)
    assert (shares[unit_a.pk].met, shares[unit_a.pk].total) == (1, 1)
    assert (shares[unit_b.pk].met, shares[unit_b.pk].total) == (0, 1)
    assert shares[unit_a.pk].points(Decimal(20)) == 20
    assert shares[unit_a.pk].period_label == "Tháng 03/2023"
