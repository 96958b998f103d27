"""In Chromium: a file input reads in the page's language, whatever the browser's own
(its native "Choose File" / "No file chosen" follow the browser, often English on an
office's computers), and the form still sends the file the person chose."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

from .conftest import PHONE, fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

UPLOAD_LABEL = "Bảng tính (XLSX): họ và tên, thư điện tử, đơn vị"

# Content htmx swaps in gets its pickers too: the same event app.js listens to.
SWAP_IN = """html => {
    const box = document.createElement("div");
    box.id = "swapped";
    box.innerHTML = html;
    document.querySelector("main, body").append(box);
    document.body.dispatchEvent(new CustomEvent("htmx:load", {bubbles: true, detail: {elt: box}}));
}"""


@pytest.fixture
def admin_page(live_server, browser, admin_user, unit_a):
    context = browser.new_context(locale="en-US", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "dana", TEST_PASSWORD)
    yield page
    context.close()


def test_a_file_input_reads_in_vietnamese_in_an_english_browser_and_sends_the_file(
    live_server, admin_page, tmp_path
):
    page = admin_page
    page.goto(f"{live_server.url}/users/invite/")
    expect(page.locator("h1")).to_have_text("Mời người dùng")
    picker = page.locator(".file-picker")
    expect(picker).to_have_count(1)
    button, name = picker.locator(".file-picker-button"), picker.locator(".file-picker-name")
    expect(button).to_have_text("Chọn tệp")
    expect(name).to_have_text("Chưa chọn tệp nào")
    # The input is still the field its label names, and the one the keyboard reaches.
    field = page.get_by_label(UPLOAD_LABEL)
    expect(field).to_have_attribute("type", "file")
    field.focus()
    assert page.evaluate("document.activeElement.type") == "file"
    assert fits_the_screen(page)
    # The button opens the browser's file chooser.
    with page.expect_file_chooser() as chooser:
        button.click()
    workbook = tmp_path / "thu-ky-cac-don-vi.xlsx"
    workbook.write_bytes(b"not a workbook")
    chooser.value.set_files(str(workbook))
    expect(name).to_have_text("thu-ky-cac-don-vi.xlsx")
    # The form sends the chosen file: the server names it in its answer.
    page.get_by_role("button", name="Mời theo tệp").click()
    expect(page.get_by_text("“thu-ky-cac-don-vi.xlsx” không phải tệp Excel.")).to_be_visible()
    expect(page.locator(".file-picker-name")).to_have_text("Chưa chọn tệp nào")


def test_a_file_input_reads_in_english_on_an_english_page(live_server, admin_page, tmp_path):
    page = admin_page
    page.goto(f"{live_server.url}/users/invite/")
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    picker = page.locator(".file-picker")
    expect(picker.locator(".file-picker-button")).to_have_text("Choose file")
    expect(picker.locator(".file-picker-name")).to_have_text("No file chosen")
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    first.write_bytes(b"%PDF-1.4\n")
    second.write_bytes(b"%PDF-1.4\n")
    page.evaluate(SWAP_IN, '<input type="file" name="files" multiple class="form-control">')
    swapped = page.locator("#swapped .file-picker")
    expect(swapped.locator(".file-picker-button")).to_have_text("Choose files")
    swapped.locator("input").set_input_files([str(first), str(second)])
    expect(swapped.locator(".file-picker-name")).to_have_text("2 files chosen")


def test_a_file_fields_error_stays_visible_and_a_disabled_one_stays_disabled(
    live_server, admin_page
):
    page = admin_page
    page.goto(f"{live_server.url}/users/invite/")
    # As crispy renders a file field with an error, and a disabled one.
    page.evaluate(
        SWAP_IN,
        '<div class="is-invalid"><input type="file" name="signed" class="form-control'
        ' is-invalid"><div class="invalid-feedback">Tệp không hợp lệ.</div></div>'
        '<input type="file" name="other" disabled class="form-control">',
    )
    pickers = page.locator("#swapped .file-picker")
    expect(pickers).to_have_count(2)
    expect(page.get_by_text("Tệp không hợp lệ.")).to_be_visible()
    expect(pickers.first.locator(".file-picker-button")).to_have_class(
        re.compile(r"\bbtn-outline-danger\b")
    )
    expect(pickers.nth(1).locator(".file-picker-button")).to_be_disabled()
    # Swapped in twice, a picker is made once.
    page.evaluate(
        """() => document.body.dispatchEvent(new CustomEvent("htmx:load",
            {bubbles: true, detail: {elt: document.getElementById("swapped")}}))"""
    )
    expect(page.locator(".file-picker")).to_have_count(3)
