"""In Chromium, on a freshly loaded demo (issue 18): the admin moves a field of the ward's
Giấy khen blank on the calibration page, prints the test page, prints the ward's issued
decision's Giấy khen (its Lao động tiên tiến carry none), and a citizen who scans a
certificate's QR code reads on a phone what the decision confirms, and nothing more."""

import io

import pdfplumber
import pytest
from playwright.sync_api import expect

from awards.models import CertificateCheck, CertificateLayout, Decision
from tools.demo import data
from tools.demo.services import demo_load

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_admin_prints_certificates_and_anyone_checks_one(live_server, browser, settings):
    settings.DEBUG = True  # the demo's accounts sign in only while the demo runs
    demo_load()
    base = live_server.url
    decision = Decision.objects.get(authority__code="ct-ubnd-phuong-mong-cai-1", status="issued")
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = desk.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, "admin", data.DEMO_PASSWORD)

    # The blanks: the ward's Giấy khen is calibrated by the demo; move the name down 2 mm.
    page.goto(f"{base}/awards/certificates/")
    ward_row = page.get_by_test_id("layouts").locator("tr", has_text="Phường Móng Cái 1")
    ward_row.get_by_role("link").first.click()
    expect(page.get_by_test_id("preview")).to_be_visible()
    name_y = page.locator("#id_name_y")
    name_y.fill("90,0")
    page.get_by_role("button", name="Lưu hiệu chỉnh").click()
    expect(page.get_by_text("đã được hiệu chỉnh")).to_be_visible()
    layout = CertificateLayout.objects.get(organiser__code=data.WARD[0], kind="giay_khen")
    assert layout.fields["name"]["y"] == 90.0
    # A box off the page is refused with the reason, nothing saved.
    page.locator("#id_name_x").fill("280")
    page.get_by_role("button", name="Lưu hiệu chỉnh").click()
    expect(page.get_by_test_id("form-errors")).to_contain_text("không vừa trang")
    layout.refresh_from_db()
    assert layout.fields["name"]["x"] != 280
    test_print = page.get_by_test_id("test-print").get_attribute("href")
    response = page.request.get(f"{base}{test_print}")
    assert response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        assert "Họ tên người được khen" in pdf.pages[0].extract_text()

    # The ward's decision of the load day: two Giấy khen print, four Lao động tiên tiến do not.
    page.goto(f"{base}/awards/decisions/{decision.pk}/")
    button = page.get_by_test_id("certificates").get_by_role("link", name="In 2 × Giấy khen (PDF)")
    response = page.request.get(f"{base}{button.get_attribute('href')}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as pdf:
        assert len(pdf.pages) == 2
        first = pdf.pages[0].extract_text()
    desk.close()
    check = CertificateCheck.objects.filter(recipient__decision=decision).order_by("pk").first()
    name = check.recipient.person.full_name
    assert name in first

    # Anyone, on a phone, without signing in: the QR code's page.
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    citizen = phone.new_page()
    citizen.goto(f"{base}/awards/check/{check.token}/")
    assert citizen.get_by_test_id("check-name").inner_text() == name
    expect(citizen.get_by_test_id("check-valid")).to_be_visible()
    body = citizen.locator("main").inner_text() if citizen.locator("main").count() else ""
    body = body or citizen.inner_text("body")
    assert check.recipient.achievement not in body
    assert str(check.recipient.person.birth_year or "no-year") not in body
    assert fits_the_screen(citizen)
    wrong = citizen.goto(f"{base}/awards/check/{'x' * 22}/")
    assert wrong.status == 404
    phone.close()
