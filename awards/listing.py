"""The recipients of a decision as rows, shared by every export (XLSX, CSV, DOCX, print).

Rows stream from one query (`values_list(...).iterator()`), so 10,000 recipients
take little memory; `progress(done)` is called every PROGRESS_EVERY rows.
"""

from collections.abc import Callable, Iterator

from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext as _

from .models import Decision, RecipientKind

PROGRESS_EVERY = 1000
CHUNK = 2000
Progress = Callable[[int], None] | None


def headers() -> list[str]:
    return [
        _("No."),
        _("Collective or individual"),
        _("Position"),
        _("Unit"),
        _("Title or form"),
        _("Achievement"),
        _("Coefficient"),
        _("Amount (VND)"),
    ]


def appendix_headers() -> list[str]:
    """The columns of the decision's list (DOCX and print view)."""
    columns = headers()
    return [columns[0], columns[1], _("Position, unit"), columns[4], columns[5], columns[7]]


def position_and_unit(row: list) -> str:
    """ "Chuyên viên, Phòng Nội vụ" for a person; nothing for a collective, whose unit
    is itself (its name is in the column before)."""
    name, position, unit = row[1], row[2], row[3]
    if unit == name:
        return ""
    return f"{position}, {unit}" if position else unit


def recipient_rows(decision: Decision, progress: Progress = None) -> Iterator[list]:
    """[no., name, position, unit, title, achievement, coefficient, amount] in decision order."""
    rows = (
        decision.recipients.order_by("order", "pk")
        # The title as the decision names it ("Giấy khen", not "Giấy khen (tập thể)").
        .annotate(award=Coalesce(NullIf("title__decision_name", Value("")), "title__name"))
        .values_list(
            "recipient_kind",
            "person__full_name",
            "person__position",
            "collective__name",
            "household__name",
            "unit__name",
            "award",
            "achievement",
            "coefficient",
            "amount",
        )
        .iterator(chunk_size=CHUNK)
    )
    for number, (
        kind,
        person,
        position,
        collective,
        household,
        unit,
        title,
        achievement,
        coef,
        amount,
    ) in enumerate(rows, start=1):
        if kind == RecipientKind.INDIVIDUAL:
            name = person
        else:
            name = household if kind == RecipientKind.HOUSEHOLD else collective
        yield [number, name, position or "", unit, title, achievement, coef, amount]
        if progress and number % PROGRESS_EVERY == 0:
            progress(number)
