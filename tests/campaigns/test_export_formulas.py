"""Names, notes and highlights typed by users never become formulas in the dashboard's
export or the report template, and the template still round-trips them exactly."""

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.models import Report, ReportValue
from campaigns.services import tally_recompute
from tests.spreadsheets import INJECTIONS, assert_no_formula

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def poisoned_names(campaign, campaign_indicator, unit_a):
    campaign.name = INJECTIONS[2]
    campaign.save()
    indicator = campaign_indicator.indicator
    indicator.name, indicator.unit_of_measure = INJECTIONS[0], INJECTIONS[4]
    indicator.save()
    unit_a.name = INJECTIONS[3]
    unit_a.save()
    return campaign


def test_dashboard_export_has_no_formula(
    client, council_member, poisoned_names, campaign_indicator, report_a
):
    ReportValue.objects.create(report=report_a, indicator=campaign_indicator.indicator, value=-5)
    Report.objects.filter(pk=report_a.pk).update(
        status="approved", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC)
    )
    tally_recompute(campaign=poisoned_names)
    client.force_login(council_member)
    response = client.get(
        f"/campaigns/{poisoned_names.pk}/dashboard/export/",
        {"node": f"tree:{poisoned_names.organiser_id}"},
    )
    rows = assert_no_formula(response.content)
    assert rows[0][0] == INJECTIONS[2]
    data = next(row for row in rows if row[1] == INJECTIONS[0])
    assert data[2] == INJECTIONS[4]
    assert data[3] == -5  # a negative number written as a number stays a number


@time_machine.travel(dt.datetime(2023, 3, 16, tzinfo=dt.UTC))
def test_report_template_keeps_typed_text_as_text_and_round_trips(
    client, secretary_a, poisoned_names, campaign_indicator, unit_a, period
):
    indicator = campaign_indicator.indicator
    report = Report.objects.create(unit=unit_a, period=period, highlights=INJECTIONS[2])
    ReportValue.objects.create(report=report, indicator=indicator, value=1, note=INJECTIONS[1])
    client.force_login(secretary_a)
    url = f"/campaigns/units/{unit_a.pk}/periods/{period.pk}/"
    content = client.get(url + "report.xlsx").content
    rows = assert_no_formula(content)
    assert rows[0][0] == INJECTIONS[3]
    line = next(row for row in rows if row[0] == indicator.code)
    assert (line[1], line[4]) == (INJECTIONS[0], INJECTIONS[1])
    # Uploaded back unchanged, the note and highlights are what the secretary typed.
    changes = report.changes.count()
    response = client.post(
        url + "report/upload/",
        {"template": SimpleUploadedFile("t.xlsx", content, content_type=XLSX)},
        follow=True,
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.highlights == INJECTIONS[2]
    assert report.values.get().note == INJECTIONS[1]
    assert report.changes.count() == changes
