"""What each role sees and does in the awards pages."""

import datetime as dt

import pytest
import time_machine

from awards import services
from awards.models import Decision, Nomination
from tests.factories import TEST_PASSWORD, UnitFactory

from .conftest import add_recipient, issued_with, pass_by_session, propose

pytestmark = pytest.mark.django_db


def test_secretary_proposes_and_sees_the_checks(
    client, secretary_a, unit_a, person_a, campaign, catalogue
):
    client.force_login(secretary_a)
    response = client.post(
        "/awards/nominations/new/",
        {
            "unit": unit_a.pk,
            "recipient_kind": "individual",
            "person": person_a.pk,
            "title": catalogue["chien-si-thi-dua-co-so"].pk,
            "campaign": campaign.pk,
            "year": 2026,
            "kind": "regular",
            "achievement": "Hoàn thành xuất sắc nhiệm vụ năm 2026",
            "details": "Chủ trì số hóa hồ sơ",
        },
        follow=True,
    )
    nomination = Nomination.objects.get()
    assert "(2026)" in response.text  # the year, not 2.026
    assert (nomination.unit, nomination.person, nomination.proposed_by) == (
        unit_a,
        person_a,
        secretary_a,
    )
    assert "Nguyễn Văn An đã được đề nghị" in response.text
    checks = response.text[response.text.index('data-testid="checks"') :]
    assert "Không đạt" in checks  # no Lao động tiên tiến in 2026, no initiative
    assert "Lao động tiên tiến" in checks
    # The list: on a phone each nomination is a card, its cells after their column's name.
    listing = client.get("/awards/").text
    assert 'class="table table-sm align-middle table-stack" data-testid="nominations"' in listing
    assert '<td data-label="Danh hiệu, hình thức">Chiến sĩ thi đua cơ sở</td>' in listing


def test_a_duplicate_proposal_gets_a_clear_message_and_saves_nothing(
    client, secretary_a, unit_a, person_a, campaign, catalogue
):
    propose(
        secretary_a,
        unit_a,
        person_a,
        catalogue["giay-khen-ca-nhan"],
        campaign,
        achievement="Cứu người",
    )
    client.force_login(secretary_a)
    response = client.post(
        "/awards/nominations/new/",
        {
            "unit": unit_a.pk,
            "recipient_kind": "individual",
            "person": person_a.pk,
            "title": catalogue["giay-khen-ca-nhan"].pk,
            "campaign": campaign.pk,
            "year": 2024,
            "kind": "ad_hoc",
            "achievement": "Cứu người",
        },
    )
    assert response.status_code == 200
    assert "đã được đề nghị cho phong trào và thành tích này" in response.text
    assert Nomination.objects.count() == 1


def test_council_rejects_with_a_comment_and_the_secretary_reads_it(
    client, secretary_a, council_member, unit_a, person_a, campaign, catalogue
):
    nomination = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    client.force_login(council_member)
    response = client.post(
        f"/awards/nominations/{nomination.pk}/review/",
        {"action": "reject", "comment": "Chưa có minh chứng"},
        follow=True,
    )
    assert "Nguyễn Văn An: đã từ chối." in response.text
    client.force_login(secretary_a)
    page = client.get(f"/awards/nominations/{nomination.pk}/").text
    assert "Chưa có minh chứng" in page
    assert "Hội đồng không duyệt" in page


def test_people_are_found_without_diacritics(client, council_member, person_a, person_a2, person_b):
    client.force_login(council_member)
    page = client.get("/awards/people/", {"q": "nguyen van an"}).text
    assert "Nguyễn Văn An" in page and "Trần Văn Bình" not in page
    page = client.get("/awards/people/", {"q": "dang thi dao"}).text
    assert "Đặng Thị Đào" in page and "Nguyễn Văn An" not in page
    page = client.get("/awards/people/", {"q": "ĐÀO"}).text
    assert "Đặng Thị Đào" in page


def test_secretary_finds_only_own_units_people(client, secretary_a, person_a, person_b):
    client.force_login(secretary_a)
    page = client.get("/awards/people/", {"q": "van"}).text
    assert "Nguyễn Văn An" in page and "Trần Văn Bình" not in page


def test_admin_issues_only_with_the_right_password(client, admin_user, person_a, catalogue, draft):
    add_recipient(
        admin_user, draft, person_a, catalogue["giay-khen-ca-nhan"], "Cứu người", year=2024
    )
    client.force_login(admin_user)
    page = client.post(
        f"/awards/decisions/{draft.pk}/issue/", {"password": "sai"}, follow=True
    ).text
    assert "Mật khẩu không đúng" in page
    assert Decision.objects.get(pk=draft.pk).status == "draft"
    page = client.post(
        f"/awards/decisions/{draft.pk}/issue/",
        {"password": TEST_PASSWORD, "no_cash": "on"},
        follow=True,
    ).text
    assert "Quyết định 123/QĐ-UBND đã được ban hành." in page
    assert Decision.objects.get(pk=draft.pk).status == "issued"


def test_an_issued_decision_cannot_be_edited_through_the_page(
    client, admin_user, person_a, catalogue, draft
):
    issued_with(admin_user, draft, [(person_a, catalogue["giay-khen-ca-nhan"], "Cứu người")])
    client.force_login(admin_user)
    response = client.get(f"/awards/decisions/{draft.pk}/edit/", follow=True)
    assert "Không thể sửa quyết định đã ban hành." in response.text
    data = {
        "authority": draft.authority_id,
        "number": 999,
        "decided_on": "02/09/2024",
        "kind": "ad_hoc",
        "summary": "Sửa",
        "signer_name": "X",
        "signer_position": "Y",
    }
    client.post(f"/awards/decisions/{draft.pk}/edit/", data)
    assert Decision.objects.get(pk=draft.pk).number == 123


def test_admin_creates_a_draft_with_vietnamese_date(
    client, admin_user, city_authority, campaign, catalogue
):
    client.force_login(admin_user)
    response = client.post(
        "/awards/decisions/new/",
        {
            "authority": city_authority.pk,
            "decided_on": "05/10/2024",
            "kind": "campaign",
            "campaign": campaign.pk,
            "summary": "Về việc khen thưởng",
            "signer_name": "Lê Văn C",
            "signer_position": "Chủ tịch",
            "signing_mode": "",
        },
        follow=True,
    )
    decision = Decision.objects.get()
    # No number yet: the register gives it when the decision is issued (issue 18).
    assert (decision.number, decision.decided_on, decision.status) == (
        None,
        dt.date(2024, 10, 5),
        "draft",
    )
    assert "\u00a0/QĐ-UBND" in response.text


def test_admin_annuls_with_a_reason_and_sees_the_money_to_recover(
    client, admin_user, unit_a, catalogue, draft
):
    issued_with(admin_user, draft, [(unit_a, catalogue["tap-the-lao-dong-tien-tien"], "Dẫn đầu")])
    client.force_login(admin_user)
    page = client.post(f"/awards/decisions/{draft.pk}/annul/", {"reason": ""}, follow=True).text
    assert "Nêu lý do hủy" in page
    page = client.post(
        f"/awards/decisions/{draft.pk}/annul/", {"reason": "Trùng thành tích"}, follow=True
    ).text
    assert "Trùng thành tích" in page and "1.880.000" in page


def test_history_of_a_person_and_of_a_unit(
    client, secretary_a, admin_user, unit_a, person_a, catalogue, draft
):
    issued_with(
        admin_user,
        draft,
        [
            (person_a, catalogue["giay-khen-ca-nhan"], "Cứu người"),
            (unit_a, catalogue["tap-the-lao-dong-tien-tien"], "Dẫn đầu khối"),
        ],
    )
    client.force_login(secretary_a)
    person_page = client.get(f"/awards/people/{person_a.pk}/").text
    assert "123/QĐ-UBND" in person_page and "Cứu người" in person_page
    assert "Dẫn đầu khối" not in person_page
    unit_page = client.get(f"/awards/units/{unit_a.pk}/").text
    assert "Cứu người" in unit_page and "Dẫn đầu khối" in unit_page and "1.880.000" in unit_page
    # On a phone each award is a card: every cell carries its column's name.
    assert 'class="table table-sm table-stack" data-testid="history"' in unit_page
    assert '<td data-label="Thành tích">Dẫn đầu khối</td>' in unit_page
    assert 'data-label="Số tiền (đồng)">1.880.000</td>' in unit_page


def test_statistics_count_by_kind_and_form(
    client, council_member, admin_user, unit_a, person_a, person_a2, catalogue, draft
):
    issued_with(
        admin_user,
        draft,
        [
            (person_a, catalogue["giay-khen-ca-nhan"], "A"),
            (person_a2, catalogue["giay-khen-ca-nhan"], "B"),
            (unit_a, catalogue["giay-khen-tap-the"], "C"),
        ],
    )
    client.force_login(council_member)
    page = client.get("/awards/statistics/", {"start": "01/01/2024", "end": "30/09/2024"}).text
    assert "1 tập thể và 2 cá nhân" in page
    row = page[page.index('data-kind="ad_hoc"') :]
    assert '<td class="num">1</td><td class="num">2</td>' in row[:200]
    page = client.get("/awards/statistics/", {"start": "01/10/2024", "end": "31/12/2024"}).text
    assert "0 tập thể và 0 cá nhân" in page
    page = client.get("/awards/statistics/").text  # the year of the latest decision
    assert "Từ 01/01/2024 đến 31/12/2024: 1 tập thể và 2 cá nhân" in page
    assert "?start=01/01/2024&amp;end=30/09/2024" in page and "9 tháng đầu năm 2024" in page
    page = client.get("/awards/statistics/", {"start": "31/12/2024", "end": "01/01/2024"}).text
    assert "Ngày bắt đầu sau ngày kết thúc." in page


def test_lists_keep_their_query_count_with_many_rows(
    client,
    secretary_a,
    council_member,
    admin_user,
    unit_a,
    campaign,
    catalogue,
    draft,
    django_assert_max_num_queries,
):
    people = [services.person_save(full_name=f"Người {i}", unit=unit_a) for i in range(30)]
    nominations = [
        propose(secretary_a, unit_a, person, catalogue["giay-khen-ca-nhan"], campaign)
        for person in people
    ]
    # The way the nominees reach a decision: a closed session passes them, then the admin
    # adds the passed ones and issues.
    pass_by_session(council_member, nominations)
    services.decision_add_nominations(
        user=admin_user,
        decision=draft,
        nominations=Nomination.objects.filter(pk__in=[n.pk for n in nominations]),
    )
    services.decision_issue(user=admin_user, decision=draft, password=TEST_PASSWORD, no_cash=True)
    for other in range(3):
        UnitFactory(name=f"Đơn vị khác {other}")
    pages = [
        (secretary_a, "/awards/"),
        (council_member, "/awards/"),
        (council_member, "/awards/people/"),
        (council_member, f"/awards/units/{unit_a.pk}/"),
        (council_member, "/awards/statistics/"),
        (admin_user, "/awards/decisions/"),
        (admin_user, f"/awards/decisions/{draft.pk}/"),
        (admin_user, f"/awards/people/{people[0].pk}/"),
    ]
    for user, url in pages:
        client.force_login(user)
        # The issued decision's page also reads its PDF and the certificate layouts.
        with django_assert_max_num_queries(15 if url.startswith("/awards/decisions/") else 14):
            assert client.get(url).status_code == 200, url


def test_secretary_proposes_the_unit_as_a_collective(
    client, secretary_a, unit_a, campaign, catalogue
):
    client.force_login(secretary_a)
    client.post(
        "/awards/nominations/new/",
        {
            "unit": unit_a.pk,
            "recipient_kind": "collective",
            "collective": unit_a.pk,
            "title": catalogue["giay-khen-tap-the"].pk,
            "campaign": campaign.pk,
            "year": 2024,
            "kind": "campaign",
            "achievement": "Dẫn đầu phong trào hiến máu",
        },
    )
    nomination = Nomination.objects.get()
    assert (nomination.recipient_kind, nomination.collective, nomination.person) == (
        "collective",
        unit_a,
        None,
    )


def test_a_title_for_the_other_kind_of_nominee_is_refused_by_the_form(
    client, secretary_a, unit_a, person_a, campaign, catalogue
):
    client.force_login(secretary_a)
    page = client.post(
        "/awards/nominations/new/",
        {
            "unit": unit_a.pk,
            "recipient_kind": "individual",
            "person": person_a.pk,
            "title": catalogue["giay-khen-tap-the"].pk,
            "campaign": campaign.pk,
            "year": 2024,
            "kind": "campaign",
            "achievement": "Dẫn đầu",
        },
    ).text
    assert "Giấy khen (tập thể) chỉ tặng cho: tập thể." in page
    assert not Nomination.objects.exists()


def test_secretary_registers_a_person_of_own_unit_only(client, secretary_a, unit_a, unit_b):
    from awards.models import Person

    client.force_login(secretary_a)
    page = client.post(
        "/awards/people/new/",
        {
            "full_name": "Vũ Thị Hương",
            "unit": unit_b.pk,
            "position": "Cán bộ",
        },
    ).text
    assert not Person.objects.exists()
    assert "Hãy chọn" in page or "Select a valid choice" in page
    page = client.post(
        "/awards/people/new/",
        {
            "full_name": "Vũ Thị Hương",
            "unit": unit_a.pk,
            "position": "Cán bộ",
            "birth_year": "1990",
            "service_from": "01/03/2015",
        },
        follow=True,
    ).text
    person = Person.objects.get()
    assert (person.unit, person.search_name, person.service_from) == (
        unit_a,
        "vu thi huong",
        dt.date(2015, 3, 1),
    )
    assert "Đã ghi nhận Vũ Thị Hương." in page


def test_a_draft_decision_page_keeps_its_query_count_with_many_recipients_and_nominations(
    client, secretary_a, council_member, admin_user, unit_a, campaign, catalogue, draft
):
    """The draft page lists its recipients and every approved nomination not yet in a
    decision: neither list may cost a query per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    title = catalogue["giay-khen-ca-nhan"]
    client.force_login(admin_user)
    url = f"/awards/decisions/{draft.pk}/"

    def grow(start, count):
        nominations = []
        for i in range(start, start + count):
            person = services.person_save(full_name=f"Người {i}", unit=unit_a)
            add_recipient(admin_user, draft, person, title, f"Thành tích {i}")
            nominee = services.person_save(full_name=f"Đề nghị {i}", unit=unit_a)
            nominations.append(propose(secretary_a, unit_a, nominee, title, campaign))
        pass_by_session(council_member, nominations)

    counts = []
    for start, count in ((0, 2), (2, 30)):
        grow(start, count)
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200
        assert page.text.count("Đề nghị ") >= start + count
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_nomination_form_does_not_offer_the_emulation_flag_and_refuses_it(
    client, secretary_a, unit_a, campaign, catalogue
):
    """Issue 13: a unit's own proposal cannot ask for Cờ thi đua; the bloc's ranking or
    the council does."""
    client.force_login(secretary_a)
    form = client.get("/awards/nominations/new/").text
    assert "Giấy khen (tập thể)" in form
    assert "Cờ thi đua" not in form
    page = client.post(
        "/awards/nominations/new/",
        {
            "unit": unit_a.pk,
            "recipient_kind": "collective",
            "collective": unit_a.pk,
            "title": catalogue["co-thi-dua"].pk,
            "campaign": campaign.pk,
            "year": 2026,
            "kind": "campaign",
            "achievement": "Dẫn đầu khối",
        },
    )
    assert page.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in page.text
    assert not Nomination.objects.exists()


@time_machine.travel(dt.datetime(2026, 12, 15, 9, tzinfo=dt.UTC), tick=False)
def test_a_nomination_shows_its_cash_and_the_texts_each_check_comes_from(
    client, secretary_a, unit_a, person_a, campaign, catalogue
):
    nomination = propose(
        secretary_a, unit_a, person_a, catalogue["lao-dong-tien-tien"], campaign, year=2026
    )
    client.force_login(secretary_a)
    page = client.get(f"/awards/nominations/{nomination.pk}/").text
    cash = page[page.index('data-testid="cash"') :][:1500]
    # 0,3 × 2.530.000 = 759.000, rounded up: the coefficient, salary and rounding cited.
    assert "760.000 đ" in cash
    assert "Điều 50, 152/2025/NĐ-CP" in cash and "161/2026/NĐ-CP" in cash
    assert "Điều 49 khoản 2" in cash and "Chưa kiểm chứng" in cash
    checks = page[page.index('data-testid="checks"') :]
    assert "— 152/2025/NĐ-CP" in checks  # the minimum-service rule's decree


def test_passed_nominees_the_authority_does_not_grant_are_shown_unticked(
    client,
    secretary_a,
    council_member,
    admin_user,
    unit_a,
    person_a,
    person_a2,
    campaign,
    catalogue,
    draft,
):
    """The decision page ticks the passed nominees its authority grants; one whose title
    needs a higher level is shown disabled with the way up (a proposal), so the batch the
    admin adds is not refused whole."""
    own = propose(secretary_a, unit_a, person_a, catalogue["giay-khen-ca-nhan"], campaign)
    higher = propose(
        secretary_a, unit_a, person_a2, catalogue["chien-si-thi-dua-cap-tinh"], campaign
    )
    pass_by_session(council_member, [own, higher])
    client.force_login(admin_user)
    page = client.get(f"/awards/decisions/{draft.pk}/").text
    assert f'value="{own.pk}" id="nom-{own.pk}" checked>' in page
    assert f'value="{higher.pk}" id="nom-{higher.pk}" disabled>' in page
    assert page.count('data-testid="not-grantable"') == 1
    assert "không tặng danh hiệu này: đề nghị cấp trên" in page
    assert client.get("/awards/proposals/").status_code == 200  # where the note leads
    assert 'href="/awards/proposals/"' in page
    # What the ticked boxes send is added whole.
    client.post(f"/awards/decisions/{draft.pk}/nominations/", {"nominations": [own.pk]})
    assert list(draft.recipients.values_list("nomination", flat=True)) == [own.pk]


def test_a_draft_without_its_number_is_titled_by_its_summary(client, admin_user, draft):
    """A draft's number is left blank until it is issued ("      /QĐ-UBND"): the
    browser's tab names the draft by its summary, not by blanks."""
    client.force_login(admin_user)
    page = client.get(f"/awards/decisions/{draft.pk}/").text
    assert "<title>123/QĐ-UBND · " in page
    Decision.objects.filter(pk=draft.pk).update(number=None)
    page = client.get(f"/awards/decisions/{draft.pk}/").text
    assert "<title>Dự thảo quyết định · Về việc khen thưởng đột xuất · " in page
