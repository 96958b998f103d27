"""End to end in Chromium: a secretary files, the council returns; the dashboard follows."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import (
    TEST_PASSWORD,
    AssignmentFactory,
    CampaignIndicatorFactory,
    IndicatorFactory,
    MembershipFactory,
    PeriodFactory,
)

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PHONE_WIDTH = PHONE["width"]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def open_period(campaign):
    today = timezone.localdate()
    campaign.starts_on = today - dt.timedelta(days=60)
    campaign.ends_on = today + dt.timedelta(days=300)
    campaign.tally_basis = "submitted"
    campaign.save()
    return PeriodFactory(
        campaign=campaign,
        label="Tháng này",
        starts_on=today - dt.timedelta(days=20),
        ends_on=today - dt.timedelta(days=1),
        deadline=today + dt.timedelta(days=5),
        locks_on=today + dt.timedelta(days=20),
    )


@pytest.fixture
def blood(campaign, unit_a, unit_b):
    indicator = IndicatorFactory(
        code="YT02", name="Đơn vị máu thu được", unit_of_measure="đơn vị máu", decimals=1
    )
    ci = CampaignIndicatorFactory(campaign=campaign, indicator=indicator)
    AssignmentFactory(campaign_indicator=ci, unit=unit_a)
    AssignmentFactory(campaign_indicator=ci, unit=unit_b)
    return indicator


def test_secretary_files_with_vietnamese_numbers_and_a_pdf_council_returns_it(
    live_server,
    browser,
    phone,
    secretary_a,
    council_member,
    unit_a,
    open_period,
    blood,
    tmp_path,
):
    evidence = tmp_path / "bien-ban-hien-mau.pdf"
    evidence.write_bytes(PDF)
    sign_in(phone, live_server.url, "alice", TEST_PASSWORD)
    phone.get_by_test_id("todo-report").get_by_role("link", name="Nhập báo cáo").click()
    # On a phone each indicator is a card: its name, then the value and the explanation
    # after their names, both inside the screen (no sideways scrolling to explain a row).
    rows = phone.get_by_test_id("report-rows")
    assert rows.locator("tr").first.evaluate("r => getComputedStyle(r).display") == "block"
    assert rows.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
    row = rows.locator('tr[data-code="YT02"]')
    for label in ("Giá trị", "Giải trình"):
        cell = row.locator(f'td[data-label="{label}"]')
        box = cell.locator("input").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH, label
    # A figure the unit has none of (no target, no previous period) shows no line.
    empty = row.locator("td:empty")
    assert empty.count() > 0 and not any(cell.is_visible() for cell in empty.all())
    phone.screenshot(path=tmp_path / "report-form-phone.png")
    phone.get_by_label("YT02 Đơn vị máu thu được").fill("1.120,5")
    phone.get_by_role("button", name="Lưu nháp").click()
    expect(phone.get_by_text("Đã lưu nháp.")).to_be_visible()
    assert phone.get_by_label("YT02 Đơn vị máu thu được").input_value() == "1.120,5"
    # The file input reads in Vietnamese whatever the browser's language.
    picker = phone.locator(".file-picker", has=phone.locator("#evidence-files"))
    expect(picker).to_contain_text("Chọn tệp")
    expect(picker.locator(".file-picker-name")).to_have_text("Chưa chọn tệp nào")
    phone.set_input_files("#evidence-files", str(evidence))
    expect(picker.locator(".file-picker-name")).to_have_text("bien-ban-hien-mau.pdf")
    phone.get_by_role("button", name="Đính kèm").click()
    expect(phone.get_by_text("Đã đính kèm “bien-ban-hien-mau.pdf”")).to_be_visible()
    assert fits_the_screen(phone)
    phone.get_by_role("button", name="Gửi Hội đồng").click()
    expect(phone.get_by_text("Báo cáo đã được gửi Hội đồng.")).to_be_visible()

    council = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(council, live_server.url, "charlie", TEST_PASSWORD)
    council.goto(f"{live_server.url}/campaigns/reports/?status=submitted")
    council.get_by_role("link", name="Phường A").click()
    assert "1.120,5" in council.locator("table").first.inner_text()
    expect(council.get_by_role("link", name="bien-ban-hien-mau.pdf")).to_be_visible()
    council.get_by_label("Ý kiến gửi đơn vị").fill("Đề nghị bổ sung biên bản có chữ ký")
    council.get_by_role("button", name="Trả lại kèm ý kiến").click()
    expect(council.get_by_text("Báo cáo đã được trả lại đơn vị.")).to_be_visible()
    council.context.close()

    phone.goto(f"{live_server.url}/")
    expect(phone.get_by_text("Đề nghị bổ sung biên bản có chữ ký")).to_be_visible()
    phone.get_by_test_id("todo-report").get_by_role("link", name="Nhập báo cáo").click()
    comment = phone.get_by_test_id("return-comment")
    expect(comment).to_contain_text("Đề nghị bổ sung biên bản có chữ ký")


def test_council_drills_down_and_sees_a_tally_change_after_a_submission(
    live_server,
    browser,
    settings,
    secretary_a,
    council_member,
    unit_a,
    bloc,
    campaign,
    open_period,
    blood,
):
    settings.DASHBOARD_POLL_SECONDS = 1
    from campaigns.services import tally_recompute

    MembershipFactory(bloc=bloc, unit=unit_a, year=open_period.ends_on.year, role="head")
    tally_recompute(campaign=campaign)
    council = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    council.set_default_timeout(15_000)
    sign_in(council, live_server.url, "charlie", TEST_PASSWORD)
    council.goto(f"{live_server.url}/campaigns/{campaign.pk}/dashboard/?period={open_period.pk}")
    city_value = council.locator('[data-testid="tally-table"] tr[data-code="YT02"] .tally-value')
    assert city_value.inner_text().strip() == "—"

    # Drill down: city → bloc → unit → (no report yet), then back to the city.
    council.get_by_role("link", name="Khối thử").click()
    expect(council.get_by_role("heading", name="Khối thử")).to_be_visible()
    council.get_by_role("link", name="Phường A").click()
    expect(council.get_by_role("heading", name="Phường A")).to_be_visible()
    council.goto(f"{live_server.url}/campaigns/{campaign.pk}/dashboard/?period={open_period.pk}")

    secretary = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    sign_in(secretary, live_server.url, "alice", TEST_PASSWORD)
    secretary.get_by_test_id("todo-report").get_by_role("link", name="Nhập báo cáo").click()
    secretary.get_by_label("YT02 Đơn vị máu thu được").fill("560")
    secretary.get_by_role("button", name="Gửi Hội đồng").click()
    expect(secretary.get_by_text("Báo cáo đã được gửi Hội đồng.")).to_be_visible()
    secretary.context.close()

    # No reload: htmx swaps the tallies in when they land.
    council.wait_for_function(
        """() => document.querySelector('[data-testid="tally-table"] tr[data-code="YT02"]'
              + ' .tally-value').textContent.trim() === '560,0'"""
    )
    assert "Tạm tính" in council.content()

    # ... and the drill-down now ends at the report itself.
    council.get_by_role("link", name="Khối thử").click()
    council.get_by_role("link", name="Phường A").click()
    council.get_by_test_id("unit-reports").get_by_role("link", name="Tháng này").click()
    assert re.search(r"/campaigns/reports/\d+/$", council.url)
    assert "560,0" in council.locator("table").first.inner_text()
    council.context.close()
