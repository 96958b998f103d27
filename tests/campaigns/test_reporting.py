"""A secretary files the unit's report; the council approves or returns it."""

import datetime as dt
import re
import threading
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from campaigns.models import (
    LockException,
    Report,
    ReportChange,
    ReportValue,
    Tally,
)
from campaigns.services import lock_exception_open
from tests.factories import (
    AssignmentFactory,
    CampaignIndicatorFactory,
    IndicatorFactory,
    PeriodFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db

IN_PERIOD = dt.datetime(2023, 3, 16, 9, tzinfo=dt.UTC)  # before the deadline (19/03)
LATE = dt.datetime(2023, 3, 22, 9, tzinfo=dt.UTC)  # after the deadline, before the lock
LOCKED = dt.datetime(2023, 4, 10, 9, tzinfo=dt.UTC)  # after the lock date (03/04)


def edit_url(unit, period):
    return f"/campaigns/units/{unit.pk}/periods/{period.pk}/report/"


def field(indicator, kind="value"):
    return f"{kind}_{indicator.pk}"


@pytest.fixture
def indicator(campaign_indicator):
    indicator = campaign_indicator.indicator
    indicator.decimals = 2
    indicator.save()
    return indicator


def post(client, unit, period, indicator, value, action="save", version="", **extra):
    data = {
        field(indicator): value,
        field(indicator, "note"): "",
        "highlights": "",
        "version": version,
        "action": action,
    }
    data.update(extra)
    return client.post(edit_url(unit, period), data)


@time_machine.travel(IN_PERIOD)
def test_secretary_saves_a_draft_with_vietnamese_numbers(
    client, secretary_a, unit_a, period, indicator
):
    client.force_login(secretary_a)
    page = client.get(edit_url(unit_a, period))
    assert page.status_code == 200
    assert indicator.code in page.text
    response = post(client, unit_a, period, indicator, "1.234,5", highlights="Hiến máu")
    assert response.status_code == 302
    report = Report.objects.get(unit=unit_a, period=period)
    assert report.status == "draft"
    assert report.values.get().value == Decimal("1234.5")
    assert report.highlights == "Hiến máu"
    change = report.changes.get(kind="value")
    assert (change.subject, change.old, change.new, change.user) == (
        indicator.code,
        "",
        "1234.5",
        secretary_a,
    )
    # The form shows it back the Vietnamese way.
    assert 'value="1.234,5"' in client.get(edit_url(unit_a, period)).text


@time_machine.travel(IN_PERIOD)
def test_english_form_reads_english_numbers(client, secretary_a, unit_a, period, indicator):
    client.force_login(secretary_a)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    post(client, unit_a, period, indicator, "1,234.5")
    assert Report.objects.get().values.get().value == Decimal("1234.5")


@time_machine.travel(IN_PERIOD)
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,234.5", "không rõ nghĩa"),
        ("1.5", "nhóm ba chữ số"),
        ("-3", "không thể là số âm"),
        ("abc", "không phải là số"),
    ],
)
def test_bad_number_is_refused_with_row_and_reason_and_nothing_saved(
    client, secretary_a, unit_a, period, indicator, typed, message
):
    client.force_login(secretary_a)
    response = post(client, unit_a, period, indicator, typed)
    assert response.status_code == 200
    assert f"Dòng {indicator.code}:" in response.text
    assert message in response.text
    assert "Không có gì được lưu" in response.text
    assert not Report.objects.exists()


@time_machine.travel(IN_PERIOD)
def test_submit_needs_every_value(client, secretary_a, unit_a, period, campaign, indicator):
    second = CampaignIndicatorFactory(campaign=campaign)
    AssignmentFactory(campaign_indicator=second, unit=unit_a)
    client.force_login(secretary_a)
    response = post(client, unit_a, period, indicator, "5", action="submit")
    assert "Hãy nhập đủ các chỉ tiêu trước khi gửi" in response.text
    assert second.indicator.code in response.text
    assert not Report.objects.filter(status="submitted").exists()


@time_machine.travel(IN_PERIOD)
def test_a_submission_records_its_changes_in_one_insert_and_marks_the_report_in_its_own_save(
    client, secretary_a, unit_a, period, indicator
):
    client.force_login(secretary_a)
    post(client, unit_a, period, indicator, "5", highlights="Ra quân")
    version = str(Report.objects.get().version)
    with CaptureQueriesContext(connection) as captured:
        response = post(
            client, unit_a, period, indicator, "7", "submit", version, highlights="Hiến máu"
        )
    assert response.status_code == 302
    inserts = [q for q in captured if q["sql"].startswith('INSERT INTO "campaigns_reportchange"')]
    report_updates = [q for q in captured if q["sql"].startswith('UPDATE "campaigns_report" ')]
    assert len(inserts) == 1
    # The version's claim, then the report with its new status and waiting flag.
    assert len(report_updates) == 2 and '"rollup_pending" = true' in report_updates[1]["sql"]
    report = Report.objects.get()
    assert (report.status, report.rollup_pending) == ("submitted", True)
    history = list(
        report.changes.filter(at=report.submitted_at)
        .order_by("pk")
        .values_list("kind", "subject", "old", "new")
    )
    assert history == [
        ("value", indicator.code, "5", "7"),
        ("highlights", "highlights", "Ra quân", "Hiến máu"),
        ("status", "status", "draft", "submitted"),
    ]


@time_machine.travel(IN_PERIOD)
def test_submit_enqueues_exactly_one_roll_up_after_commit(
    client, secretary_a, unit_a, period, indicator, django_capture_on_commit_callbacks
):
    client.force_login(secretary_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post(client, unit_a, period, indicator, "7", action="submit")
    assert response.status_code == 302
    assert len(callbacks) == 1
    report = Report.objects.get()
    assert report.status == "submitted"
    assert not report.is_late
    detail = client.get(response["Location"])
    assert "Báo cáo đã được gửi Hội đồng" in detail.text
    # The roll-up ran (in-process here): the basis is approved reports, so
    # the submitted value is not counted yet, but the tallies are laid out.
    city = Tally.objects.get(node_kind="tree", indicator=indicator, period=period)
    assert (city.value, city.reported, city.expected) == (None, 0, 2)


@time_machine.travel(IN_PERIOD)
def test_a_failed_save_enqueues_nothing(
    client, secretary_a, unit_a, period, indicator, django_capture_on_commit_callbacks
):
    client.force_login(secretary_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post(client, unit_a, period, indicator, "abc", action="submit")
    assert callbacks == []


@time_machine.travel(LATE)
def test_late_submission_is_flagged_not_refused(client, secretary_a, unit_a, period, indicator):
    client.force_login(secretary_a)
    response = post(client, unit_a, period, indicator, "7", action="submit")
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == "submitted" and report.is_late
    assert "trễ hạn" in client.get(response["Location"]).text.lower()


def submitted(unit, period, indicator, value="7"):
    report = ReportFactory(
        unit=unit,
        period=period,
        status="submitted",
        submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC),
    )
    ReportValue.objects.create(report=report, indicator=indicator, value=Decimal(value))
    return report


@time_machine.travel(LATE)
def test_council_returns_with_a_comment_the_secretary_then_sees(
    client, council_member, secretary_a, unit_a, period, indicator
):
    report = submitted(unit_a, period, indicator)
    client.force_login(council_member)
    response = client.post(
        f"/campaigns/reports/{report.pk}/review/",
        {"action": "return", "comment": "Số lượt tham gia chưa khớp"},
        follow=True,
    )
    assert "Báo cáo đã được trả lại đơn vị" in response.text
    report.refresh_from_db()
    assert report.status == "returned"
    client.force_login(secretary_a)
    assert "Số lượt tham gia chưa khớp" in client.get(f"/campaigns/reports/{report.pk}/").text
    assert "Số lượt tham gia chưa khớp" in client.get(edit_url(unit_a, period)).text
    assert "Số lượt tham gia chưa khớp" in client.get("/").text
    # ... corrects and resubmits.
    page = client.get(edit_url(unit_a, period))
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    post(client, unit_a, period, indicator, "8", action="submit", version=version)
    report.refresh_from_db()
    assert report.status == "submitted"
    assert list(report.changes.filter(kind="status").values_list("old", "new")) == [
        ("returned", "submitted"),
        ("submitted", "returned"),
    ]


@time_machine.travel(LATE)
def test_returning_needs_a_comment(client, council_member, unit_a, period, indicator):
    report = submitted(unit_a, period, indicator)
    client.force_login(council_member)
    response = client.post(
        f"/campaigns/reports/{report.pk}/review/", {"action": "return", "comment": " "}, follow=True
    )
    assert "Hãy nêu lý do trả lại báo cáo" in response.text
    report.refresh_from_db()
    assert report.status == "submitted"


@time_machine.travel(LATE)
def test_approved_report_is_locked_for_the_secretary(
    client, council_member, secretary_a, unit_a, period, indicator
):
    report = submitted(unit_a, period, indicator)
    client.force_login(council_member)
    client.post(f"/campaigns/reports/{report.pk}/review/", {"action": "approve"})
    report.refresh_from_db()
    assert report.status == "approved"
    client.force_login(secretary_a)
    page = client.get(edit_url(unit_a, period))
    assert "Báo cáo đã được duyệt và khóa" in page.text
    post(client, unit_a, period, indicator, "99", version=str(report.version))
    assert report.values.get().value == 7


@time_machine.travel(LATE)
def test_secretaries_cannot_review(client, secretary_a, unit_a, period, indicator):
    report = submitted(unit_a, period, indicator)
    client.force_login(secretary_a)
    response = client.post(f"/campaigns/reports/{report.pk}/review/", {"action": "approve"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


@time_machine.travel(LOCKED)
def test_locked_period_refuses_changes_until_an_admin_opens_an_exception(
    client, secretary_a, admin_user, unit_a, period, indicator
):
    client.force_login(secretary_a)
    response = post(client, unit_a, period, indicator, "5")
    assert "Kỳ báo cáo đã khóa sổ ngày 03/04/2023" in response.text
    assert not Report.objects.exists()
    lock_exception_open(
        user=admin_user,
        unit=unit_a,
        period=period,
        reason="Đơn vị bổ sung số liệu",
        open_until=dt.date(2023, 4, 12),
    )
    assert post(client, unit_a, period, indicator, "5").status_code == 302
    assert Report.objects.get().values.get().value == 5
    assert LockException.objects.get().opened_by == admin_user


@time_machine.travel(IN_PERIOD)
def test_who_may_open_the_form(
    client, secretary_a, secretary_b, council_member, unit_a, unit_b, period, indicator
):
    assert client.get(edit_url(unit_a, period)).status_code == 302  # outsider → login
    client.force_login(secretary_b)
    assert client.get(edit_url(unit_a, period)).status_code == 404
    assert post(client, unit_a, period, indicator, "5").status_code == 404
    client.force_login(council_member)
    assert client.get(edit_url(unit_a, period)).status_code == 404
    assert not Report.objects.exists()


@time_machine.travel(IN_PERIOD)
def test_second_save_from_a_stale_form_gets_the_conflict_page(
    client, secretary_a, unit_a, period, indicator
):
    client.force_login(secretary_a)
    post(client, unit_a, period, indicator, "10")
    version = str(Report.objects.get().version)
    other = Client()
    other.force_login(secretary_a)
    assert post(other, unit_a, period, indicator, "11", version=version).status_code == 302
    response = post(client, unit_a, period, indicator, "12", version=version)
    assert response.status_code == 409
    assert "Người khác đã lưu báo cáo này" in response.text
    assert ">11,00<" in response.text and ">12,00<" in response.text
    assert Report.objects.get().values.get().value == 11


@time_machine.travel(IN_PERIOD)
def test_stock_going_down_needs_an_explanation(client, secretary_a, unit_a, campaign, period):
    stock = IndicatorFactory(time_aggregation="stock", unit_of_measure="doanh nghiệp")
    ci = CampaignIndicatorFactory(campaign=campaign, indicator=stock)
    AssignmentFactory(campaign_indicator=ci, unit=unit_a)
    earlier = PeriodFactory(
        campaign=campaign,
        starts_on=dt.date(2023, 1, 15),
        ends_on=dt.date(2023, 2, 14),
        deadline=dt.date(2023, 2, 19),
        locks_on=dt.date(2023, 3, 5),
    )
    submitted(unit_a, earlier, stock, "883")
    client.force_login(secretary_a)
    response = post(client, unit_a, period, stock, "870", action="submit")
    assert "Thấp hơn kỳ trước (883): hãy giải thích lý do" in response.text
    assert not Report.objects.filter(period=period).exists()
    response = post(
        client,
        unit_a,
        period,
        stock,
        "870",
        action="submit",
        **{field(stock, "note"): "3 doanh nghiệp giải thể"},
    )
    assert response.status_code == 302
    assert Report.objects.get(period=period).values.get().note == "3 doanh nghiệp giải thể"


@time_machine.travel(IN_PERIOD)
def test_outlier_is_a_warning_that_needs_a_comment(
    client, secretary_a, unit_a, campaign, period, indicator
):
    windows = [((2022, 10), (2022, 11)), ((2022, 11), (2022, 12)), ((2022, 12), (2023, 1))]
    for offset, ((y1, m1), (y2, m2)) in enumerate(windows):
        earlier = PeriodFactory(
            campaign=campaign,
            starts_on=dt.date(y1, m1, 15),
            ends_on=dt.date(y2, m2, 14),
            deadline=dt.date(y2, m2, 19),
            locks_on=dt.date(2023, 2, 1),
        )
        submitted(unit_a, earlier, indicator, str(100 + offset))
    client.force_login(secretary_a)
    draft = post(client, unit_a, period, indicator, "10.000")
    assert draft.status_code == 302  # a draft with a warning is kept
    page = client.get(edit_url(unit_a, period))
    assert "Khác xa số liệu thường ngày của đơn vị" in page.text
    version = str(Report.objects.get(period=period).version)
    refused = post(client, unit_a, period, indicator, "10.000", action="submit", version=version)
    assert refused.status_code == 200
    assert Report.objects.get(period=period).status == "draft"
    accepted = post(
        client,
        unit_a,
        period,
        indicator,
        "10.000",
        action="submit",
        version=version,
        **{field(indicator, "note"): "Đợt cao điểm"},
    )
    assert accepted.status_code == 302


def test_form_query_count_does_not_grow_with_indicators(
    client, secretary_a, unit_a, campaign, period, django_assert_max_num_queries
):
    counts = []
    for total in (5, 50):
        while campaign.indicators.count() < total:
            ci = CampaignIndicatorFactory(campaign=campaign)
            AssignmentFactory(campaign_indicator=ci, unit=unit_a)
        client.force_login(secretary_a)
        with time_machine.travel(IN_PERIOD), django_assert_max_num_queries(20) as captured:
            response = client.get(edit_url(unit_a, period))
        assert response.text.count('data-code="') == total
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_at_the_same_moment_never_overwrite_each_other(
    secretary_a, unit_a, period, indicator
):
    with time_machine.travel(IN_PERIOD):
        first = Client()
        first.force_login(secretary_a)
        post(first, unit_a, period, indicator, "10")
        version = str(Report.objects.get().version)
    results = []
    barrier = threading.Barrier(2)

    def save(value):
        client = Client()
        client.force_login(secretary_a)
        barrier.wait()
        with time_machine.travel(IN_PERIOD):
            results.append(
                (value, post(client, unit_a, period, indicator, value, version=version).status_code)
            )
        connection.close()

    threads = [threading.Thread(target=save, args=(v,)) for v in ("21", "22")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(code for _, code in results) == [302, 409]
    winner = next(value for value, code in results if code == 302)
    assert Report.objects.get().values.get().value == Decimal(winner)
    assert ReportChange.objects.filter(kind="value").count() == 2


@time_machine.travel(LATE)
@pytest.mark.parametrize(("action", "comment"), [("approve", ""), ("return", "Sửa lại")])
def test_approve_and_return_enqueue_one_roll_up_each(
    client,
    council_member,
    unit_a,
    period,
    indicator,
    action,
    comment,
    django_capture_on_commit_callbacks,
):
    report = submitted(unit_a, period, indicator)
    client.force_login(council_member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(
            f"/campaigns/reports/{report.pk}/review/", {"action": action, "comment": comment}
        )
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.rollup_pending is False


@time_machine.travel(IN_PERIOD)
def test_other_units_secretary_cannot_upload_a_template(
    client, secretary_b, unit_a, period, indicator
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(secretary_b)
    response = client.post(
        f"/campaigns/units/{unit_a.pk}/periods/{period.pk}/report/upload/",
        {"template": SimpleUploadedFile("x.xlsx", b"PK")},
    )
    assert response.status_code == 404
    assert not Report.objects.exists()


@time_machine.travel(IN_PERIOD)
def test_each_row_shows_the_units_own_target_the_previous_period_and_so_far(
    client, secretary_a, unit_a, unit_b, campaign, campaign_indicator, period, indicator
):
    """The unit's own target (not another unit's, nor the city's), the value of the
    period before and the sum so far; the draft's own value and note in the inputs."""
    from campaigns.models import Target

    flow = IndicatorFactory(unit_of_measure="hồ sơ", decimals=0)
    ci = CampaignIndicatorFactory(campaign=campaign, indicator=flow)
    AssignmentFactory(campaign_indicator=ci, unit=unit_a)
    Target.objects.create(campaign_indicator=ci, scope="unit", unit=unit_a, value=Decimal(1234))
    Target.objects.create(campaign_indicator=ci, scope="unit", unit=unit_b, value=Decimal(9876))
    Target.objects.create(campaign_indicator=ci, scope="city", value=Decimal(5555))
    months = (
        (dt.date(2022, 12, 15), dt.date(2023, 1, 14), "300"),
        (dt.date(2023, 1, 15), dt.date(2023, 2, 14), "450"),
    )
    for starts_on, ends_on, value in months:
        earlier = PeriodFactory(
            campaign=campaign,
            starts_on=starts_on,
            ends_on=ends_on,
            deadline=ends_on + dt.timedelta(days=5),
            locks_on=ends_on + dt.timedelta(days=20),
        )
        submitted(unit_a, earlier, flow, value)
    draft = ReportFactory(unit=unit_a, period=period)
    ReportValue.objects.create(report=draft, indicator=flow, value=Decimal(480), note="Tăng")
    client.force_login(secretary_a)
    page = client.get(edit_url(unit_a, period)).text
    row = re.search(rf'<tr data-code="{flow.code}">.*?</tr>', page, re.S)[0]
    cells = re.findall(r'<td class="num" data-label="[^"]*">([^<]*)</td>', row)
    assert cells == ["1.234", "450", "750"]
    assert f'name="value_{flow.pk}"' in row and 'value="480"' in row
    assert 'value="Tăng"' in row
    assert "9.876" not in row and "5.555" not in row
