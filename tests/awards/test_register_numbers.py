"""Numbers and dates from the văn thư's register (NĐ 30/2020/NĐ-CP, Điều 15; issue 18):
entered at issue, or reserved through a configured register, never computed."""

import datetime as dt
import http.server
import json
import threading

import pytest
from django.core.exceptions import ValidationError

from awards import services
from awards.models import Authority, Decision
from tests.factories import TEST_PASSWORD

from .conftest import add_recipient, decision_draft

pytestmark = pytest.mark.django_db

RESERVED = []


def reserve_in_test_register(request: dict) -> dict:
    """A register as a Python callable (AWARDS_REGISTER = a dotted path to it)."""
    RESERVED.append(request)
    return {"number": 3127, "date": "2024-09-03"}


@pytest.fixture
def unnumbered(admin_user, city_authority, campaign, person_a, catalogue):
    decision = decision_draft(admin_user, city_authority, campaign, None, dt.date(2024, 9, 2))
    add_recipient(admin_user, decision, person_a, catalogue["giay-khen-ca-nhan"], "Cứu người")
    return decision


def issue(admin_user, decision, **extra):
    return services.decision_issue(
        user=admin_user, decision=decision, password=TEST_PASSWORD, no_cash=True, **extra
    )


def test_a_draft_has_no_number_and_shows_the_blank(unnumbered):
    assert unnumbered.number is None
    assert unnumbered.reference == "\u00a0" * 6 + "/QĐ-UBND"


def test_issue_needs_the_registers_number(admin_user, unnumbered):
    with pytest.raises(ValidationError, match="Nhập số mà sổ đăng ký cấp"):
        issue(admin_user, unnumbered)
    unnumbered.refresh_from_db()
    assert (unnumbered.status, unnumbered.number) == ("draft", None)


def test_issue_takes_the_number_and_date_typed_from_the_register(admin_user, unnumbered):
    decision = issue(admin_user, unnumbered, number=2045, decided_on=dt.date(2024, 9, 5))
    decision.refresh_from_db()
    assert (decision.status, decision.number, decision.decided_on, decision.year) == (
        "issued",
        2045,
        dt.date(2024, 9, 5),
        2024,
    )
    assert decision.reference == "2045/QĐ-UBND"


def test_a_number_taken_in_the_register_is_refused_and_nothing_changes(
    admin_user, city_authority, campaign, unnumbered, draft
):
    # `draft` holds 123 of 2024 for the city's chairman.
    with pytest.raises(ValidationError, match="123/QĐ-UBND"):
        issue(admin_user, unnumbered, number=123, decided_on=dt.date(2024, 10, 1))
    unnumbered.refresh_from_db()
    assert (unnumbered.status, unnumbered.number, unnumbered.decided_on) == (
        "draft",
        None,
        dt.date(2024, 9, 2),
    )
    # Another year of the same register may use it.
    assert issue(admin_user, unnumbered, number=123, decided_on=dt.date(2025, 1, 6)).number == 123


def test_the_register_is_the_issuing_bodys_across_its_authorities(
    admin_user, city_authority, campaign, unnumbered
):
    """The People's Committee deciding as a collective shares the Chairman's register."""
    committee = Authority.objects.create(
        code="ubnd-mong-cai",
        organiser=city_authority.organiser,
        name="Ủy ban nhân dân thành phố Móng Cái",
        level="city",
        body=city_authority.body,
        symbol="QĐ-UBND",
        place="Móng Cái",
        signing_capacity="Chủ tịch",
        collective_body="Ủy ban nhân dân",
    )
    services.decision_save(
        user=admin_user,
        authority=committee,
        number=77,
        decided_on=dt.date(2024, 5, 1),
        kind="regular",
        campaign=campaign,
        summary="Về việc khác",
        signing_mode="TM.",
        signer_name="A",
        signer_position="Chủ tịch",
    )
    with pytest.raises(ValidationError, match="77/QĐ-UBND"):
        issue(admin_user, unnumbered, number=77)


def test_the_issue_page_asks_for_the_number_and_refuses_a_clash(
    client, admin_user, unnumbered, draft
):
    client.force_login(admin_user)
    page = client.get(f"/awards/decisions/{unnumbered.pk}/")
    assert 'name="number"' in page.text and 'name="decided_on"' in page.text
    assert "không tự tính" in page.text  # the product says it does not compute the number
    response = client.post(
        f"/awards/decisions/{unnumbered.pk}/issue/",
        {"number": "123", "decided_on": "02/09/2024", "password": TEST_PASSWORD, "no_cash": "on"},
        follow=True,
    )
    assert "đã là quyết định 123/QĐ-UBND" in response.text
    unnumbered.refresh_from_db()
    assert unnumbered.status == "draft"
    response = client.post(
        f"/awards/decisions/{unnumbered.pk}/issue/",
        {"number": "abc", "decided_on": "02/09/2024", "password": TEST_PASSWORD, "no_cash": "on"},
        follow=True,
    )
    assert response.status_code == 200 and "Số trong sổ" in response.text
    response = client.post(
        f"/awards/decisions/{unnumbered.pk}/issue/",
        {"number": "2046", "decided_on": "03/09/2024", "password": TEST_PASSWORD, "no_cash": "on"},
        follow=True,
    )
    assert "2046/QĐ-UBND" in response.text
    unnumbered.refresh_from_db()
    assert (unnumbered.status, unnumbered.number, unnumbered.decided_on) == (
        "issued",
        2046,
        dt.date(2024, 9, 3),
    )


def test_the_new_decision_form_offers_no_number(client, admin_user, catalogue):
    client.force_login(admin_user)
    page = client.get("/awards/decisions/new/")
    assert page.status_code == 200 and 'name="number"' not in page.text


def test_a_python_register_reserves_the_number_and_date(settings, admin_user, unnumbered):
    settings.AWARDS_REGISTER = "tests.awards.test_register_numbers.reserve_in_test_register"
    RESERVED.clear()
    decision = issue(admin_user, unnumbered)
    assert (decision.number, decision.decided_on) == (3127, dt.date(2024, 9, 3))
    assert RESERVED[0]["issuing_body"] == "Ủy ban nhân dân thành phố Móng Cái"
    assert RESERVED[0]["symbol"] == "QĐ-UBND" and RESERVED[0]["date"] == "2024-09-02"


class RegisterHandler(http.server.BaseHTTPRequestHandler):
    """A register on a local port: answers the next number of its book."""

    book = {"next": 58, "requests": []}

    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.book["requests"].append(request)
        body = json.dumps({"number": self.book["next"]}).encode()
        self.book["next"] += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_register(settings):
    server = http.server.HTTPServer(("127.0.0.1", 0), RegisterHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.AWARDS_REGISTER = f"http://127.0.0.1:{server.server_port}/reserve"
    yield RegisterHandler.book
    server.shutdown()
    server.server_close()


def test_an_http_register_reserves_the_number(client, admin_user, unnumbered, http_register):
    client.force_login(admin_user)
    page = client.get(f"/awards/decisions/{unnumbered.pk}/")
    assert 'name="number"' not in page.text  # reserved, not typed
    client.post(
        f"/awards/decisions/{unnumbered.pk}/issue/",
        {"password": TEST_PASSWORD, "no_cash": "on"},
    )
    unnumbered.refresh_from_db()
    assert (unnumbered.status, unnumbered.number) == ("issued", 58)
    assert http_register["requests"][-1]["authority"] == "ct-ubnd-mong-cai"


def test_a_register_that_does_not_answer_issues_nothing(settings, admin_user, unnumbered):
    settings.AWARDS_REGISTER = "http://127.0.0.1:9/reserve"  # the discard port: refused
    settings.AWARDS_REGISTER_TIMEOUT = 2
    with pytest.raises(ValidationError, match="Sổ đăng ký không cấp được số"):
        issue(admin_user, unnumbered)
    unnumbered.refresh_from_db()
    assert unnumbered.status == "draft" and unnumbered.number is None
    assert not Decision.objects.filter(status="issued").exists()
