"""Proposals to a higher level and the fund in the demo (issue 18, docs/demo.md).

- The province's 2026 round: three nominees for Chiến sĩ thi đua toàn quốc (a title the
  Prime Minister grants: the legal pack's granting level "government"), passed by a
  session of the province's council, proposed to the Prime Minister, returned once
  with reasons, sent again and decided: two accepted, one not. The Prime Minister's
  decision is recorded; its awards are in the recipients' history.
- The province's fund: the year's budget allocation and a contribution; one of the
  decision's two awards paid, the other unpaid.
- The ward (Phường Móng Cái 1): a nominee for the province's Bằng khen passed by the
  ward council's session, free to propose up to the province (`admin.mc1`); the
  ward's fund has its budget allocation.

Idempotent: each piece is found by its natural key before it is written.
"""

import datetime as dt

from django.db import transaction

from awards import fund, proposals
from awards.models import (
    Authority,
    FundIncome,
    Nomination,
    Person,
    Proposal,
    RecipientKind,
    RecipientPayment,
    Title,
)
from awards.services import nomination_propose
from awards.text import fold
from blocs.models import Unit
from campaigns.models import Campaign
from mongcai.accounts.models import User

from . import data, live, ward

PRIME_MINISTER = "thu-tuong"
PROVINCE_AUTHORITY = "ct-ubnd-quang-ninh"
NATIONAL_TITLE = "chien-si-thi-dua-toan-quoc"
PROVINCE_SUMMARY = "Về việc đề nghị tặng danh hiệu Chiến sĩ thi đua toàn quốc"
NOMINEES = (
    ("phuong-mong-cai-2", "Vũ Thị Lan Anh", "Chủ tịch UBND phường"),
    ("phuong-mong-cai-3", "Hoàng Văn Đức", "Phó Chủ tịch UBND phường"),
    ("phuong-mong-cai-1", "Đinh Thị Thanh Mai", "Công chức Văn hóa - Xã hội"),
)
WARD_NOMINEE = ("mc1-kinh-te", "Ngô Minh Khôi", "Trưởng phòng Kinh tế, Hạ tầng và Đô thị")


def _person(unit: Unit, name: str, position: str) -> Person:
    return Person.objects.filter(full_name=name, unit=unit).first() or Person.objects.create(
        full_name=name, search_name=fold(name), unit=unit, position=position, birth_year=1980
    )


def _nomination(*, unit, person, title, campaign, year, achievement, by) -> Nomination:
    existing = Nomination.objects.filter(person=person, campaign=campaign, title=title).first()
    if existing is not None:
        return existing
    return nomination_propose(
        unit=unit,
        recipient_kind=RecipientKind.INDIVIDUAL,
        person=person,
        title=title,
        campaign=campaign,
        year=year,
        kind="regular",
        achievement=achievement,
        details=(
            f"Hoàn thành xuất sắc nhiệm vụ 06 năm liên tục; có sáng kiến được công nhận "
            f"phạm vi toàn tỉnh năm {year}."
        ),
        proposed_by=by,
    )


def _pass(*, council, members, organiser, nominations, name, place, held_on, regulation):
    from awards.sessions import ballot_cast, session_attendance, session_close, session_create

    session = session_create(
        user=council,
        organiser=organiser,
        name=name,
        held_on=held_on,
        place=place,
        members=members,
        nominations=nominations,
        quorum="two_thirds",
        majority="more_than_half",
        regulation=regulation,
    )
    session_attendance(user=council, session=session, present=members)
    for member in members:
        ballot_cast(user=member, session=session, choices={i.pk: True for i in session.items.all()})
    return session_close(user=council, session=session, conclusions="Thống nhất đề nghị.")


def _province(today: dt.date) -> Proposal | None:
    province = Unit.objects.get(code=data.PROVINCE[0])
    if Proposal.objects.filter(organiser=province, summary=PROVINCE_SUMMARY).exists():
        return None
    campaign = Campaign.objects.get(code=live.campaign_code(today.year))
    admin = User.objects.get(username="admin")
    council = User.objects.get(username="hoidong")
    members = list(User.objects.filter(username__in=live.COUNCIL_MEMBERS).order_by("pk"))
    title = Title.objects.get(code=NATIONAL_TITLE)
    nominations = [
        _nomination(
            unit=Unit.objects.get(code=code),
            person=_person(Unit.objects.get(code=code), name, position),
            title=title,
            campaign=campaign,
            year=today.year,
            achievement=f"Thành tích xuất sắc tiêu biểu giai đoạn {today.year - 5}–{today.year}",
            by=admin,
        )
        for code, name, position in NOMINEES
    ]
    session = _pass(
        council=council,
        members=members,
        organiser=province,
        nominations=nominations,
        name=f"Phiên họp xét đề nghị khen cao năm {today.year}",
        place="Phòng họp số 2, Sở Nội vụ tỉnh Quảng Ninh",
        held_on=today - dt.timedelta(days=12),
        regulation=live.REGULATION,
    )
    prime_minister = Authority.objects.get(code=PRIME_MINISTER)
    proposal = proposals.proposal_create(
        user=admin,
        session=session,
        sender=Authority.objects.get(code=PROVINCE_AUTHORITY),
        nominations=nominations,
        authority=prime_minister,
        number=215,
        dated=today - dt.timedelta(days=11),
        summary=PROVINCE_SUMMARY,
        body=(
            "Thực hiện Luật Thi đua, khen thưởng và các văn bản hướng dẫn, căn cứ kết quả "
            "bình xét của Hội đồng Thi đua - Khen thưởng tỉnh, các cá nhân dưới đây đã có "
            "thành tích xuất sắc tiêu biểu, đủ tiêu chuẩn theo quy định."
        ),
        signer_name="Nguyễn Văn Minh",
        signer_position="Chủ tịch",
    )
    proposals.proposal_send(
        user=admin,
        proposal=proposal,
        sent_on=today - dt.timedelta(days=10),
        channel="e_office",
        reference="Liên thông văn bản quốc gia",
    )
    proposals.proposal_return(
        user=admin,
        proposal=proposal,
        returned_on=today - dt.timedelta(days=7),
        reasons=(
            "Bổ sung báo cáo thành tích có xác nhận của cấp trình và kết quả lấy ý kiến "
            "Nhân dân nơi cư trú."
        ),
    )
    proposals.proposal_send(
        user=admin,
        proposal=proposal,
        sent_on=today - dt.timedelta(days=6),
        channel="e_office",
        reference="Liên thông văn bản quốc gia (bổ sung)",
    )
    items = list(proposal.items.order_by("order"))
    decision = proposals.proposal_decide(
        user=admin,
        proposal=proposal,
        authority=prime_minister,
        number=1520,
        decided_on=today - dt.timedelta(days=2),
        summary="Về việc tặng danh hiệu Chiến sĩ thi đua toàn quốc",
        signing_mode="KT.",
        signer_name="Lê Minh Đức",
        signer_position="Phó Thủ tướng",
        accepted={item.pk: item != items[-1] for item in items},
    )
    # One of the two awards paid from the province's fund, the other not yet.
    first = decision.recipients.order_by("order").first()
    if first.amount:
        fund.payment_record(
            user=admin,
            recipient=first,
            paid_on=today - dt.timedelta(days=1),
            voucher="PC-0125",
        )
    return proposal


def _fund(today: dt.date) -> None:
    admin = User.objects.get(username="admin")
    rows = (
        (data.PROVINCE[0], "budget", 500_000_000, "Quyết định giao dự toán ngân sách năm"),
        (data.PROVINCE[0], "contribution", 50_000_000, "Phiếu thu số 12 (đóng góp doanh nghiệp)"),
        (data.WARD[0], "budget", 30_000_000, "Quyết định giao dự toán ngân sách phường"),
    )
    for code, source, amount, reference in rows:
        organiser = Unit.objects.get(code=code)
        if FundIncome.objects.filter(
            organiser=organiser, year=today.year, source=source, reference=reference
        ).exists():
            continue
        fund.fund_income_add(
            user=admin,
            organiser=organiser,
            received_on=dt.date(today.year, 1, 1),
            source=source,
            amount=amount,
            reference=reference,
        )


def _ward(today: dt.date) -> None:
    """A nominee of the ward passed for the province's Bằng khen, to propose upward."""
    campaign = Campaign.objects.get(code=ward.campaign_code(today.year))
    title = Title.objects.get(code="bang-khen-ca-nhan")
    code, name, position = WARD_NOMINEE
    unit = Unit.objects.get(code=code)
    person = _person(unit, name, position)
    if Nomination.objects.filter(person=person, campaign=campaign, title=title).exists():
        return
    council = User.objects.get(username="hoidong.mc1")
    nomination = _nomination(
        unit=unit,
        person=person,
        title=title,
        campaign=campaign,
        year=today.year,
        achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {today.year}, dẫn đầu cải cách hành chính",
        by=User.objects.get(username="admin.mc1"),
    )
    _pass(
        council=council,
        members=[council],
        organiser=campaign.organiser,
        nominations=[nomination],
        name=f"Phiên họp Hội đồng Thi đua - Khen thưởng phường đợt 2 năm {today.year}",
        place="Phòng họp UBND phường Móng Cái 1",
        held_on=today - dt.timedelta(days=3),
        regulation="Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng phường (demo)",
    )


@transaction.atomic
def proposals_load(*, today: dt.date) -> dict:
    _fund(today)
    proposal = _province(today)
    _ward(today)
    return {
        "proposals": Proposal.objects.count(),
        "payments": RecipientPayment.objects.count(),
        "new_proposal": proposal is not None,
    }
