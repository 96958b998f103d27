import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

from .conftest import fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretary_on_a_phone_sees_only_own_reports_and_switches_language(
    live_server, phone, secretary_a, report_a, report_b, tmp_path
):
    sign_in(phone, live_server.url, "alice", TEST_PASSWORD)
    expect(phone.get_by_role("heading", name="Thư ký đơn vị")).to_be_visible()
    assert fits_the_screen(phone)
    phone.screenshot(path=tmp_path / "home-phone.png", full_page=True)

    # On a phone the menu is collapsed behind the toggler.
    assert not phone.get_by_role("link", name="Báo cáo", exact=True).is_visible()
    phone.get_by_role("button", name="Danh mục").click()
    phone.get_by_role("link", name="Báo cáo", exact=True).click()
    phone.wait_for_url("**/campaigns/reports/")
    table = phone.locator("table")
    assert "Phường A" in table.inner_text()
    assert "Xã B" not in table.inner_text()
    assert fits_the_screen(phone)

    with phone.expect_navigation():
        phone.select_option("#language-select", "en")
    expect(phone.get_by_role("heading", name="Reports")).to_be_visible()

    # Another unit's report by a guessed id: not found, nothing shown.
    response = phone.goto(f"{live_server.url}/campaigns/reports/{report_b.pk}/")
    assert response.status == 404
    assert "Xã B" not in phone.content()


def test_council_member_opens_a_report_from_the_list(
    live_server, phone, council_member, report_a, report_b
):
    sign_in(phone, live_server.url, "charlie", TEST_PASSWORD)
    phone.goto(f"{live_server.url}/campaigns/reports/")
    phone.get_by_role("link", name="Xã B").click()
    phone.wait_for_url(f"**/campaigns/reports/{report_b.pk}/")
    expect(phone.get_by_role("heading", name="Xã B")).to_be_visible()
    assert fits_the_screen(phone)


def test_a_blocs_page_with_its_heads_terms_fits_a_phone(live_server, phone, council_member, bloc):
    """The head's and deputy's badges (role · term dd/mm/yyyy–dd/mm/yyyy) wrap on a phone
    instead of widening the page; the list of blocs groups them under their organiser."""
    from tests.factories import MembershipFactory, UnitFactory

    for n, role in enumerate(("head", "deputy", "member")):
        unit = UnitFactory(name=f"Phường Móng Cái Khu vực Biên giới số {n + 1}")
        MembershipFactory(bloc=bloc, unit=unit, year=2023, role=role)
    sign_in(phone, live_server.url, "charlie", TEST_PASSWORD)
    phone.goto(f"{live_server.url}/blocs/{bloc.code}/?year=2023")
    expect(phone.get_by_text("Trưởng khối · nhiệm kỳ 01/01/2023–31/12/2023")).to_be_visible()
    assert fits_the_screen(phone)
    phone.goto(f"{live_server.url}/blocs/?year=2023")
    expect(phone.get_by_text("Phường Móng Cái Khu vực Biên giới số 1")).to_be_visible()
    assert fits_the_screen(phone)


def test_a_campaigns_indicators_are_cards_on_a_phone(
    live_server, phone, secretary_a, campaign, campaign_indicator
):
    """Each indicator a card, the target after its column's name: a long name wraps
    beside the figure instead of running over it (.num keeps figures on one line)."""
    campaign_indicator.targets.create(scope="city", value=9548)
    sign_in(phone, live_server.url, "alice", TEST_PASSWORD)
    phone.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
    table = phone.get_by_test_id("campaign-indicators")
    assert table.locator("tr").first.evaluate("r => getComputedStyle(r).display") == "block"
    target = table.locator('td[data-label="Kế hoạch toàn thành phố"]')
    expect(target).to_have_text("9.548")
    label = target.evaluate("td => getComputedStyle(td, '::before')")
    assert (label["content"], label["whiteSpace"]) == ('"Kế hoạch toàn thành phố"', "normal")
    assert fits_the_screen(phone)
