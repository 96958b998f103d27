"""The dashboard's grids: a row of figures as table cells in one call.

A province's grid is 40 blocs × 50 indicators: through `{% for %}` and
`floatformat` each cell cost about 25 µs, a third of the first view after a
roll-up (docs/BENCHMARKS.md). Same output as `floatformat:"-2"` (two
decimals, half up, when the figure is not whole, none when it is; the
language's separators), through `mongcai.lib.numbers`; a hypothesis test
holds the two equal.
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from mongcai.lib.numbers import SEPARATORS

register = template.Library()

CENT = Decimal("0.01")
# Python's "1,234.5" into the language's: both marks swapped in one pass.
_MARKS = {
    language: str.maketrans({",": thousands, ".": decimal_mark})
    for language, (decimal_mark, thousands) in SEPARATORS.items()
}


def grid_number(value: Decimal | None, language: str) -> str:
    """Only digits, the language's two marks, a minus sign or "—": nothing to escape."""
    if value is None:
        return "—"
    marks = _MARKS.get(language[:2], _MARKS["vi"])
    if value == value.to_integral_value():
        number = int(value)
        return f"{number:,}".translate(marks)
    value = value.quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _dot, cents = f"{abs(value):f}".partition(".")
    return f"{sign}{int(whole):,}.{cents}".translate(marks)


@register.filter
def number_cells(values: list) -> str:
    """`<td class="num">…</td>` for each figure of a grid row (— when missing).

    Joined as plain strings, not through format_html: its escaping of 2,000
    cells that cannot hold markup was a third of the first view after a
    roll-up (docs/BENCHMARKS.md, fourth round)."""
    language = get_language() or "vi"
    # Each cell is grid_number's output: digits, marks, "-" or "—" only.
    return mark_safe(  # nosec B308 B703 # see above: no user text reaches these cells
        "".join(f'<td class="num">{grid_number(v, language)}</td>' for v in values)
    )


def _decimal(value, decimals: int) -> str:
    return escape(floatformat(value, decimals))


def _tally_row(row) -> str:
    indicator, tally = row.indicator, row.tally
    code, decimals = escape(indicator.code), indicator.decimals
    value = "—" if tally is None or tally.value is None else _decimal(tally.value, decimals)
    target = "" if tally is None or tally.target is None else _decimal(tally.target, decimals)
    progress = row.progress
    if progress is not None:
        bar = f"{row.bar:d}"
        status = (
            f'<div class="progress" role="progressbar" aria-valuenow="{bar}" '
            'aria-valuemin="0" aria-valuemax="100">'
            f'<div class="progress-bar bg-{escape(tally.status)}" data-width="{bar}"></div></div>'
            f'<div class="small">{_decimal(progress, 1)}% · '
            f"{escape(tally.get_status_display())}</div>"
        )
    elif tally is not None and tally.status:
        status = f'<div class="small">{escape(tally.get_status_display())}</div>'
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
        f'<td class="num tally-value">{value}</td>'
        f'<td class="num d-none d-md-table-cell">{target}</td>'
        f"<td>{status}</td>"
        f'<td class="num d-none d-md-table-cell">{reported}</td>'
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
    # Each piece above was escaped where it was interpolated.
    return mark_safe("\n".join(_tally_row(row) for row in rows))  # nosec B308 B703 # escaped above
