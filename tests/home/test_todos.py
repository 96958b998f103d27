"""The home page says what waits for each role, on a freshly loaded demo and with factories."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command

from covenants.models import Covenant
from mongcai.accounts.models import User
from tests.factories import second_factor_add
from tools.demo.services import demo_load

DAY = dt.date(2026, 12, 6)
NOON = dt.datetime(2026, 12, 6, 12, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        demo_load(today=DAY)
    yield
    with django_db_blocker.unblock():
        call_command("flush", "--no-input")


@pytest.fixture
def demo(demo_loaded, db):
    with time_machine.travel(NOON, tick=False):
        yield


def signed_in(client, username, *, second_factor=False):
    # Demo accounts sign in only while DEBUG runs (README); the page is what is tested.
    user = User.objects.get(username=username)
    user.is_demo = False
    user.save(update_fields=["is_demo"])
    if second_factor:
        second_factor_add(user)
    client.force_login(user)
    return client


def home_of(client, username, *, second_factor=False):
    response = signed_in(client, username, second_factor=second_factor).get("/")
    assert response.status_code == 200
    return response.text.split('id="todos"')[1].split("</section>")[0]


def test_secretary_has_the_open_months_report_to_file_with_its_deadline(client, demo):
    todos = home_of(client, "thuky.mongcai1")
    assert "Phường Móng Cái 1" in todos and "Tháng 11/2026" in todos
    assert "10/12/2026" in todos  # the deadline, four days after the load day
    assert "/campaigns/" in todos  # the form's link


def test_secretary_of_a_returned_report_is_asked_to_correct_it(client, demo):
    todos = home_of(client, "thuky.haiyen")
    assert "Phường Móng Cái 3" in todos
    assert "returned" in todos or "bị trả lại" in todos


def test_secretary_whose_report_is_submitted_has_no_report_to_file(client, demo):
    todos = home_of(client, "thuky.kalong")
    assert 'data-testid="todo-report"' not in todos


def test_the_open_periods_offer_the_form_only_for_a_report_still_to_fill(client, demo):
    """A submitted or approved report is locked: its open period links to the report,
    not to a form that would only say so."""
    for username, to_fill in (("thuky.mongcai1", True), ("thuky.kalong", False)):
        page = signed_in(client, username).get("/").text
        periods = page.split('data-testid="open-periods"')[1].split("</table>")[0]
        assert "Tháng 11/2026" in periods
        assert ("/report/" in periods) is to_fill, username
        assert ("/campaigns/reports/" in periods) is not to_fill, username


def test_bloc_head_is_asked_to_sign_the_open_covenant(client, demo):
    page = signed_in(client, "thuky.mongcai1").get("/").text
    tasks = page.split('id="covenant-tasks"')[1]
    assert Covenant.objects.get(year=2026).title in tasks


def test_council_has_reports_to_review_and_nominations_to_decide(client, demo):
    todos = home_of(client, "hoidong", second_factor=True)
    assert 'data-testid="todo-reports"' in todos and 'data-testid="todo-nominations"' in todos
    # The province's council reads its own campaign and the ward's below it: the open
    # month's submitted reports of both (2 + 2) and the nominations waiting (the
    # province's two on its session's agenda, the ward's one).
    from campaigns.models import Report, ReportStatus
    from home.selectors import council_counts

    counts = council_counts(User.objects.get(username="hoidong"))
    assert counts["reports"] == Report.objects.filter(status=ReportStatus.SUBMITTED).count() >= 4
    assert counts["nominations"] >= 3
    spans = todos.replace("<span>", ">")
    assert f">{counts['reports']} " in spans and f">{counts['nominations']} " in spans


def test_admin_has_a_draft_decision_to_issue(client, demo):
    todos = home_of(client, "admin", second_factor=True)
    assert 'data-testid="todo-decision"' in todos
    assert "06/12/2026" in todos and "QĐ-UBND" in todos


def test_a_secretary_with_nothing_due_is_told_so(client, demo):
    todos = home_of(client, "thuky.tckh")
    assert 'data-testid="todo-report"' not in todos


def test_the_live_campaigns_dashboard_opens_on_the_current_months_completeness(client, demo):
    from campaigns.models import Campaign
    from tools.demo import live

    campaign = Campaign.objects.get(code=live.campaign_code(2026))
    signed_in(client, "hoidong", second_factor=True)
    page = client.get(f"/campaigns/{campaign.pk}/dashboard/").text
    assert "Tháng 11/2026" in page
    cards = page.split('data-testid="completeness"')[1].split("</div>\n</div>")[0]
    # Six units owe the open month's report; two drafts and one not begun are missing.
    assert '<div class="fs-5">6</div>' in cards
    assert 'data-state="missing">3<' in cards


def test_the_admin_is_told_why_no_worker_reports(client, demo, settings):
    """Without a broker tasks run in the request (the demo): nothing to check. With one,
    no heartbeat means the worker or its scheduler is not running."""
    signed_in(client, "admin", second_factor=True)
    page = client.get("/").text
    assert "Chưa cấu hình tiến trình nền: tác vụ chạy ngay trong ứng dụng" in page
    settings.CELERY_TASK_ALWAYS_EAGER = False
    page = client.get("/").text
    assert "hãy kiểm tra Celery worker và bộ lập lịch (beat) đang chạy" in page
