"""The grid's number cells say exactly what `floatformat:"-2"` said, faster."""

from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from campaigns.templatetags.dashboard_grid import grid_number, number_cells

FIGURES = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=6, allow_nan=False
)


@pytest.mark.parametrize("language", ["vi", "en"])
@given(value=FIGURES)
def test_a_cell_reads_as_floatformat_minus_two(language, value):
    with translation.override(language):
        assert grid_number(value, language) == floatformat(value, "-2")


def test_a_row_of_cells_with_a_missing_figure():
    with translation.override("vi"):
        html = number_cells([Decimal("1234.5"), None, Decimal("12")])
    assert html == ('<td class="num">1.234,50</td><td class="num">—</td><td class="num">12</td>')
