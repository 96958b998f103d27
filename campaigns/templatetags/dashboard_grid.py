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
from django.utils.html import format_html_join
from django.utils.translation import get_language

from mongcai.lib.numbers import format_decimal

register = template.Library()

CENT = Decimal("0.01")


def grid_number(value: Decimal | None, language: str) -> str:
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return format_decimal(value, language, decimals=0)
    return format_decimal(value.quantize(CENT, rounding=ROUND_HALF_UP), language, decimals=2)


@register.filter
def number_cells(values: list) -> str:
    """`<td class="num">…</td>` for each figure of a grid row (— when missing)."""
    language = get_language() or "vi"
    return format_html_join(
        "", '<td class="num">{}</td>', ((grid_number(v, language),) for v in values)
    )
