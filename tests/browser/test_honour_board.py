"""In Chromium, on a freshly loaded demo: an anonymous visitor reads the former city's
public honour board on a phone and on a desktop, filters it by year and title and pages
through it, and sees nothing a published decision does not contain; once the city's
admin withdraws the board, the same address answers 404 (issue 20)."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from awards.models import DecisionRecipient, DecisionStatus
from campaigns.models import Report
from covenants.models import Score
from tools.demo import data
from tools.demo.services import demo_load

from .conftest import fits_the_screen, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 900}
PER_PAGE = 50  # reports.views.PER_PAGE, restated: the test says what a visitor sees


@pytest.fixture
def desktop(browser):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def awards_shown(year=None, title=None):
    """What the board must list, counted here from the decisions themselves: the issued,
    not void awards of the city's authorities."""
    awards = DecisionRecipient.objects.filter(
        decision__authority__organiser__code=data.CITY[0],
        decision__status=DecisionStatus.ISSUED,
        is_void=False,
    )
    if year:
        awards = awards.filter(decision__year=year)
    if title:
        awards = awards.filter(title__code=title)
    return awards


def badge(page, section: str) -> int:
    # Vietnamese numbers: 1.051 is a thousand and fifty-one.
    return int(page.locator(f"[data-testid={section}] h2 .badge").inner_text().replace(".", ""))


def rows(page, section: str):
    return page.locator(f"[data-testid={section}] tbody tr")


def assert_shows_nothing_private(page):
    """No year of birth, position or achievement of anyone listed, no figure or
    highlight of a report, no evidence file."""
    html = page.content()
    text = page.locator("main").inner_text()
    for header in ("Năm sinh", "Chức vụ", "Thành tích", "Minh chứng", "Tiền thưởng"):
        assert header not in text
    individuals = rows(page, "individuals")
    names = individuals.locator("td:first-child").all_inner_texts()
    people = {
        r.person.full_name: r
        for r in awards_shown().filter(person__full_name__in=names).select_related("person")
    }
    assert names and set(names) <= set(people)
    for index, name in enumerate(names):
        row = individuals.nth(index).inner_text()
        recipient = people[name]
        assert str(recipient.person.birth_year) not in row
        assert recipient.person.position not in row
        assert recipient.achievement not in row
    for report in Report.objects.exclude(highlights="")[:20]:
        assert report.highlights[:40] not in html
    for score in Score.objects.exclude(evidence="")[:20]:
        assert score.evidence_name not in html
        assert score.evidence.name.rsplit("/", 1)[-1] not in html
    assert "/media/" not in html and "evidence" not in html.lower()


def test_anonymous_visitor_reads_filters_and_pages_the_board_and_a_withdrawn_board_is_gone(
    live_server, phone, desktop, settings, tmp_path
):
    # The published demo password signs in only while DEBUG runs, as under `make run`.
    settings.DEBUG = True
    demo_load()
    cache.clear()
    url = f"{live_server.url}/reports/honour/{data.CITY[0]}/"

    # A desktop, nobody signed in: the whole board, its first page of each list.
    response = desktop.goto(url)
    assert response.status == 200
    assert "/account/login" not in desktop.url
    expect(
        desktop.get_by_role("heading", name="Bảng vinh danh của Thành phố Móng Cái")
    ).to_be_visible()
    assert data.CAMPAIGN["name"] in desktop.locator("[data-testid=campaigns]").inner_text()
    collectives = awards_shown().filter(recipient_kind="collective").count()
    assert badge(desktop, "collectives") == collectives > PER_PAGE
    assert rows(desktop, "collectives").count() == PER_PAGE
    pages = -(-collectives // PER_PAGE)
    pager = desktop.locator("[data-testid=collectives] [data-testid=pager]")
    assert f"Trang 1/{pages}" in pager.inner_text()
    assert rows(desktop, "leaders").count() >= 8  # the eight blocs' flags of 2023
    assert_shows_nothing_private(desktop)
    desktop.screenshot(path=tmp_path / "honour-desktop.png", full_page=False)

    # Filtered by year and title: only that title's awards of that year, counted from
    # the decisions.
    title = (
        awards_shown(year=2023)
        .filter(recipient_kind="individual")
        .values_list("title__code", flat=True)
        .order_by("title__order")
        .first()
    )
    desktop.select_option("#id_year", "2023")
    desktop.select_option("#id_title", title)
    desktop.get_by_role("button", name="Xem").click()
    desktop.wait_for_load_state()
    assert "year=2023" in desktop.url and f"title={title}" in desktop.url
    expected = awards_shown(year=2023, title=title)
    name = expected.first().title.name
    individuals = expected.filter(recipient_kind="individual").count()
    assert badge(desktop, "individuals") == individuals
    titles = set(rows(desktop, "individuals").locator("td:nth-child(3)").all_inner_texts())
    assert titles == {name}
    dates = rows(desktop, "individuals").locator("td:nth-child(5)").all_inner_texts()
    assert dates and all(d.endswith("/2023") for d in dates)

    # The pager keeps the filters: the next page is the same title and year.
    if individuals > PER_PAGE:
        pager = desktop.locator("[data-testid=individuals] [data-testid=pager]")
        pager.get_by_role("link", name="Trang sau").click()
        desktop.wait_for_load_state()
        assert "year=2023" in desktop.url and f"title={title}" in desktop.url
        assert "page=2" in desktop.url
        assert "Trang 2/" in pager.inner_text()
        assert set(rows(desktop, "individuals").locator("td:nth-child(3)").all_inner_texts()) == {
            name
        }
    assert_shows_nothing_private(desktop)

    # A phone: the same board fits the screen, and filters the same way.
    phone.goto(url)
    assert fits_the_screen(phone)
    assert badge(phone, "collectives") == collectives
    phone.select_option("#id_year", "2023")
    phone.get_by_role("button", name="Xem").click()
    phone.wait_for_load_state()
    assert fits_the_screen(phone)
    assert badge(phone, "individuals") == (
        awards_shown(year=2023).filter(recipient_kind="individual").count()
    )
    pager = phone.locator("[data-testid=collectives] [data-testid=pager]")
    pager.get_by_role("link", name="Trang sau").click()
    phone.wait_for_load_state()
    assert re.search(r"[?&]year=2023", phone.url) and "page=2" in phone.url
    assert fits_the_screen(phone)
    assert_shows_nothing_private(phone)
    phone.screenshot(path=tmp_path / "honour-phone.png", full_page=False)

    # Nobody may post to it: a browser's post without a form token is refused before the
    # view (403), the view itself answers only GET (405, tests/awards/test_honour_board.py).
    assert desktop.request.post(url).status in (403, 405)

    # The city's admin withdraws the board on the summaries page ...
    admin = desktop.context.browser.new_context(viewport=DESKTOP, locale="vi-VN").new_page()
    sign_in(admin, live_server.url, "admin.mongcai", data.DEMO_PASSWORD)
    admin.goto(f"{live_server.url}/reports/")
    row = admin.locator("[data-testid=honour-boards] tr", has_text="Thành phố Móng Cái")
    row.get_by_role("button", name="Thu hồi").click()
    # The page after the POST's redirect, waited for: a click returns before it loads, and
    # expect's own 5 s is short for the summaries page while the whole suite runs.
    expect(admin.get_by_text("không còn công khai")).to_be_visible(timeout=30_000)
    expect(
        admin.locator("[data-testid=honour-boards] tr", has_text="Thành phố Móng Cái")
    ).to_contain_text("Chưa công bố")
    admin.context.close()

    # ... and the public address, cached a moment ago, is now not found for everyone.
    response = phone.goto(url)
    assert response.status == 404
    for section in ("collectives", "individuals", "leaders"):
        assert phone.locator(f"[data-testid={section}]").count() == 0
    response = desktop.goto(f"{url}?year=2023&title={title}&page=2")
    assert response.status == 404
