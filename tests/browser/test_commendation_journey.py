"""In Chromium, on a freshly loaded demo, the commendation procedure as one journey
(issue 17, docs/awards.md): the secretary of Phường Móng Cái 1 registers a person for
Chiến sĩ thi đua cơ sở in January; in November drafts the dossier from the year's
reports (a figure equals the tally and its link opens the source), the unit's head
confirms it; the admin publishes the list for six days, a member comments, the admin
resolves it; once the disclosure has ended the council records three members present,
the three vote each in their own browser, the session closes and its minutes download;
the admin puts the passed nominee into the decision and the failed one is not offered.
One phone-width screenshot per step."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from docx import Document
from playwright.sync_api import expect

from awards.models import (
    AgendaItem,
    BallotCast,
    CouncilSession,
    Decision,
    DisclosureComment,
    Dossier,
    FigureSource,
    Nomination,
    Registration,
)
from campaigns.models import Tally, TimeAggregation
from tools.demo import data, live
from tools.demo.services import demo_load

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path("/work/research/shots-journey17")


def _page(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _shot(page, name):
    if SHOTS.is_dir():
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _docx_text(raw: bytes) -> str:
    document = Document(io.BytesIO(raw))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _vote(browser, base_url, username, session, choices, step):
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
        _shot(page, step)
    finally:
        context.close()


def test_the_commendation_procedure_as_one_journey(live_server, browser, settings):
    settings.DEBUG = True  # the demo's accounts sign in only while the demo runs
    # The browser runs on the real clock: a session cookie does not expire in "January".
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    demo_load()
    today = timezone.localdate()
    nomination = Nomination.objects.get(person__full_name="Trần Văn Hải")
    person = nomination.person

    # January: the secretary registers the person for Chiến sĩ thi đua cơ sở.
    with time_machine.travel(dt.datetime(today.year, 1, 15, 9, tzinfo=dt.UTC), tick=True):
        context, secretary = _page(browser)
        sign_in(secretary, live_server.url, "thuky.mongcai1", data.DEMO_PASSWORD)
        secretary.goto(f"{live_server.url}/awards/registration/")
        assert "đang mở" in secretary.get_by_test_id("deadline").inner_text()
        form = secretary.get_by_test_id("register-form")
        form.locator('select[name="title"]').select_option(label="Chiến sĩ thi đua cơ sở")
        form.locator('select[name="person"]').select_option(value=str(person.pk))
        form.get_by_role("button", name="Đăng ký").click()
        expect(secretary.get_by_text("Đã đăng ký Chiến sĩ thi đua cơ sở")).to_be_visible()
        assert fits_the_screen(secretary)
        _shot(secretary, "01-january-registration")
        context.close()
    registration = Registration.objects.get(person=person, title__code="chien-si-thi-dua-co-so")
    assert timezone.localtime(registration.registered_at).month == 1

    # November (or two weeks ago, early in a year): the dossier drafted from the year's
    # reports, confirmed by the head; the list published for six days, commented on and
    # the comment resolved. The council sits today, once the disclosure has ended.
    dossier_day = min(dt.date(today.year, 11, 20), today - dt.timedelta(days=14))
    publish_day = dossier_day + dt.timedelta(days=3)
    with time_machine.travel(
        dt.datetime.combine(dossier_day, dt.time(2, 0), tzinfo=dt.UTC), tick=True
    ):
        context, secretary = _page(browser)
        sign_in(secretary, live_server.url, "thuky.mongcai1", data.DEMO_PASSWORD)
        secretary.goto(f"{live_server.url}/awards/nominations/{nomination.pk}/")
        _shot(secretary, "02-nomination")
        secretary.get_by_test_id("dossier").get_by_role("link").click()
        secretary.get_by_test_id("draft").click()
        expect(secretary.get_by_text("Đã soạn hồ sơ từ số liệu của năm.")).to_be_visible()
        assert fits_the_screen(secretary)
        _shot(secretary, "03-dossier-drafted")
        figure = (
            Dossier.objects.get(nomination=nomination)
            .figures.filter(source=FigureSource.TALLY, typed=False)
            .order_by("order")
            .first()
        )
        # The figure equals the year's tallies of the unit, added up as the indicator adds up.
        tallies = Tally.objects.filter(pk__in=figure.source_ids).order_by("period__starts_on")
        indicator = tallies[0].indicator
        values = [t.value for t in tallies]
        expected = {
            TimeAggregation.FLOW: sum(values, Decimal(0)),
            TimeAggregation.MAX: max(values),
        }.get(indicator.time_aggregation, values[-1])
        assert figure.value == figure.derived_value == expected
        with translation.override("vi"):
            shown = floatformat(expected, figure.decimals)
        row = secretary.get_by_test_id("figure").filter(has_text=indicator.code).first
        assert shown in row.inner_text()
        dossier_url = secretary.url
        context.close()

        # The unit's head confirms the dossier.
        context, head = _page(browser)
        sign_in(head, live_server.url, "thutruong.mongcai1", data.DEMO_PASSWORD)
        head.goto(dossier_url)
        head.get_by_test_id("confirm-form").get_by_role("button").click()
        expect(head.get_by_text("Đã xác nhận hồ sơ.")).to_be_visible()
        _shot(head, "05-dossier-confirmed")
        context.close()

    # The admin publishes the list; a member comments; the admin resolves it.
    with time_machine.travel(
        dt.datetime.combine(publish_day, dt.time(2, 0), tzinfo=dt.UTC), tick=True
    ):
        context, admin = _page(browser)
        sign_in(admin, live_server.url, "admin", data.DEMO_PASSWORD)
        admin.goto(f"{live_server.url}/awards/disclosures/")
        form = admin.get_by_test_id("publish-form")
        form.locator('select[name="organiser"]').select_option(label="Tỉnh Quảng Ninh")
        form.locator('input[name="starts_on"]').fill(publish_day.strftime("%d/%m/%Y"))
        form.locator('input[name="ends_on"]').fill(
            (publish_day + dt.timedelta(days=5)).strftime("%d/%m/%Y")
        )
        form.locator("button[type=submit]").click()
        expect(admin.get_by_text("Đã công khai danh sách.")).to_be_visible()
        _shot(admin, "06-list-published")
        disclosure_url = admin.url

        context3, member = _page(browser)
        sign_in(member, live_server.url, "tk-phuong-mong-cai-3", data.DEMO_PASSWORD)
        member.goto(disclosure_url)
        form = member.get_by_test_id("comment-form")
        form.locator('select[name="nomination"]').select_option(value=str(nomination.pk))
        form.locator('textarea[name="text"]').fill("Đề nghị nêu rõ sáng kiến của ông Hải.")
        form.get_by_role("button", name="Gửi").click()
        expect(member.get_by_text("Đã gửi ý kiến.")).to_be_visible()
        _shot(member, "07-member-comments")
        context3.close()
        comment = DisclosureComment.objects.get(text="Đề nghị nêu rõ sáng kiến của ông Hải.")

        admin.goto(disclosure_url)
        resolve = admin.locator(f'form[action$="/comments/{comment.pk}/resolve/"]')
        resolve.locator('textarea[name="resolution"]').fill("Đã bổ sung sáng kiến vào hồ sơ.")
        resolve.get_by_role("button", name="Ghi nhận kết quả xử lý").click()
        expect(admin.get_by_text("Đã ghi nhận kết quả xử lý.")).to_be_visible()
        _shot(admin, "08-comment-resolved")
        context.close()
    dossier = Dossier.objects.get(nomination=nomination)
    assert timezone.localtime(dossier.confirmed_at).date() == dossier_day

    # The council: three members present.
    session = CouncilSession.objects.get(status="open", organiser__code=data.PROVINCE[0])
    context, chair = _page(browser)
    sign_in(chair, live_server.url, "hoidong", data.DEMO_PASSWORD)
    chair.goto(f"{live_server.url}/awards/sessions/{session.pk}/")
    assert "Đã bổ sung sáng kiến vào hồ sơ." in chair.get_by_test_id("agenda").inner_text()
    assert "không đủ" in chair.get_by_test_id("quorum").inner_text()
    attendance = chair.get_by_test_id("attendance-form")
    for name in ("Thành viên Hội đồng", "Phó Chủ tịch Hội đồng tỉnh", "Ủy viên Hội đồng tỉnh"):
        attendance.get_by_label(name, exact=True).check()
    attendance.get_by_role("button", name="Ghi nhận thành viên có mặt").click()
    expect(chair.get_by_test_id("quorum")).to_contain_text("3/3 thành viên có mặt")
    _shot(chair, "09-session-present")
    # On a phone the agenda reads as one card per nominee, not a table scrolled sideways.
    assert chair.get_by_test_id("agenda").evaluate(
        "t => t.scrollWidth <= t.parentElement.clientWidth + 1"
    )
    # The council reads the dossier and opens the source of the figure.
    chair.goto(dossier_url)
    chair.get_by_test_id("source-link").first.click()
    chair.wait_for_load_state()
    assert chair.url.endswith(figure.link)
    assert "Phường Móng Cái 1" in chair.content()
    _shot(chair, "10-figure-source")
    chair.goto(f"{live_server.url}/awards/sessions/{session.pk}/")

    # The three vote, each in their own browser: the second nominee gets one vote of three.
    items = list(AgendaItem.objects.filter(session=session).order_by("order"))
    assert nomination.pk in [item.nomination_id for item in items]
    failed_name = next(i.nomination.nominee for i in items if i.nomination_id != nomination.pk)
    split = tuple("agree" if i.nomination_id == nomination.pk else "disagree" for i in items)
    _vote(browser, live_server.url, "hoidong", session, ("agree", "agree"), "11-vote-1")
    _vote(browser, live_server.url, "hoidong.tinh2", session, split, "12-vote-2")
    _vote(browser, live_server.url, "hoidong.tinh3", session, split, "13-vote-3")
    assert BallotCast.objects.filter(item__session=session).count() == 6

    chair.reload()
    chair.get_by_label("Kết luận của phiên họp").fill("Thống nhất kết quả kiểm phiếu.")
    chair.get_by_role("button", name="Kết thúc phiên họp").click()
    expect(chair.get_by_text("Phiên họp đã kết thúc: biên bản đã sẵn sàng.")).to_be_visible()
    _shot(chair, "14-session-closed")
    with chair.expect_download() as download:
        chair.get_by_role("link", name="Biên bản họp (DOCX)").click()
    minutes = _docx_text(Path(download.value.path()).read_bytes())
    if SHOTS.is_dir():
        (SHOTS / "minutes.txt").write_text(minutes)
    lines = minutes.splitlines()
    assert "Thành phần tham dự: 3/3 thành viên Hội đồng có mặt." in lines
    for name in ("Thành viên Hội đồng", "Phó Chủ tịch Hội đồng tỉnh", "Ủy viên Hội đồng tỉnh"):
        assert any(line.endswith(f". {name}") for line in lines)
    hai_line = next(line for line in lines if line.startswith("- Trần Văn Hải"))
    assert "3 phiếu đồng ý, 0 phiếu không đồng ý" in hai_line and hai_line.endswith(": đạt.")
    other_line = next(line for line in lines if line.startswith(f"- {failed_name}"))
    assert "1 phiếu đồng ý, 2 phiếu không đồng ý" in other_line
    assert other_line.endswith(": không đạt.")
    assert any(
        "1/2 trường hợp" in line and "Thống nhất kết quả kiểm phiếu." in line for line in lines
    )
    context.close()

    # The admin puts the passed nominee into the decision; the failed one is not offered.
    passed = nomination
    failed = next(i.nomination for i in items if i.nomination_id != nomination.pk)
    decision = Decision.objects.get(summary=live.DECISION_SUMMARY)
    context, admin = _page(browser)
    sign_in(admin, live_server.url, "admin", data.DEMO_PASSWORD)
    admin.goto(f"{live_server.url}/awards/decisions/{decision.pk}/")
    form = admin.get_by_test_id("add-nominations")
    assert form.locator(f"#nom-{passed.pk}").is_checked()
    assert form.locator(f"#nom-{failed.pk}").count() == 0
    _shot(admin, "15-decision-offers")
    # Only the journey's nominee: the list also offers the demo's other approved ones.
    offered = form.locator('input[id^="nom-"]:not([disabled])').evaluate_all(
        "boxes => boxes.map(b => b.id)"
    )
    for box_id in offered:
        if box_id != f"nom-{passed.pk}":
            form.locator(f"#{box_id}").uncheck()
    form.get_by_role("button", name="Đưa vào quyết định").click()
    expect(admin.get_by_text("Trần Văn Hải").first).to_be_visible()
    _shot(admin, "16-decision")
    assert decision.recipients.filter(nomination=passed).exists()
    assert not decision.recipients.filter(nomination=failed).exists()
    context.close()
