"""A unit's own system files its report through the API: the form's rules, locks, version
check and messages (vi or en), and nothing saved when it is refused."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from campaigns.models import Report, ReportStatus
from tests.factories import AssignmentFactory, CampaignIndicatorFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

IN_PERIOD = dt.datetime(2023, 3, 16, 9, tzinfo=dt.UTC)  # before the deadline (19/03)
LOCKED = dt.datetime(2023, 4, 10, 9, tzinfo=dt.UTC)  # after the lock date (03/04)


def url(unit, period):
    return f"/api/v1/units/{unit.pk}/periods/{period.pk}/report/"


def body(indicator, value, *, version=None, submit=False, note="", highlights=""):
    return {
        "version": version,
        "submit": submit,
        "highlights": highlights,
        "values": [{"indicator": indicator.code, "value": value, "note": note}],
    }


@pytest.fixture
def indicator(campaign_indicator):
    indicator = campaign_indicator.indicator
    indicator.decimals = 2
    indicator.save()
    return indicator


@time_machine.travel(IN_PERIOD)
def test_secretary_saves_a_draft_then_submits(as_token, secretary_a, unit_a, period, indicator):
    api = as_token(secretary_a)
    form = api.get(url(unit_a, period)).json()
    assert form["version"] is None and form["locked"] is None
    assert [row["indicator"] for row in form["rows"]] == [indicator.code]
    saved = api.put(url(unit_a, period), body(indicator, "1234.5", highlights="Hiến máu"))
    assert saved.status_code == 200, saved.json()
    assert saved.json()["detail"] == "Đã lưu nháp."
    report = Report.objects.get(unit=unit_a, period=period)
    assert report.status == ReportStatus.DRAFT
    assert report.values.get().value == Decimal("1234.5")
    change = report.changes.get(kind="value")
    assert (change.user, change.new) == (secretary_a, "1234.5")
    version = saved.json()["version"]
    assert version == report.version
    submitted = api.put(url(unit_a, period), body(indicator, 1300, version=version, submit=True))
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["locked"]  # submitted: waits for the council's review
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.values.get().value == 1300


@time_machine.travel(IN_PERIOD)
def test_stale_version_gets_409_with_the_current_version(
    as_token, secretary_a, unit_a, period, indicator
):
    api = as_token(secretary_a)
    first = api.put(url(unit_a, period), body(indicator, 10)).json()
    other_system = as_token(secretary_a)
    assert (
        other_system.put(
            url(unit_a, period), body(indicator, 11, version=first["version"])
        ).status_code
        == 200
    )
    stale = api.put(url(unit_a, period), body(indicator, 12, version=first["version"]))
    assert stale.status_code == 409
    conflict = stale.json()
    report = Report.objects.get()
    assert conflict["current_version"] == report.version == first["version"] + 1
    assert conflict["report"]["values"] == [
        {"indicator": indicator.code, "value": "11.000000", "note": ""}
    ]
    assert conflict["detail"] == "Người khác đã lưu báo cáo này trong lúc bạn đang sửa"
    assert report.values.get().value == 11
    # A report created meanwhile by another system: a new one (version null) conflicts too.
    assert api.put(url(unit_a, period), body(indicator, 13)).status_code == 409


@time_machine.travel(LOCKED)
def test_locked_period_refuses_with_the_forms_message(
    as_token, secretary_a, unit_a, period, indicator
):
    response = as_token(secretary_a, "en").put(url(unit_a, period), body(indicator, 5))
    assert response.status_code == 423
    assert response.json() == {"detail": "The period was locked on 03/04/2023."}
    assert not Report.objects.exists()
    vi = as_token(secretary_a).put(url(unit_a, period), body(indicator, 5))
    assert vi.json()["detail"] == "Kỳ báo cáo đã khóa sổ ngày 03/04/2023."


@time_machine.travel(IN_PERIOD)
def test_the_forms_rules_and_messages_in_either_language(
    as_token, secretary_a, unit_a, campaign, period, indicator
):
    yes_no = IndicatorFactory(
        value_kind="yes_no", unit_aggregation="count_yes", unit_of_measure="có/không"
    )
    ci = CampaignIndicatorFactory(campaign=campaign, indicator=yes_no)
    AssignmentFactory(campaign_indicator=ci, unit=unit_a)
    payload = {
        "version": None,
        "submit": True,
        "values": [
            {"indicator": indicator.code, "value": "1.234"},  # 3 decimals, the indicator has 2
            {"indicator": yes_no.code, "value": 2},
            {"indicator": "no-such", "value": 1},
        ],
    }
    english = as_token(secretary_a, "en").put(url(unit_a, period), payload)
    assert english.status_code == 400
    errors = english.json()["errors"]
    assert english.json()["detail"] == "The report was not saved."
    assert "no-such is not an indicator of this report." in errors
    assert any(e.startswith(f"Row {yes_no.code}: Answer yes (1) or no (0).") for e in errors)
    assert any(e.startswith(f"Row {indicator.code}:") for e in errors)
    vietnamese = as_token(secretary_a, "vi").put(url(unit_a, period), payload).json()
    assert vietnamese["detail"] == "Báo cáo chưa được lưu."
    assert any(e.startswith(f"Dòng {yes_no.code}:") for e in vietnamese["errors"])
    # Submitting with an indicator left empty: the service's message.
    missing = as_token(secretary_a, "en").put(
        url(unit_a, period),
        {"version": None, "submit": True, "values": [{"indicator": indicator.code, "value": 1}]},
    )
    assert missing.status_code == 400
    expected = f"Fill in every indicator before submitting: {yes_no.code}."
    assert missing.json()["errors"] == [expected]
    assert not Report.objects.exists()


@time_machine.travel(IN_PERIOD)
def test_malformed_body_is_a_400_with_messages(as_token, secretary_a, unit_a, period, indicator):
    api = as_token(secretary_a, "en")
    for payload in (
        {"values": "x"},
        {"version": "abc", "values": []},
        {"version": None, "values": [{"indicator": indicator.code, "value": "NaN"}]},
        {"version": None, "values": [{"indicator": indicator.code, "value": "1e400"}]},
    ):
        response = api.put(url(unit_a, period), payload)
        assert response.status_code == 400, (payload, response.content)
        assert response.json()["errors"], payload
    assert not Report.objects.exists()


@time_machine.travel(IN_PERIOD)
def test_others_may_not_file_a_units_report(
    as_token, secretary_b, council_member, admin_user, unit_a, period, indicator
):
    for user in (secretary_b, council_member, admin_user):
        api = as_token(user)
        assert api.get(url(unit_a, period)).status_code == 404
        assert api.put(url(unit_a, period), body(indicator, 1)).status_code == 404
    assert not Report.objects.exists()
