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
