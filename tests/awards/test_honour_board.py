"""The public honour board (issue 20): only what issued decisions contain, opt-in per
organiser, filterable, cached until a decision is issued or annulled, throttled."""

import datetime as dt
import os
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse

from awards import services
from awards.honour import honour_board, honour_board_publish
from awards.models import Authority, Decision, DecisionRecipient, HonourBoard
from campaigns.models import Evidence
from tests.awards.conftest import add_recipient, decision_draft, issued_with
from tests.factories import MembershipFactory, ReportValueFactory, SubmittedReportFactory
from tests.pages import page_read

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def board(admin_user, city, catalogue, campaign, unit_a, unit_b):
    """The city's published board with one issued decision: unit A (Giấy khen) and a
    person of unit B (Giấy khen) with a year of birth; beside it, a draft, an annulled
    decision, a report with figures and evidence, and a nomination."""
    honour_board_publish(organiser=city, published=True, by=admin_user)
    person = services.person_save(
        full_name="Nguyễn Thị Hiền", unit=unit_b, position="Chuyên viên", birth_year=1987
    )
    issued = issued_with(
        admin_user,
        decision_draft(
            admin_user, campaign_authority(catalogue), campaign, 41, dt.date(2024, 3, 5)
        ),
        [
            (unit_a, catalogue["giay-khen-tap-the"], "Hoàn thành xuất sắc nhiệm vụ"),
            (person, catalogue["giay-khen-ca-nhan"], "Hoàn thành xuất sắc nhiệm vụ"),
        ],
    )
    draft = decision_draft(
        admin_user, campaign_authority(catalogue), campaign, 42, dt.date(2024, 4, 1)
    )
    hidden = services.person_save(full_name="Trần Văn Nháp", unit=unit_a, birth_year=1990)
    add_recipient(admin_user, draft, hidden, catalogue["giay-khen-ca-nhan"], "Nháp")
    annulled_person = services.person_save(full_name="Lê Văn Hủy", unit=unit_a)
    annulled = issued_with(
        admin_user,
        decision_draft(
            admin_user, campaign_authority(catalogue), campaign, 43, dt.date(2023, 6, 1)
        ),
        [(annulled_person, catalogue["giay-khen-ca-nhan"], "Hủy")],
    )
    services.decision_annul(user=admin_user, decision=annulled, reason="Sai đối tượng")
    report = SubmittedReportFactory(unit=unit_a, highlights="Điểm nổi bật bí mật 7.777")
    ReportValueFactory(report=report, value=98765)
    Evidence.objects.create(
        report=report,
        file="evidence/x.pdf",
        original_name="minh-chung-rieng.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_at=dt.datetime(2024, 3, 1, tzinfo=dt.UTC),
    )
    return {"issued": issued, "draft": draft, "person": person}


def campaign_authority(catalogue):
    return Authority.objects.get(code="ct-ubnd-mong-cai")


def page(client, city, **query):
    return client.get(reverse("reports:honour-board", args=[city.code]), query)


def test_anyone_reads_a_published_board_without_signing_in(client, city, board, campaign):
    response = page(client, city)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Phường A" in body and "Nguyễn Thị Hiền" in body
    assert "Giấy khen (tập thể)" in body and "Giấy khen (cá nhân)" in body
    assert f"41/{board['issued'].authority.symbol}" in body and "05/03/2024" in body
    assert campaign.name in body


def test_the_board_shows_nothing_a_decision_does_not_publish(client, city, board):
    body = page(client, city).content.decode()
    assert "1987" not in body  # year of birth
    assert "minh-chung-rieng.pdf" not in body  # evidence
    assert "bí mật" not in body and "98765" not in body and "98.765" not in body  # report
    assert "Trần Văn Nháp" not in body  # a draft's recipient
    assert "Lê Văn Hủy" not in body  # an annulled decision's
    assert "Chuyên viên" not in body  # the person's position is not shown either
    assert "Hoàn thành xuất sắc nhiệm vụ" not in body  # nor the achievement text


def test_a_board_not_published_is_not_found(client, city, board, admin_user):
    honour_board_publish(organiser=city, published=False, by=admin_user)
    assert page(client, city).status_code == 404
    assert client.get(reverse("reports:honour-board", args=["khong-co"])).status_code == 404


def test_filters_by_year_and_title(client, city, board, catalogue):
    body = page(client, city, year=2024, title="giay-khen-ca-nhan").content.decode()
    assert "Nguyễn Thị Hiền" in body
    assert "<td>Phường A</td><td>Phường A</td>" not in body
    data = honour_board(city, year=2024, title="giay-khen-tap-the")
    assert [r["name"] for r in data["collectives"]] == ["Phường A"]
    assert data["individuals"] == []
    assert honour_board(city, year=2019)["collectives"] == []


def test_an_unknown_filter_says_so_and_shows_everything(client, city, board):
    response = page(client, city, year="abc", title="<script>")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="filter-errors"' in body
    assert "Nguyễn Thị Hiền" in body


def test_the_board_is_cached_until_a_decision_is_issued(
    city, board, admin_user, catalogue, campaign, unit_b, django_capture_on_commit_callbacks
):
    assert len(honour_board(city)["individuals"]) == 1
    # A row written behind the services' back is not seen: the board comes from the cache.
    late = services.person_save(full_name="Phạm Văn Muộn", unit=unit_b)
    draft = decision_draft(
        admin_user, campaign_authority(catalogue), campaign, 44, dt.date(2024, 5, 2)
    )
    add_recipient(admin_user, draft, late, catalogue["giay-khen-ca-nhan"], "Muộn")
    Decision.objects.filter(pk=draft.pk).update(status="issued")
    assert len(honour_board(city)["individuals"]) == 1
    # Issuing (or annulling) through the service forgets every cached board.
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_annul(user=admin_user, decision=board["issued"], reason="Sai")
    names = [r["name"] for r in honour_board(city)["individuals"]]
    assert names == ["Phạm Văn Muộn"]


def test_issuing_forgets_the_cached_boards(
    city, board, admin_user, catalogue, campaign, unit_b, django_capture_on_commit_callbacks
):
    assert len(honour_board(city)["individuals"]) == 1
    newcomer = services.person_save(full_name="Vũ Thị Mới", unit=unit_b)
    draft = decision_draft(
        admin_user, campaign_authority(catalogue), campaign, 45, dt.date(2024, 6, 3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        issued_with(admin_user, draft, [(newcomer, catalogue["giay-khen-ca-nhan"], "Mới")])
    assert "Vũ Thị Mới" in [r["name"] for r in honour_board(city)["individuals"]]


def test_a_cached_board_costs_one_query(client, city, board, django_assert_max_num_queries):
    page(client, city)
    # The organiser, published; the request's savepoint and its release (ATOMIC_REQUESTS).
    with django_assert_max_num_queries(3):
        assert page(client, city).status_code == 200


def test_leading_units_are_those_a_decision_gave_the_flag(
    client, city, bloc, unit_a, admin_user, catalogue, campaign, django_capture_on_commit_callbacks
):
    honour_board_publish(organiser=city, published=True, by=admin_user)
    MembershipFactory(bloc=bloc, unit=unit_a, year=2024, role="member")
    province = Authority.objects.get(code="ct-ubnd-quang-ninh")
    flag = decision_draft(admin_user, province, campaign, 7, dt.date(2024, 12, 20))
    with django_capture_on_commit_callbacks(execute=True):
        issued_with(admin_user, flag, [(unit_a, catalogue["co-thi-dua"], "Dẫn đầu khối")])
    DecisionRecipient.objects.filter(decision=flag).update(year=2024)
    cache.clear()
    leaders = honour_board(city)["leaders"]
    assert [(r["bloc"], r["unit"], r["year"]) for r in leaders] == [(bloc.name, "Phường A", 2024)]
    # The page writes the year as a year, not as a number with a thousands dot.
    body = page(client, city).content.decode()
    assert "<td>2024</td>" in body and "2.024" not in body


def test_the_board_is_throttled_per_address_in_redis(client, city, board, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14"),
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.HONOUR_BOARD_RATE_PER_MINUTE = 3
    url = reverse("reports:honour-board", args=[city.code])
    statuses = [client.get(url, REMOTE_ADDR="10.9.8.7").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(url, REMOTE_ADDR="10.9.8.7")
    assert "wait a minute" in refused.content.decode() or "chờ một phút" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="10.9.8.6").status_code == 200


def test_admin_publishes_and_withdraws_the_board(client, admin_user, city):
    client.force_login(admin_user)
    response = client.post(
        reverse("reports:honour-publish"), {"organiser": city.pk, "published": "on"}
    )
    assert response.status_code == 302
    assert city.honour_board.published
    client.post(reverse("reports:honour-publish"), {"organiser": city.pk})
    city.honour_board.refresh_from_db()
    assert not city.honour_board.published


def test_the_summaries_page_s_own_buttons_publish_and_withdraw_a_board_of_a_large_id(
    client, admin_user, city
):
    """What the page's form sends, not a hand-typed id: the organiser's id past 1.000
    (conftest.FIRST_ID) was printed "1.000.001" and every press refused."""
    assert city.pk >= 1000
    client.force_login(admin_user)
    for published in (True, False):
        page = page_read("/reports/", client.get(reverse("reports:index")).content.decode())
        action = reverse("reports:honour-publish")
        form = next(
            f
            for f in page.forms
            if f.action == action and f.fields["organiser"].value == str(city.pk)
        )
        response = client.post(action, {k: v[0] for k, v in form.defaults().items()}, follow=True)
        assert response.status_code == 200
        assert HonourBoard.objects.get(organiser=city).published is published
        assert "Hãy chọn một đơn vị tổ chức" not in response.content.decode()


def test_a_council_member_cannot_publish(client, council_member, city):
    client.force_login(council_member)
    response = client.post(
        reverse("reports:honour-publish"), {"organiser": city.pk, "published": "on"}
    )
    assert response.status_code == 403
    assert not HonourBoard.objects.filter(organiser=city).exists()


# --- The same board through the API (issue 21: "the public honour board's content") ---


def api_board(client, code, **query):
    return client.get(reverse("api:honour-board", args=[code]), query)


def test_the_api_serves_the_published_board_without_a_token(client, city, board, campaign):
    response = api_board(client, city.code)
    assert response.status_code == 200
    data = response.json()
    assert [r["name"] for r in data["collectives"]] == ["Phường A"]
    individual = data["individuals"][0]
    assert individual == {
        "name": "Nguyễn Thị Hiền",
        "unit": "Xã B",
        "title": "Giấy khen (cá nhân)",
        "decision": f"41/{board['issued'].authority.symbol}",
        "decided_on": "2024-03-05",
    }
    assert campaign.name in [c["name"] for c in data["campaigns"]]
    text = response.content.decode()
    for hidden in ("1987", "minh-chung-rieng.pdf", "98765", "Nháp", "Hủy", "Chuyên viên"):
        assert hidden not in text


def test_the_api_filters_as_the_page_does_and_ignores_what_it_cannot_read(client, city, board):
    data = api_board(client, city.code, year=2024, title="giay-khen-tap-the").json()
    assert [r["name"] for r in data["collectives"]] == ["Phường A"]
    assert data["individuals"] == []
    assert api_board(client, city.code, year=2019).json()["collectives"] == []
    everything = api_board(client, city.code).json()
    for year, title in (("²", "<script>"), ("99999", "khong-co"), ("-1", "")):
        assert api_board(client, city.code, year=year, title=title).json() == everything


def test_the_api_answers_404_for_an_unpublished_board(client, city, board, admin_user):
    honour_board_publish(organiser=city, published=False, by=admin_user)
    response = api_board(client, city.code)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert api_board(client, "khong-co").status_code == 404


def test_the_board_pages_its_lists_keeping_the_filters(
    client, city, board, admin_user, catalogue, campaign, unit_b, monkeypatch
):
    """A province's board holds hundreds of awards: each list shows a page of them with a
    pager that keeps the year and title chosen; a malformed or too large page number
    shows the first or the last page."""
    monkeypatch.setattr("reports.views.PER_PAGE", 1)
    issued_with(
        admin_user,
        decision_draft(
            admin_user, campaign_authority(catalogue), campaign, 44, dt.date(2024, 5, 2)
        ),
        [(unit_b, catalogue["giay-khen-tap-the"], "Hoàn thành tốt nhiệm vụ")],
    )
    cache.clear()

    def collectives(**query):
        body = page(client, city, **query).content.decode()
        return body.split('data-testid="collectives"')[1].split("</section>")[0]

    first = collectives(year=2024, title="giay-khen-tap-the")
    assert "Trang 1/2" in first and "Xã B" in first and "Phường A" not in first
    assert "?year=2024&amp;title=giay-khen-tap-the&amp;page=2" in first
    second = collectives(year=2024, title="giay-khen-tap-the", page=2)
    assert "Trang 2/2" in second and "Phường A" in second and "Xã B" not in second
    assert "Trang 1/2" in collectives(page="²") and "Trang 2/2" in collectives(page=99)
