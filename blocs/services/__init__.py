"""Writes of the blocs app: the yearly rotation of a bloc's head."""

from .rotation import HeadSuggestion, bloc_head_suggest, bloc_year_confirm

__all__ = ["HeadSuggestion", "bloc_head_suggest", "bloc_year_confirm"]
