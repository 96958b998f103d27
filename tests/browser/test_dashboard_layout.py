"""The dashboard as the council sees it on the demo, at 1280 px and on a phone.

The bloc grid fits its box and scrolls inside it with the blocs' column in
place, each column named; a unit's page lists what the unit reports and its
chart opens on figures; on a phone an indicator's name reads on one or two
lines, not one word a line. Screenshots are kept under the test's tmp_path
(DASHBOARD_SHOTS=<folder> keeps them there instead).
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from blocs.models import Unit
from campaigns.models import Assignment
from tests.demo_pages import article_campaign, demo_accounts_ready
from tools.demo.data import DEMO_PASSWORD
from tools.demo.services import demo_load

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 900}


def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("DASHBOARD_SHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def council_page(browser, live_server, **options):
    """A browser of the given kind, signed in as the demo's council member."""
    context = browser.new_context(locale="vi-VN", **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "hoidong", DEMO_PASSWORD)
    return context, page


def test_dashboard_at_1280_and_on_a_phone(live_server, browser, tmp_path):
    demo_load()
    demo_accounts_ready()
    campaign = article_campaign()
    ka_long = Unit.objects.get(code="phuong-ka-long")
    reported = set(
        Assignment.objects.filter(unit=ka_long, campaign_indicator__campaign=campaign).values_list(
            "campaign_indicator__indicator__code", flat=True
        )
    )
    city_url = f"{live_server.url}/campaigns/{campaign.pk}/dashboard/"
    unit_url = f"{city_url}units/{ka_long.pk}/"
    folder = shots(tmp_path)

    # --- 1280 px ---
    context, page = council_page(browser, live_server, viewport=DESKTOP)
    page.goto(city_url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=folder / "city-1280.png", full_page=True)
    assert fits_the_screen(page)
    box = page.locator(".grid-scroll").first
    bounds = box.bounding_box()
    assert bounds["x"] >= 0 and bounds["x"] + bounds["width"] <= DESKTOP["width"]
    # Each column is named, the code under the name.
    heads = page.locator("[data-testid=blocs] th.grid-head").all_inner_texts()
    assert len(heads) == 20
    assert all("\n" in head and len(head.split("\n")[0]) > 8 for head in heads), heads[:3]
    assert "Thu ngân sách nhà nước trên địa bàn" in " ".join(heads)
    # Scrolled to the far right, the blocs' names are still in view at the left.
    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    first = page.locator("[data-testid=blocs] tbody th.grid-first").first.bounding_box()
    assert abs(first["x"] - bounds["x"]) <= 2
    last_head = page.locator("[data-testid=blocs] th.grid-head").last.bounding_box()
    assert last_head["x"] + last_head["width"] <= bounds["x"] + bounds["width"] + 1
    box.screenshot(path=folder / "blocs-grid-scrolled-1280.png")

    page.goto(unit_url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=folder / "unit-1280.png", full_page=True)
    codes = page.locator("[data-testid=tally-table] tbody tr[data-code]").evaluate_all(
        "rows => rows.map(r => r.dataset.code)"
    )
    assert set(codes) == reported
    assert page.locator("[data-testid=tally-table]").inner_text().count("—") == 0
    # The chart opens on an indicator the unit has figures for.
    values = page.evaluate(
        "Chart.getChart(document.getElementById('trend-chart')).data.datasets[0].data"
    )
    assert any(v is not None for v in values)
    context.close()

    # --- a phone ---
    context, page = council_page(
        browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True
    )
    page.goto(city_url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=folder / "city-phone.png", full_page=True)
    assert fits_the_screen(page)
    names = page.locator("[data-testid=tally-table] td.tally-name")
    assert names.count() == 20
    for cell in names.all():
        bounds = cell.bounding_box()
        # Nearly the screen's width, so a name takes a line or two, not a word a line.
        assert bounds["width"] >= PHONE["width"] * 0.8, cell.inner_text()
        line = float(cell.evaluate("c => parseFloat(getComputedStyle(c).lineHeight)"))
        assert bounds["height"] <= 4 * line, cell.inner_text()
    # Each figure after its column's name, the target and the reports in shown too.
    targets = page.locator("[data-testid=tally-table] td[data-label='Kế hoạch']:not(:empty)")
    assert targets.count() > 0
    target = targets.first
    expect(target).to_be_visible()
    assert target.evaluate("c => getComputedStyle(c, '::before').content") == '"Kế hoạch: "'
    reported = page.locator("[data-testid=tally-table] td[data-label='Đã báo cáo']").first
    expect(reported).to_be_visible()
    assert re.fullmatch(r"[\d.]+/[\d.]+", reported.inner_text().strip())
    value = page.locator("[data-testid=tally-table] td.tally-value").first
    assert value.evaluate("c => getComputedStyle(c, '::before').content") == '"Giá trị: "'
    box = page.locator(".grid-scroll").first.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    page.goto(unit_url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=folder / "unit-phone.png", full_page=True)
    assert fits_the_screen(page)
    context.close()
