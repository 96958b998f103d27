"""The report form's rows rendered in one pass (campaigns.report_form_rows) are the
markup the template wrote: held equal, row for row, to that template (kept here as
the reference) for plain, typed-in, invalid, warned, yes/no, locked and hostile rows."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from campaigns.forms import ReportForm
from campaigns.models import Indicator
from campaigns.report_form_rows import report_rows_html
from campaigns.reporting import FormRow

# The rows of campaigns/report_form.html before they were rendered in one pass.
REFERENCE = Template(
    (Path(__file__).parent.parent / "fixtures" / "report_rows_reference.html").read_text()
)


def _indicator(pk, **kw):
    fields = {
        "code": f"CT{pk}",
        "name": f"Chỉ tiêu {pk}",
        "unit_of_measure": "tỷ đồng",
        "value_kind": "number",
        "time_aggregation": "flow",
        "decimals": 1,
    }
    return Indicator(pk=pk, **{**fields, **kw})


def _rows():
    return [
        FormRow(
            _indicator(1),
            value=Decimal("1234.5"),
            target=Decimal("2000"),
            so_far=Decimal("9876.54"),
        ),
        FormRow(
            _indicator(2, value_kind="yes_no", decimals=0, unit_of_measure=""), value=Decimal(1)
        ),
        FormRow(
            _indicator(3, time_aggregation="stock"),
            value=Decimal("5"),
            previous=Decimal("7.25"),
            note='giảm do "sáp nhập" <b>',
        ),
        FormRow(
            _indicator(
                4, code='<script>alert("x")</script>', name="Thu & chi <i>", unit_of_measure="%"
            ),
            value=None,
        ),
    ]


def _normalised(html) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def _reference(form, rows, locked) -> str:
    items = [
        {
            "row": row,
            "value": form.value_field(row),
            "note": form.note_field(row),
            "warning": getattr(form, "warnings", {}).get(row.indicator.pk),
        }
        for row in rows
    ]
    return _normalised(REFERENCE.render(Context({"rows": items, "locked": locked})))


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("locked", [None, "Kỳ báo cáo đã khoá."])
def test_the_rows_are_the_templates_markup_for_an_unbound_form(language, locked):
    rows = _rows()
    with translation.override(language):
        form = ReportForm(rows=rows, language=language)
        assert form.warnings  # the stock indicator that went down
        assert _normalised(report_rows_html(form, rows, locked)) == _reference(form, rows, locked)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rows_are_the_templates_markup_for_a_refused_submission(language):
    """Typed values come back as typed, with each row's errors and warnings."""
    rows = _rows()
    data = {
        "value_1": "12,3,4",
        "note_1": "",
        "value_2": "2",
        "note_2": "<b>không</b>",
        "value_3": "3",
        "note_3": "",
        "value_4": '"><script>',
        "note_4": "x" * 10,
    }
    with translation.override(language):
        form = ReportForm(data, rows=rows, language=language, submit=True)
        assert not form.is_valid()
        assert form["value_1"].errors and form["note_3"].errors
        html = report_rows_html(form, rows, None)
        assert _normalised(html) == _reference(form, rows, None)
        assert "<script>" not in html and "&lt;b&gt;không&lt;/b&gt;" in html
