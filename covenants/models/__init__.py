"""Covenants: what a bloc signs for a campaign and year, its rubric, scoring and ranking."""

from .covenant import (
    Commitment,
    Covenant,
    CovenantStatus,
    Criterion,
    CriterionKind,
    CriterionPrefill,
    ScoringStage,
    Signature,
)
from .scoring import Score, Scorecard, ScoreChange, ScoreStage

__all__ = [
    "Commitment",
    "Covenant",
    "CovenantStatus",
    "Criterion",
    "CriterionKind",
    "CriterionPrefill",
    "Score",
    "ScoreChange",
    "ScoreStage",
    "Scorecard",
    "ScoringStage",
    "Signature",
]
