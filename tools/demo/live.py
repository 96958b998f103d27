"""A campaign of the load year that is always live in the demo.

Beside the article's 2023 campaign (history), `make run` loads the current
year's regular campaign of the post-reform wards and communes, with periods
computed from the day of loading (`today`): the months from January whose
data has been cut off (NĐ 09/2019: the 15th to the 14th), every earlier month
approved, the latest one open with its deadline a few days ahead and its
reports in every state (submitted, returned with a comment, draft, missing).
Its bloc's covenant is open for signature, nominations wait for the council
and a draft decision waits for the admin. Loading on another day gives the
same shape on that day's dates; loading twice on one day changes nothing.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation

from awards.models import (
    Authority,
    CouncilSession,
    Decision,
    Nomination,
    Person,
    RecipientKind,
    Title,
)
from awards.services import (
    decision_add_nominations,
    decision_save,
    nomination_propose,
)
from awards.sessions import (
    agenda_candidates,
    ballot_cast,
    session_attendance,
    session_close,
    session_create,
)
from awards.text import fold
from blocs.models import Bloc, BlocMembership, MembershipRole, Unit
from campaigns.models import (
    Assignment,
    Campaign,
    CampaignIndicator,
    Indicator,
    Period,
    PeriodKind,
    Report,
    ReportStatus,
    ReportValue,
    Target,
    TargetScope,
)
from campaigns.services import tally_recompute
from covenants.models import Covenant
from covenants.services import (
    CommitmentInput,
    CriterionInput,
    covenant_create,
    covenant_open,
    covenant_rubric_save,
    covenant_sign,
)
from mongcai.accounts.models import Role, User

from . import data, reform
from . import services as demo_services

# Demo assumption: the open month's deadline is this many days after the load
# day, so a secretary always has a form due in the next few days.
OPEN_DEADLINE_DAYS = 4

# The reports of the open month, by unit: what each secretary finds on first login.
OPEN_MONTH_STATES = {
    "phuong-mong-cai-1": ReportStatus.DRAFT,
    "phuong-mong-cai-2": ReportStatus.SUBMITTED,
    "phuong-mong-cai-3": ReportStatus.RETURNED,
    "xa-hai-son-moi": ReportStatus.SUBMITTED,
    "xa-hai-ninh": ReportStatus.DRAFT,
    # xa-vinh-thuc-moi: missing (no report yet)
}
RETURN_COMMENT = (
    "Đề nghị bổ sung số liệu thu ngân sách theo báo cáo của Thuế cơ sở và giải trình "
    "chênh lệch so với tháng trước."
)

# code, name, unit of measure, decimals, a unit's monthly figure (demo assumption)
INDICATORS = [
    ("LV-NS", "Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", 1, Decimal("12.5")),
    ("LV-TTHC", "Hồ sơ thủ tục hành chính giải quyết đúng hạn", "hồ sơ", 0, Decimal(420)),
    ("LV-DN", "Doanh nghiệp thành lập mới", "doanh nghiệp", 0, Decimal(6)),
    ("LV-KDL", "Lượt khách du lịch", "lượt", 0, Decimal(15000)),
]

# The live campaign's bloc is the province's (its organiser's): the 2023 wards-and-
# communes bloc stays the former city's, with its 2023 members.
BLOC_CODE = "xa-phuong-mong-cai"
BLOC_NAME = "Khối thi đua các xã, phường khu vực Móng Cái"
HEAD_UNIT = "phuong-mong-cai-1"
DECISION_SUMMARY = (
    "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh cho tập thể có thành tích xuất sắc"
)

# username, full name, position, role, unit codes: the secretaries of the new units
# who file the live campaign's reports (the names are invented for the demo).
USERS = [
    (
        "thuky.mongcai1",
        "Thư ký Phường Móng Cái 1",
        "Công chức Văn phòng HĐND và UBND phường",
        "secretary",
        ["phuong-mong-cai-1"],
    ),
    # Two more members of the province's council: a session needs its members (issue 17).
    (
        "hoidong.tinh2",
        "Phó Chủ tịch Hội đồng tỉnh",
        "Thành viên Hội đồng Thi đua - Khen thưởng tỉnh",
        "council",
        [data.PROVINCE[0]],
    ),
    (
        "hoidong.tinh3",
        "Ủy viên Hội đồng tỉnh",
        "Thành viên Hội đồng Thi đua - Khen thưởng tỉnh",
        "council",
        [data.PROVINCE[0]],
    ),
]
COUNCIL_MEMBERS = ("hoidong", "hoidong.tinh2", "hoidong.tinh3")
# Secretaries of 2023 who went on at the ward their unit merged into.
CARRIED_OVER = {"thuky.kalong": "phuong-mong-cai-2", "thuky.haiyen": "phuong-mong-cai-3"}


def campaign_code(year: int) -> str:
    return f"thi-dua-thuong-xuyen-{year}"


def month_windows(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """(label, data from, data until) of the year's months cut off before `today`
    (NĐ 09/2019: the 15th to the 14th, January from the 1st); the first month
    alone when none is cut off yet."""
    windows = []
    for month in range(1, 13):
        start = dt.date(today.year, 1, 1) if month == 1 else dt.date(today.year, month - 1, 15)
        end = dt.date(today.year, month, 14)
        if windows and end >= today:
            break
        windows.append((f"Tháng {month:02d}/{today.year}", start, end))
        if end >= today:
            break
    return windows


@transaction.atomic
def live_load(*, today: dt.date, units: dict[str, Unit]) -> dict:
    """The current year's campaign for the new units (`units`: code → unit)."""
    province = Unit.objects.get(code=data.PROVINCE[0])
    year = today.year
    campaign = demo_services._save(
        Campaign,
        {"code": campaign_code(year)},
        {
            "name": f"Phong trào thi đua thường xuyên năm {year} các xã, phường khu vực Móng Cái",
            "theme": "Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm "
            f"{year} sau sắp xếp đơn vị hành chính",
            "kind": "regular",
            "organiser": province,
            "launched_on": dt.date(year, 1, 1),
            "starts_on": dt.date(year, 1, 1),
            "ends_on": dt.date(year, 12, 31),
            "tally_basis": "approved",
            "reporting_kind": PeriodKind.MONTH,
        },
    )
    members = [units[code] for code, _name, _kind in reform.NEW_UNITS]
    periods = _periods(campaign, today)
    indicators = _indicators(campaign, members)
    _reports(periods, members, indicators, today)
    users = _users(units)
    _bloc(year, members, province)
    tally_recompute(campaign=campaign)
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    council = User.objects.filter(role=Role.COUNCIL).order_by("pk").first()
    _covenant(campaign, year, units)
    with translation.override("vi"):
        _awards(campaign, today, units, admin, council)
        _session_to_hold(campaign, today)
    return {"campaign": campaign, "periods": len(periods), "users": users}


def _periods(campaign: Campaign, today: dt.date) -> list[Period]:
    windows = month_windows(today)
    periods = []
    for index, (label, start, end) in enumerate(windows):
        if index == len(windows) - 1:
            deadline = max(end, today + dt.timedelta(days=OPEN_DEADLINE_DAYS))
        else:
            deadline = end + dt.timedelta(days=demo_services.DEADLINE_DAYS)
        periods.append(
            demo_services._save(
                Period,
                {"campaign": campaign, "kind": PeriodKind.MONTH, "starts_on": start},
                {
                    "label": label,
                    "ends_on": end,
                    "deadline": deadline,
                    "locks_on": deadline + dt.timedelta(days=demo_services.LOCK_DAYS),
                },
            )
        )
    return periods


def _indicators(
    campaign: Campaign, members: list[Unit], rows=INDICATORS
) -> list[tuple[Indicator, Decimal]]:
    result = []
    for order, (code, name, measure, decimals, monthly) in enumerate(rows, start=1):
        indicator = demo_services._save(
            Indicator,
            {"code": code},
            {
                "name": name,
                "unit_of_measure": measure,
                "value_kind": "number",
                "unit_aggregation": "sum",
                "time_aggregation": "flow",
                "direction": "higher",
                "decimals": decimals,
            },
        )
        ci = demo_services._save(
            CampaignIndicator, {"campaign": campaign, "indicator": indicator}, {"order": order}
        )
        Assignment.objects.bulk_create(
            [Assignment(campaign_indicator=ci, unit=unit) for unit in members],
            ignore_conflicts=True,
        )
        demo_services._save(
            Target,
            {"campaign_indicator": ci, "scope": TargetScope.CITY},
            {"value": monthly * 12 * len(members), "due_on": None},
        )
        result.append((indicator, monthly))
    return result


def _value(monthly: Decimal, unit_index: int, month_index: int, decimals: int) -> Decimal:
    # Demo assumption: a unit's figure varies a little from month to month.
    factor = Decimal(90 + (unit_index * 7 + month_index * 3) % 21) / 100
    return (monthly * factor).quantize(Decimal(1).scaleb(-decimals))


def _reports(periods, members, indicators, today, open_states=OPEN_MONTH_STATES):
    tz = timezone.get_current_timezone()
    open_period = periods[-1]
    rows = []
    for period in periods:
        for u_index, unit in enumerate(members):
            if period is open_period:
                status = open_states.get(unit.code)
                if status is None:
                    continue
            else:
                status = ReportStatus.APPROVED
            submitted = min(period.deadline, today) - dt.timedelta(days=u_index % 3)
            at = dt.datetime.combine(submitted, dt.time(9, 30), tzinfo=tz)
            rows.append(
                Report(
                    unit=unit,
                    period=period,
                    status=status,
                    submitted_at=None if status == ReportStatus.DRAFT else at,
                    reviewed_at=at + dt.timedelta(hours=3)
                    if status in (ReportStatus.APPROVED, ReportStatus.RETURNED)
                    else None,
                    review_comment=RETURN_COMMENT if status == ReportStatus.RETURNED else "",
                )
            )
    demo_services._bulk_upsert(
        Report,
        rows,
        ["unit", "period"],
        ["status", "submitted_at", "reviewed_at", "review_comment"],
    )
    reports = {(r.unit_id, r.period_id): r for r in Report.objects.filter(period__in=periods)}
    values = []
    for m_index, period in enumerate(periods):
        for u_index, unit in enumerate(members):
            report = reports.get((unit.pk, period.pk))
            if report is None:
                continue
            filled = indicators[:2] if report.status == ReportStatus.DRAFT else indicators
            values += [
                ReportValue(
                    report=report,
                    indicator=indicator,
                    value=_value(monthly, u_index, m_index, indicator.decimals),
                )
                for indicator, monthly in filled
            ]
    demo_services._bulk_upsert(ReportValue, values, ["report", "indicator"], ["value"])


def _users(units: dict[str, Unit]) -> list[tuple[str, str, str]]:
    created = demo_services.users_save(
        USERS
        + [
            (f"tk-{code}", f"Thư ký {units[code].name}", "Cán bộ thi đua", "secretary", [code])
            for code, _name, _kind in reform.NEW_UNITS
        ],
        units,
    )
    for username, code in CARRIED_OVER.items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            user.units.add(units[code])
    return created


def _bloc(year: int, members: list[Unit], province: Unit) -> None:
    """The province's bloc of the new wards and communes holds them for the year; the
    first heads it."""
    bloc = demo_services._save(
        Bloc, {"code": BLOC_CODE}, {"name": BLOC_NAME, "order": 1, "organiser": province}
    )
    for index, unit in enumerate(members):
        role = [MembershipRole.HEAD, MembershipRole.DEPUTY][index] if index < 2 else "member"
        demo_services._save(
            BlocMembership, {"unit": unit, "year": year}, {"bloc": bloc, "role": role}
        )


def _covenant(campaign: Campaign, year: int, units: dict[str, Unit]) -> None:
    """The bloc's covenant of the year, open for signature; the deputy has signed."""
    bloc = Bloc.objects.get(code=BLOC_CODE)
    if Covenant.objects.filter(bloc=bloc, campaign=campaign, year=year).exists():
        return
    head = User.objects.get(username="thuky.mongcai1")
    covenant = covenant_create(
        bloc=bloc,
        campaign=campaign,
        year=year,
        title=f"Giao ước thi đua năm {year} Khối thi đua các xã, phường",
        by=head,
    )
    covenant_rubric_save(
        covenant=covenant,
        title=covenant.title,
        preamble="Các đơn vị thành viên cam kết thi đua thực hiện các nội dung sau.",
        commitments=[
            CommitmentInput(text="Hoàn thành và hoàn thành vượt mức các chỉ tiêu được giao."),
            CommitmentInput(text="Thực hiện nghiêm chế độ thông tin, báo cáo hằng tháng."),
        ],
        criteria=[
            CriterionInput(kind="criterion", title=title, max_points=Decimal(points))
            for title, points in (
                ("Kết quả thực hiện các chỉ tiêu được giao", 60),
                ("Báo cáo đầy đủ, đúng hạn", 40),
            )
        ],
        by=head,
    )
    covenant_open(covenant=covenant, by=head)
    deputy = units["phuong-mong-cai-2"]
    signer = User.objects.get(username="tk-phuong-mong-cai-2")
    covenant_sign(covenant=covenant, unit=deputy, by=signer)


REGULATION = "Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng tỉnh (demo)"


def pass_by_session(
    *, council, members, organiser, nomination, name, place, held_on, regulation=REGULATION
) -> None:
    """A closed session of the organiser's council, all `members` present and agreeing,
    that passed `nomination`: only a nominee passed so can enter a decision (issue 17)."""
    session = session_create(
        user=council,
        organiser=organiser,
        name=name,
        held_on=held_on,
        place=place,
        members=members,
        nominations=[nomination],
        quorum="two_thirds",
        majority="more_than_half",
        regulation=regulation,
    )
    session_attendance(user=council, session=session, present=members)
    for member in members:
        ballot_cast(user=member, session=session, choices={session.items.get().pk: True})
    session_close(user=council, session=session, conclusions="Thống nhất đề nghị khen thưởng.")


def collective_passed(*, campaign, year, collective, achievement, admin, session_name, held_on):
    """A collective nomination for the province's Bằng khen, proposed by the admin and
    passed by a closed session of the province's council (three members, all present,
    all agreeing) held on `held_on`: what a decision may hold."""
    nomination = nomination_propose(
        unit=collective,
        recipient_kind=RecipientKind.COLLECTIVE,
        collective=collective,
        title=Title.objects.get(code="bang-khen-tap-the"),
        campaign=campaign,
        year=year,
        kind="campaign",
        achievement=achievement,
        proposed_by=admin,
    )
    pass_by_session(
        council=User.objects.get(username="hoidong"),
        members=list(User.objects.filter(username__in=COUNCIL_MEMBERS).order_by("pk")),
        organiser=campaign.organiser,
        nomination=nomination,
        name=session_name,
        place="Phòng họp số 2, Sở Nội vụ tỉnh Quảng Ninh",
        held_on=held_on,
    )
    nomination.refresh_from_db()
    return nomination


def draft_decision_with(
    *, admin, authority, campaign, today, nomination, summary, proposal, signer_name, copies_to
):
    """A draft decision of `today`, signed by the chairman, holding a passed nomination.
    No number: the admin enters the register's when issuing."""
    decision = decision_save(
        user=admin,
        authority=authority,
        decided_on=today,
        kind="campaign",
        campaign=campaign,
        summary=summary,
        proposal=proposal,
        signer_name=signer_name,
        signer_position="Chủ tịch",
        copies_to=copies_to,
    )
    decision_add_nominations(user=admin, decision=decision, nominations=[nomination])
    return decision


def _session_to_hold(campaign, today) -> None:
    """The session `hoidong` holds: the year's proposed nominations on the agenda,
    three members invited, attendance and ballot still to come."""
    council = User.objects.get(username="hoidong")
    if CouncilSession.objects.filter(organiser=campaign.organiser, status="open").exists():
        return
    agenda = list(agenda_candidates(campaign.organiser).filter(campaign=campaign))
    if not agenda:
        return
    session_create(
        user=council,
        organiser=campaign.organiser,
        name=f"Phiên họp xét đề nghị khen thưởng đợt 2 năm {today.year}",
        held_on=today,
        place="Phòng họp số 2, Sở Nội vụ tỉnh Quảng Ninh",
        members=User.objects.filter(username__in=COUNCIL_MEMBERS).order_by("pk"),
        nominations=agenda,
        quorum="two_thirds",
        majority="more_than_half",
        regulation=REGULATION,
    )


def _awards(campaign, today, units, admin, council) -> None:
    """Nominations waiting for the council and a draft decision waiting for the admin."""
    unit = units[HEAD_UNIT]
    secretary = User.objects.get(username="thuky.mongcai1")
    person_title = Title.objects.get(code="bang-khen-ca-nhan")
    for name, position in (
        ("Nguyễn Thị Hồng Nhung", "Công chức Văn hóa - Xã hội"),
        ("Trần Văn Hải", "Phó Chủ tịch UBND phường"),
    ):
        person = Person.objects.filter(full_name=name, unit=unit).first() or Person.objects.create(
            full_name=name, search_name=fold(name), unit=unit, position=position
        )
        if not Nomination.objects.filter(person=person, campaign=campaign).exists():
            nomination_propose(
                unit=unit,
                recipient_kind=RecipientKind.INDIVIDUAL,
                person=person,
                title=person_title,
                campaign=campaign,
                year=today.year,
                kind="campaign",
                achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {today.year}",
                proposed_by=secretary,
            )
    authority = Authority.objects.get(code="ct-ubnd-quang-ninh")
    if Decision.objects.filter(campaign=campaign, summary=DECISION_SUMMARY).exists():
        return
    # The collective was passed by a session of the province's council held last week
    # (three members, all present, all agreeing); only then can it enter the decision.
    nomination = collective_passed(
        campaign=campaign,
        year=today.year,
        collective=units["phuong-mong-cai-2"],
        achievement=f"Dẫn đầu báo cáo đầy đủ, đúng hạn năm {today.year}",
        admin=admin,
        session_name=f"Phiên họp xét đề nghị khen thưởng đợt 1 năm {today.year}",
        held_on=today - dt.timedelta(days=7),
    )
    draft_decision_with(
        admin=admin,
        authority=authority,
        campaign=campaign,
        today=today,
        nomination=nomination,
        summary=DECISION_SUMMARY,
        proposal="Giám đốc Sở Nội vụ",
        signer_name="Nguyễn Văn Minh",
        copies_to="Như Điều 2;\nLưu: VT, SNV.",
    )
