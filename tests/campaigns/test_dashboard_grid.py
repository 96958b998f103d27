"""The grid's number cells say exactly what `floatformat` with the indicator's decimals
says, faster."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from campaigns.dashboard import Row
from campaigns.models import Indicator, Tally
from campaigns.templatetags.dashboard_grid import grid_number, number_cells, tally_rows

FIGURES = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=6, allow_nan=False
)


@pytest.mark.parametrize("language", ["vi", "en"])
@given(value=FIGURES, decimals=st.sampled_from([-2, 0, 1, 2, 3]))
def test_a_cell_reads_as_floatformat_with_the_decimals(language, value, decimals):
    with translation.override(language):
        assert grid_number(value, language, decimals) == floatformat(value, decimals)


def test_a_row_of_cells_has_each_indicators_decimals_and_a_dash_for_a_missing_figure():
    indicators = [Indicator(decimals=1), Indicator(decimals=2), Indicator(decimals=0)]
    with translation.override("vi"):
        html = number_cells([Decimal("1234.5"), None, Decimal("12.5")], indicators)
    assert html == ('<td class="num">1.234,5</td><td class="num">—</td><td class="num">13</td>')
    with translation.override("en"):
        html = number_cells([Decimal("12.4"), Decimal("-0.001"), Decimal(7)], indicators)
    assert html == ('<td class="num">12.4</td><td class="num">0.00</td><td class="num">7</td>')


# The indicator rows of campaigns/dashboard/_tallies.html before the tally_rows filter.
TALLY_REFERENCE = Template(
    (Path(__file__).parent.parent / "fixtures" / "tally_rows_reference.html").read_text()
)


def _normalised(html) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def _tally_rows():
    def indicator(pk, **kw):
        fields = {"code": f"CT{pk}", "name": f"Chỉ tiêu {pk}", "unit_of_measure": "tỷ đồng"}
        return Indicator(pk=pk, decimals=kw.pop("decimals", 1), **{**fields, **kw})

    def tally(**kw):
        return Tally(**{"reported": 1999, "expected": 2000, **kw})

    return [
        Row(
            indicator(1), tally(value=Decimal("12345.67"), target=Decimal("20000"), status="behind")
        ),
        Row(
            indicator(2, decimals=0),
            tally(value=Decimal(31), target=Decimal(30), status="exceeded"),
        ),
        Row(indicator(3), tally(value=Decimal(5), target=None, status="met")),
        Row(indicator(4), tally(value=None, target=Decimal(7), status="")),
        Row(indicator(5), tally(value=Decimal(0), target=Decimal(0), status="on_schedule")),
        Row(indicator(6), None),
        Row(indicator(7, code="<b>X</b>", name='Thu & "chi"', unit_of_measure="<i>%</i>"), None),
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_tally_rows_are_the_former_templates_markup(language):
    """Value, target, progress bar and status, reported/expected with the language's
    separators, a missing tally, and an administrator's markup in a name, escaped."""
    rows = _tally_rows()
    with translation.override(language):
        html = tally_rows(rows)
        reference = TALLY_REFERENCE.render(Context({"view": {"rows": rows}}))
    assert _normalised(html) == _normalised(reference)
    assert "<b>X</b>" not in html and "&lt;b&gt;X&lt;/b&gt;" in html
    assert ("1.999/2.000" if language == "vi" else "1,999/2,000") in html
