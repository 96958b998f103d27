"""Every page works in Chromium under the Content-Security-Policy.

Each role of the demo signs in and walks what it can reach by links (one
address per URL pattern): no console error and no CSP violation on any page,
and what the pages' scripts do still happens: Chart.js draws the dashboard's
trend, htmx polls the tallies, progress bars get their widths, a select
sends its form.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.demo_pages import article_campaign, demo_accounts_ready, pattern_of
from tools.demo.data import DEMO_PASSWORD
from tools.demo.services import demo_load

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

MAX_PAGES = 40
# Downloads, leaving, switching language: not pages to look at.
SKIPPED = {
    "logout",
    "set_language",
    "campaigns:evidence-download",
    "campaigns:dashboard-export",
    "awards:export-download",
    "awards:decision-export",
    "covenants:covenant-docx",
    "covenants:score-evidence",
}


def walk(page, base: str, problems: list[str]) -> set[str]:
    """Visit one address per URL pattern reachable by links; the patterns visited."""
    seen: set[str] = set()
    queue = ["/"]
    visited = set()
    while queue and len(seen) < MAX_PAGES:
        address = queue.pop(0)
        pattern = pattern_of(urlsplit(address).path)
        if address in visited or pattern is None or pattern in SKIPPED or pattern in seen:
            continue
        visited.add(address)
        seen.add(pattern)
        try:
            response = page.goto(base + address)
        except PlaywrightError as error:  # a file to download, not a page
            if "Download is starting" in str(error):
                continue
            raise
        page.wait_for_load_state("networkidle")
        if response is None or response.status >= 500:
            problems.append(f"{address}: {response and response.status}")
            continue
        hrefs = page.eval_on_selector_all(
            "a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        for href in hrefs:
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith("/admin/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def watch(page, problems: list[str]):
    page.on(
        "console",
        lambda message: message.type == "error" and problems.append(f"{page.url}: {message.text}"),
    )
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))


def dashboard_scripts_run(page, base: str, problems: list[str], tmp_path):
    """Chart.js draws, htmx polls, bars get widths, a select sends its form."""
    page.goto(f"{base}/campaigns/{article_campaign().pk}/dashboard/")
    page.wait_for_load_state("networkidle")
    # Chart.js drew the trend on its canvas.
    assert page.evaluate(
        "!!window.Chart && !!Chart.getChart(document.getElementById('trend-chart'))"
    )
    # The progress bars took their widths from data-width (no inline style in the HTML).
    widths = page.eval_on_selector_all(
        ".progress-bar[data-width]", "bars => bars.map(b => [b.dataset.width, b.style.width])"
    )
    assert widths
    assert all(style == f"{width}%" for width, style in widths)
    # htmx polls the tallies (every second in this test).
    with page.expect_request(lambda request: "since=" in request.url, timeout=10_000):
        pass
    page.screenshot(path=tmp_path / "dashboard-csp.png", full_page=True)
    # The period select sends its form.
    options = page.locator("#f-period option").all()
    value = options[-1].get_attribute("value")
    with page.expect_navigation():
        page.select_option("#f-period", value)
    assert f"period={value}" in page.url
    assert problems == []


def test_every_role_walks_its_pages_with_no_console_error_under_the_csp(
    live_server, browser, settings, tmp_path
):
    """And, as the council member, the dashboard's scripts all run."""
    settings.DASHBOARD_POLL_SECONDS = 1
    demo_load()
    accounts = demo_accounts_ready()
    for username in [accounts[role] for role in ("secretary", "bloc head", "council", "admin")]:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems: list[str] = []
        watch(page, problems)
        sign_in(page, live_server.url, username, DEMO_PASSWORD)
        assert page.get_by_role("button", name="Đăng nhập").count() == 0, username
        patterns = walk(page, live_server.url, problems)
        assert len(patterns) >= 10, (username, sorted(patterns))
        assert problems == [], (username, problems)
        if username == "hoidong":
            dashboard_scripts_run(page, live_server.url, problems, tmp_path)
        context.close()
