"""In Chromium, on a freshly loaded demo: the province's council holds the session the
demo leaves open (attendance, three members vote by secret ballot, closing), downloads
the minutes, and the admin puts the passed nominees into the draft decision (issue 17)."""

import pytest
from playwright.sync_api import expect

from awards.models import AgendaItem, BallotCast, CouncilSession, Decision
from tools.demo import data, live
from tools.demo.services import demo_load

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _page(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _vote(browser, base_url, username, session, choices):
    context, page = _page(browser)
    try:
        sign_in(page, base_url, username, data.DEMO_PASSWORD)
        page.goto(f"{base_url}/awards/sessions/{session.pk}/")
        ballot = page.get_by_test_id("ballot-form")
        for item, choice in zip(session.items.order_by("order"), choices, strict=True):
            ballot.locator(f'input[name="item_{item.pk}"][value="{choice}"]').check()
        ballot.get_by_role("button", name="Bỏ phiếu").click()
        expect(page.get_by_text("Đã bỏ phiếu (2 trường hợp).")).to_be_visible()
        expect(page.get_by_test_id("voted")).to_be_visible()
    finally:
        context.close()


def test_the_council_holds_its_session_and_the_admin_decides(live_server, browser, settings):
    settings.DEBUG = True  # the demo's accounts sign in only while the demo runs
    demo_load()
    session = CouncilSession.objects.get(status="open")
    context, chair = _page(browser)
    sign_in(chair, live_server.url, "hoidong", data.DEMO_PASSWORD)
    chair.goto(f"{live_server.url}/awards/sessions/")
    chair.get_by_role("link", name=session.name).click()
    # The quorum is not met until the attendance is recorded (waits for the session's page).
    expect(chair.get_by_test_id("quorum")).to_contain_text("không đủ")
    assert fits_the_screen(chair)
    attendance = chair.get_by_test_id("attendance-form")
    for name in ("Thành viên Hội đồng", "Phó Chủ tịch Hội đồng tỉnh", "Ủy viên Hội đồng tỉnh"):
        attendance.get_by_label(name, exact=True).check()
    attendance.get_by_role("button", name="Ghi nhận thành viên có mặt").click()
    expect(chair.get_by_test_id("quorum")).to_contain_text("3/3 thành viên có mặt")
    # Three members vote: the first nominee is agreed by all, the second by one.
    _vote(browser, live_server.url, "hoidong", session, ("agree", "agree"))
    _vote(browser, live_server.url, "hoidong.tinh2", session, ("agree", "disagree"))
    _vote(browser, live_server.url, "hoidong.tinh3", session, ("agree", "disagree"))
    assert BallotCast.objects.filter(item__session=session).count() == 6
    chair.reload()
    chair.get_by_label("Kết luận của phiên họp").fill("Thống nhất kết quả kiểm phiếu.")
    chair.get_by_role("button", name="Kết thúc phiên họp").click()
    expect(chair.get_by_text("Phiên họp đã kết thúc: biên bản đã sẵn sàng.")).to_be_visible()
    results = chair.get_by_test_id("result").all_inner_texts()
    assert [r.splitlines()[0] for r in results] == ["Đạt", "Không đạt"]
    with chair.expect_download() as download:
        chair.get_by_role("link", name="Biên bản họp (DOCX)").click()
    assert download.value.suggested_filename.startswith("bien-ban-hop-")
    context.close()
    # The admin's draft decision offers the passed nominee, not the other.
    passed, failed = (
        AgendaItem.objects.filter(session=session).order_by("order").select_related("nomination")
    )
    decision = Decision.objects.get(summary=live.DECISION_SUMMARY)
    context, admin = _page(browser)
    sign_in(admin, live_server.url, "admin", data.DEMO_PASSWORD)
    admin.goto(f"{live_server.url}/awards/decisions/{decision.pk}/")
    form = admin.get_by_test_id("add-nominations")
    assert form.locator(f"#nom-{passed.nomination_id}").is_checked()
    assert form.locator(f"#nom-{failed.nomination_id}").count() == 0
    # Only this session's nominee: the demo's other passed nominee (Chiến sĩ thi đua toàn
    # quốc) is outside the authority of the decision and would refuse the whole batch.
    offered = form.locator('input[id^="nom-"]').evaluate_all("boxes => boxes.map(b => b.id)")
    for box_id in offered:
        if box_id != f"nom-{passed.nomination_id}":
            form.locator(f"#{box_id}").uncheck()
    form.get_by_role("button", name="Đưa vào quyết định").click()
    expect(admin.get_by_text("Đã thêm").first).to_be_visible()
    assert decision.recipients.filter(nomination=passed.nomination).exists()
    assert not decision.recipients.filter(nomination=failed.nomination).exists()
    context.close()
