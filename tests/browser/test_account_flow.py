"""In Chromium: the admin invites, the invited person sets a password from the e-mail,
signs in for the first time and sets up the second factor; a lockout and its unlock."""

import base64
import re

import pytest
from django.conf import settings
from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import expect

from mongcai.accounts.models import User
from tests.factories import TEST_PASSWORD

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Hai-Hoa-thang-12"


def code_from(page) -> str:
    """What the phone's authenticator shows, from the key typed off the page."""
    secret = page.get_by_test_id("secret").inner_text().replace(" ", "")
    return f"{TOTP(base64.b32decode(secret)).token():06d}"


def link_from(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def open_link(page, base_url: str, link: str):
    page.goto(base_url + "/" + link.split("://", 1)[1].split("/", 1)[1])


def test_invitation_first_sign_in_and_enrolment(
    live_server, browser, phone, admin_user, unit_a, unit_b
):
    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    admin.set_default_timeout(15_000)
    sign_in(admin, live_server.url, "dana", TEST_PASSWORD)
    admin.goto(f"{live_server.url}/users/invite/")
    admin.get_by_label("Phường A").check()
    admin.get_by_role("button", name="Tiếp tục").click()
    rows = admin.get_by_test_id("invite-rows")
    rows.get_by_label("Họ và tên").fill("Trần Thị Hoa")
    rows.get_by_label("Thư điện tử").fill("hoa@phuong-a.gov.vn")
    rows.get_by_role("button", name="Gửi lời mời").click()
    expect(admin.get_by_text("1 lời mời đã được gửi.")).to_be_visible()
    row = admin.locator('tr[data-account="hoa@phuong-a.gov.vn"]')
    expect(row.get_by_text("Lời mời chưa dùng")).to_be_visible()
    # A council member, who must use a second factor.
    admin.goto(f"{live_server.url}/users/invite/")
    form = admin.locator("form[action='/users/invite/person/']")
    form.get_by_label("Họ và tên").fill("Vũ Văn Hải")
    form.get_by_label("Thư điện tử").fill("hai@mongcai.gov.vn")
    form.get_by_label("Vai trò").select_option("council")
    form.get_by_role("button", name="Gửi lời mời").click()
    assert [m.to for m in mail.outbox] == [["hoa@phuong-a.gov.vn"], ["hai@mongcai.gov.vn"]]

    # The secretary, on a phone: the link, a password that passes the rules, first sign-in.
    open_link(phone, live_server.url, link_from(mail.outbox[0]))
    expect(phone.get_by_text("Tên đăng nhập của bạn là hoa@phuong-a.gov.vn")).to_be_visible()
    phone.locator("#id_new_password1").fill("12345678")
    phone.locator("#id_new_password2").fill("12345678")
    phone.get_by_role("button", name="Đặt mật khẩu").click()
    expect(phone.get_by_text("Mật khẩu này quá phổ biến.")).to_be_visible()
    phone.locator("#id_new_password1").fill(PASSWORD)
    phone.locator("#id_new_password2").fill(PASSWORD)
    phone.get_by_role("button", name="Đặt mật khẩu").click()
    assert "/login/" in phone.url
    sign_in(phone, live_server.url, "hoa@phuong-a.gov.vn", PASSWORD)
    assert phone.url == f"{live_server.url}/"
    # Secretaries may turn the second factor on.
    phone.goto(f"{live_server.url}/account/")
    phone.get_by_role("link", name="Thiết lập xác thực hai lớp").click()
    expect(phone.get_by_test_id("qr").locator("svg")).to_be_visible()
    assert fits_the_screen(phone)
    phone.get_by_label("Mã ứng dụng hiển thị").fill(code_from(phone))
    phone.get_by_role("button", name="Xác nhận và xem mã khôi phục").click()
    assert phone.get_by_test_id("recovery-codes").locator("li").count() == 10
    assert fits_the_screen(phone)
    # The link was used: it does not work again.
    open_link(phone, live_server.url, link_from(mail.outbox[0]))
    expect(phone.get_by_test_id("link-invalid")).to_be_visible()

    # The council member must enrol at the first sign-in, before any page.
    council = browser.new_context(viewport=PHONE, is_mobile=True, locale="vi-VN").new_page()
    council.set_default_timeout(15_000)
    open_link(council, live_server.url, link_from(mail.outbox[1]))
    council.locator("#id_new_password1").fill(PASSWORD)
    council.locator("#id_new_password2").fill(PASSWORD)
    council.get_by_role("button", name="Đặt mật khẩu").click()
    sign_in(council, live_server.url, "hai@mongcai.gov.vn", PASSWORD)
    assert "/account/two-factor/" in council.url
    council.goto(f"{live_server.url}/campaigns/reports/")
    assert "/account/two-factor/" in council.url
    council.get_by_label("Mã ứng dụng hiển thị").fill(code_from(council))
    council.get_by_role("button", name="Xác nhận và xem mã khôi phục").click()
    codes = council.get_by_test_id("recovery-codes").locator("li").all_inner_texts()
    council.get_by_role("link", name="Tôi đã cất giữ: tiếp tục").click()
    assert council.url == f"{live_server.url}/campaigns/reports/"
    assert User.objects.get(username="hai@mongcai.gov.vn").has_second_factor

    # Next time, without the phone: a recovery code.
    council.context.clear_cookies()
    council.goto(f"{live_server.url}/")
    council.fill("#id_username", "hai@mongcai.gov.vn")
    council.fill("#id_password", PASSWORD)
    council.get_by_role("button", name="Đăng nhập").click()
    council.fill("#id_code", codes[0])
    council.get_by_role("button", name="Xác nhận").click()
    expect(council.get_by_text("còn 9 mã")).to_be_visible()

    # The admin sees both accounts, their last sign-in and second factor.
    admin.goto(f"{live_server.url}/users/")
    row = admin.locator('tr[data-account="hai@mongcai.gov.vn"]')
    assert row.get_by_test_id("second-factor").inner_text() == "Đang bật"


def test_lockout_and_unlock(live_server, browser, phone, secretary_a, admin_user):
    # Every browser here is 127.0.0.1: the admin's session is opened before the
    # address is locked (from another computer it would not be).
    admin = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    admin.set_default_timeout(15_000)
    sign_in(admin, live_server.url, "dana", TEST_PASSWORD)
    phone.goto(f"{live_server.url}/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        phone.fill("#id_username", "alice")
        phone.fill("#id_password", "doan-mo")
        phone.get_by_role("button", name="Đăng nhập").click()
        if phone.get_by_test_id("lockout").count():
            break
    lockout = phone.get_by_test_id("lockout")
    expect(lockout).to_be_visible()
    assert re.search(r"Thử lại sau \d\d:\d\d ngày \d\d/\d\d/\d{4}", lockout.inner_text())
    assert fits_the_screen(phone)
    # The right password is refused while the lock holds.
    sign_in(phone, live_server.url, "alice", TEST_PASSWORD)
    expect(phone.get_by_test_id("lockout")).to_be_visible()

    admin.goto(f"{live_server.url}/account/locks/")
    locks = admin.get_by_test_id("locks")
    expect(locks.get_by_text("alice")).to_be_visible()
    # Unlocking the account frees the address too when all its failures were alice's.
    while admin.get_by_test_id("locks").get_by_role("button", name="Mở khóa").count():
        admin.get_by_test_id("locks").get_by_role("button", name="Mở khóa").first.click()
    expect(admin.get_by_text("Không có gì bị khóa.")).to_be_visible()
    admin.goto(f"{live_server.url}/account/events/?kind=lockout")
    expect(admin.get_by_test_id("events").get_by_text("alice").first).to_be_visible()

    sign_in(phone, live_server.url, "alice", TEST_PASSWORD)
    assert phone.url == f"{live_server.url}/"
