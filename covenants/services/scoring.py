"""Scoring under a signed covenant: self-score → cross-review → final, and the ranking."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from awards.models import Title
from awards.services import FLAG_TITLE_CODE, flag_nomination_propose
from blocs.models import Unit
from blocs.permissions import is_secretary_of_unit
from mongcai.accounts.models import User
from mongcai.accounts.permissions import is_council
from mongcai.lib.evidence import EvidenceError, check
from mongcai.lib.numbers import format_decimal

from ..models import (
    Covenant,
    CovenantStatus,
    CriterionKind,
    Score,
    Scorecard,
    ScoreChange,
    ScoreStage,
    ScoringStage,
)
from ..permissions import is_head, may_review
from ..ranking import RankRow, leader
from ..selectors import covenant_access, covenant_managed_by, ranking_rows


@dataclass(frozen=True)
class ScoreInput:
    """One rubric line as typed: points (None = left empty), the reason, an optional file."""

    criterion_id: int
    points: Decimal | None
    note: str = ""
    evidence: object | None = None


def _changes(stage: str, edits, by: User, now) -> list[ScoreChange]:
    """The history rows for (score, before, after, reason) edits that changed the points."""
    return [
        ScoreChange(
            score=score,
            stage=stage,
            old_points=old,
            new_points=new,
            note=note,
            changed_by=by,
            changed_at=now,
        )
        for score, old, new, note in edits
        if old != new
    ]


def _check_range(score: Score, points: Decimal | None, errors: list[str]) -> bool:
    criterion = score.criterion
    if points is None:
        return True
    if points < 0:
        errors.append(
            _("%(criterion)s: points cannot be negative.") % {"criterion": criterion.title}
        )
        return False
    if points > criterion.max_points:
        errors.append(
            _("%(criterion)s: %(points)s is above the maximum of %(max)s points.")
            % {
                "criterion": criterion.title,
                "points": format_decimal(points, get_language() or "vi"),
                "max": format_decimal(criterion.max_points, get_language() or "vi"),
            }
        )
        return False
    return True


def _in_range(scores: dict[int, Score], entries: list[ScoreInput], errors: list[str]):
    """The entries with their score, skipping (and reporting) points out of range."""
    for entry in entries:
        score = scores.get(entry.criterion_id)
        if score is None:
            raise ValidationError(_("This criterion is not in the covenant's rubric."))
        if _check_range(score, entry.points, errors):
            yield score, entry


def _locked_scorecard(scorecard: Scorecard) -> tuple[Scorecard, Covenant]:
    scorecard = Scorecard.objects.select_for_update().select_related("unit").get(pk=scorecard.pk)
    covenant = Covenant.objects.select_for_update().get(pk=scorecard.covenant_id)
    if covenant.is_final:
        raise ValidationError(_("The scoring is final; nothing can change any more."))
    return scorecard, covenant


def _scores_by_criterion(scorecard: Scorecard) -> dict[int, Score]:
    return {
        s.criterion_id: s for s in scorecard.scores.select_for_update().select_related("criterion")
    }


@transaction.atomic
def score_self_save(
    *, scorecard: Scorecard, entries: list[ScoreInput], by: User, submit: bool = False
) -> Scorecard:
    """The member's secretary saves (and optionally sends) the unit's self-score.

    Every criterion needs a justification; a bonus or penalty claimed needs an
    evidence file. Any error refuses the whole save.
    """
    scorecard, covenant = _locked_scorecard(scorecard)
    if not is_secretary_of_unit(by, scorecard.unit):
        raise PermissionDenied
    if covenant.scoring_stage != ScoringStage.SELF:
        raise ValidationError(_("Self-scoring is closed: the bloc is reviewing the scores."))
    if scorecard.self_submitted_at is not None:
        raise ValidationError(_("The self-score has been sent and can no longer change."))
    scores = _scores_by_criterion(scorecard)
    errors: list[str] = []
    checked: list[tuple[Score, ScoreInput, str | None]] = []
    for score, entry in _in_range(scores, entries, errors):
        criterion = score.criterion
        content_type = None
        if entry.evidence is not None:
            try:
                content_type = check(entry.evidence, settings.EVIDENCE_MAX_BYTES)
            except EvidenceError as error:
                errors.append(f"{criterion.title}: {error}")
                continue
        note = entry.note.strip()
        if entry.points is not None and criterion.kind == CriterionKind.CRITERION and not note:
            errors.append(
                _("%(criterion)s: write a short justification for the score.")
                % {"criterion": criterion.title}
            )
        claimed = entry.points is not None and entry.points > 0
        if (
            claimed
            and criterion.kind != CriterionKind.CRITERION
            and not (score.evidence or entry.evidence)
        ):
            errors.append(
                _("%(criterion)s: attach the evidence for this bonus or penalty item.")
                % {"criterion": criterion.title}
            )
        checked.append((score, entry, content_type))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    edits = [(score, score.self_points, entry.points, entry.note) for score, entry, _t in checked]
    ScoreChange.objects.bulk_create(_changes(ScoreStage.SELF, edits, by, now))
    for score, entry, content_type in checked:
        score.self_points = entry.points
        score.self_note = entry.note.strip()
        if entry.evidence is not None:
            score.evidence_name = entry.evidence.name[:255]
            score.evidence_type = content_type
            score.evidence.save("evidence", entry.evidence, save=False)
        # Range checked above; the unique and sign rules are database constraints,
        # so field validation is enough (full_clean would query them per row).
        score.clean_fields()
        score.save()
    if submit:
        missing = [
            s.criterion.title
            for s in scores.values()
            if s.criterion.kind == CriterionKind.CRITERION and s.self_points is None
        ]
        if missing:
            raise ValidationError(
                _("Score every criterion before sending: %(missing)s.")
                % {"missing": ", ".join(missing)}
            )
        scorecard.self_submitted_at = now
        scorecard.self_submitted_by = by
        scorecard.save(update_fields=["self_submitted_at", "self_submitted_by"])
    return scorecard


@transaction.atomic
def covenant_review_start(*, covenant: Covenant, by: User) -> Covenant:
    """The head closes self-scoring once every member has sent its scores."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if not is_head(by, covenant):
        raise PermissionDenied
    if covenant.status != CovenantStatus.SIGNED or covenant.scoring_stage != ScoringStage.SELF:
        raise ValidationError(_("The scores are not in self-scoring."))
    waiting = covenant.scorecards.filter(self_submitted_at__isnull=True).select_related("unit")
    if waiting:
        raise ValidationError(
            _("Waiting for the self-score of: %(units)s.")
            % {"units": ", ".join(card.unit.name for card in waiting)}
        )
    covenant.scoring_stage = ScoringStage.REVIEW
    covenant.save(update_fields=["scoring_stage"])
    return covenant


@transaction.atomic
def score_review_save(*, scorecard: Scorecard, entries: list[ScoreInput], by: User) -> Scorecard:
    """The head or a named reviewer proposes adjusted scores, each with its reason.

    Nobody reviews their own unit: the council settles those scores.
    """
    scorecard, covenant = _locked_scorecard(scorecard)
    if not may_review(by, covenant):
        raise PermissionDenied
    if scorecard.unit_id in covenant_access(by, covenant).member_unit_ids:
        raise ValidationError(_("You cannot review your own unit's scores."))
    if covenant.scoring_stage != ScoringStage.REVIEW:
        raise ValidationError(_("The cross-review has not started or is over."))
    scores = _scores_by_criterion(scorecard)
    errors: list[str] = []
    checked = []
    for score, entry in _in_range(scores, entries, errors):
        claimed = score.self_points if score.self_points is not None else Decimal(0)
        if entry.points is not None and entry.points != claimed and not entry.note.strip():
            errors.append(
                _("%(criterion)s: give the reason for changing the score.")
                % {"criterion": score.criterion.title}
            )
        checked.append((score, entry))
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    edits = [(score, score.review_points, entry.points, entry.note) for score, entry in checked]
    ScoreChange.objects.bulk_create(_changes(ScoreStage.REVIEW, edits, by, now))
    for score, entry in checked:
        score.review_points = entry.points
        score.review_note = entry.note.strip()
    reviewed = [score for score, _entry in checked]
    Score.objects.bulk_update(reviewed, ["review_points", "review_note"])
    return scorecard


@dataclass(frozen=True)
class FinalInput:
    score_id: int
    points: Decimal
    note: str = ""


@transaction.atomic
def covenant_finalise(*, covenant: Covenant, entries: list[FinalInput], by: User) -> Covenant:
    """The council fixes every score, ranks the bloc and proposes the leading unit.

    A score the council changes from the agreed one needs a reason.
    """
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if not (is_council(by) and covenant_managed_by(by, covenant)):
        raise PermissionDenied
    if covenant.is_final:
        raise ValidationError(_("The scoring is final; nothing can change any more."))
    if covenant.scoring_stage != ScoringStage.REVIEW:
        raise ValidationError(_("The bloc has not finished its cross-review."))
    scores = {
        s.pk: s
        for s in Score.objects.select_for_update()
        .filter(scorecard__covenant=covenant)
        .select_related("criterion")
    }
    overrides = {entry.score_id: entry for entry in entries}
    if set(overrides) - set(scores):
        raise ValidationError(_("This score is not part of the covenant."))
    errors: list[str] = []
    for score_id, entry in overrides.items():
        score = scores[score_id]
        if not _check_range(score, entry.points, errors):
            continue
        agreed = score.agreed_points or Decimal(0)
        if entry.points != agreed and not entry.note.strip():
            errors.append(
                _("%(criterion)s: give the reason for changing the score.")
                % {"criterion": score.criterion.title}
            )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    edits = []
    for score in scores.values():
        entry = overrides.get(score.pk)
        agreed = score.agreed_points or Decimal(0)
        score.final_points = entry.points if entry else agreed
        score.final_note = entry.note.strip() if entry else ""
        edits.append((score, agreed, score.final_points, score.final_note))
    # A bloc is tens of units × about ten lines: two statements, not one per score.
    Score.objects.bulk_update(scores.values(), ["final_points", "final_note"])
    ScoreChange.objects.bulk_create(_changes(ScoreStage.FINAL, edits, by, now))
    ranked = ranking_rows(covenant, final=True)
    by_unit = {row.unit_id: row for row in ranked}
    cards = list(covenant.scorecards.all())
    for card in cards:
        card.total = by_unit[card.unit_id].total
        card.rank = by_unit[card.unit_id].rank
    Scorecard.objects.bulk_update(cards, ["total", "rank"])
    first = leader(ranked)
    covenant.scoring_stage = ScoringStage.FINAL
    covenant.finalised_at = now
    covenant.finalised_by = by
    covenant.flag_unit_id = first.unit_id if first else None
    covenant.save(update_fields=["scoring_stage", "finalised_at", "finalised_by", "flag_unit"])
    if first is not None:
        flag_nomination_for(covenant, first, members=len(ranked), by=by)
    return covenant


def flag_nomination_for(covenant: Covenant, leader_row: RankRow, *, members: int, by: User):
    """The leading unit becomes a per-campaign nomination for the emulation flag (awards).

    Returns None, keeping the proposal on the covenant only, while the flag
    title is not configured in the awards catalogue.
    """
    if not Title.objects.filter(code=FLAG_TITLE_CODE).exists():
        return None
    achievements = _(
        "Leads %(bloc)s in %(year)s with %(total)s points, first of %(members)s units, "
        "by the bloc's covenant scoring finalised by the council."
    ) % {
        "bloc": covenant.bloc.name,
        "year": covenant.year,
        "total": format_decimal(leader_row.total, get_language() or "vi"),
        "members": members,
    }
    return flag_nomination_propose(
        unit=Unit.objects.get(pk=leader_row.unit_id),
        campaign=covenant.campaign,
        year=covenant.year,
        achievements=achievements,
        proposed_by=by,
    )
