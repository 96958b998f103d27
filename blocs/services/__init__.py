"""Writes of the blocs app: rotation of heads, covenants, scoring and ranking."""

from .covenants import (
    CommitmentInput,
    CriterionInput,
    covenant_create,
    covenant_open,
    covenant_reviewers_set,
    covenant_rubric_save,
    covenant_sign,
)
from .ranking import RankRow, rank_rows
from .rotation import HeadSuggestion, bloc_head_suggest, bloc_year_confirm
from .scoring import (
    FinalInput,
    Prefill,
    ScoreInput,
    covenant_finalise,
    covenant_review_start,
    prefills_for,
    ranking_rows,
    reports_on_time_shares,
    score_review_save,
    score_self_save,
    targets_met_shares,
)

__all__ = [
    "CommitmentInput",
    "CriterionInput",
    "FinalInput",
    "HeadSuggestion",
    "Prefill",
    "RankRow",
    "ScoreInput",
    "bloc_head_suggest",
    "bloc_year_confirm",
    "covenant_create",
    "covenant_finalise",
    "covenant_open",
    "covenant_review_start",
    "covenant_reviewers_set",
    "covenant_rubric_save",
    "covenant_sign",
    "prefills_for",
    "rank_rows",
    "ranking_rows",
    "reports_on_time_shares",
    "score_review_save",
    "score_self_save",
    "targets_met_shares",
]
