"""The emulation-and-commendation statistics an office reports upward on the Ministry
of Home Affairs' forms (issue 20), counted from the product's campaigns, covenants
and issued decisions, for a year and an organiser (the organiser and every unit
below it).

The circulars and their forms are data with their citation (CIRCULARS, FORMS):
the layouts are those of Thông tư 02/2023/TT-BNV (Biểu 0601.N, 0602.N and
0603.N/BNV-TĐKT), whose statistics year runs from 01/12 of the year before to
30/11. Thông tư 18/2025/TT-BNV of 08/10/2025, of the same title, replaces it
(inferred from the title, not read); its forms, and the day they apply from,
could not be read (docs/reports.md says what was searched). `circular_for(year)`
says which circular a year's sheets follow and what the office must check by
hand. Biểu 0604 and 0605 (organisations and civil servants working on emulation)
count what the product does not hold and are not generated.
"""

import datetime as dt
from dataclasses import dataclass, field

from awards.models import AwardKind, DecisionRecipient, DecisionStatus, RecipientKind
from awards.text import fold
from blocs.models import Unit, UnitKind
from campaigns.models import Campaign, CampaignKind
from covenants.models import Covenant

# Where each form's rows and columns were read: a third-party reproduction of the 2023
# forms (not the gazette's annex). Read with the search tool on 07/12/2026.
REPRODUCTION = (
    "github.com/lifephongphanmem/thiduakhenthuong, resources/views/BaoCao/TT022023/"
    "Mau0601.blade.php, Mau0602.blade.php, Mau0603.blade.php (commit a2b76e9a)"
)

TT_02_2023 = {
    "number": "Thông tư 02/2023/TT-BNV",
    "title": "Quy định chế độ báo cáo thống kê ngành Nội vụ",
    "issued_on": dt.date(2023, 3, 23),
    "in_force_from": dt.date(2023, 5, 10),
    "sources": [
        "https://sonv.hungyen.gov.vn/portal/pages/print.aspx?p=10987",
        "https://dulieuphapluat.vn/tin-tuc/tin-van-ban/che-do-bao-cao-thong-ke-nganh-noi-vu-2056.html",
    ],
    "forms_read_from": REPRODUCTION,
    "forms": ("0601.N/BNV-TĐKT", "0602.N/BNV-TĐKT", "0603.N/BNV-TĐKT"),
    "verified": False,
}

TT_18_2025 = {
    "number": "Thông tư 18/2025/TT-BNV",
    "title": "Quy định chế độ báo cáo thống kê ngành Nội vụ",
    "issued_on": dt.date(2025, 10, 8),
    # The record shows the day it applies from only to subscribers: not read.
    "in_force_from": None,
    "sources": [
        "https://luatvietnam.vn/hanh-chinh/thong-tu-18-2025-tt-bnv-cua-bo-noi-vu-quy-dinh-"
        "che-do-bao-cao-thong-ke-nganh-noi-vu-414360-d1.html",
    ],
    "forms_read_from": None,
    "forms": None,  # its annex (list of forms, the forms) could not be read
    "verified": False,
}

# Oldest first. A circular with `forms` None replaces the one before it, but its forms
# could not be read: the sheets keep the last known layout and say so.
CIRCULARS = [TT_02_2023, TT_18_2025]

# The circular the forms follow (kept as the name the summaries page shows).
LEGAL_BASIS = TT_02_2023


@dataclass(frozen=True)
class Basis:
    """Which circular a statistics year's sheets follow, and what the office must know."""

    circular: dict
    replaced_by: dict | None
    notes: list[str] = field(default_factory=list)


def circular_for(year: int) -> Basis:
    """The circular whose forms the statistics year `year` is laid out on.

    The year's report is due on 15/12 (TT 02/2023); a circular issued before that day
    may govern it. TT 18/2025 was issued on 08/10/2025, so from the year 2025 on it may
    be the one in force: its forms could not be read, so the sheets keep TT 02/2023's
    layout and carry a note to compare with the forms in force. Before TT 02/2023 was
    in force (statistics year 2022 and earlier) Thông tư 03/2018/TT-BNV's forms
    0701–0703.N/BNV-TĐKT applied; the product does not lay those out.
    """
    due = dt.date(year, 12, 15)
    notes = []
    if due < TT_02_2023["in_force_from"]:
        notes.append(
            f"Năm {year} báo cáo theo Thông tư 03/2018/TT-BNV (biểu 0701–0703.N/BNV-TĐKT); "
            f"biểu này theo bố cục của {TT_02_2023['number']}."
        )
    replaced_by = None
    for circular in CIRCULARS:
        if circular["forms"] is None and circular["issued_on"] <= due:
            replaced_by = circular
            notes.append(
                f"Bộ Nội vụ đã ban hành {circular['number']} ngày "
                f"{circular['issued_on']:%d/%m/%Y} «{circular['title']}» (thay cho "
                f"{TT_02_2023['number']}, chưa xác minh); biểu mẫu và ngày áp dụng của thông "
                f"tư này chưa được đối chiếu: biểu theo bố cục {TT_02_2023['number']}, cần "
                "đối chiếu với biểu mẫu hiện hành trước khi gửi."
            )
    notes.append(
        f"Bố cục biểu đọc từ bản dựng lại của bên thứ ba, chưa đối chiếu với phụ lục "
        f"{TT_02_2023['number']} đăng Công báo."
    )
    return Basis(TT_02_2023, replaced_by, notes)


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
class Column:
    key: str
    # The header cells from the top row down; a path shorter than the header's depth
    # spans down to the numbered row. Adjacent columns sharing a prefix share its cells.
    path: tuple[str, ...]
    number: str  # the numbered row's label; adjacent equal numbers share one cell


@dataclass(frozen=True)
class Row:
    code: str  # mã số, "" for a heading
    label: str
    unit: str  # đơn vị tính of the row, when the form has the column
    key: str = ""  # what the row counts (the counting code's name for it)


@dataclass(frozen=True)
class Form:
    code: str
    title: str
    unit: str  # đơn vị tính of the whole form, or "" when per row
    columns: list[Column]
    rows: list[Row]
    per_row_unit: bool

    def row(self, key: str) -> str:
        return next(r.code for r in self.rows if r.key == key)

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


BY_LEVEL = "Số phong trào thi đua chia theo cấp chủ trì phát động thi đua"

F0601 = Form(
    code="0601.N/BNV-TĐKT",
    title="SỐ PHONG TRÀO THI ĐUA",
    unit="Phong trào",
    columns=[
        Column("total", ("Tổng số",), "1=(2+3+4)"),
        Column(
            "central",
            (BY_LEVEL, "Cấp Trung ương (Hội đồng Thi đua - Khen thưởng Trung ương)"),
            "2",
        ),
        Column(
            "province",
            (
                BY_LEVEL,
                "Cấp bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực thuộc Trung ương",
            ),
            "3",
        ),
        Column("agency", (BY_LEVEL, "Cơ quan, tổ chức, đơn vị"), "4"),
    ],
    rows=[
        Row("01", "Tổng số", "", "total"),
        Row("", "1. Chia theo phạm vi tổ chức thi đua", ""),
        Row("02", "- Toàn quốc", "", "national"),
        Row("03", "- Bộ, ban, ngành, đoàn thể, địa phương", "", "local"),
        Row(
            "04",
            "- Cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng các cấp tổ chức",
            "",
            "bloc",
        ),
        Row("05", "- Cơ quan, tổ chức, đơn vị", "", "agency"),
        Row("", "2. Chia theo thời hạn thi đua", ""),
        Row("06", "- Dưới 1 năm", "", "under_1"),
        Row("07", "- 1 năm", "", "1"),
        Row("08", "- Từ 1 năm đến dưới 3 năm", "", "1_3"),
        Row("09", "- Từ 3 năm đến dưới 5 năm", "", "3_5"),
        Row("10", "- Từ 5 năm trở lên", "", "5_up"),
        Row("", "3. Chia theo phương thức tổ chức phong trào thi đua", ""),
        Row("11", "- Thi đua theo chuyên đề", "", "thematic"),
        Row("12", "- Thi đua thường xuyên hàng năm", "", "regular"),
    ],
    per_row_unit=False,
)


def _award_rows(codes: dict[str, str], heading: int) -> list[Row]:
    """The rows by recipient and by kind that 0602 and 0603 share (their codes and the
    headings' numbers differ)."""
    return [
        Row("", f"{heading}. Chia theo đối tượng khen thưởng", ""),
        Row(codes["collective"], "- Tập thể", "Tập thể", "collective"),
        Row(codes["enterprise"], "Trong đó: Doanh nghiệp", "Doanh nghiệp", "enterprise"),
        Row(codes["household"], "- Hộ gia đình", "Hộ", "household"),
        Row(codes["individual"], "- Cá nhân", "Người", "individual"),
        Row(
            codes["leader_ministry"],
            "+ Lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên",
            "Người",
            "leader_ministry",
        ),
        Row(
            codes["leader_department"],
            "+ Lãnh đạo cấp vụ, sở, ngành và tương đương",
            "Người",
            "leader_department",
        ),
        Row(codes["business"], "+ Doanh nhân", "Người", "business"),
        Row(
            codes["leader_other"],
            "+ Các cấp lãnh đạo khác từ phó phòng trở lên",
            "Người",
            "leader_other",
        ),
        Row(
            codes["direct"],
            "+ Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến "
            "đấu (công nhân, nông dân,...)",
            "Người",
            "direct",
        ),
        Row("", f"{heading + 1}. Chia theo phương thức khen thưởng", ""),
        Row(codes["regular"], "- Thường xuyên", "", "regular"),
        Row(codes["campaign"], "- Chuyên đề", "", "campaign"),
        Row(codes["ad_hoc"], "- Đột xuất", "", "ad_hoc"),
        Row(codes["external"], "- Đối ngoại", "", "external"),
        Row(codes["dedication"], "- Cống hiến", "", "dedication"),
        Row(codes["seniority"], "- Niên hạn", "", "seniority"),
        Row(codes["resistance"], "- Kháng chiến", "", "resistance"),
    ]


_KEYS = [
    "collective",
    "enterprise",
    "household",
    "individual",
    "leader_ministry",
    "leader_department",
    "business",
    "leader_other",
    "direct",
    "regular",
    "campaign",
    "ad_hoc",
    "external",
    "dedication",
    "seniority",
    "resistance",
]


def _codes(numbers) -> dict[str, str]:
    return dict(zip(_KEYS, [f"{n:02d}" for n in numbers], strict=True))


SPLIT = "Chia ra"
ORDERS = "Các loại huân chương, huy chương (Mỗi hình thức khen thưởng ghi riêng một cột)"
HONOURS = "Danh hiệu vinh dự nhà nước (Mỗi hình thức khen thưởng ghi riêng một cột)"
OTHERS = "Các hình thức khen thưởng khác (Mỗi hình thức khen thưởng ghi riêng một cột)"
PM_MERIT = "Bằng khen của Thủ tướng Chính phủ"
COLLECTIVE, INDIVIDUAL = "Tập thể", "Cá nhân"

F0602 = Form(
    code="0602.N/BNV-TĐKT",
    title="SỐ LƯỢNG KHEN THƯỞNG CẤP NHÀ NƯỚC",
    unit="",
    columns=[
        Column("total", ("Tổng số",), "1"),
        # The form leaves one column per order or medal to the office; the product
        # holds none of them: two orders and two medals, each by collective and person.
        Column("order1_c", (SPLIT, ORDERS, "Huân chương (1)", COLLECTIVE), "2"),
        Column("order1_i", (SPLIT, ORDERS, "Huân chương (1)", INDIVIDUAL), "2"),
        Column("order2_c", (SPLIT, ORDERS, "Huân chương (2)", COLLECTIVE), "2"),
        Column("order2_i", (SPLIT, ORDERS, "Huân chương (2)", INDIVIDUAL), "2"),
        Column("medal1_c", (SPLIT, ORDERS, "Huy chương (1)", COLLECTIVE), "2"),
        Column("medal1_i", (SPLIT, ORDERS, "Huy chương (1)", INDIVIDUAL), "2"),
        Column("medal2_c", (SPLIT, ORDERS, "Huy chương (2)", COLLECTIVE), "2"),
        Column("medal2_i", (SPLIT, ORDERS, "Huy chương (2)", INDIVIDUAL), "2"),
        Column("hcm_prize", (SPLIT, "Giải thưởng Hồ Chí Minh", INDIVIDUAL), "3"),
        Column("state_prize", (SPLIT, "Giải thưởng Nhà nước", INDIVIDUAL), "4"),
        Column("mother", (SPLIT, HONOURS, "Bà mẹ Việt Nam anh hùng", INDIVIDUAL), "5"),
        Column("hero_c", (SPLIT, HONOURS, "Anh hùng lực lượng vũ trang", COLLECTIVE), "5"),
        Column("hero_i", (SPLIT, HONOURS, "Anh hùng lực lượng vũ trang", INDIVIDUAL), "5"),
        Column("teacher", (SPLIT, HONOURS, "Nhà giáo ưu tú", INDIVIDUAL), "5"),
        Column("gov_flag", (SPLIT, "Cờ thi đua của Chính phủ", COLLECTIVE), "6"),
        Column("pm_merit_c", (SPLIT, PM_MERIT, COLLECTIVE), "7"),
        Column("pm_merit_i", (SPLIT, PM_MERIT, INDIVIDUAL), "7"),
        Column("national_cstd", (SPLIT, "Danh hiệu “Chiến sĩ thi đua toàn quốc”", INDIVIDUAL), "8"),
        Column("other_c", (SPLIT, OTHERS, COLLECTIVE), "9"),
        Column("other_i", (SPLIT, OTHERS, INDIVIDUAL), "9"),
    ],
    rows=[
        Row("01", "Tổng số", "", "total"),
        Row("", "1. Chia theo đơn vị ban hành tờ trình Thủ tướng Chính phủ về khen thưởng", ""),
        Row("02", "- Bộ, ban, ngành, đoàn thể Trung ương", "Bộ, ngành", "ministry"),
        Row("03", "- Tỉnh, thành phố trực thuộc Trung ương", "Tỉnh, TP", "province"),
        # The reproduction numbers the rows 1, 2, 3, then 6 to 21: 04 and 05 are not used.
        *_award_rows(_codes(range(6, 22)), 2),
    ],
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
        Column("total", ("Tổng số",), "1"),
        Column("merit", (SPLIT, "Bằng khen"), "2"),
        Column("cstd", (SPLIT, "Chiến sĩ thi đua cấp bộ, cấp tỉnh"), "3"),
        Column(
            "flag",
            (
                SPLIT,
                "Cờ thi đua của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, thành phố trực "
                "thuộc Trung ương",
            ),
            "4",
        ),
        Column(
            "badge",
            (
                SPLIT,
                "Huy hiệu (kỷ niệm chương) của bộ, ban, ngành, đoàn thể Trung ương, tỉnh, "
                "thành phố trực thuộc Trung ương",
            ),
            "5",
        ),
    ],
    rows=[
        Row("01", "Tổng số", "", "total"),
        *_award_rows(_codes(range(2, 18)), 1),
    ],
    per_row_unit=True,
)

FORMS = [F0601, F0602, F0603]


def _empty(form: Form) -> dict[str, list[int]]:
    return {r.code: [0] * len(form.columns) for r in form.rows if r.code}


def _add(form: Form, values, row_keys: list[str], column: str):
    """Count one in each of `row_keys`' rows (and the total row), in the Tổng số column
    and in `column`."""
    index = form.keys.index(column)
    for key in ["total", *row_keys]:
        line = values[form.row(key)]
        line[0] += 1
        line[index] += 1


# 0601 ----------------------------------------------------------------------------


def _duration(starts_on: dt.date, ends_on: dt.date) -> str:
    """Rows 06-10 by the campaign's length in whole months (a yearly campaign of
    12 months ± a fortnight is "1 năm")."""
    months = round((ends_on - starts_on).days / 30.44)
    if months < 12:
        return "under_1"
    if months == 12:
        return "1"
    if months < 36:
        return "1_3"
    if months < 60:
        return "3_5"
    return "5_up"


def form_0601(organiser: Unit, year: int) -> dict[str, list[int]]:
    """Campaigns running in the statistics year (their organiser's level gives the
    column) and the blocs' covenants of the year (row 04, "cụm, khối thi đua")."""
    start, end = statistics_year(year)
    below = units_below(organiser)
    values = _empty(F0601)
    campaigns = Campaign.objects.filter(
        organiser_id__in=below, starts_on__lte=end, ends_on__gte=start
    ).select_related("organiser")
    for c in campaigns:
        province = c.organiser.kind == UnitKind.PROVINCE
        method = "thematic" if c.kind == CampaignKind.THEMATIC else "regular"
        rows = ["local" if province else "agency", _duration(c.starts_on, c.ends_on), method]
        _add(F0601, values, rows, "province" if province else "agency")
    covenants = Covenant.objects.filter(bloc__organiser_id__in=below, year=year)
    for cov in covenants.select_related("campaign"):
        method = "thematic" if cov.campaign.kind == CampaignKind.THEMATIC else "regular"
        _add(F0601, values, ["bloc", "1", method], "agency")
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


def _individual_key(position: str, unit_kind: str) -> str:
    """The individual's row by the position the decision states: a leader of an
    enterprise is "doanh nhân", another leader from deputy head of a section up is
    "các cấp lãnh đạo khác", anyone else "người trực tiếp". The rows of province and
    department leaders need ranks the product does not hold: counted with the others."""
    folded = fold(position or "")
    leader = any(word in folded for word in LEADER_WORDS) or folded.startswith("pho ")
    if not leader:
        return "direct"
    return "business" if unit_kind == UnitKind.ENTERPRISE else "leader_other"


def _individual_row(position: str, unit_kind: str) -> str:
    """Biểu 0603's row code for an individual (kept for the tests and the docs)."""
    return F0603.row(_individual_key(position, unit_kind))


def _column(form: Form, code: str, level: str, collective: bool) -> str | None:
    """The column a title falls in on `form`, or None when it is not the form's."""
    if form is F0603:
        if level != "province":
            return None
        if code.startswith("bang-khen"):
            return "merit"
        if code == "chien-si-thi-dua-cap-tinh":
            return "cstd"
        if code == "co-thi-dua":
            return "flag"
        if code.startswith(("huy-hieu", "ky-niem-chuong")):
            return "badge"
        return None
    side = "_c" if collective else "_i"
    if code == "co-thi-dua-chinh-phu":
        return "gov_flag"
    if code == "chien-si-thi-dua-toan-quoc":
        return "national_cstd"
    if code.startswith("huan-chuong"):
        return "order1" + side
    if code.startswith("huy-chuong"):
        return "medal1" + side
    if code.startswith("giai-thuong-ho-chi-minh"):
        return "hcm_prize"
    if code.startswith("giai-thuong-nha-nuoc"):
        return "state_prize"
    if level != "government":
        return None
    if code.startswith("bang-khen"):
        return "pm_merit" + side
    return "other" + side


KIND_ROWS = {
    AwardKind.REGULAR: "regular",
    AwardKind.CAMPAIGN: "campaign",
    AwardKind.AD_HOC: "ad_hoc",
}


def form_awards(form: Form, organiser: Unit, year: int) -> dict[str, list[int]]:
    """Awards of the form's level received by the organiser's units (the organiser and
    below) in decisions issued in the statistics year, by recipient and by kind (0602
    also by who proposed them to the Prime Minister: the province, for every organiser
    the product holds)."""
    start, end = statistics_year(year)
    values = _empty(form)
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
        collective = recipient_kind == RecipientKind.COLLECTIVE
        column = _column(form, code, level, collective)
        if column is None:
            continue
        rows = [KIND_ROWS[kind]]
        if form is F0602:
            rows.append("province")
        if collective:
            rows.append("collective")
            if collective_kind == UnitKind.ENTERPRISE:
                rows.append("enterprise")
        elif recipient_kind == RecipientKind.HOUSEHOLD:
            rows.append("household")
        else:
            rows += ["individual", _individual_key(position, unit_kind)]
        _add(form, values, rows, column)
    return values


def form_values(form: Form, organiser: Unit, year: int) -> dict[str, list[int]]:
    if form is F0601:
        return form_0601(organiser, year)
    return form_awards(form, organiser, year)
