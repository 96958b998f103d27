"""In Chromium, on a freshly loaded demo: a secretary's first login finds the open month's
report to file, and files it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import Report
from tools.demo import data, live
from tools.demo.services import demo_load

from .conftest import fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretary_submits_the_open_months_report_on_a_fresh_demo(live_server, phone, settings):
    # The published demo password signs in only while DEBUG runs, as under `make run`.
    settings.DEBUG = True
    demo_load()
    period = (
        Report.objects.get(
            unit__code="phuong-mong-cai-1",
            period__campaign__code=live.campaign_code(timezone.localdate().year),
            status="draft",
        )
    ).period
    sign_in(phone, live_server.url, "thuky.mongcai1", data.DEMO_PASSWORD)
    todos = phone.locator("#todos")
    assert todos.get_by_text(period.deadline.strftime("%d/%m/%Y")).count() == 1
    assert fits_the_screen(phone)
    todos.get_by_role("link", name="Nhập báo cáo").click()
    # The draft kept the two figures already entered; the other two are missing.
    assert phone.get_by_label("LV-NS Thu ngân sách nhà nước trên địa bàn").input_value() != ""
    phone.get_by_label("LV-DN Doanh nghiệp thành lập mới").fill("7")
    phone.get_by_label("LV-KDL Lượt khách du lịch").fill("16.250")
    phone.get_by_role("button", name="Gửi Hội đồng").click()
    expect(phone.get_by_text("Báo cáo đã được gửi Hội đồng.")).to_be_visible()
    report = Report.objects.get(unit__code="phuong-mong-cai-1", period=period)
    assert report.status == "submitted"
    assert report.values.get(indicator__code="LV-KDL").value == 16250
    phone.goto(f"{live_server.url}/")
    assert (
        phone.locator("#todos")
        .get_by_text("Đơn vị của bạn không có báo cáo nào đến hạn.")
        .is_visible()
    )
