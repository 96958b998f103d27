"""In Chromium, on a freshly loaded demo: the ward's admin works in the product's pages
(its decision to issue, no way into the Django admin), and a new unit's page leads to
its predecessors' history (issue 15)."""

import pytest
from playwright.sync_api import expect

from blocs.models import Unit
from campaigns.models import Report
from tools.demo import data, ward
from tools.demo.services import demo_load

from .conftest import fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_ward_admin_works_in_the_products_pages(live_server, phone, settings):
    # The published demo password signs in only while DEBUG runs, as under `make run`.
    settings.DEBUG = True
    demo_load()
    sign_in(phone, live_server.url, "admin.mc1", data.DEMO_PASSWORD)
    assert phone.locator("#footer-title").inner_text() == (
        "Hội đồng Thi đua - Khen thưởng phường Móng Cái 1"
    )
    todo = phone.locator('#todos [data-testid="todo-decision"]')
    assert ward.DECISION_SUMMARY in todo.inner_text()
    assert phone.locator('a[href^="/admin/"]').count() == 0
    assert fits_the_screen(phone)
    todo.get_by_role("link", name="Mở").click()
    phone.wait_for_load_state()
    assert ward.DECISION_SUMMARY in phone.content()
    # Typing the admin's address sends the ward's admin home, told where to work.
    phone.goto(f"{live_server.url}/admin/")
    assert phone.url == f"{live_server.url}/"
    expect(phone.get_by_text("dành cho quản trị hệ thống", exact=False)).to_be_visible()
    phone.get_by_role("link", name="Đơn vị theo ngày, sắp xếp đơn vị").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Văn phòng HĐND và UBND phường Móng Cái 1").count() >= 1


def test_a_new_units_page_leads_to_its_predecessors_history(live_server, phone, settings):
    settings.DEBUG = True
    demo_load()
    sign_in(phone, live_server.url, "admin", data.DEMO_PASSWORD)
    mc1 = Unit.objects.get(code="phuong-mong-cai-1")
    phone.goto(f"{live_server.url}/blocs/units/{mc1.pk}/")
    expect(phone.locator("#unit-reports")).to_be_visible()
    expect(phone.locator("#unit-awards")).to_be_visible()
    assert fits_the_screen(phone)
    # The 2023 tallies of a predecessor open on its dashboard page.
    row = phone.locator("#unit-tallies li").filter(has_text="Phường Trần Phú").first
    row.get_by_role("link").click()
    phone.wait_for_load_state()
    assert "/dashboard/units/" in phone.url
    assert phone.get_by_role("heading", name="Phường Trần Phú").count() >= 1
    # And the predecessor's own page, with its report of 2023.
    phone.go_back()
    phone.locator("#predecessors").get_by_role("link", name="Phường Trần Phú").click()
    phone.wait_for_load_state()
    report = Report.objects.filter(unit__code="phuong-tran-phu").order_by("-period__ends_on")[0]
    assert phone.locator(f'#unit-reports a[href="/campaigns/reports/{report.pk}/"]').count() == 1
