"""The Excel template: download, fill, upload; validated like the form."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from campaigns.models import Report, ReportValue
from tests.factories import AssignmentFactory, CampaignIndicatorFactory, PeriodFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def during_the_period():
    with time_machine.travel(dt.datetime(2023, 3, 16, tzinfo=dt.UTC)):
        yield


@pytest.fixture
def two_indicators(campaign, campaign_indicator, unit_a):
    second = CampaignIndicatorFactory(campaign=campaign, order=2)
    second.indicator.decimals = 1
    second.indicator.save()
    AssignmentFactory(campaign_indicator=second, unit=unit_a)
    return [campaign_indicator.indicator, second.indicator]


def url(unit, period, suffix):
    return f"/campaigns/units/{unit.pk}/periods/{period.pk}/{suffix}"


def download(client, unit, period):
    response = client.get(url(unit, period, "report.xlsx"))
    assert response["Content-Type"] == XLSX
    return load_workbook(BytesIO(response.content))


def upload(client, unit, period, book):
    buffer = BytesIO()
    book.save(buffer)
    return client.post(
        url(unit, period, "report/upload/"),
        {"template": SimpleUploadedFile("bao-cao.xlsx", buffer.getvalue(), content_type=XLSX)},
        follow=True,
    )


def rows_by_code(sheet):
    return {row[0].value: row for row in sheet.iter_rows(min_row=6) if row[0].value}


def test_template_is_prefilled_with_the_unit_period_and_indicators(
    client, secretary_a, unit_a, period, two_indicators
):
    report = Report.objects.create(unit=unit_a, period=period, highlights="Nổi bật")
    ReportValue.objects.create(report=report, indicator=two_indicators[0], value=Decimal(9548))
    client.force_login(secretary_a)
    sheet = download(client, unit_a, period).worksheets[0]
    assert sheet["A1"].value == "Phường A"
    assert "Tháng 03/2023" in sheet["A2"].value
    assert [c.value for c in sheet[5]] == ["Mã", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Giải trình"]
    rows = rows_by_code(sheet)
    assert rows[two_indicators[0].code][3].value == 9548
    assert rows[two_indicators[1].code][3].value is None


def test_filled_template_fills_the_draft_and_round_trips_exactly(
    client, secretary_a, unit_a, period, two_indicators
):
    client.force_login(secretary_a)
    book = download(client, unit_a, period)
    rows = rows_by_code(book.worksheets[0])
    rows[two_indicators[0].code][3].value = 1120
    rows[two_indicators[1].code][3].value = "1.234,5"  # typed as text, the Vietnamese way
    rows[two_indicators[1].code][4].value = "Theo số liệu của Trung tâm Y tế"
    response = upload(client, unit_a, period, book)
    assert "Đã điền bản nháp từ tệp" in response.text
    report = Report.objects.get()
    values = {rv.indicator_id: rv for rv in report.values.all()}
    assert values[two_indicators[0].pk].value == 1120
    assert values[two_indicators[1].pk].value == Decimal("1234.5")
    assert values[two_indicators[1].pk].note == "Theo số liệu của Trung tâm Y tế"
    # Download again and upload unchanged: nothing changes, nothing is recorded.
    changes = report.changes.count()
    upload(client, unit_a, period, download(client, unit_a, period))
    report.refresh_from_db()
    assert report.changes.count() == changes
    assert {rv.indicator_id: rv.value for rv in report.values.all()} == {
        two_indicators[0].pk: Decimal(1120),
        two_indicators[1].pk: Decimal("1234.5"),
    }


def test_one_bad_row_saves_nothing_and_errors_name_the_row(
    client, secretary_a, unit_a, period, two_indicators
):
    client.force_login(secretary_a)
    book = download(client, unit_a, period)
    rows = rows_by_code(book.worksheets[0])
    rows[two_indicators[0].code][3].value = 5
    rows[two_indicators[1].code][3].value = -2
    response = upload(client, unit_a, period, book)
    assert f"Dòng {two_indicators[1].code}: Số liệu không thể là số âm" in response.text
    assert "Không có số liệu nào trong tệp được lưu" in response.text
    assert not Report.objects.exists()


def test_a_template_of_another_period_or_unit_is_refused(
    client, secretary_a, unit_a, unit_b, campaign, period, two_indicators
):
    other_period = PeriodFactory(
        campaign=campaign,
        starts_on=dt.date(2023, 1, 15),
        ends_on=dt.date(2023, 2, 14),
        deadline=dt.date(2023, 2, 19),
        locks_on=dt.date(2023, 3, 31),
    )
    secretary_a.units.add(unit_b)
    client.force_login(secretary_a)
    wrong_period = download(client, unit_a, other_period)
    assert "kỳ báo cáo khác" in upload(client, unit_a, period, wrong_period).text
    wrong_unit = download(client, unit_b, period)
    assert "đơn vị khác" in upload(client, unit_a, period, wrong_unit).text
    assert not Report.objects.exists()


def test_an_unknown_row_or_a_missing_row_is_refused(
    client, secretary_a, unit_a, period, two_indicators
):
    client.force_login(secretary_a)
    book = download(client, unit_a, period)
    rows = rows_by_code(book.worksheets[0])
    rows[two_indicators[1].code][0].value = "ZZ99"
    response = upload(client, unit_a, period, book)
    assert "“ZZ99” không phải là chỉ tiêu của báo cáo này" in response.text
    assert f"Thiếu dòng của chỉ tiêu {two_indicators[1].code}" in response.text
    assert not Report.objects.exists()


def test_not_a_template(client, secretary_a, unit_a, period, two_indicators):
    client.force_login(secretary_a)
    response = client.post(
        url(unit_a, period, "report/upload/"),
        {"template": SimpleUploadedFile("x.xlsx", b"not excel")},
        follow=True,
    )
    assert "không phải là mẫu báo cáo của phần mềm này" in response.text


def test_other_units_template_is_404(client, secretary_b, unit_a, period, two_indicators):
    client.force_login(secretary_b)
    assert client.get(url(unit_a, period, "report.xlsx")).status_code == 404
