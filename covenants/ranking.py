"""The bloc's ranking and its tie-break, as a pure function (docs/blocs.md).

Order, first difference wins:
1. the higher total (criteria + bonus − penalty);
2. the higher criteria points without bonus: the core work outranks the extras;
3. the fewer penalty points;
4. the earlier self-score sent: punctuality is itself scored in practice.
Units still equal share the rank (đồng hạng) and are listed by name; when the
first place is shared, no unit is proposed for the flag and the council chooses.
"""

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal

_LATEST = dt.datetime.max.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class RankRow:
    unit_id: int
    unit_name: str
    criteria: Decimal
    bonus: Decimal
    penalty: Decimal
    submitted_at: dt.datetime | None
    rank: int = 0

    @property
    def total(self) -> Decimal:
        return self.criteria + self.bonus - self.penalty


def _key(row: RankRow):
    return (-row.total, -row.criteria, row.penalty, row.submitted_at or _LATEST)


def rank_rows(rows: list[RankRow]) -> list[RankRow]:
    """The rows in ranking order with their rank (1-based, shared when fully tied)."""
    ordered = sorted(rows, key=lambda r: (*_key(r), r.unit_name, r.unit_id))
    ranked: list[RankRow] = []
    for position, row in enumerate(ordered, start=1):
        if ranked and _key(ranked[-1]) == _key(row):
            ranked.append(replace(row, rank=ranked[-1].rank))
        else:
            ranked.append(replace(row, rank=position))
    return ranked


def leader(ranked: list[RankRow]) -> RankRow | None:
    """The unique first of the ranking, or None when the first place is shared."""
    firsts = [row for row in ranked if row.rank == 1]
    return firsts[0] if len(firsts) == 1 else None
