"""End to end in Chromium: a bloc signs its covenant, scores, reviews; the council ranks."""

import pytest
from playwright.sync_api import expect

from tests.covenants.conftest import draft_covenant  # noqa: F401 (fixture)
from tests.factories import TEST_PASSWORD

from .conftest import fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def see(page, text: str) -> None:
    """Wait until the text shows (the click's navigation may still be running).

    Generous: the suite runs other heavy tests (the bench's tiny run) beside it.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.get_by_text(text).first.wait_for(timeout=60_000)
    except PlaywrightTimeout:
        body = page.locator("main").inner_text()
        raise AssertionError(f"{text!r} not shown at {page.url}:\n{body[:3000]}") from None


def fill_self_score(page, covenant, values):
    for criterion, (points, note) in zip(covenant.criteria.all(), values, strict=True):
        page.fill(f"#id_points_{criterion.pk}", points)
        page.fill(f"#id_note_{criterion.pk}", note)


def test_two_secretaries_sign_and_score_the_head_reviews_the_council_ranks(
    live_server,
    browser,
    phone,
    draft_covenant,  # noqa: F811
    secretary_a,
    secretary_b,
    council_member,
    unit_b,
):
    covenant = draft_covenant
    url = f"{live_server.url}/blocs/covenants/{covenant.pk}/"
    phone.set_default_timeout(60_000)  # the suite runs heavy tests beside this one

    # The head (on a phone) opens the draft for signature and signs for unit A.
    sign_in(phone, live_server.url, "alice", TEST_PASSWORD)
    phone.goto(url)
    phone.get_by_role("button", name="Mở để ký").click()
    see(phone, "Giao ước đã được mở để các thành viên ký.")
    phone.get_by_role("button", name="Ký thay mặt Phường A").click()
    see(phone, "Đã ký thay mặt Phường A.")
    assert fits_the_screen(phone)

    # Bob signs for unit B on a desktop; the covenant is sealed.
    desktop = browser.new_context(locale="vi-VN").new_page()
    desktop.set_default_timeout(60_000)
    sign_in(desktop, live_server.url, "bob", TEST_PASSWORD)
    desktop.goto(url)
    desktop.get_by_role("button", name="Ký thay mặt Xã B").click()
    see(desktop, "Đã ký thay mặt Xã B.")
    expect(desktop.locator("#covenant-status")).to_have_text("Đã được mọi thành viên ký")
    expect(desktop.locator("#signatures").get_by_text("Alice (A)")).to_be_visible()

    # Both self-score; a score above the maximum is refused first.
    desktop.get_by_role("link", name="Xã B").click()
    fill_self_score(
        desktop, covenant, [("12", "Đúng hạn"), ("19", "Vượt 2 chỉ tiêu"), ("", ""), ("", "")]
    )
    desktop.get_by_role("button", name="Gửi bảng tự chấm").click()
    see(desktop, "vượt mức tối đa 10 điểm")
    fill_self_score(
        desktop, covenant, [("10", "Đúng hạn"), ("19", "Vượt 2 chỉ tiêu"), ("0", ""), ("0", "")]
    )
    desktop.get_by_role("button", name="Gửi bảng tự chấm").click()
    see(desktop, "Đã gửi tự chấm điểm cho khối.")

    phone.goto(url)
    phone.get_by_role("link", name="Phường A").click()
    fill_self_score(
        phone, covenant, [("9,5", "Nộp muộn 1 ngày"), ("17", "Đạt"), ("0", ""), ("0", "")]
    )
    phone.get_by_role("button", name="Gửi bảng tự chấm").click()
    see(phone, "Đã gửi tự chấm điểm cho khối.")
    expect(phone.locator("#scores")).to_contain_text("9,5")

    # The head closes self-scoring and trims one of B's scores, with the reason.
    phone.goto(url)
    phone.get_by_role("button", name="Kết thúc tự chấm và bắt đầu chấm chéo").click()
    see(phone, "Đã kết thúc tự chấm: bắt đầu chấm chéo.")
    phone.get_by_role("link", name="Xã B").click()
    first = covenant.scorecards.get(unit=unit_b).scores.get(criterion__order=1)
    phone.fill(f"input[name=review_{first.pk}]", "9")
    phone.fill(f"input[name=reviewnote_{first.pk}]", "Thiếu biên bản họp khối")
    phone.get_by_role("button", name="Lưu chấm chéo").click()
    see(phone, "Đã lưu kết quả chấm chéo.")
    expect(phone.locator("#history")).to_contain_text("Thiếu biên bản họp khối")

    # Bob cannot see the ranking before the council finalises.
    response = desktop.goto(f"{url}ranking/")
    assert response.status == 403

    # The council finalises; the ranking shows the leading unit, for Bob too.
    council = browser.new_context(locale="vi-VN").new_page()
    council.set_default_timeout(60_000)
    sign_in(council, live_server.url, "charlie", TEST_PASSWORD)
    council.goto(url)
    council.get_by_role("link", name="Chốt điểm").click()
    council.get_by_role("button", name="Chốt điểm và xếp hạng").click()
    see(council, "Xã B dẫn đầu khối và được đề nghị tặng Cờ thi đua.")
    desktop.goto(f"{url}ranking/")
    rows = desktop.locator("#ranking tbody tr")
    assert rows.nth(0).inner_text().split("\t")[:2] == ["1", "Xã B"]
    assert "28" in rows.nth(0).inner_text()  # 9 (reviewed) + 19
    assert rows.nth(1).inner_text().split("\t")[:2] == ["2", "Phường A"]
    desktop.context.close()
    council.context.close()
