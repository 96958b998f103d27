"""The decision a Phòng Nội vụ officer can sign as it is: signing lines, cash, legal
bases, one title per recipient, and Article 1 worded as decisions are."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from awards import services, wording
from awards.models import Authority, Decision, DecisionRecipient, LegalBasis, TitleTerm
from tests.factories import TEST_PASSWORD

from .conftest import add_recipient, issued_with

pytestmark = pytest.mark.django_db


def _form(authority, campaign, **changes):
    data = {
        "authority": authority.pk,
        "number": 45,
        "decided_on": "05/10/2024",
        "kind": "campaign",
        "campaign": campaign.pk,
        "summary": "Về việc khen thưởng",
        "signer_name": "Lê Văn C",
        "signer_position": "Chủ tịch",
        "signing_mode": "",
    }
    return {**data, **changes}


@pytest.fixture
def people_committee(catalogue, city):
    """An authority that decides as a collective body: its decisions are signed TM."""
    return Authority.objects.create(
        organiser=city,
        code="ubnd-mong-cai",
        name="Ủy ban nhân dân thành phố Móng Cái",
        level="city",
        body="Ủy ban nhân dân thành phố Móng Cái",
        symbol="QĐ-UBND",
        place="Móng Cái",
        signing_capacity="Chủ tịch",
        collective_body="Ủy ban nhân dân",
    )


ACCEPTED = [
    # (authority, signing, position, the lines above the signature)
    ("chairman", "", "Chủ tịch", ["CHỦ TỊCH"]),
    ("chairman", "KT.", "Phó Chủ tịch", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ("committee", "TM.", "Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    (
        "committee",
        "TM.",
        "Phó Chủ tịch",
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    ),
]

REFUSED = [
    ("chairman", "TM.", "Chủ tịch", "“TM.” chỉ dùng khi ký thay mặt tập thể lãnh đạo"),
    ("chairman", "KT.", "Chủ tịch", "“KT. Chủ tịch” dùng khi cấp phó ký thay Chủ tịch"),
    ("chairman", "", "Phó Chủ tịch", "do Chủ tịch ký; cấp phó ký “KT.”"),
    ("chairman", "", "Trưởng phòng Nội vụ", "do Chủ tịch ký"),
    ("committee", "", "Chủ tịch", "làm việc theo chế độ tập thể: ký “TM. Ủy ban nhân dân”"),
    ("committee", "KT.", "Phó Chủ tịch", "làm việc theo chế độ tập thể"),
    ("committee", "TM.", "Chánh Văn phòng", "là Chủ tịch hoặc cấp phó"),
]


@pytest.mark.parametrize(("who", "mode", "position", "lines"), ACCEPTED)
def test_valid_signing_is_saved_and_printed(
    client, admin_user, city_authority, people_committee, campaign, who, mode, position, lines
):
    authority = city_authority if who == "chairman" else people_committee
    client.force_login(admin_user)
    client.post(
        "/awards/decisions/new/",
        _form(authority, campaign, signing_mode=mode, signer_position=position),
    )
    decision = Decision.objects.get()
    assert wording.signature_lines(decision) == lines
    page = client.get(f"/awards/decisions/{decision.pk}/print/").text
    assert "".join(f'<div class="bold">{line}</div>' for line in lines) in page


@pytest.mark.parametrize(("who", "mode", "position", "message"), REFUSED)
def test_invalid_signing_is_refused_by_the_form_with_a_message(
    client, admin_user, city_authority, people_committee, campaign, who, mode, position, message
):
    authority = city_authority if who == "chairman" else people_committee
    client.force_login(admin_user)
    response = client.post(
        "/awards/decisions/new/",
        _form(authority, campaign, signing_mode=mode, signer_position=position),
    )
    assert response.status_code == 200
    assert message in response.text
    assert not Decision.objects.exists()


def test_the_service_refuses_tm_for_the_chairman(admin_user, city_authority, campaign):
    with pytest.raises(ValidationError, match="TM"):
        services.decision_save(
            user=admin_user,
            authority=city_authority,
            number=1,
            decided_on=dt.date(2024, 9, 2),
            kind="regular",
            campaign=campaign,
            summary="Khen thưởng",
            signing_mode="TM.",
            signer_name="A",
            signer_position="Chủ tịch",
        )


# Cash --------------------------------------------------------------------------


def test_a_decision_without_any_amount_is_not_issued_until_the_admin_says_so(
    client, admin_user, person_a, catalogue, draft
):
    # A coefficient the admin has not configured (the legal pack gives one to every title).
    TitleTerm.objects.filter(title=catalogue["giay-khen-ca-nhan"]).update(coefficient=None)
    add_recipient(admin_user, draft, person_a, catalogue["giay-khen-ca-nhan"], "Cứu người")
    client.force_login(admin_user)
    page = client.get(f"/awards/decisions/{draft.pk}/").text
    assert "Các trường hợp không có số tiền được khen thưởng không kèm tiền thưởng" in page
    page = client.post(
        f"/awards/decisions/{draft.pk}/issue/", {"password": TEST_PASSWORD}, follow=True
    ).text
    assert "1 đối tượng chưa có số tiền thưởng" in page
    assert Decision.objects.get(pk=draft.pk).status == "draft"
    page = client.post(
        f"/awards/decisions/{draft.pk}/issue/",
        {"password": TEST_PASSWORD, "no_cash": "on"},
        follow=True,
    ).text
    decision = Decision.objects.get(pk=draft.pk)
    assert (decision.status, decision.no_cash) == ("issued", True)
    assert "Đã xác nhận khi ban hành" in page


def test_a_fully_priced_decision_needs_no_statement(client, admin_user, unit_a, catalogue, draft):
    add_recipient(admin_user, draft, unit_a, catalogue["tap-the-lao-dong-tien-tien"], "Dẫn đầu")
    client.force_login(admin_user)
    assert 'name="no_cash"' not in client.get(f"/awards/decisions/{draft.pk}/").text
    client.post(f"/awards/decisions/{draft.pk}/issue/", {"password": TEST_PASSWORD})
    decision = Decision.objects.get(pk=draft.pk)
    assert (decision.status, decision.no_cash) == ("issued", False)


# Legal bases -------------------------------------------------------------------


def test_bases_not_in_force_or_replaced_are_warned_about(
    client, admin_user, city_authority, campaign, catalogue
):
    bases = LegalBasis.objects.filter(
        code__in=["luat-tdkt-2003", "luat-tdkt-2022", "luong-co-so-2023", "luong-co-so-2024"]
    )
    client.force_login(admin_user)
    data = _form(city_authority, campaign, legal_bases=[b.pk for b in bases])
    page = client.post("/awards/decisions/new/", data, follow=True).text
    assert "Đã lưu dự thảo quyết định." in page  # a warning, not a refusal
    assert (
        "Luật Thi đua, khen thưởng 2003 không có hiệu lực vào ngày 05/10/2024 "
        "(hiệu lực: 01/07/2004–31/12/2023)."
    ) in page
    assert "24/2023/NĐ-CP không có hiệu lực vào ngày 05/10/2024" in page
    assert "06/2022/QH15 đã thay thế Luật Thi đua, khen thưởng 2003" in page
    assert "73/2024/NĐ-CP đã thay thế 24/2023/NĐ-CP" in page
    decision = Decision.objects.get()
    warnings = client.get(f"/awards/decisions/{decision.pk}/").text
    assert 'data-testid="legal-basis-warnings"' in warnings


def test_bases_in_force_draw_no_warning(admin_user, draft, catalogue):
    draft.legal_bases.set(LegalBasis.objects.filter(code__in=["luat-tdkt-2022", "nd-98-2023"]))
    assert draft.legal_basis_warnings() == []


# One recipient, one title, one decision, once ----------------------------------


def test_the_same_unit_cannot_receive_the_same_title_twice_in_a_decision(
    client, admin_user, unit_a, catalogue, draft
):
    title = catalogue["giay-khen-tap-the"]
    add_recipient(admin_user, draft, unit_a, title, "Dẫn đầu phong trào")
    client.force_login(admin_user)
    page = client.post(
        f"/awards/decisions/{draft.pk}/recipients/",
        {
            "recipient_kind": "collective",
            "collective": unit_a.pk,
            "title": title.pk,
            "year": 2024,
            "achievement": "Một thành tích khác",
        },
        follow=True,
    ).text
    assert "Tập thể này đã được khen hình thức này trong quyết định." in page
    assert draft.recipients.count() == 1


def test_two_approved_nominations_of_one_unit_for_one_title_are_refused_together(
    client, secretary_a, council_member, admin_user, unit_a, campaign, catalogue, draft
):
    from .conftest import pass_by_session, propose

    nominations = [
        propose(secretary_a, unit_a, None, catalogue["giay-khen-tap-the"], campaign, achievement=a)
        for a in ("Dẫn đầu phong trào", "Hoàn thành xuất sắc nhiệm vụ")
    ]
    pass_by_session(council_member, nominations)
    client.force_login(admin_user)
    page = client.post(
        f"/awards/decisions/{draft.pk}/nominations/",
        {"nominations": [n.pk for n in nominations]},
        follow=True,
    ).text
    assert "Phường A đã được tặng Giấy khen (tập thể) trong quyết định này." in page
    assert not draft.recipients.exists()


def test_the_database_refuses_a_second_row_for_the_same_title(
    admin_user, person_a, catalogue, draft
):
    from django.db import IntegrityError, transaction

    recipient = add_recipient(admin_user, draft, person_a, catalogue["giay-khen-ca-nhan"], "A")
    recipient.pk, recipient.achievement = None, "Một thành tích khác"
    with pytest.raises(IntegrityError, match="once_per_decision"), transaction.atomic():
        recipient.save()
    assert DecisionRecipient.objects.count() == 1


def test_another_title_for_the_same_person_is_allowed(admin_user, person_a, catalogue, draft):
    add_recipient(admin_user, draft, person_a, catalogue["giay-khen-ca-nhan"], "A")
    add_recipient(admin_user, draft, person_a, catalogue["lao-dong-tien-tien"], "B")
    assert draft.recipients.count() == 2


# Article 1 ---------------------------------------------------------------------


def test_article_one_names_the_form_with_its_authority_and_counts(
    admin_user, unit_a, unit_b, person_a, person_a2, catalogue, draft
):
    for nominee, code in (
        (unit_a, "giay-khen-tap-the"),
        (unit_b, "giay-khen-tap-the"),
        (person_a, "giay-khen-ca-nhan"),
        (person_a2, "giay-khen-ca-nhan"),
    ):
        add_recipient(
            admin_user,
            draft,
            nominee,
            catalogue[code],
            "Thành tích xuất sắc trong phòng, chống bão",
        )
    totals = services.decision_totals(draft)
    (first, *_rest) = wording.articles(draft, totals)
    assert first.paragraphs == [
        "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân thành phố Móng Cái cho 02 tập thể và "
        "02 cá nhân (có danh sách kèm theo), đã có thành tích xuất sắc trong phòng, chống bão."
    ]


def test_article_one_gives_a_title_as_a_title(admin_user, unit_a, catalogue, draft):
    issued_with(
        admin_user, draft, [(unit_a, catalogue["tap-the-lao-dong-tien-tien"], "Dẫn đầu Khối")]
    )
    (first, *_rest) = wording.articles(draft, services.decision_totals(draft))
    assert first.paragraphs == [
        "Tặng danh hiệu “Tập thể lao động tiên tiến” cho 01 tập thể (có danh sách kèm theo), "
        "đã có thành tích dẫn đầu Khối."
    ]


def test_legal_basis_lines_end_with_a_full_stop(admin_user, draft, catalogue):
    draft.legal_bases.set(LegalBasis.objects.filter(code__in=["luat-tdkt-2022", "luat-tccqdp"]))
    draft.proposal = ""
    lines = wording.legal_basis_lines(draft)
    assert lines[0].endswith(";") and lines[-1].endswith(".")
