"""Covenant and scoring pages, as each role sees them."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from covenants.models import CovenantStatus, ScoringStage
from covenants.services import covenant_finalise, covenant_sign
from tests.factories import MembershipFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    if user is not None:
        client.force_login(user)
    return client


ACTORS = ["anonymous", "secretary_a", "secretary_b", "secretary_c", "council_member", "admin_user"]


def actor(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


def expect(response, status):
    if status == 302:
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    else:
        assert response.status_code == status


@pytest.mark.parametrize(
    ("name", "status"),
    list(zip(ACTORS, [302, 200, 200, 404, 200, 200], strict=True)),
)
def test_who_may_read_the_covenant(request, client, draft_covenant, secretary_c, name, status):
    response = login(client, actor(request, name)).get(f"/blocs/covenants/{draft_covenant.pk}/")
    expect(response, status)
    if status == 200:
        assert "Giao ước thi đua năm 2023" in response.text
        assert "Hoàn thành chỉ tiêu được giao" in response.text


@pytest.mark.parametrize(
    ("name", "status"),
    list(zip(ACTORS, [302, 200, 403, 404, 403, 200], strict=True)),
)
def test_who_may_draft(request, client, draft_covenant, secretary_c, name, status):
    response = login(client, actor(request, name)).get(
        f"/blocs/covenants/{draft_covenant.pk}/edit/"
    )
    expect(response, status)


def test_a_covenant_past_its_draft_sends_the_drafter_back_to_it_with_the_reason(
    client, signing_covenant, bloc_head
):
    login(client, bloc_head)
    edit = f"/blocs/covenants/{signing_covenant.pk}/edit/"
    for response in (client.get(edit), client.post(edit, {"title": "Sửa sau khi mở"})):
        assert response.status_code == 302
        assert response["Location"] == f"/blocs/covenants/{signing_covenant.pk}/"
    page = client.get(f"/blocs/covenants/{signing_covenant.pk}/")
    assert "Giao ước không còn là bản dự thảo nên không thể thay đổi." in page.text
    signing_covenant.refresh_from_db()
    assert signing_covenant.title == "Giao ước thi đua năm 2023"


def test_head_drafts_the_rubric_in_the_browser_form(client, draft_covenant, secretary_a):
    login(client, secretary_a)
    data = {
        "title": "Giao ước sửa",
        "preamble": "",
        "commitments-TOTAL_FORMS": "1",
        "commitments-INITIAL_FORMS": "0",
        "commitments-MIN_NUM_FORMS": "1",
        "commitments-MAX_NUM_FORMS": "1000",
        "commitments-0-text": "Tổ chức 15 buổi học tập",
        "commitments-0-indicator": "",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-kind": "criterion",
        "criteria-0-title": "Phát động phong trào",
        "criteria-0-max_points": "20",
        "criteria-0-prefill": "",
        "criteria-1-kind": "bonus",
        "criteria-1-title": "Cờ cấp tỉnh",
        "criteria-1-max_points": "7,5",
        "criteria-1-prefill": "",
    }
    response = client.post(f"/blocs/covenants/{draft_covenant.pk}/edit/", data)
    assert response.status_code == 302
    maxima = list(draft_covenant.criteria.values_list("title", "max_points"))
    assert [(t, float(m)) for t, m in maxima] == [
        ("Phát động phong trào", 20),
        ("Cờ cấp tỉnh", 7.5),
    ]
    # A negative maximum is refused with the reason, and the rubric stays as it was.
    data["criteria-0-max_points"] = "-5"
    response = client.post(f"/blocs/covenants/{draft_covenant.pk}/edit/", data)
    assert response.status_code == 200
    assert "Điểm không được âm." in response.text
    assert draft_covenant.criteria.count() == 2


def test_open_then_sign_in_the_browser(client, draft_covenant, secretary_a, secretary_b, unit_b):
    login(client, secretary_a).post(f"/blocs/covenants/{draft_covenant.pk}/open/")
    draft_covenant.refresh_from_db()
    assert draft_covenant.status == CovenantStatus.SIGNING
    login(client, secretary_b)
    page = client.get(f"/blocs/covenants/{draft_covenant.pk}/")
    assert "Ký thay mặt Xã B" in page.text
    response = client.post(
        f"/blocs/covenants/{draft_covenant.pk}/sign/", {"unit": unit_b.pk}, follow=True
    )
    assert "Đã ký thay mặt Xã B." in response.text
    assert "Bob (B)" in response.text
    assert draft_covenant.signatures.get().unit == unit_b


def test_member_cannot_sign_for_a_unit_outside_the_bloc(
    client, signing_covenant, secretary_b, unit_c
):
    secretary_b.units.add(unit_c)
    response = login(client, secretary_b).post(
        f"/blocs/covenants/{signing_covenant.pk}/sign/", {"unit": unit_c.pk}, follow=True
    )
    assert "không phải thành viên của khối" in response.text
    assert not signing_covenant.signatures.exists()


def test_outsider_cannot_sign(client, signing_covenant, secretary_c, unit_c):
    response = login(client, secretary_c).post(
        f"/blocs/covenants/{signing_covenant.pk}/sign/", {"unit": unit_c.pk}
    )
    assert response.status_code == 404
    assert not signing_covenant.signatures.exists()


def test_editing_a_signed_covenant_is_refused(client, signed_covenant, secretary_a):
    response = login(client, secretary_a).get(
        f"/blocs/covenants/{signed_covenant.pk}/edit/", follow=True
    )
    assert "không thể thay đổi" in response.text
    assert "Sửa dự thảo" not in response.text


def test_signed_covenant_prints_and_downloads_as_docx(client, signed_covenant, secretary_b):
    login(client, secretary_b)
    page = client.get(f"/blocs/covenants/{signed_covenant.pk}/")
    assert "GIAO ƯỚC THI ĐUA" in page.text
    assert "data-print" in page.text  # the print button (static/js/app.js)
    response = client.get(f"/blocs/covenants/{signed_covenant.pk}/docx/")
    assert response.status_code == 200
    assert "giao-uoc-" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.tables[0].cell(0, 1).text
    assert "GIAO ƯỚC THI ĐUA" in text
    assert "Hoàn thành chỉ tiêu được giao" in text
    rubric = [[c.text for c in r.cells] for r in doc.tables[1].rows]
    assert rubric[1][1:] == ["Đăng ký thi đua đúng hạn", "Tiêu chí chấm điểm", "10"]
    assert rubric[-1][1] == "Tổng điểm tiêu chí" and rubric[-1][3] == "30"
    signatures = [[c.text for c in r.cells] for r in doc.tables[2].rows]
    assert {r[1] for r in signatures[1:]} == {"Phường A (Trưởng khối)", "Xã B"}
    assert all(r[3] for r in signatures[1:])
    assert doc.sections[0].left_margin.mm == pytest.approx(30, abs=0.1)


def test_docx_of_an_unsigned_covenant_is_refused(client, signing_covenant, secretary_b):
    response = login(client, secretary_b).get(
        f"/blocs/covenants/{signing_covenant.pk}/docx/", follow=True
    )
    assert response.headers["Content-Type"].startswith("text/html")
    assert "khi mọi thành viên đã ký" in response.text


@pytest.mark.parametrize(
    ("name", "unit", "status"),
    [
        ("anonymous", "b", 302),
        ("secretary_b", "b", 200),
        ("secretary_b", "a", 404),
        ("secretary_a", "b", 200),  # the head sees the whole bloc
        ("secretary_c", "b", 404),
        ("council_member", "b", 200),
        ("admin_user", "a", 200),
    ],
)
def test_who_sees_a_units_scores(
    request, client, signed_covenant, unit_a, unit_b, secretary_c, name, unit, status
):
    unit_pk = {"a": unit_a.pk, "b": unit_b.pk}[unit]
    response = login(client, actor(request, name)).get(
        f"/blocs/covenants/{signed_covenant.pk}/units/{unit_pk}/scores/"
    )
    expect(response, status)


def self_post(covenant, points, notes=None, submit=False):
    data = {}
    for i, criterion in enumerate(covenant.criteria.all()):
        data[f"points_{criterion.pk}"] = points[i]
        data[f"note_{criterion.pk}"] = (notes or ["Đã làm"] * 4)[i]
    if submit:
        data["submit"] = "1"
    return data


def test_self_score_in_the_browser_form(client, signed_covenant, secretary_b, unit_b):
    login(client, secretary_b)
    url = f"/blocs/covenants/{signed_covenant.pk}/units/{unit_b.pk}/scores/"
    response = client.post(url, self_post(signed_covenant, ["12", "15", "", ""]))
    assert response.status_code == 200
    assert "vượt mức tối đa 10" in response.text
    card = signed_covenant.scorecards.get(unit=unit_b)
    assert not card.scores.filter(self_points__isnull=False).exists()
    response = client.post(url, self_post(signed_covenant, ["-1", "15", "", ""]))
    assert "Điểm không được âm." in response.text
    bonus = signed_covenant.criteria.get(kind="bonus")
    data = self_post(signed_covenant, ["9,5", "15", "5", "0"], submit=True)
    data[f"evidence_{bonus.pk}"] = SimpleUploadedFile("co.pdf", b"%PDF-1.4\n")
    response = client.post(url, data, follow=True)
    assert "Đã gửi tự chấm điểm cho khối." in response.text
    card.refresh_from_db()
    assert card.self_submitted_at is not None
    assert str(card.scores.get(criterion__order=1).self_points) == "9.50"
    assert "9,5" in response.text  # shown the Vietnamese way, with its history
    evidence = card.scores.get(criterion=bonus)
    assert (
        client.get(f"/blocs/covenants/{signed_covenant.pk}/evidence/{evidence.pk}/").status_code
        == 200
    )
    login(client, UserFactory(units=[UnitFactory()]))
    assert (
        client.get(f"/blocs/covenants/{signed_covenant.pk}/evidence/{evidence.pk}/").status_code
        == 404
    )


def test_self_score_form_is_prefilled_from_the_tallies(
    client, signed_covenant, secretary_b, unit_b, period, campaign_indicator
):
    from django.utils import timezone

    from campaigns.models import Tally

    Tally.objects.create(
        period=period,
        indicator=campaign_indicator.indicator,
        node_kind="unit",
        node_id=unit_b.pk,
        target=10,
        status="exceeded",
        computed_at=timezone.now(),
    )
    response = login(client, secretary_b).get(
        f"/blocs/covenants/{signed_covenant.pk}/units/{unit_b.pk}/scores/"
    )
    assert "1 trên 1 chỉ tiêu đạt" in response.text
    criterion = signed_covenant.criteria.get(prefill="targets_met")
    assert f'name="points_{criterion.pk}" id="id_points_{criterion.pk}" value="20"' in response.text


def _submit_both(client, covenant, secretary_a, secretary_b, unit_a, unit_b):
    for user, unit in ((secretary_a, unit_a), (secretary_b, unit_b)):
        login(client, user).post(
            f"/blocs/covenants/{covenant.pk}/units/{unit.pk}/scores/",
            self_post(covenant, ["10", "18", "0", "0"], submit=True),
        )


@pytest.mark.parametrize(
    ("name", "status"), list(zip(ACTORS, [302, 302, 403, 404, 403, 403], strict=True))
)
def test_who_may_start_the_review(request, client, reviewing_covenant, secretary_c, name, status):
    # The review has started already: the head is sent back with a message (302 to the page).
    response = login(client, actor(request, name)).post(
        f"/blocs/covenants/{reviewing_covenant.pk}/review/"
    )
    if name == "secretary_a":
        assert response.status_code == 302 and "/login/" not in response["Location"]
    else:
        expect(response, status)


def test_head_reviews_a_member_in_the_browser(client, reviewing_covenant, secretary_a, unit_b):
    login(client, secretary_a)
    url = f"/blocs/covenants/{reviewing_covenant.pk}/units/{unit_b.pk}/scores/"
    card = reviewing_covenant.scorecards.get(unit=unit_b)
    first = card.scores.get(criterion__order=1)
    response = client.post(url, {f"review_{first.pk}": "8", f"reviewnote_{first.pk}": ""})
    assert "nêu lý do thay đổi điểm" in response.text
    first.refresh_from_db()
    assert first.review_points is None
    response = client.post(
        url, {f"review_{first.pk}": "8", f"reviewnote_{first.pk}": "Thiếu biên bản"}, follow=True
    )
    assert "Thiếu biên bản" in response.text
    first.refresh_from_db()
    assert first.review_points == 8


def test_member_cannot_post_a_review(client, reviewing_covenant, secretary_b, unit_a):
    card = reviewing_covenant.scorecards.get(unit=unit_a)
    first = card.scores.first()
    response = login(client, secretary_b).post(
        f"/blocs/covenants/{reviewing_covenant.pk}/units/{unit_a.pk}/scores/",
        {f"review_{first.pk}": "1", f"reviewnote_{first.pk}": "x"},
    )
    assert response.status_code == 404
    first.refresh_from_db()
    assert first.review_points is None


@pytest.mark.parametrize(
    ("name", "status"), list(zip(ACTORS, [302, 403, 403, 404, 200, 403], strict=True))
)
def test_who_may_finalise(request, client, reviewing_covenant, secretary_c, name, status):
    response = login(client, actor(request, name)).get(
        f"/blocs/covenants/{reviewing_covenant.pk}/finalise/"
    )
    expect(response, status)


def test_council_finalises_in_the_browser_and_the_ranking_shows_the_leader(
    client, reviewing_covenant, council_member, secretary_b, unit_b
):
    login(client, council_member)
    url = f"/blocs/covenants/{reviewing_covenant.pk}/finalise/"
    page = client.get(url)
    assert page.text.count('name="final_') == 8
    response = client.post(url, {}, follow=True)
    reviewing_covenant.refresh_from_db()
    assert reviewing_covenant.scoring_stage == ScoringStage.FINAL
    assert "Xã B dẫn đầu khối và được đề nghị tặng Cờ thi đua." in response.text
    ranking = login(client, secretary_b).get(f"/blocs/covenants/{reviewing_covenant.pk}/ranking/")
    assert ranking.status_code == 200
    rows = ranking.text.split('id="ranking"')[1]
    assert rows.index("Xã B") < rows.index("Phường A")


def test_members_see_the_ranking_only_once_final(
    client, reviewing_covenant, secretary_a, secretary_b, secretary_c, council_member
):
    url = f"/blocs/covenants/{reviewing_covenant.pk}/ranking/"
    assert login(client, secretary_b).get(url).status_code == 403
    head_view = login(client, secretary_a).get(url)
    assert "Tạm tính" in head_view.text
    assert login(client, secretary_c).get(url).status_code == 404
    covenant_finalise(covenant=reviewing_covenant, entries=[], by=council_member)
    assert login(client, secretary_b).get(url).status_code == 200


def test_covenant_list_shows_only_the_users_blocs(client, draft_covenant, secretary_b, secretary_c):
    assert "Giao ước thi đua năm 2023" in login(client, secretary_b).get("/blocs/covenants/").text
    assert (
        "Giao ước thi đua năm 2023" not in login(client, secretary_c).get("/blocs/covenants/").text
    )


def test_covenant_pages_do_not_grow_with_the_bloc(
    client, bloc, signing_covenant, council_member, django_assert_max_num_queries
):
    for _ in range(40):
        unit = UnitFactory()
        MembershipFactory(bloc=bloc, unit=unit, year=2023)
        covenant_sign(covenant=signing_covenant, unit=unit, by=UserFactory(units=[unit]))
    login(client, council_member)
    with django_assert_max_num_queries(14):
        response = client.get(f"/blocs/covenants/{signing_covenant.pk}/")
    assert response.text.count("Người dùng") >= 40


def test_scoring_pages_do_not_grow_with_the_bloc(
    client,
    bloc,
    signing_covenant,
    unit_a,
    unit_b,
    secretary_a,
    secretary_b,
    council_member,
    django_assert_max_num_queries,
):
    """With 42 members the covenant list, the ranking and a scorecard still ask a
    handful of queries: nothing is read once per member."""
    for _ in range(40):
        unit = UnitFactory()
        MembershipFactory(bloc=bloc, unit=unit, year=2023)
        covenant_sign(covenant=signing_covenant, unit=unit, by=UserFactory(units=[unit]))
    covenant_sign(covenant=signing_covenant, unit=unit_a, by=secretary_a)
    covenant_sign(covenant=signing_covenant, unit=unit_b, by=secretary_b)
    signing_covenant.refresh_from_db()
    assert signing_covenant.status == CovenantStatus.SIGNED
    base = f"/blocs/covenants/{signing_covenant.pk}/"
    login(client, council_member)
    for url in ("/blocs/covenants/", f"{base}ranking/", f"{base}units/{unit_b.pk}/scores/"):
        with django_assert_max_num_queries(16):
            response = client.get(url)
        assert response.status_code == 200, url
    assert client.get(f"{base}ranking/").text.count("<tr") >= 42


def covenant_urls(covenant, unit, score):
    base = f"/blocs/covenants/{covenant.pk}/"
    return [
        ("get", base),
        ("get", f"{base}edit/"),
        ("post", f"{base}open/"),
        ("post", f"{base}sign/"),
        ("post", f"{base}reviewers/"),
        ("get", f"{base}docx/"),
        ("post", f"{base}review/"),
        ("get", f"{base}finalise/"),
        ("get", f"{base}ranking/"),
        ("get", f"{base}units/{unit.pk}/scores/"),
        ("get", f"{base}evidence/{score.pk}/"),
    ]


def test_outsiders_get_404_and_anonymous_the_login_on_every_covenant_url(
    client, signed_covenant, unit_b, secretary_c
):
    score = signed_covenant.scorecards.get(unit=unit_b).scores.first()
    for method, url in covenant_urls(signed_covenant, unit_b, score):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    login(client, secretary_c)
    for method, url in covenant_urls(signed_covenant, unit_b, score):
        assert getattr(client, method)(url).status_code == 404, url


@pytest.mark.parametrize(
    ("name", "status"), list(zip(ACTORS, [302, 200, 403, 403, 403, 200], strict=True))
)
def test_who_may_start_a_covenant(request, client, bloc, unit_a, unit_b, secretary_c, name, status):
    response = login(client, actor(request, name)).get(f"/blocs/{bloc.code}/covenants/new/")
    expect(response, status)


def test_head_starts_a_covenant_in_the_browser(client, bloc, campaign, secretary_a, unit_b):
    login(client, secretary_a)
    response = client.post(
        f"/blocs/{bloc.code}/covenants/new/",
        {"campaign": campaign.pk, "year": 2023, "title": "Giao ước 2023", "preamble": ""},
    )
    covenant = bloc.covenants.get()
    assert response["Location"] == f"/blocs/covenants/{covenant.pk}/edit/"
    assert (covenant.drafted_by, covenant.status) == (secretary_a, CovenantStatus.DRAFT)
    again = client.post(
        f"/blocs/{bloc.code}/covenants/new/",
        {"campaign": campaign.pk, "year": 2023, "title": "Lần hai", "preamble": ""},
    )
    assert "Khối đã có giao ước cho phong trào và năm này." in again.text
    assert bloc.covenants.count() == 1


@pytest.mark.parametrize("name", ["secretary_b", "council_member", "admin_user"])
def test_only_the_head_names_reviewers(request, client, signed_covenant, secretary_b, name):
    response = login(client, actor(request, name)).post(
        f"/blocs/covenants/{signed_covenant.pk}/reviewers/", {"reviewers": [secretary_b.pk]}
    )
    assert response.status_code == 403
    assert not signed_covenant.reviewers.exists()


def test_head_names_a_reviewer_who_then_sees_the_bloc(
    client, signed_covenant, secretary_a, secretary_b, unit_a
):
    login(client, secretary_a).post(
        f"/blocs/covenants/{signed_covenant.pk}/reviewers/", {"reviewers": [secretary_b.pk]}
    )
    assert list(signed_covenant.reviewers.all()) == [secretary_b]
    response = login(client, secretary_b).get(
        f"/blocs/covenants/{signed_covenant.pk}/units/{unit_a.pk}/scores/"
    )
    assert response.status_code == 200


def test_self_score_after_finalisation_is_refused_in_the_browser(
    client, reviewing_covenant, council_member, secretary_b, unit_b
):
    covenant_finalise(covenant=reviewing_covenant, entries=[], by=council_member)
    card = reviewing_covenant.scorecards.get(unit=unit_b)
    response = login(client, secretary_b).post(
        f"/blocs/covenants/{reviewing_covenant.pk}/units/{unit_b.pk}/scores/",
        self_post(reviewing_covenant, ["1", "1", "0", "0"], submit=True),
    )
    assert response.status_code == 403
    assert card.scores.get(criterion__order=1).final_points == 10


def test_home_lists_what_waits_for_each_user(
    client, signing_covenant, secretary_a, secretary_b, unit_b, council_member
):
    home = login(client, secretary_b).get("/")
    tasks = home.text.split('id="covenant-tasks"')[1]
    assert "Ký giao ước" in tasks and "Xã B" in tasks
    covenant_sign(covenant=signing_covenant, unit=unit_b, by=secretary_b)
    assert 'id="covenant-tasks"' not in login(client, secretary_b).get("/").text
    covenant_sign(covenant=signing_covenant, unit=secretary_a.units.get(), by=secretary_a)
    tasks = login(client, secretary_b).get("/").text.split('id="covenant-tasks"')[1]
    assert f"/blocs/covenants/{signing_covenant.pk}/units/{unit_b.pk}/scores/" in tasks
    assert 'id="covenant-tasks"' not in login(client, council_member).get("/").text


def test_council_home_lists_covenants_to_finalise(client, reviewing_covenant, council_member):
    tasks = login(client, council_member).get("/").text.split('id="covenant-tasks"')[1]
    assert f"/blocs/covenants/{reviewing_covenant.pk}/finalise/" in tasks


def test_the_leader_becomes_a_flag_nomination_in_awards(
    client, reviewing_covenant, council_member, secretary_b, secretary_a, unit_b
):
    from awards.models import Nomination
    from tools.demo.awards_demo import catalogue_load

    catalogue_load()
    login(client, council_member).post(f"/blocs/covenants/{reviewing_covenant.pk}/finalise/", {})
    nomination = Nomination.objects.get()
    assert (nomination.collective, nomination.title.code) == (unit_b, "co-thi-dua")
    assert (nomination.campaign, nomination.year) == (reviewing_covenant.campaign, 2023)
    assert nomination.kind == "campaign" and nomination.proposed_by == council_member
    assert "Khối thử" in nomination.details and "29" in nomination.details
    ranking = login(client, secretary_b).get(f"/blocs/covenants/{reviewing_covenant.pk}/ranking/")
    assert f"/awards/nominations/{nomination.pk}/" in ranking.text
    # The other member sees the proposal but gets no link to a nomination it may not open.
    ranking = login(client, secretary_a).get(f"/blocs/covenants/{reviewing_covenant.pk}/ranking/")
    assert "Cờ thi đua" in ranking.text
    assert f"/awards/nominations/{nomination.pk}/" not in ranking.text


def test_without_the_flag_in_the_catalogue_the_proposal_stays_on_the_covenant(
    client, reviewing_covenant, council_member, unit_b
):
    from awards.models import Nomination

    login(client, council_member).post(f"/blocs/covenants/{reviewing_covenant.pk}/finalise/", {})
    reviewing_covenant.refresh_from_db()
    assert reviewing_covenant.flag_unit == unit_b
    assert not Nomination.objects.exists()
    ranking = client.get(f"/blocs/covenants/{reviewing_covenant.pk}/ranking/")
    assert "chưa được cấu hình" in ranking.text


def test_ids_in_forms_are_never_written_with_a_thousands_separator(
    client, signing_covenant, bloc, secretary_b
):
    # Vietnamese number formatting would write 12345 as "12.345"; ids in form values must not.
    unit = UnitFactory(pk=12345, name="Phường Lớn")
    MembershipFactory(bloc=bloc, unit=unit, year=2023)
    user = UserFactory(units=[unit])
    page = login(client, user).get(f"/blocs/covenants/{signing_covenant.pk}/")
    assert 'name="unit" value="12345"' in page.text
    response = client.post(
        f"/blocs/covenants/{signing_covenant.pk}/sign/", {"unit": "12345"}, follow=True
    )
    assert "Đã ký thay mặt Phường Lớn." in response.text


@pytest.mark.parametrize(
    ("name", "sees", "may_start"),
    [
        ("secretary_a", True, True),  # the head
        ("secretary_b", True, False),
        ("secretary_c", False, False),  # another bloc
        ("council_member", True, False),
        ("admin_user", True, True),
    ],
)
def test_the_bloc_page_shows_its_covenants_and_who_may_start_one(
    request, client, bloc, draft_covenant, secretary_c, name, sees, may_start
):
    page = login(client, actor(request, name)).get(f"/blocs/{bloc.code}/?year=2023").text
    assert (f'href="/blocs/covenants/{draft_covenant.pk}/"' in page) is sees
    assert (f'href="/blocs/{bloc.code}/covenants/new/"' in page) is may_start


def test_scoring_list_is_in_rank_order(client, signed_covenant, council_member, unit_a, unit_b):
    """By rank, not by name (the list showed 1, 3, 2, 4); unranked cards last."""
    cards = signed_covenant.scorecards
    assert cards.count() >= 2
    cards.filter(unit=unit_a).update(rank=2, total=Decimal(80))
    cards.filter(unit=unit_b).update(rank=1, total=Decimal(90))
    client.force_login(council_member)
    page = client.get(f"/blocs/covenants/{signed_covenant.pk}/").text
    scoring = re.search(r'id="scorecards">(.*?)</ul>', page, re.S).group(1)
    assert scoring.index("Xã B") < scoring.index("Phường A")
    ranks = [int(rank) for rank in re.findall(r"hạng (\d+)", scoring)]
    assert ranks == sorted(ranks) == [1, 2]


def test_bloc_head_is_asked_to_open_the_draft_covenant(
    client, draft_covenant, bloc_head, secretary_b
):
    """The head sees the draft to open; a member does not (nothing to sign yet)."""
    tasks = login(client, bloc_head).get("/").text.split('id="covenant-tasks"')[1]
    assert f"/blocs/covenants/{draft_covenant.pk}/" in tasks
    assert 'id="covenant-tasks"' not in login(client, secretary_b).get("/").text
