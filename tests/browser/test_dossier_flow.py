"""In Chromium, on a freshly loaded demo: the secretary of Phường Móng Cái 1 drafts the
dossier of a nominee from the year's figures and types one figure, the unit's head
confirms it, and the council finds it on its session's agenda with each derived figure
linked to its source (issue 17, docs/awards.md "The dossier")."""

import pytest
from playwright.sync_api import expect

from awards.models import CouncilSession, Dossier, FigureSource, Nomination
from tools.demo import data
from tools.demo.services import demo_load

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _page(browser, **kwargs):
    context = browser.new_context(locale="vi-VN", **kwargs)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def test_a_dossier_drafted_typed_confirmed_and_read_by_the_council(
    live_server, browser, settings, tmp_path
):
    settings.DEBUG = True  # the demo's accounts sign in only while the demo runs
    demo_load()
    nomination = Nomination.objects.get(person__full_name="Trần Văn Hải")
    url = f"{live_server.url}/awards/nominations/{nomination.pk}/dossier/"
    context, page = _page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, live_server.url, "thuky.mongcai1", data.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/awards/nominations/{nomination.pk}/")
    page.get_by_test_id("dossier").get_by_role("link").click()
    page.get_by_test_id("draft").click()
    expect(page.get_by_text("Đã soạn hồ sơ từ số liệu của năm.")).to_be_visible()
    assert page.get_by_test_id("source-link").count() == 4
    assert fits_the_screen(page)
    # She follows a figure to its source: the unit's approved reports, not the council's
    # dashboard, which she may not open.
    page.get_by_test_id("source-link").first.click()
    page.wait_for_load_state()
    assert "/campaigns/reports/?unit=" in page.url
    assert page.locator("h1").first.inner_text() != "403"
    assert "Phường Móng Cái 1" in page.content()
    page.go_back()
    page.get_by_test_id("edit").click()
    revenue = Dossier.objects.get(nomination=nomination).figures.get(label__startswith="LV-NS")
    page.locator(f"#id_figure_{revenue.pk}").fill("130,5")
    page.get_by_label("Những biện pháp hoặc nguyên nhân đạt được thành tích").fill(
        "Chủ động đôn đốc thu ngân sách."
    )
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lưu hồ sơ.")).to_be_visible()
    assert page.get_by_test_id("typed").count() == 1
    # On a phone each figure reads as a card, each value after its column's name: nothing
    # scrolled sideways, and the "typed" badge and the derived value on one line.
    table = page.get_by_test_id("figures").first
    assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
    assert table.locator("tr").first.evaluate("r => getComputedStyle(r).display") == "block"
    # A figure without a target shows no empty "Kế hoạch" line.
    empty = page.get_by_test_id("figures").locator("td:empty")
    assert empty.count() > 0 and not any(cell.is_visible() for cell in empty.all())
    badge = page.get_by_test_id("typed")
    derived = badge.locator("xpath=following-sibling::span").bounding_box()
    assert abs(badge.bounding_box()["y"] - derived["y"]) < badge.bounding_box()["height"]
    page.get_by_test_id("typed").scroll_into_view_if_needed()
    page.screenshot(path=tmp_path / "dossier-phone.png")
    context.close()
    revenue.refresh_from_db()
    assert revenue.typed and revenue.value == 130.5 and revenue.derived_value != 130.5

    context, page = _page(browser, viewport=PHONE, is_mobile=True, has_touch=True)
    sign_in(page, live_server.url, "thutruong.mongcai1", data.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/awards/dossiers/")
    page.get_by_role("link", name="Trần Văn Hải").click()
    page.get_by_test_id("confirm-form").get_by_role("button").click()
    expect(page.get_by_text("Đã xác nhận hồ sơ.")).to_be_visible()
    expect(page.get_by_test_id("dossier-status")).to_contain_text("Vũ Văn Thắng")
    context.close()

    session = CouncilSession.objects.get(status="open")
    context, page = _page(browser, viewport={"width": 1280, "height": 900})
    sign_in(page, live_server.url, "hoidong", data.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/awards/sessions/{session.pk}/")
    cells = page.get_by_test_id("agenda-dossier").all_inner_texts()
    assert [c.strip() for c in cells] == ["Thủ trưởng đơn vị đã xác nhận"] * 2
    page.locator(
        f'[data-testid="agenda-dossier"] a[href="/awards/nominations/{nomination.pk}/dossier/"]'
    ).click()
    assert page.url == url
    with page.expect_download() as download:
        page.get_by_role("link", name="Báo cáo thành tích (DOCX)").click()
    assert download.value.suggested_filename == f"bao-cao-thanh-tich-{nomination.pk}.docx"
    derived = Dossier.objects.get(nomination=nomination).figures.filter(
        source=FigureSource.TALLY, typed=False
    )
    first = derived.order_by("order").first()
    page.get_by_test_id("source-link").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(first.link)
    assert "Phường Móng Cái 1" in page.content()
    context.close()
