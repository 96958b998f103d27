"""End to end in Chromium: a secretary nominates two people, the council approves one and
rejects the other, the admin issues the decision and downloads the XLSX and the DOCX."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from awards import services
from awards.models import Authority, Decision, Nomination
from tests.awards.conftest import pass_by_session
from tests.factories import TEST_PASSWORD
from tools.demo.awards_demo import catalogue_load

from .conftest import fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(unit_a, city):
    catalogue_load()
    # The catalogue's authorities issue for the demo's organisers (by their codes);
    # here the city of the test world is theirs.
    Authority.objects.filter(organiser__isnull=True).update(organiser=city)
    return [
        services.person_save(full_name="Nguyễn Văn An", unit=unit_a, position="Chuyên viên"),
        services.person_save(full_name="Đặng Thị Đào", unit=unit_a, position="Cán bộ"),
    ]


def nominate(page, base_url, person: str, achievement: str):
    page.goto(f"{base_url}/awards/nominations/new/")
    page.check("#id_recipient_kind_0")
    page.select_option("#id_person", label=person)
    page.select_option("#id_title", label="Giấy khen (cá nhân)")
    page.select_option("#id_kind", label="Đột xuất")
    page.fill("#id_achievement", achievement)
    page.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_text(f"{person} đã được đề nghị tặng Giấy khen (cá nhân).")).to_be_visible()


def test_nominate_review_issue_and_download(
    live_server,
    browser,
    phone,
    secretary_a,
    council_member,
    admin_user,
    campaign,
    people,
    tmp_path,
):
    sign_in(phone, live_server.url, "alice", TEST_PASSWORD)
    nominate(phone, live_server.url, "Nguyễn Văn An", "Cứu người đuối nước tại bãi biển Trà Cổ")
    nominate(phone, live_server.url, "Đặng Thị Đào", "Phát hiện vụ vận chuyển hàng lậu")
    assert phone.get_by_test_id("checks").get_by_text("Không đạt").count() == 0
    assert fits_the_screen(phone)

    council = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    council.set_default_timeout(15_000)
    sign_in(council, live_server.url, "charlie", TEST_PASSWORD)
    for name, action, comment, message in (
        ("Nguyễn Văn An", "Duyệt", "Đồng ý khen đột xuất", "Nguyễn Văn An: đã duyệt."),
        (
            "Đặng Thị Đào",
            "Không duyệt",
            "Chưa có xác nhận của cơ quan chức năng",
            "Đặng Thị Đào: đã từ chối.",
        ),
    ):
        council.goto(f"{live_server.url}/awards/?status=proposed")
        council.get_by_role("link", name=name).click()
        council.fill("#id_comment", comment)
        council.get_by_role("button", name=action, exact=True).click()
        expect(council.get_by_text(message)).to_be_visible()
    council.context.close()
    assert dict(Nomination.objects.values_list("person__full_name", "status")) == {
        "Nguyễn Văn An": "approved",
        "Đặng Thị Đào": "rejected",
    }
    # The single review is a preliminary opinion: a decision takes only what a closed
    # session of the council passed (its own journey: test_council_session_flow.py).
    pass_by_session(council_member, Nomination.objects.filter(status="approved"))

    admin = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = admin.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "dana", TEST_PASSWORD)
    page.goto(f"{live_server.url}/awards/decisions/new/")
    page.select_option("#id_kind", label="Đột xuất")
    page.select_option("#id_campaign", index=1)
    page.fill("#id_summary", "Về việc khen thưởng đột xuất cá nhân có thành tích xuất sắc")
    page.fill("#id_signer_name", "Lê Văn Chính")
    page.fill("#id_signer_position", "Chủ tịch")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo quyết định.")).to_be_visible()
    add = page.get_by_test_id("add-nominations")
    assert "Đặng Thị Đào" not in add.inner_text()
    add.get_by_role("button", name="Đưa vào quyết định").click()
    expect(page.get_by_text("Đã thêm 1 đối tượng.")).to_be_visible()
    # The draft has no number: it comes from the office's register at issue (NĐ 30/2020).
    page.fill("#id_number", "245")
    page.fill("#id_password", "not-my-password")
    page.get_by_role("button", name="Ban hành", exact=True).click()
    expect(page.get_by_text("Mật khẩu không đúng")).to_be_visible()
    assert page.locator("#id_number").input_value() == "245"
    page.fill("#id_password", TEST_PASSWORD)
    # Giấy khen carries its cash (the legal pack): no statement is asked for.
    assert not page.locator("#id_no_cash").count()
    page.get_by_role("button", name="Ban hành", exact=True).click()
    expect(page.get_by_text("Quyết định 245/QĐ-UBND đã được ban hành.")).to_be_visible()
    decision = Decision.objects.get(number=245)
    assert decision.status == "issued"
    # 0,3 × the base salary of the day, rounded up to ten thousand đồng.
    expected, _term = services.cash_on(decision.recipients.get().title, decision.decided_on)
    assert decision.recipients.get().amount == expected is not None

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải XLSX").click()
    path = tmp_path / "qd.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert "Quyết định số 245/QĐ-UBND" in rows[1][0]
    assert rows[5][1:6] == (
        "Nguyễn Văn An",
        "Chuyên viên",
        "Phường A",
        "Giấy khen",
        "Cứu người đuối nước tại bãi biển Trà Cổ",
    )
    assert rows[5][7] == expected
    assert not any(row and "Đặng Thị Đào" in str(row) for row in rows)

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải DOCX").click()
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    assert "Số: 245/QĐ-UBND" in document.tables[0].rows[1].cells[0].text
    appendix = document.tables[2]
    assert [c.text for c in appendix.rows[1].cells][:2] == ["1", "Nguyễn Văn An"]
    admin.close()
