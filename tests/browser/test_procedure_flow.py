"""In Chromium, on a freshly loaded demo: the annual registration and the public
disclosure before the council (issue 17). The admin extends the province's deadline,
the secretary sees the reminder, registers the unit and exports the list; the admin
publishes the nominees, a member comments, the admin resolves it, and the council's
agenda shows the comment with the warning that the list is still open."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from awards.models import CouncilSession, DisclosureComment, Registration, RegistrationRound
from tools.demo import data
from tools.demo.services import demo_load

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _page(browser, viewport=PHONE):
    context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_registration_and_disclosure_before_the_council(live_server, browser, settings):
    settings.DEBUG = True  # the demo's accounts sign in only while the demo runs
    demo_load()
    today = timezone.localdate()
    round_ = RegistrationRound.objects.get(organiser__code=data.PROVINCE[0], year=today.year)
    deadline = today + dt.timedelta(days=5)

    # The admin extends the deadline that ended on 31 January.
    context, admin = _page(browser)
    sign_in(admin, live_server.url, "admin", data.DEMO_PASSWORD)
    admin.goto(f"{live_server.url}/awards/registration/?round={round_.pk}")
    assert "đã đóng" in admin.get_by_test_id("deadline").inner_text()
    form = admin.get_by_test_id("deadline-form")
    form.locator('input[name="deadline"]').fill(deadline.strftime("%d/%m/%Y"))
    form.get_by_role("button", name="Thay đổi hạn đăng ký").click()
    expect(admin.get_by_text("Đã thay đổi hạn đăng ký.")).to_be_visible()
    expect(admin.get_by_test_id("deadline")).to_contain_text("đang mở")

    # The secretary is reminded on the home page and registers the unit.
    context2, secretary = _page(browser)
    sign_in(secretary, live_server.url, "tk-phuong-mong-cai-2", data.DEMO_PASSWORD)
    reminder = secretary.get_by_test_id("todo-registration").first
    assert deadline.strftime("%d/%m/%Y") in reminder.inner_text()
    reminder.get_by_role("link", name="Đăng ký").click()
    # The registration page itself: a click returns before the next page has loaded.
    secretary.wait_for_url("**/awards/registration/**")
    assert fits_the_screen(secretary)
    form = secretary.get_by_test_id("register-form")
    form.locator('select[name="title"]').select_option(label="Tập thể lao động xuất sắc")
    form.locator('select[name="unit"]').select_option(label="Phường Móng Cái 2")
    form.get_by_role("button", name="Đăng ký").click()
    assert secretary.get_by_text(
        "Đã đăng ký Tập thể lao động xuất sắc cho Phường Móng Cái 2."
    ).is_visible()
    assert Registration.objects.filter(
        round=round_, title__code="tap-the-lao-dong-xuat-sac", collective__code="phuong-mong-cai-2"
    ).exists()
    # A second time is refused with the reason.
    form = secretary.get_by_test_id("register-form")
    form.locator('select[name="title"]').select_option(label="Tập thể lao động xuất sắc")
    form.locator('select[name="unit"]').select_option(label="Phường Móng Cái 2")
    form.get_by_role("button", name="Đăng ký").click()
    expect(secretary.get_by_text("đã đăng ký danh hiệu Tập thể lao động xuất sắc")).to_be_visible()
    with secretary.expect_download() as download:
        secretary.get_by_test_id("export").click()
    # Playwright keeps the download without its extension, which openpyxl refuses.
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    titles = [row[2] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "Tập thể lao động xuất sắc" in titles
    context2.close()

    # The admin publishes the year's nominees until the deadline.
    admin.goto(f"{live_server.url}/awards/disclosures/")
    form = admin.get_by_test_id("publish-form")
    form.locator('select[name="organiser"]').select_option(label="Tỉnh Quảng Ninh")
    form.locator('input[name="starts_on"]').fill(today.strftime("%d/%m/%Y"))
    form.locator('input[name="ends_on"]').fill(deadline.strftime("%d/%m/%Y"))
    form.locator("button[type=submit]").click()
    expect(admin.get_by_text("Đã công khai danh sách.")).to_be_visible()
    disclosure_url = admin.url

    # A member of a unit of the province comments, named.
    context3, member = _page(browser)
    sign_in(member, live_server.url, "tk-phuong-mong-cai-3", data.DEMO_PASSWORD)
    member.goto(disclosure_url)
    assert fits_the_screen(member)
    form = member.get_by_test_id("comment-form")
    form.locator('select[name="nomination"]').select_option(index=1)
    form.locator('textarea[name="text"]').fill("Đề nghị nêu rõ sáng kiến của cá nhân.")
    form.get_by_role("button", name="Gửi").click()
    expect(member.get_by_text("Đã gửi ý kiến.")).to_be_visible()
    context3.close()
    comment = DisclosureComment.objects.get(text="Đề nghị nêu rõ sáng kiến của cá nhân.")

    # The admin records how it was resolved, once.
    admin.goto(disclosure_url)
    resolve = admin.locator(f'form[action$="/comments/{comment.pk}/resolve/"]')
    resolve.locator('textarea[name="resolution"]').fill("Đơn vị đã bổ sung sáng kiến.")
    resolve.get_by_role("button", name="Ghi nhận kết quả xử lý").click()
    expect(admin.get_by_text("Đã ghi nhận kết quả xử lý.")).to_be_visible()
    comment.refresh_from_db()
    assert comment.resolved_by.username == "admin"
    context.close()

    # The council's agenda shows the comment and warns: the list is still open.
    session = CouncilSession.objects.get(status="open", organiser__code=data.PROVINCE[0])
    context4, chair = _page(browser)
    sign_in(chair, live_server.url, "hoidong", data.DEMO_PASSWORD)
    chair.goto(f"{live_server.url}/awards/sessions/{session.pk}/")
    agenda = chair.get_by_test_id("agenda")
    assert "Đề nghị nêu rõ sáng kiến của cá nhân." in agenda.inner_text()
    assert "Đơn vị đã bổ sung sáng kiến." in agenda.inner_text()
    expect(chair.get_by_test_id("disclosure-warning").first).to_be_visible()
    context4.close()
