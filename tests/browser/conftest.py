"""Real browser tests: Debian's Chromium driven by Playwright against live_server."""

import os
import shutil

import pytest

from mongcai.accounts.models import User
from tests.factories import totp_code

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    # An assertion on the page waits for it, as long as any step may: right after a
    # click that navigates, the next page may not have rendered yet.
    expect.set_options(timeout=15_000)

    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make to set up data are still synchronous and safe here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def sign_in(page, base_url: str, username: str, password: str):
    """Sign in as a person does: the password, then the authenticator's code when the
    account has one (every council member and admin of the factories)."""
    page.goto(f"{base_url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    if "/account/code/" in page.url:
        page.fill("#id_code", totp_code(User.objects.get(username=username)))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_load_state()


def fits_the_screen(page) -> bool:
    """No sideways scrolling of the page. Against the layout viewport's width
    (clientWidth): a phone (is_mobile) widens window.innerWidth to the content, as a
    phone's browser zooms out, so innerWidth would hide a page wider than the screen."""
    # After a click the next page may still be loading: measure the loaded one.
    page.wait_for_load_state()
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, torn down before the test database.

    Without the dependency the server thread may still hold its connection
    when the test database is dropped.
    """
    return live_server
