"""Writes of the blocs app: the yearly rotation of a bloc's head, units' secretaries."""

from .reorganisation import reorganisation_record
from .rotation import HeadSuggestion, bloc_head_suggest, bloc_year_confirm
from .secretaries import organiser_member_invite, secretaries_invite, secretary_replace

__all__ = [
    "HeadSuggestion",
    "bloc_head_suggest",
    "bloc_year_confirm",
    "organiser_member_invite",
    "reorganisation_record",
    "secretaries_invite",
    "secretary_replace",
]
