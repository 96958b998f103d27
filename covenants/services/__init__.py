"""Writes of the covenants app: the covenant (draft, signatures) and its scoring."""

from .covenants import (
    CommitmentInput,
    CriterionInput,
    covenant_create,
    covenant_open,
    covenant_reviewers_set,
    covenant_rubric_save,
    covenant_sign,
)
from .scoring import (
    FinalInput,
    ScoreInput,
    covenant_finalise,
    covenant_review_start,
    flag_nomination_for,
    score_review_save,
    score_self_save,
)

__all__ = [
    "CommitmentInput",
    "CriterionInput",
    "FinalInput",
    "ScoreInput",
    "covenant_create",
    "covenant_finalise",
    "covenant_open",
    "covenant_review_start",
    "covenant_reviewers_set",
    "covenant_rubric_save",
    "covenant_sign",
    "flag_nomination_for",
    "score_review_save",
    "score_self_save",
]
