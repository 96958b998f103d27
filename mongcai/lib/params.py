"""Ids and small numbers read from a query string or a POST list.

`str.isdigit()` accepts superscripts ("²") and other scripts' digits, which
`int()` then refuses or reads as something else, and an id of 19 or more
digits overflows the database's bigint: both answered 500. Only ASCII digits
within a bigint's range are read; anything else is "not given", so a page
shows itself without that filter (or answers 404 when the id is what it
shows), never a server error.
"""

import re
import unicodedata

from django.http import QueryDict

MAX_ID = 2**63 - 1  # PostgreSQL's bigint, the primary keys' type
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def parse_id(text: object) -> int | None:
    """A positive id written in ASCII digits that a bigint holds, else None."""
    if not isinstance(text, str) or not _ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def query_id(params: QueryDict, name: str) -> int | None:
    """The id `params[name]` holds (see parse_id), or None."""
    return parse_id(params.get(name))


def query_ids(params: QueryDict, name: str) -> list[int]:
    """The ids of a repeated parameter (checkboxes), the malformed ones left out."""
    return [value for text in params.getlist(name) if (value := parse_id(text)) is not None]


def query_int(params: QueryDict, name: str, *, minimum: int, maximum: int) -> int | None:
    """A whole number between `minimum` and `maximum` (a year, say), else None."""
    text = params.get(name)
    if not isinstance(text, str) or not re.fullmatch(r"-?[0-9]{1,19}", text):
        return None
    value = int(text)
    return value if minimum <= value <= maximum else None


def query_text(params: QueryDict, name: str, *, max_length: int = 200) -> str:
    """A search text: control characters removed (PostgreSQL refuses NUL in a query,
    a server error), spaces at the ends stripped, at most `max_length` characters."""
    text = params.get(name, "")
    if not isinstance(text, str):
        return ""
    return "".join(c for c in text if unicodedata.category(c) != "Cc").strip()[:max_length]
