"""The dashboard's grids: a row of figures as table cells in one call.

A province's grid is 40 blocs × 50 indicators: through `{% for %}` and
`floatformat` each cell cost about 25 µs, a third of the first view after a
roll-up (docs/BENCHMARKS.md). Same output as `floatformat` with the
indicator's decimals (half up; the language's separators), through
`mongcai.lib.numbers`; a hypothesis test holds the two equal.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from mongcai.lib.numbers import SEPARATORS

from ..models import TallyStatus

register = template.Library()

# Python's "1,234.5" into the language's: both marks swapped in one pass.
_MARKS = {
    language: str.maketrans({",": thousands, ".": decimal_mark})
    for language, (decimal_mark, thousands) in SEPARATORS.items()
}
_QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(7)}


def grid_number(value: Decimal | None, language: str, decimals: int = -2) -> str:
    """What `floatformat(value, decimals)` writes: `decimals` places (negative: that
    many only when the figure is not whole), half up, "-" only before a figure that
    is not zero once rounded. Only digits, the language's two marks, a minus sign
    or "—": nothing to escape."""
    if value is None:
        return "—"
    marks = _MARKS.get(language[:2], _MARKS["vi"])
    if decimals < 0 and value == value.to_integral_value():
        return f"{int(value):,}".translate(marks)
    places = abs(decimals)
    value = value.quantize(_QUANTUM[places], rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _dot, fraction = f"{abs(value):f}".partition(".")
    number = f"{sign}{int(whole):,}"
    return (f"{number}.{fraction}" if places else number).translate(marks)


@register.filter
def number_cells(values: list, indicators: list) -> str:
    """`<td class="num">…</td>` for each figure of a grid row (— when missing), each
    with its indicator's decimals, as the indicator table above writes it.

    Joined as plain strings, not through format_html: its escaping of 2,000
    cells that cannot hold markup was a third of the first view after a
    roll-up (docs/BENCHMARKS.md, fourth round)."""
    language = get_language() or "vi"
    # Each cell is grid_number's output: digits, marks, "-" or "—" only.
    return mark_safe(  # nosec B308 B703 # see above: no user text reaches these cells
        "".join(
            f'<td class="num">{grid_number(v, language, i.decimals)}</td>'
            for v, i in zip(values, indicators, strict=True)
        )
    )


def _tally_row(row, language: str, labels: dict, statuses: dict) -> str:
    indicator, tally = row.indicator, row.tally
    code, decimals = escape(indicator.code), indicator.decimals
    value = "—" if tally is None else grid_number(tally.value, language, decimals)
    target = (
        ""
        if tally is None or tally.target is None
        else grid_number(tally.target, language, decimals)
    )
    progress = row.progress
    if progress is not None:
        bar = f"{row.bar:d}"
        status = (
            f'<div class="progress" role="progressbar" aria-valuenow="{bar}" '
            'aria-valuemin="0" aria-valuemax="100">'
            f'<div class="progress-bar bg-{escape(tally.status)}" data-width="{bar}"></div></div>'
            f'<div class="small">{grid_number(progress, language, 1)}% · '
            f"{statuses.get(tally.status) or escape(tally.status)}</div>"
        )
    elif tally is not None and tally.status:
        label = statuses.get(tally.status) or escape(tally.status)
        status = f'<div class="small">{label}</div>'
    else:
        status = ""
    reported = (
        f"{escape(localize(tally.reported))}/{escape(localize(tally.expected))}" if tally else ""
    )
    return (
        f'<tr data-code="{code}">'
        f'<td class="tally-name"><span class="text-muted small">{code}</span> '
        f"{escape(indicator.name)} "
        f'<span class="text-muted small">({escape(indicator.unit_of_measure)})</span></td>'
        f'<td class="num tally-value" data-label="{labels["value"]}">{value}</td>'
        f'<td class="num" data-label="{labels["target"]}">{target}</td>'
        f"<td>{status}</td>"
        f'<td class="num" data-label="{labels["reported"]}">{reported}</td>'
        "</tr>"
    )


@register.filter
def tally_rows(rows: list) -> str:
    """The indicator table's `<tr>` per row of a dashboard (`dashboard.Row`): code, name,
    unit of measure, value, target, progress bar with its status, reported/expected.

    Written in one pass rather than through `{% for %}`: 50 rows with their progress
    bars were about a third of a dashboard's first view after a roll-up (docs/
    BENCHMARKS.md, fifth round). The markup is the former template's, which a test holds
    equal row for row; every text an administrator typed goes through escape()."""
    language = get_language() or "vi"
    labels = {
        key: escape(gettext(text))
        for key, text in (("value", "Value"), ("target", "Target"), ("reported", "Reported"))
    }
    # Each status's label once, not get_status_display() on every row.
    statuses = {value: escape(label) for value, label in TallyStatus.choices}
    # Each piece above was escaped where it was interpolated.
    return mark_safe(  # nosec B308 B703 # escaped above
        "\n".join(_tally_row(row, language, labels, statuses) for row in rows)
    )
