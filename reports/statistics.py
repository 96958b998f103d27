"""The emulation-and-commendation statistics an office reports upward on the Ministry
of Home Affairs' forms (issue 20), counted from the product's campaigns, covenants
and issued decisions, for a year and an organiser (the organiser and every unit
below it).

The forms are data with their citation (FORMS, LEGAL_BASIS): the layouts of Thông
tư 02/2023/TT-BNV (23/3/2023, in force 10/5/2023), Biểu 0601.N, 0602.N and
0603.N/BNV-TĐKT, whose statistics year runs from 01/12 of the year before to
30/11 (docs/reports.md says where each fact was read and what is unverified:
Thông tư 18/2025/TT-BNV of 08/10/2025 replaces the 2023 circular; its forms
could not be read). Biểu 0604 and 0605 (organisations and civil servants working
on emulation) count what the product does not hold and are not generated.
"""

import datetime as dt
from dataclasses import dataclass

from awards.models import AwardKind, DecisionRecipient, DecisionStatus, RecipientKind
from awards.text import fold
from blocs.models import Unit, UnitKind
from campaigns.models import Campaign, CampaignKind
from covenants.models import Covenant

LEGAL_BASIS = {
    "number": "Thông tư 02/2023/TT-BNV",
    "title": "Quy định chế độ báo cáo thống kê ngành Nội vụ",
    "issued_on": dt.date(2023, 3, 23),
    "in_force_from": dt.date(2023, 5, 10),
    "sources": [
        "https://sonv.hungyen.gov.vn/portal/pages/print.aspx?p=10987",
    ],
    "replaced_by": "Thông tư 18/2025/TT-BNV (08/10/2025), forms unverified",
    "replaced_by_source": (
        "https://luatvietnam.vn/hanh-chinh/thong-tu-18-2025-tt-bnv-cua-bo-noi-vu-quy-dinh-"
        "che-do-bao-cao-thong-ke-nganh-noi-vu-414360-d1.html"
    ),
    "verified": False,
}


def statistics_year(year: int) -> tuple[dt.date, dt.date]:
    """TT 02/2023: the emulation statistics year runs from 01/12 of the year before
    to 30/11 of the year."""
    return dt.date(year - 1, 12, 1), dt.date(year, 11, 30)


def units_below(organiser: Unit) -> set[int]:
    """The organiser and every unit under it (two queries' worth of rows at most)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = set(), [organiser.pk]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


@dataclass(frozen=True)
class Form:
    code: str
    title: str
    unit: str  # đơn vị tính of the whole form, or "" when per row
    columns: list[str]  # after A (label), B (mã số)[, C (đơn vị tính)]
    rows: list[tuple[str, str, str]]  # (mã số or "" for a heading, label, row unit)
    per_row_unit: bool


F0601 = Form(
    code="0601.N/BNV-TĐKT",
    title="SỐ PHONG TRÀO THI ĐUA",
    unit="Phong trào",
    columns=[
        "Tổng số",
        "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)",
        "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        "Cơ quan, tổ chức, đơn vị",
    ],
    rows=[
        ("01", "Tổng số", ""),
        ("", "1. Chia theo phạm vi tổ chức thi đua", ""),
        ("02", "- Toàn quốc", ""),
        ("03", "- Bộ, ban, ngành, đoàn thể, địa phương", ""),
        ("04", "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức", ""),
        ("05", "- Cơ quan, tổ chức, đơn vị", ""),
        ("", "2. Chia theo thời hạn thi đua", ""),
        ("06", "- Dưới 1 năm", ""),
        ("07", "- 1 năm", ""),
        ("08", "- Từ 1 năm đến dưới 3 năm", ""),
        ("09", "- Từ 3 năm đến dưới 5 năm", ""),
        ("10", "- Từ 5 năm trở lên", ""),
        ("", "3. Chia theo phương thức tổ chức phong trào thi đua", ""),
        ("11", "- Thi đua theo chuyên đề", ""),
        ("12", "- Thi đua thường xuyên hàng năm", ""),
    ],
    per_row_unit=False,
)

_AWARD_ROWS = [
    ("01", "Tổng số", ""),
    ("", "1. Chia theo đối tượng khen thưởng", ""),
    ("02", "- Tập thể", "Tập thể"),
    ("03", "Trong đó: Doanh nghiệp", "Doanh nghiệp"),
    ("04", "- Hộ gia đình", "Hộ"),
    ("05", "- Cá nhân", "Người"),
    ("06", "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên", "Người"),
    ("07", "+ Lãnh đạo cấp vụ, sở, ngành và tương đương", "Người"),
    ("08", "+ Doanh nhân", "Người"),
    ("09", "+ Các cấp lãnh đạo khác từ phó phòng trở lên", "Người"),
    (
        "10",
        "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu "
        "(công nhân, nông dân,...)",
        "Người",
    ),
    ("", "2. Chia theo phương thức khen thưởng", ""),
    ("11", "- Thường xuyên", ""),
    ("12", "- Chuyên đề", ""),
    ("13", "- Đột xuất", ""),
    ("14", "- Đối ngoại", ""),
    ("15", "- Cống hiến", ""),
    ("16", "- Niên hạn", ""),
    ("17", "- Kháng chiến", ""),
]

F0602 = Form(
    code="0602.N/BNV-TĐKT",
    title="SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
    unit="",
    columns=[
        "Tổng số",
        "Cờ thi đua của Chính phủ",
        "Bằng khen của Thủ tướng Chính phủ",
        "Chiến sĩ thi đua toàn quốc",
        "Các hình thức khen thưởng khác",
    ],
    rows=_AWARD_ROWS,
    per_row_unit=True,
)

F0603 = Form(
    code="0603.N/BNV-TĐKT",
    title=(
        "SỐ LƯỢNG KHEN THƯỞNG CẤP BỘ, BAN, NGÀNH, ĐOÀN THỂ TRUNG ƯƠNG VÀ TỈNH, THÀNH PHỐ "
        "TRỰC THUỘC TRUNG ƯƠNG"
    ),
    unit="",
    columns=[
        "Tổng số",
        "Bằng khen",
        "Chiến sĩ thi đua cấp bộ, cấp tỉnh",
        "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
        "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành "
        "phố trực thuộc Trung ương",
    ],
    rows=_AWARD_ROWS,
    per_row_unit=True,
)

FORMS = [F0601, F0602, F0603]


# 0601 ----------------------------------------------------------------------------


def _duration_row(starts_on: dt.date, ends_on: dt.date) -> str:
    """Rows 06-10 by the campaign's length in whole months (a yearly campaign of
    12 months ± a fortnight is "1 năm")."""
    months = round((ends_on - starts_on).days / 30.44)
    if months < 12:
        return "06"
    if months == 12:
        return "07"
    if months < 36:
        return "08"
    if months < 60:
        return "09"
    return "10"


def form_0601(organiser: Unit, year: int) -> dict[str, list[int]]:
    """Campaigns running in the statistics year (their organiser's level gives the
    column) and the blocs' covenants of the year (row 04, "cụm, khối thi đua")."""
    start, end = statistics_year(year)
    below = units_below(organiser)
    values = {code: [0, 0, 0, 0] for code, _label, _unit in F0601.rows if code}

    def count(rows: list[str], column: int):
        for code in ["01", *rows]:
            values[code][0] += 1
            values[code][column] += 1

    campaigns = Campaign.objects.filter(
        organiser_id__in=below, starts_on__lte=end, ends_on__gte=start
    ).select_related("organiser")
    for c in campaigns:
        province = c.organiser.kind == UnitKind.PROVINCE
        method = "11" if c.kind == CampaignKind.THEMATIC else "12"
        rows = ["03" if province else "05", _duration_row(c.starts_on, c.ends_on), method]
        count(rows, 2 if province else 3)
    covenants = Covenant.objects.filter(bloc__organiser_id__in=below, year=year)
    for cov in covenants.select_related("campaign"):
        method = "11" if cov.campaign.kind == CampaignKind.THEMATIC else "12"
        count(["04", "07", method], 3)
    return values


# 0602, 0603 -----------------------------------------------------------------------

LEADER_WORDS = (
    "chu tich",
    "giam doc",
    "truong",
    "bi thu",
    "chanh",
    "chi huy",
    "tong bien tap",
    "hieu truong",
)


def _individual_row(position: str, unit_kind: str) -> str:
    """Rows 08-10 by the person's position as the decision states it: a leader of an
    enterprise is "doanh nhân", another leader from deputy head of a section up is
    row 09, anyone else row 10. Rows 06-07 (province and department leaders) need
    ranks the product does not hold: counted in 09."""
    folded = fold(position or "")
    leader = any(word in folded for word in LEADER_WORDS) or folded.startswith("pho ")
    if not leader:
        return "10"
    return "08" if unit_kind == UnitKind.ENTERPRISE else "09"


def _award_columns(code: str, level: str, form: Form) -> int | None:
    """The column (1-based after Tổng số) a title falls in on `form`, or None."""
    if form is F0603:
        if level != "province":
            return None
        if code.startswith("bang-khen"):
            return 1
        if code == "chien-si-thi-dua-cap-tinh":
            return 2
        if code == "co-thi-dua":
            return 3
        if code.startswith(("huy-hieu", "ky-niem-chuong")):
            return 4
        return None
    if code == "co-thi-dua-chinh-phu":
        return 1
    if code.startswith("bang-khen") and level == "government":
        return 2
    if code == "chien-si-thi-dua-toan-quoc":
        return 3
    if level == "government":
        return 4
    return None


KIND_ROWS = {AwardKind.REGULAR: "11", AwardKind.CAMPAIGN: "12", AwardKind.AD_HOC: "13"}


def form_awards(form: Form, organiser: Unit, year: int) -> dict[str, list[int]]:
    """Awards of the form's level received by the organiser's units (the organiser and
    below) in decisions issued in the statistics year, by recipient and by kind."""
    start, end = statistics_year(year)
    width = len(form.columns)
    values = {code: [0] * width for code, _label, _unit in form.rows if code}
    awards = DecisionRecipient.objects.filter(
        unit_id__in=units_below(organiser),
        decision__status=DecisionStatus.ISSUED,
        decision__decided_on__range=(start, end),
        is_void=False,
    ).values_list(
        "title__code",
        "decision__authority__level",
        "decision__kind",
        "recipient_kind",
        "collective__kind",
        "person__position",
        "unit__kind",
    )
    for code, level, kind, recipient_kind, collective_kind, position, unit_kind in awards:
        column = _award_columns(code, level, form)
        if column is None:
            continue
        rows = ["01", KIND_ROWS[kind]]
        if recipient_kind == RecipientKind.COLLECTIVE:
            rows.append("02")
            if collective_kind == UnitKind.ENTERPRISE:
                rows.append("03")
        elif recipient_kind == RecipientKind.HOUSEHOLD:
            rows.append("04")
        else:
            rows += ["05", _individual_row(position, unit_kind)]
        for row in rows:
            values[row][0] += 1
            values[row][column] += 1
    return values


def form_values(form: Form, organiser: Unit, year: int) -> dict[str, list[int]]:
    if form is F0601:
        return form_0601(organiser, year)
    return form_awards(form, organiser, year)
