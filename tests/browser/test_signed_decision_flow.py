"""In Chromium, on a freshly loaded demo (issue 18): the admin issues the draft decision
with the number and date from the register, downloads its PDF, has it signed (here, by
pyHanko in the test, with certificates made in the test), uploads it, sees the signer;
an altered copy is refused. The demo's own signed decision shows its signer."""

import pytest
from playwright.sync_api import expect

from awards.models import Decision, DecisionPdf, TrustedCertificate
from tests import pki
from tools.demo import data, live, signed_decision
from tools.demo.services import demo_load

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_admin_issues_with_the_register_number_and_uploads_the_signed_pdf(
    live_server, browser, settings, tmp_path
):
    settings.DEBUG = True  # the demo's accounts sign in only while the demo runs
    demo_load()
    keys = pki.pki()
    for name, identity in (("Test Root CA", keys.root), ("Test Signing CA", keys.intermediate)):
        row = TrustedCertificate(name=name, pem=identity.pem)
        row.full_clean()
        row.save()
    draft = Decision.objects.get(summary=live.DECISION_SUMMARY)
    assert draft.number is None
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        sign_in(page, live_server.url, "admin", data.DEMO_PASSWORD)
        page.goto(f"{live_server.url}/awards/decisions/{draft.pk}/")
        issue = page.get_by_test_id("issue-form")
        assert "không tự tính số" in page.get_by_test_id("register-manual").inner_text()
        # The number the register gave the demo's other decision is refused.
        issue.locator("#id_number").fill(str(signed_decision.REGISTER_NUMBER))
        issue.locator("#id_password").fill(data.DEMO_PASSWORD)
        issue.get_by_role("button", name="Ban hành").click()
        taken = f"đã là quyết định {signed_decision.REGISTER_NUMBER}/QĐ-UBND"
        expect(page.get_by_text(taken, exact=False).first).to_be_visible()
        assert page.get_by_test_id("decision-status").inner_text() == "Nháp"
        issue = page.get_by_test_id("issue-form")
        issue.locator("#id_number").fill("2850")
        issue.locator("#id_password").fill(data.DEMO_PASSWORD)
        issue.get_by_role("button", name="Ban hành").click()
        expect(page.get_by_test_id("decision-status")).to_have_text("Đã ban hành")
        expect(page.locator("h1")).to_contain_text("2850/QĐ-UBND")
        page.screenshot(path=str(tmp_path / "issued.png"), full_page=True)
        with page.expect_download() as download:
            page.get_by_test_id("decision-pdf").click()
        download.value.save_as(tmp_path / "qd.pdf")
        issued = (tmp_path / "qd.pdf").read_bytes()
        assert issued == bytes(DecisionPdf.objects.get(decision=draft).issued_pdf)
        # An altered copy first: refused, nothing kept.
        (tmp_path / "altered.pdf").write_bytes(pki.altered_then_signed(issued, keys.official))
        page.get_by_test_id("signed-upload").locator("input[type=file]").set_input_files(
            str(tmp_path / "altered.pdf")
        )
        page.get_by_role("button", name="Xác minh và lưu").click()
        expect(page.get_by_text("không được chấp nhận").first).to_be_visible()
        assert not DecisionPdf.objects.get(decision=draft).is_signed
        # The right one.
        (tmp_path / "signed.pdf").write_bytes(pki.sign(issued, keys.official))
        page.get_by_test_id("signed-upload").locator("input[type=file]").set_input_files(
            str(tmp_path / "signed.pdf")
        )
        page.get_by_role("button", name="Xác minh và lưu").click()
        signer = page.get_by_test_id("signer")
        assert "Lê Văn Chính" in signer.inner_text()
        expect(page.get_by_test_id("signed-pdf")).to_be_visible()
        # On a phone the page fits the screen.
        page.set_viewport_size(PHONE)
        assert fits_the_screen(page)
        demo = Decision.objects.get(summary=signed_decision.SUMMARY)
        page.goto(f"{live_server.url}/awards/decisions/{demo.pk}/")
        assert "(DEMO)" in page.get_by_test_id("signer").inner_text()
        assert fits_the_screen(page)
    finally:
        context.close()
