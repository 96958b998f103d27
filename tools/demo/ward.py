"""The ward's own live campaign: Phường Móng Cái 1 as an organiser (issue 15).

The ward runs a small campaign of the load year among its own bodies, with the
same monthly periods as the province's live campaign (tools/demo/live.py), so
that each of its logins finds something to do on the first day: its council
(hoidong.mc1) submitted reports to review and a nomination to decide, its admin
(admin.mc1) a draft decision of the ward chairman to issue, its secretaries a
form to file or correct before the deadline. Loading twice on one day changes
nothing; loading on another day gives the same shape on that day's dates.

Demo assumption: the ward's bodies below are named as a ward's People's
Committee's offices are named after the reform (Văn phòng HĐND và UBND, Phòng
Kinh tế, Hạ tầng và Đô thị, Phòng Văn hóa - Xã hội, Trung tâm Phục vụ hành chính
công); the demo did not verify this ward's own list, and the people are invented.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import translation

from awards.models import Authority, Decision, Nomination, Person, RecipientKind, Title
from awards.services import (
    nomination_propose,
)
from awards.text import fold
from blocs.models import Unit
from campaigns.models import Campaign, PeriodKind, ReportStatus
from campaigns.services import tally_recompute
from mongcai.accounts.models import User

from . import data, live, reform
from . import services as demo_services

# code, name, kind: the ward's bodies that report to its campaign (demo assumption).
BODIES = [
    ("mc1-van-phong", "Văn phòng HĐND và UBND phường Móng Cái 1", "department"),
    ("mc1-kinh-te", "Phòng Kinh tế, Hạ tầng và Đô thị phường Móng Cái 1", "department"),
    ("mc1-van-hoa", "Phòng Văn hóa - Xã hội phường Móng Cái 1", "department"),
    (
        "mc1-hanh-chinh-cong",
        "Trung tâm Phục vụ hành chính công phường Móng Cái 1",
        "public_service",
    ),
]

# The open month, by body: two submitted (the council reviews them), one returned
# with the comment below, one missing.
OPEN_MONTH_STATES = {
    "mc1-van-phong": ReportStatus.SUBMITTED,
    "mc1-kinh-te": ReportStatus.SUBMITTED,
    "mc1-van-hoa": ReportStatus.RETURNED,
    # mc1-hanh-chinh-cong: missing (no report yet)
}

# code, name, unit of measure, decimals, a body's monthly figure (demo assumption)
INDICATORS = [
    (
        "P1-TTHC",
        "Hồ sơ thủ tục hành chính của phường giải quyết đúng hạn",
        "hồ sơ",
        0,
        Decimal(180),
    ),
    ("P1-VBDT", "Văn bản xử lý trên môi trường điện tử", "văn bản", 0, Decimal(95)),
    ("P1-TTDL", "Tin bài tuyên truyền trên cổng thông tin phường", "tin bài", 0, Decimal(12)),
]

AUTHORITY = "ct-ubnd-phuong-mong-cai-1"
DECISION_SUMMARY = "Về việc tặng Giấy khen của Chủ tịch UBND phường cho tập thể có thành tích"

# username, full name, position, role, unit codes (names invented)
USERS = [
    (f"tk-{code}", f"Thư ký {name}", "Công chức", "secretary", [code])
    for code, name, _kind in BODIES
]


def campaign_code(year: int) -> str:
    return f"thi-dua-phuong-mong-cai-1-{year}"


@transaction.atomic
def ward_load(*, today: dt.date) -> dict:
    """The ward's bodies, its campaign of `today`'s year, its accounts and awards."""
    ward = Unit.objects.get(code=data.WARD[0])
    bodies = [
        demo_services._save(
            Unit,
            {"code": code},
            {"name": name, "kind": kind, "parent": ward, "valid_from": reform.REFORM_DAY},
        )
        for code, name, kind in BODIES
    ]
    year = today.year
    campaign = demo_services._save(
        Campaign,
        {"code": campaign_code(year)},
        {
            "name": f"Phong trào thi đua năm {year} của phường Móng Cái 1",
            "theme": "Thi đua xây dựng chính quyền phường phục vụ Nhân dân sau sắp xếp",
            "kind": "regular",
            "organiser": ward,
            "launched_on": dt.date(year, 1, 1),
            "starts_on": dt.date(year, 1, 1),
            "ends_on": dt.date(year, 12, 31),
            "tally_basis": "approved",
            "reporting_kind": PeriodKind.MONTH,
        },
    )
    periods = live._periods(campaign, today)
    indicators = live._indicators(campaign, bodies, INDICATORS)
    live._reports(periods, bodies, indicators, today, OPEN_MONTH_STATES)
    by_code = {unit.code: unit for unit in bodies}
    users = demo_services.users_save(USERS, by_code)
    tally_recompute(campaign=campaign)
    with translation.override("vi"):
        _awards(campaign, today, by_code)
    return {"campaign": campaign, "periods": len(periods), "users": users}


def _awards(campaign: Campaign, today: dt.date, bodies: dict[str, Unit]) -> None:
    """A person's Giấy khen waiting for the ward's council; a collective's Giấy khen
    approved and in a draft decision of the ward chairman, waiting for the ward's admin."""
    admin = User.objects.get(username="admin.mc1")
    council = User.objects.get(username="hoidong.mc1")
    unit = bodies["mc1-van-phong"]
    name = "Lê Thị Thu Hà"
    person = Person.objects.filter(full_name=name, unit=unit).first() or Person.objects.create(
        full_name=name, search_name=fold(name), unit=unit, position="Công chức Văn phòng - Thống kê"
    )
    if not Nomination.objects.filter(person=person, campaign=campaign).exists():
        nomination_propose(
            unit=unit,
            recipient_kind=RecipientKind.INDIVIDUAL,
            person=person,
            title=Title.objects.get(code="giay-khen-ca-nhan"),
            campaign=campaign,
            year=today.year,
            kind="campaign",
            achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {today.year}",
            proposed_by=User.objects.get(username="tk-mc1-van-phong"),
        )
    if Decision.objects.filter(campaign=campaign, summary=DECISION_SUMMARY).exists():
        return
    authority = Authority.objects.get(code=AUTHORITY)
    collective = bodies["mc1-hanh-chinh-cong"]
    nomination = nomination_propose(
        unit=collective,
        recipient_kind=RecipientKind.COLLECTIVE,
        collective=collective,
        title=Title.objects.get(code="giay-khen-tap-the"),
        campaign=campaign,
        year=today.year,
        kind="campaign",
        achievement=f"Giải quyết thủ tục hành chính đúng hạn năm {today.year}",
        proposed_by=admin,
    )
    # Passed by the ward council's session held last week (its one member present and
    # agreeing): only then can it enter the decision.
    live.pass_by_session(
        council=council,
        members=[council],
        organiser=campaign.organiser,
        nomination=nomination,
        name=f"Phiên họp Hội đồng Thi đua - Khen thưởng phường đợt 1 năm {today.year}",
        place="Phòng họp UBND phường Móng Cái 1",
        held_on=today - dt.timedelta(days=7),
        regulation="Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng phường (demo)",
    )
    nomination.refresh_from_db()
    live.draft_decision_with(
        admin=admin,
        authority=authority,
        campaign=campaign,
        today=today,
        nomination=nomination,
        summary=DECISION_SUMMARY,
        proposal="Chánh Văn phòng HĐND và UBND phường",
        signer_name="Phạm Văn Tuấn",
        copies_to="Như Điều 2;\nLưu: VT.",
    )
