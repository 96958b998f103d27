"""Blocs: the unit tree, emulation blocs and their yearly membership, covenants and scoring."""

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
from .organisation import Bloc, BlocMembership, MembershipRole, Unit, UnitKind
from .scoring import Score, Scorecard, ScoreChange, ScoreStage

__all__ = [
    "Bloc",
    "BlocMembership",
    "Commitment",
    "Covenant",
    "CovenantStatus",
    "Criterion",
    "CriterionKind",
    "CriterionPrefill",
    "MembershipRole",
    "Score",
    "ScoreChange",
    "ScoreStage",
    "Scorecard",
    "ScoringStage",
    "Signature",
    "Unit",
    "UnitKind",
]
