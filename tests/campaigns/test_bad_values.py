"""A figure no column or indicator can hold is refused, naming the row, in the
form, the Excel upload, the admin and the service; nothing is stored, and no
page answers 500 (campaigns.models.value_problem)."""

import datetime as dt
import re
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import Report, ReportChange, ReportValue
from campaigns.services import ValueInput, report_save

pytestmark = pytest.mark.django_db

IN_PERIOD = dt.datetime(2023, 3, 16, 9, tzinfo=dt.UTC)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (typed, the reason shown in Vietnamese)
TOO_BIG = [
    ("9" * 400, "có hơn 15 chữ số"),
    ("1" * 25, "có hơn 15 chữ số"),
    ("1.000.000.000.000.000", "có hơn 15 chữ số"),
    ("１２３", "có chữ số không phải 0–9"),
    ("١٢٣", "có chữ số không phải 0–9"),
    ("१२३", "có chữ số không phải 0–9"),
]


@pytest.fixture(autouse=True)
def during_the_period():
    with time_machine.travel(IN_PERIOD):
        yield


@pytest.fixture
def indicator(campaign_indicator):
    return campaign_indicator.indicator


def edit_url(unit, period):
    return f"/campaigns/units/{unit.pk}/periods/{period.pk}/report/"


@pytest.mark.parametrize(("typed", "reason"), TOO_BIG)
@pytest.mark.parametrize("action", ["save", "submit"])
def test_the_form_refuses_a_figure_past_15_digits_naming_the_row(
    client, secretary_a, unit_a, period, indicator, typed, reason, action
):
    client.force_login(secretary_a)
    response = client.post(
        edit_url(unit_a, period),
        {
            f"value_{indicator.pk}": typed,
            f"note_{indicator.pk}": "",
            "highlights": "",
            "version": "",
            "action": action,
        },
    )
    assert response.status_code == 200
    assert f"Dòng {indicator.code}:" in response.text
    assert reason in response.text
    assert not ReportValue.objects.exists()
    assert not Report.objects.exists()


def test_the_largest_figure_is_stored_exactly_and_every_page_shows_it(
    client, secretary_a, council_member, unit_a, period, indicator, campaign
):
    client.force_login(secretary_a)
    response = client.post(
        edit_url(unit_a, period),
        {
            f"value_{indicator.pk}": "999.999.999.999.999",
            f"note_{indicator.pk}": "",
            "highlights": "",
            "version": "",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.values.get().value == Decimal("999999999999999")
    assert client.get(edit_url(unit_a, period)).status_code == 200
    assert client.get(f"{edit_url(unit_a, period)[:-1]}.xlsx").status_code == 200
    client.force_login(council_member)
    client.post(f"/campaigns/reports/{report.pk}/review/", {"action": "approve"})
    for url in (
        f"/campaigns/reports/{report.pk}/",
        f"/campaigns/{campaign.pk}/dashboard/",
        f"/campaigns/{campaign.pk}/dashboard/units/{unit_a.pk}/",
        f"/campaigns/{campaign.pk}/dashboard/export/?node=tree:{campaign.organiser_id}",
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "value", [Decimal("1e15"), Decimal("1e400"), Decimal("Infinity"), Decimal("NaN"), Decimal(-1)]
)
def test_the_service_refuses_what_the_form_would(secretary_a, unit_a, period, indicator, value):
    with pytest.raises(ValidationError) as refused:
        report_save(
            user=secretary_a,
            unit=unit_a,
            period=period,
            inputs=[ValueInput(indicator=indicator, value=value)],
            highlights="",
            version=None,
            submit=False,
        )
    assert refused.value.messages[0].startswith(f"Dòng {indicator.code}:")
    assert not Report.objects.exists()


def test_the_admin_refuses_what_the_form_would(client, admin_user, report_a, indicator):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/campaigns/report/{report_a.pk}/change/",
        {
            "unit": report_a.unit_id,
            "period": report_a.period_id,
            "highlights": "",
            "values-TOTAL_FORMS": "1",
            "values-INITIAL_FORMS": "0",
            "values-0-report": report_a.pk,
            "values-0-indicator": indicator.pk,
            "values-0-value": "1000000000000000",
            "values-0-note": "",
        },
    )
    assert response.status_code == 200
    assert "tối đa 15 chữ số" in response.text
    assert not ReportValue.objects.exists()
    assert not ReportChange.objects.exists()


def with_value_cell(content: bytes, xml: str) -> bytes:
    """The template with cell D6 (the first value) written as the raw XML given:
    what any spreadsheet program may store, beyond what openpyxl writes."""
    source, target = zipfile.ZipFile(BytesIO(content)), BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(
                    rb'<c r="D6"([^>]*?)(/>|></c>)', f'<c r="D6"\\1>{xml}</c>'.encode(), data
                )
                assert count == 1
            out.writestr(item, data)
    return target.getvalue()


@pytest.mark.parametrize(
    "cell",
    [
        "<v>" + "9" * 400 + "</v>",
        "<v>" + "9" * 5000 + "</v>",  # past what int() reads
        "<v>NaN</v>",
        "<v>1E+400</v>",  # Infinity as a float
        "<v>1" + "0" * 24 + "</v>",
        "<v>123.5</v>",  # not rounded to the indicator's 0 decimals
        "<v>-4</v>",
    ],
)
def test_an_uploaded_template_with_a_figure_no_column_holds_saves_nothing(
    client, secretary_a, unit_a, period, indicator, cell
):
    client.force_login(secretary_a)
    template = client.get(f"{edit_url(unit_a, period)[:-1]}.xlsx")
    content = with_value_cell(template.content, cell)
    response = client.post(
        f"{edit_url(unit_a, period)}upload/",
        {"template": SimpleUploadedFile("bao-cao.xlsx", content, content_type=XLSX)},
        follow=True,
    )
    assert response.status_code == 200
    assert "Không có số liệu nào trong tệp được lưu." in response.text
    assert not ReportValue.objects.exists()


def test_float_noise_from_excel_is_rounded_to_the_indicators_decimals(
    client, secretary_a, unit_a, period, indicator
):
    client.force_login(secretary_a)
    template = client.get(f"{edit_url(unit_a, period)[:-1]}.xlsx")
    content = with_value_cell(template.content, "<v>1120.0000000000002</v>")
    client.post(
        f"{edit_url(unit_a, period)}upload/",
        {"template": SimpleUploadedFile("bao-cao.xlsx", content, content_type=XLSX)},
    )
    assert ReportValue.objects.get().value == 1120


@pytest.mark.parametrize(
    ("field", "text", "reason"),
    [
        ("note", "Giảm do\x1b[2J sáp nhập", "ký tự điều khiển"),
        ("note", "x" * 20_001, "Tối đa 20.000 ký tự"),
        ("highlights", "Hiến máu\u202e", "ký tự điều khiển"),
    ],
)
def test_text_with_control_characters_or_too_long_is_refused(
    client, secretary_a, unit_a, period, indicator, field, text, reason
):
    client.force_login(secretary_a)
    data = {
        f"value_{indicator.pk}": "5",
        f"note_{indicator.pk}": "",
        "highlights": "",
        "version": "",
        "action": "save",
    }
    data[f"note_{indicator.pk}" if field == "note" else "highlights"] = text
    response = client.post(edit_url(unit_a, period), data)
    assert response.status_code == 200
    assert reason in response.text
    assert not Report.objects.exists()
