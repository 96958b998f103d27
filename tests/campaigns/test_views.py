import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine

from campaigns.models import ReportValue
from tests.factories import (
    AssignmentFactory,
    IndicatorFactory,
    PeriodFactory,
    ReportFactory,
    SubmittedReportFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGES = ["/", "/campaigns/", "/campaigns/reports/", "/blocs/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_requires_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


def test_outsider_cannot_open_a_report(client, report_a):
    response = client.get(f"/campaigns/reports/{report_a.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_secretary_opens_own_units_report(client, secretary_a, report_a):
    ReportValue.objects.create(
        report=report_a,
        indicator=report_a.period.campaign.indicators.get().indicator,
        value=Decimal("9548"),
    )
    client.force_login(secretary_a)
    response = client.get(f"/campaigns/reports/{report_a.pk}/")
    assert response.status_code == 200
    assert "Phường A" in response.text
    assert "9.548" in response.text


def test_the_reports_history_reads_as_labels_and_vietnamese_numbers(client, secretary_a, report_a):
    """The record keeps codes ("status", "draft", "14500"); the page shows what they
    mean: the status's label, the figures as 14.500 and 12,5, no "status" subject."""
    from campaigns.models import ChangeKind, ReportChange

    at = dt.datetime(2026, 12, 6, 9, tzinfo=dt.UTC)
    for kind, subject, old, new in (
        (ChangeKind.STATUS, "status", "draft", "submitted"),
        (ChangeKind.VALUE, "KT02", "14500", "12.5"),
        (ChangeKind.EXCEPTION, "lock", "", "2026-12-20"),
    ):
        ReportChange.objects.create(
            report=report_a, user=secretary_a, at=at, kind=kind, subject=subject, old=old, new=new
        )
    client.force_login(secretary_a)
    page = client.get(f"/campaigns/reports/{report_a.pk}/").text
    history = page[page.index('data-testid="history"') :]
    assert "Đã gửi" in history and "Nháp" in history
    assert ">draft<" not in history and ">submitted<" not in history
    assert "status" not in history
    assert "14.500" in history and "12,5" in history and "KT02" in history
    assert "20/12/2026" in history and "2026-12-20" not in history


def test_secretary_cannot_open_other_units_report(client, secretary_a, report_b):
    client.force_login(secretary_a)
    response = client.get(f"/campaigns/reports/{report_b.pk}/")
    assert response.status_code == 404


def test_secretary_guessing_a_missing_id_gets_the_same_404(client, secretary_a, report_b):
    client.force_login(secretary_a)
    assert client.get("/campaigns/reports/999999/").status_code == 404


def test_bloc_head_still_reads_only_own_units_reports(client, bloc_head, report_b):
    # Heading the bloc gives scoring rights (blocs issue), not other units' reports.
    client.force_login(bloc_head)
    assert client.get(f"/campaigns/reports/{report_b.pk}/").status_code == 404


@pytest.mark.parametrize("actor", ["council_member", "admin_user"])
def test_council_and_admin_open_any_report(client, request, actor, report_a, report_b):
    client.force_login(request.getfixturevalue(actor))
    for report in (report_a, report_b):
        response = client.get(f"/campaigns/reports/{report.pk}/")
        assert response.status_code == 200
        assert report.unit.name in response.text


def test_inactive_user_sees_nothing(client, secretary_a, report_a):
    client.force_login(secretary_a)
    secretary_a.is_active = False
    secretary_a.save()
    response = client.get(f"/campaigns/reports/{report_a.pk}/")
    assert response.status_code == 302


def test_report_list_shows_only_own_units_for_a_secretary(client, secretary_a, report_a, report_b):
    client.force_login(secretary_a)
    response = client.get("/campaigns/reports/")
    assert "Phường A" in response.text
    assert "Xã B" not in response.text


def test_report_list_offers_only_the_periods_of_campaigns_the_user_reads(
    client, secretary_a, council_member, report_a, period
):
    """The period filter names no period of another organiser's campaign."""
    PeriodFactory(label="Kỳ của tổ chức khác")  # a campaign of a new organiser
    for user in (secretary_a, council_member):
        client.force_login(user)
        page = client.get("/campaigns/reports/").text
        assert f">{period.label}</option>" in page
        assert "Kỳ của tổ chức khác" not in page


def test_report_list_filters_by_status(client, council_member, report_a, unit_b, period):
    SubmittedReportFactory(unit=unit_b, period=period)
    client.force_login(council_member)
    response = client.get("/campaigns/reports/?status=submitted")
    assert "Xã B" in response.text
    assert f'href="/campaigns/reports/{report_a.pk}/"' not in response.text
    assert "1 báo cáo" in response.text


def test_report_list_ignores_malformed_filters(client, council_member, report_a):
    client.force_login(council_member)
    response = client.get("/campaigns/reports/?period=abc&unit=-1&status=bogus&page=x")
    assert response.status_code == 200
    assert "Phường A" in response.text


def test_report_list_query_count_is_constant(
    client, council_member, campaign, django_assert_max_num_queries
):
    periods = [PeriodFactory(campaign=campaign) for _ in range(3)]
    for _ in range(40):
        unit = UnitFactory(parent=campaign.organiser)
        for period in periods:
            ReportFactory(unit=unit, period=period)
    client.force_login(council_member)
    # 9: the council member's session loads the device that passed its second factor.
    with django_assert_max_num_queries(9):
        response = client.get("/campaigns/reports/")
    assert response.context["page"].paginator.count == 120
    assert len(re.findall(r'href="/campaigns/reports/\d+/"', response.text)) == 50


def test_campaign_page_shows_contents_indicators_and_periods(
    client, secretary_a, campaign, campaign_indicator, period
):
    campaign.contents.create(order=1, title="Nâng cao hiệu quả thu hút đầu tư")
    campaign_indicator.targets.create(scope="city", value=Decimal("1120"))
    client.force_login(secretary_a)
    response = client.get(f"/campaigns/{campaign.pk}/")
    assert response.status_code == 200
    assert "Nâng cao hiệu quả thu hút đầu tư" in response.text
    assert campaign_indicator.indicator.name in response.text
    assert "1.120" in response.text
    # The organiser-wide target is named after the organiser's kind; on a phone each
    # indicator is a card whose cells carry their column's name.
    assert '<th class="num">Kế hoạch toàn thành phố</th>' in response.text
    assert 'data-label="Kế hoạch toàn thành phố">1.120</td>' in response.text
    assert "26/10/2022" in response.text
    assert "Tháng 03/2023" in response.text


def test_a_campaign_without_contents_says_so_not_as_a_numbered_item(client, secretary_a, campaign):
    client.force_login(secretary_a)
    text = client.get(f"/campaigns/{campaign.pk}/").text
    assert '<p class="text-muted" data-testid="no-contents">Chưa có.</p>' in text
    assert '<li class="text-muted">' not in text


def test_outsider_cannot_open_a_campaign(client, campaign):
    response = client.get(f"/campaigns/{campaign.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_campaign_pages_query_count_is_constant(
    client, secretary_a, campaign, django_assert_max_num_queries
):
    for number in range(1, 4):
        campaign.contents.create(order=number, title=f"Nội dung {number}")
    for _ in range(30):
        ci = campaign.indicators.create(indicator=IndicatorFactory())
        ci.targets.create(scope="city", value=Decimal("100"))
    for _ in range(12):
        PeriodFactory(campaign=campaign)
    client.force_login(secretary_a)
    with django_assert_max_num_queries(10):
        response = client.get(f"/campaigns/{campaign.pk}/")
    assert response.text.count('data-label="Kế hoạch toàn thành phố">100</td>') == 30
    with django_assert_max_num_queries(6):
        response = client.get("/campaigns/")
    assert "30 chỉ tiêu" in response.text


def test_missing_campaign_is_404(client, secretary_a):
    client.force_login(secretary_a)
    assert client.get("/campaigns/424242/").status_code == 404


class TestHome:
    @time_machine.travel(dt.datetime(2023, 3, 20, 9, tzinfo=dt.UTC))
    def test_secretary_sees_own_open_periods_and_statuses(
        self, client, secretary_a, report_a, report_b
    ):
        client.force_login(secretary_a)
        response = client.get("/")
        text = response.text
        assert "Thư ký đơn vị" in text
        assert "Phường A" in text
        assert "Xã B" not in text
        assert "Tháng 03/2023" in text
        assert "Nháp" in text
        rows = response.context["open_rows"]
        assert [row["unit"] for row in rows] == [report_a.unit]

    @time_machine.travel(dt.datetime(2023, 3, 20, 9, tzinfo=dt.UTC))
    def test_secretary_sees_days_late_and_not_started(self, client, secretary_a, campaign):
        period = PeriodFactory(
            campaign=campaign,
            label="Tháng 02/2023",
            starts_on=dt.date(2023, 1, 15),
            ends_on=dt.date(2023, 2, 14),
            deadline=dt.date(2023, 3, 17),
            locks_on=dt.date(2023, 4, 1),
        )
        AssignmentFactory(campaign_indicator__campaign=campaign, unit=secretary_a.units.get())
        client.force_login(secretary_a)
        response = client.get("/")
        assert "3 ngày trễ hạn" in response.text
        assert "Chưa bắt đầu" in response.text
        assert response.context["open_rows"][0]["period"] == period

    def test_secretary_home_query_count_is_constant(
        self, client, campaign, django_assert_max_num_queries
    ):
        units = [UnitFactory() for _ in range(5)]
        user = UserFactory(units=units)
        indicator = IndicatorFactory()
        ci = campaign.indicators.create(indicator=indicator)
        periods = [PeriodFactory(campaign=campaign) for _ in range(6)]
        for unit in units:
            AssignmentFactory(campaign_indicator=ci, unit=unit)
            for period in periods:
                ReportFactory(unit=unit, period=period)
        client.force_login(user)
        # 10 for the periods and reports, 3 for the covenants waiting (blocs tasks),
        # 1 for the to-do card's permission to propose, 2 for the registration reminder
        # (the secretary's units, the open rounds), 1 for the dossiers to confirm.
        with django_assert_max_num_queries(17):
            response = client.get("/")
        assert len(response.context["open_rows"]) + len(response.context["past_rows"]) == 30

    def test_council_home_shows_counts_and_campaigns(
        self, client, council_member, report_a, unit_b, period
    ):
        SubmittedReportFactory(unit=unit_b, period=period)
        client.force_login(council_member)
        response = client.get("/")
        assert "Hội đồng Thi đua - Khen thưởng" in response.text
        assert response.context["status_counts"] == {
            "draft": 1,
            "submitted": 1,
            "returned": 0,
            "approved": 0,
        }
        assert report_a.period.campaign.name in response.text
        assert "Báo cáo chờ xem xét" in response.text

    def test_admin_home_shows_management_entry_points(self, client, admin_user, campaign):
        client.force_login(admin_user)
        response = client.get("/")
        assert "/admin/blocs/unit/" in response.text
        assert "/admin/accounts/user/" in response.text
        assert campaign.name in response.text


@time_machine.travel(dt.datetime(2023, 3, 20, 9, tzinfo=dt.UTC))
def test_bloc_head_is_told_on_the_home_page(client, bloc_head, report_a):
    client.force_login(bloc_head)
    response = client.get("/")
    assert "Phường A là Trưởng khối của Khối thử năm 2023." in response.text


@time_machine.travel(dt.datetime(2023, 3, 20, 9, tzinfo=dt.UTC))
def test_plain_member_is_not_called_head(client, secretary_b, report_b):
    client.force_login(secretary_b)
    response = client.get("/")
    assert "Trưởng khối" not in response.text


@time_machine.travel(dt.datetime(2023, 3, 20, 9, tzinfo=dt.UTC))
def test_secretary_home_lists_only_the_periods_units_report_on(
    client, secretary_a, report_a, campaign
):
    PeriodFactory(
        campaign=campaign,
        kind="quarter",
        label="Quý 1/2023",
        starts_on=dt.date(2022, 12, 15),
        ends_on=dt.date(2023, 3, 14),
        deadline=dt.date(2023, 3, 19),
        locks_on=dt.date(2023, 4, 3),
    )
    client.force_login(secretary_a)
    response = client.get("/")
    assert "Tháng 03/2023" in response.text
    assert "Quý 1/2023" not in response.text


@pytest.mark.parametrize("actor", ["council_member", "admin_user"])
def test_council_and_admin_home_query_count_is_constant(
    client, request, actor, campaign, django_assert_max_num_queries
):
    period = PeriodFactory(campaign=campaign)
    for _ in range(50):
        ReportFactory(unit=UnitFactory(parent=campaign.organiser), period=period)
    client.force_login(request.getfixturevalue(actor))
    # 8, and the to-do card: reports and nominations waiting (council), drafts (admin).
    with django_assert_max_num_queries(10):
        response = client.get("/")
    assert response.context["status_counts"]["draft"] == 50
