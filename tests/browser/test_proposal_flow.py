"""In Chromium, on a freshly loaded demo: the ward's admin proposes the nominee its
council passed for the province's Bằng khen up to the province, records the sending and
then the province's decision; the award is in the person's history (issue 18)."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from awards.models import CouncilSession, DecisionRecipient, Proposal
from tools.demo import data, proposals_demo
from tools.demo.services import demo_load

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_passed_nominee_is_proposed_sent_and_decided(live_server, browser, settings):
    settings.DEBUG = True  # the demo's accounts sign in only while the demo runs
    demo_load()
    session = CouncilSession.objects.get(name__contains="phường đợt 2")
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, live_server.url, "admin.mc1", data.DEMO_PASSWORD)
        page.goto(f"{live_server.url}/awards/proposals/")
        assert fits_the_screen(page)
        start = page.get_by_test_id("proposal-start")
        start.locator("select[name=session]").select_option(str(session.pk))
        start.locator("button").click()
        form = page.get_by_test_id("proposal-form")
        assert form.get_by_label(proposals_demo.WARD_NOMINEE[1], exact=False).is_checked()
        form.locator("select[name=authority]").select_option(
            label=("Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh")
        )
        form.locator("input[name=number]").fill("31")
        form.locator("input[name=summary]").fill(
            "Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh"
        )
        form.locator("input[name=signer_name]").fill("Phạm Văn Tuấn")
        form.locator("button[type=submit]").click()
        expect(page.get_by_test_id("proposal-status")).to_have_text(re.compile(r"^Dự thảo"))
        proposal = Proposal.objects.get(organiser__code=data.WARD[0])
        with page.expect_download() as download:
            page.get_by_test_id("proposal-documents").locator("a.btn-primary").click()
        assert download.value.suggested_filename.startswith("de-nghi-khen-thuong-")
        send = page.get_by_test_id("send-form")
        send.locator("select[name=channel]").select_option("e_office")
        send.locator("input[name=reference]").fill("VB-31")
        send.locator("button[type=submit]").click()
        expect(page.get_by_test_id("proposal-status")).to_have_text(re.compile(r"^Đã gửi"))
        page.get_by_test_id("decide-link").click()
        decide = page.get_by_test_id("decide-form")
        decide.locator("input[name=number]").fill("4321")
        decide.locator("input[name=summary]").fill("Về việc tặng Bằng khen")
        decide.locator("input[name=signer_name]").fill("Trần Quốc Bảo")
        assert fits_the_screen(page)
        decide.locator("button[type=submit]").click()
        expect(page.get_by_test_id("proposal-status")).to_have_text(re.compile(r"^Đã quyết định"))
        expect(page.get_by_test_id("proposal-decision")).to_contain_text("4321/QĐ-UBND")
        history = page.get_by_test_id("proposal-history").inner_text()
        assert "Đã gửi" in history and "Đã quyết định" in history
    finally:
        context.close()
    proposal.refresh_from_db()
    assert proposal.decision.decided_on == timezone.localdate()
    recipient = DecisionRecipient.objects.get(decision=proposal.decision)
    assert recipient.person.full_name == proposals_demo.WARD_NOMINEE[1]
