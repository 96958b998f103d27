"""The demo's covenants: each of the eight blocs signed one for 2023 and finished scoring it.

Everything goes through the real services (draft → open → every member signs
→ self-score → cross-review → council final), so the demo shows exactly what
users would have produced. Idempotent: a bloc that already has its covenant
is left alone.
"""

import datetime as dt
import hashlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from blocs.models import BlocMembership, MembershipRole
from covenants.models import Covenant, CriterionKind
from covenants.selectors import prefills_for
from covenants.services import (
    CommitmentInput,
    CriterionInput,
    ScoreInput,
    covenant_create,
    covenant_finalise,
    covenant_open,
    covenant_review_start,
    covenant_rubric_save,
    covenant_sign,
    score_review_save,
    score_self_save,
)
from mongcai.accounts.models import Role, User

YEAR = 2023

# DESIGN.md rule 7's real rubric (Ho Chi Minh City), with "awards on time" cut
# from 20 to 10 points to make room for the indicator results, pre-filled from
# the tallies, so the criteria total 100.
RUBRIC = [
    ("criterion", "Đăng ký thi đua, ký giao ước đúng thời gian", 10, ""),
    ("criterion", "Tham gia đầy đủ các hoạt động của khối", 10, ""),
    ("criterion", "Xây dựng kế hoạch, tổ chức phát động phong trào", 20, ""),
    ("criterion", "Kết quả thực hiện các chỉ tiêu được giao", 20, "targets_met"),
    ("criterion", "Kiểm tra, báo cáo đầy đủ, đúng hạn", 10, "reports_on_time"),
    ("criterion", "Sơ kết, tổng kết phong trào", 10, ""),
    ("criterion", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 10, ""),
    ("criterion", "Đề nghị khen thưởng kịp thời, đúng quy định", 10, ""),
    ("bonus", "Được tặng Cờ thi đua cấp tỉnh trở lên trong năm", 15, ""),
    ("penalty", "Nộp báo cáo chậm so với thời hạn", 5, ""),
]

COMMITMENTS = [
    "Quán triệt, triển khai sâu rộng phong trào thi đua đặc biệt chào mừng 60 năm thành lập "
    "tỉnh Quảng Ninh đến toàn thể cán bộ, công chức, viên chức, người lao động.",
    "Hoàn thành và hoàn thành vượt mức các chỉ tiêu được giao năm 2023.",
    "Thực hiện nghiêm chế độ thông tin, báo cáo; tham gia đầy đủ hoạt động của khối.",
]

DEMO_PDF = b"%PDF-1.4\n% Minh chung demo: quyet dinh tang Co thi dua cap tinh\n%%EOF\n"


def _points(seed: str, maximum: int) -> Decimal:
    """A deterministic self-score: the maximum less 0 to 2 points in half steps."""
    digest = hashlib.sha256(seed.encode()).digest()
    return Decimal(maximum) - Decimal(digest[0] % 5) / 2


def _secretary(unit) -> User:
    return User.objects.filter(units=unit, role=Role.SECRETARY).order_by("username").first()


def covenants_demo_load(campaign) -> int:
    """Sign and score the year's covenant in every bloc that has none yet. Returns how many."""
    council = User.objects.filter(role=Role.COUNCIL).order_by("username").first()
    made = 0
    heads = BlocMembership.objects.filter(year=YEAR, role=MembershipRole.HEAD).select_related(
        "bloc", "unit"
    )
    for head in heads.order_by("bloc__order"):
        if Covenant.objects.filter(bloc=head.bloc, campaign=campaign, year=YEAR).exists():
            continue
        _covenant_play(head, campaign, council)
        made += 1
    return made


def _self_entry(criterion, unit, prefills, holds_flag: bool) -> ScoreInput:
    """What the unit's secretary would type for one rubric line."""
    evidence = None
    if criterion.kind == CriterionKind.CRITERION:
        share = prefills.get(criterion.pk, {}).get(unit.pk)
        if share is not None and share.total:
            points = share.points(criterion.max_points)
            what = "báo cáo đúng hạn" if share.kind == "reports_on_time" else "chỉ tiêu đạt"
            note = f"{share.met}/{share.total} {what} ({share.period_label}), theo số liệu."
        else:
            points = _points(f"{unit.code}:{criterion.order}", int(criterion.max_points))
            note = "Đã thực hiện theo kế hoạch của đơn vị."
    elif criterion.kind == CriterionKind.BONUS and holds_flag:
        points, note = Decimal(10), "Được UBND tỉnh tặng Cờ thi đua năm 2023."
        evidence = SimpleUploadedFile("quyet-dinh-tang-co.pdf", DEMO_PDF)
    else:
        points, note = Decimal(0), ""
    return ScoreInput(criterion.pk, points, note, evidence)


def _covenant_play(head, campaign, council) -> None:
    bloc = head.bloc
    head_user = _secretary(head.unit)
    members = list(
        BlocMembership.objects.filter(bloc=bloc, year=YEAR).select_related("unit").order_by("pk")
    )
    covenant = covenant_create(
        bloc=bloc,
        campaign=campaign,
        year=YEAR,
        title=f"Giao ước thi đua năm {YEAR} – {bloc.name}",
        preamble=(
            "Thực hiện phong trào thi đua đặc biệt của thành phố Móng Cái, các đơn vị "
            "trong khối thống nhất ký giao ước thi đua với các nội dung sau."
        ),
        by=head_user,
    )
    covenant_rubric_save(
        covenant=covenant,
        title=covenant.title,
        preamble=covenant.preamble,
        commitments=[CommitmentInput(text=text) for text in COMMITMENTS],
        criteria=[
            CriterionInput(kind=k, title=t, max_points=Decimal(m), prefill=p)
            for k, t, m, p in RUBRIC
        ],
        by=head_user,
    )
    covenant_open(covenant=covenant, by=head_user)
    signed_at = dt.datetime(YEAR, 1, 16, 8, 30, tzinfo=timezone.get_current_timezone())
    for minutes, membership in enumerate(members):
        covenant_sign(
            covenant=covenant,
            unit=membership.unit,
            by=_secretary(membership.unit),
            at=signed_at + dt.timedelta(minutes=7 * minutes),
        )
    covenant.refresh_from_db()
    criteria = list(covenant.criteria.all())
    prefills = prefills_for(covenant, criteria)
    # In odd-numbered blocs the member whose code hashes highest holds a province
    # flag and claims the bonus; elsewhere the criteria alone decide.
    flag_holder = (
        max(members, key=lambda m: hashlib.sha256(m.unit.code.encode()).digest())
        if bloc.order % 2
        else None
    )
    for membership in members:
        unit = membership.unit
        entries = [
            _self_entry(criterion, unit, prefills, membership == flag_holder)
            for criterion in criteria
        ]
        card = covenant.scorecards.get(unit=unit)
        score_self_save(scorecard=card, entries=entries, by=_secretary(unit), submit=True)
    covenant_review_start(covenant=covenant, by=head_user)
    # The head trims one self-score of each other member where it was generous.
    spreading = next(c for c in criteria if c.order == 7)
    for membership in members:
        if membership.unit_id == head.unit_id:
            continue
        card = covenant.scorecards.get(unit=membership.unit)
        claimed = card.scores.get(criterion=spreading).self_points
        if claimed == spreading.max_points:
            score_review_save(
                scorecard=card,
                entries=[
                    ScoreInput(
                        spreading.pk,
                        claimed - 1,
                        "Chưa có mô hình điển hình được nhân rộng ngoài đơn vị.",
                    )
                ],
                by=head_user,
            )
    covenant_finalise(covenant=covenant, entries=[], by=council)
