"""The awards part of the demo: the catalogue, people and the article's decisions.

The article: "Trong 9 tháng đầu năm 2023, đã có 457 tập thể và 946 cá nhân được
UBND Thành phố khen thưởng; trong đó, khen thưởng đột xuất cho 131 tập thể, 245
cá nhân" and, at the gratitude conference, "khen thưởng 18 tập thể và 105 cá
nhân". The decisions below carry exactly those counts. Demo assumptions (the
article does not say them): how the non-ad-hoc awards split between regular
(year 2022, issued in January) and per-campaign decisions, the themes, dates
and numbers of the decisions, the titles and forms used, the people's names,
and the date of the gratitude conference (October 2023, after the nine months).

Catalogue values come from DESIGN.md (rules 3 and 6); anything it does not give
(coefficients before 2024 and under NĐ 152/2025, quotas under NĐ 152/2025) is
left empty and shown as not configured.
"""

import datetime as dt
import math
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation

from awards.models import (
    Authority,
    BaseSalary,
    Decision,
    DecisionRecipient,
    EligibilityRule,
    LegalBasis,
    Nomination,
    Person,
    RecipientKind,
    RuleKind,
    Title,
    TitleTerm,
)
from awards.services import nomination_propose, recipients_recompute
from awards.text import fold
from blocs.models import Unit
from campaigns.models import Campaign
from mongcai.accounts.models import Role, User

from . import data
from . import services as demo_services

LAW_2003_FROM = dt.date(2004, 7, 1)
LAW_2022_FROM = dt.date(2024, 1, 1)
ND152_FROM = dt.date(2025, 7, 1)

# code, number, citation, valid_from, valid_to
LEGAL_BASES = [
    (
        "luat-tdkt-2003",
        "Luật Thi đua, khen thưởng 2003",
        "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số "
        "điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013",
        LAW_2003_FROM,
        dt.date(2023, 12, 31),
    ),
    (
        "luat-tdkt-2022",
        "06/2022/QH15",
        "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
        LAW_2022_FROM,
        None,
    ),
    (
        "nd-98-2023",
        "98/2023/NĐ-CP",
        "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
        "thi hành một số điều của Luật Thi đua, khen thưởng",
        LAW_2022_FROM,
        dt.date(2025, 6, 30),
    ),
    (
        "nd-152-2025",
        "152/2025/NĐ-CP",
        "Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều "
        "của Luật Thi đua, khen thưởng",
        ND152_FROM,
        None,
    ),
    (
        "luong-co-so-2023",
        "Lương cơ sở từ 01/07/2023",
        "quy định mức lương cơ sở 1.800.000 đồng/tháng từ ngày 01 tháng 7 năm 2023",
        dt.date(2023, 7, 1),
        dt.date(2024, 6, 30),
    ),
    (
        "luong-co-so-2024",
        "Lương cơ sở từ 01/07/2024",
        "quy định mức lương cơ sở 2.340.000 đồng/tháng từ ngày 01 tháng 7 năm 2024",
        dt.date(2024, 7, 1),
        None,
    ),
    (
        "luat-tccqdp",
        "Luật Tổ chức chính quyền địa phương",
        "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015",
        dt.date(2016, 1, 1),
        None,
    ),
]

# A newer text replaces an older one: citing both on one decision draws a warning.
REPLACES = {
    "luat-tdkt-2022": "luat-tdkt-2003",
    "nd-152-2025": "nd-98-2023",
    "luong-co-so-2024": "luong-co-so-2023",
}

# The organiser (a unit's code) each authority issues for.
AUTHORITY_ORGANISERS = {
    "ct-ubnd-mong-cai": data.CITY[0],
    "ct-ubnd-quang-ninh": data.PROVINCE[0],
    "ct-ubnd-phuong-mong-cai-1": data.WARD[0],
}

# code, name, level, parent body, body, symbol, place, head's position (the
# Chairman decides: no collective body, so no “TM.”)
AUTHORITIES = [
    (
        "ct-ubnd-mong-cai",
        "Chủ tịch Ủy ban nhân dân thành phố Móng Cái",
        "city",
        "",
        "Ủy ban nhân dân thành phố Móng Cái",
        "QĐ-UBND",
        "Móng Cái",
        "Chủ tịch",
    ),
    (
        "ct-ubnd-quang-ninh",
        "Chủ tịch Ủy ban nhân dân tỉnh Quảng Ninh",
        "province",
        "",
        "Ủy ban nhân dân tỉnh Quảng Ninh",
        "QĐ-UBND",
        "Quảng Ninh",
        "Chủ tịch",
    ),
    (
        "ct-ubnd-phuong-mong-cai-1",
        "Chủ tịch Ủy ban nhân dân phường Móng Cái 1",
        "commune",
        "Ủy ban nhân dân tỉnh Quảng Ninh",
        "Ủy ban nhân dân phường Móng Cái 1",
        "QĐ-UBND",
        "Móng Cái 1",  # unverified: the place name a ward's decisions carry
        "Chủ tịch",
    ),
]

# code, name, category, recipient kind, granted by, coefficient under NĐ 98/2023 (DESIGN.md 6)
TITLES = [
    ("lao-dong-tien-tien", "Lao động tiên tiến", "title", "individual", [], Decimal("0.3")),
    (
        "chien-si-thi-dua-co-so",
        "Chiến sĩ thi đua cơ sở",
        "title",
        "individual",
        ["ct-ubnd-mong-cai"],
        Decimal("1.0"),
    ),
    (
        "chien-si-thi-dua-cap-tinh",
        "Chiến sĩ thi đua cấp tỉnh",
        "title",
        "individual",
        ["ct-ubnd-quang-ninh"],
        Decimal("3.0"),
    ),
    (
        "chien-si-thi-dua-toan-quoc",
        "Chiến sĩ thi đua toàn quốc",
        "title",
        "individual",
        [],
        Decimal("4.5"),
    ),
    ("tap-the-lao-dong-tien-tien", "Tập thể lao động tiên tiến", "title", "collective", [], None),
    (
        "tap-the-lao-dong-xuat-sac",
        "Tập thể lao động xuất sắc",
        "title",
        "collective",
        ["ct-ubnd-mong-cai"],
        Decimal("1.5"),
    ),
    ("co-thi-dua", "Cờ thi đua", "title", "collective", ["ct-ubnd-quang-ninh"], None),
    ("giay-khen-ca-nhan", "Giấy khen (cá nhân)", "form", "individual", ["ct-ubnd-mong-cai"], None),
    ("giay-khen-tap-the", "Giấy khen (tập thể)", "form", "collective", ["ct-ubnd-mong-cai"], None),
    (
        "bang-khen-ca-nhan",
        "Bằng khen (cá nhân)",
        "form",
        "individual",
        ["ct-ubnd-quang-ninh"],
        None,
    ),
    (
        "bang-khen-tap-the",
        "Bằng khen (tập thể)",
        "form",
        "collective",
        ["ct-ubnd-quang-ninh"],
        None,
    ),
]

# The forms as a decision names them: "Tặng Giấy khen của Chủ tịch ..." (the catalogue's
# "(cá nhân)"/"(tập thể)" only tell its rows apart).
DECISION_NAMES = {
    "giay-khen-ca-nhan": "Giấy khen",
    "giay-khen-tap-the": "Giấy khen",
    "bang-khen-ca-nhan": "Bằng khen",
    "bang-khen-tap-the": "Bằng khen",
}

# title, kind, required title, years, share %, months, legal basis, from, to (DESIGN.md rule 3)
RULES = [
    (
        "chien-si-thi-dua-co-so",
        RuleKind.PREREQUISITE,
        "lao-dong-tien-tien",
        None,
        None,
        None,
        "luat-tdkt-2022",
        LAW_2022_FROM,
        None,
    ),
    (
        "chien-si-thi-dua-co-so",
        RuleKind.INITIATIVE,
        None,
        None,
        None,
        None,
        "luat-tdkt-2022",
        LAW_2022_FROM,
        None,
    ),
    (
        "chien-si-thi-dua-co-so",
        RuleKind.QUOTA,
        "lao-dong-tien-tien",
        None,
        Decimal(15),
        None,
        "nd-98-2023",
        LAW_2022_FROM,
        dt.date(2025, 6, 30),
    ),
    (
        "chien-si-thi-dua-co-so",
        RuleKind.QUOTA,
        "lao-dong-tien-tien",
        None,
        None,
        None,
        "nd-152-2025",
        ND152_FROM,
        None,
    ),
    (
        "chien-si-thi-dua-cap-tinh",
        RuleKind.CONSECUTIVE,
        "chien-si-thi-dua-co-so",
        3,
        None,
        None,
        "luat-tdkt-2022",
        LAW_2022_FROM,
        None,
    ),
    (
        "chien-si-thi-dua-cap-tinh",
        RuleKind.INITIATIVE,
        None,
        None,
        None,
        None,
        "luat-tdkt-2022",
        LAW_2022_FROM,
        None,
    ),
    (
        "lao-dong-tien-tien",
        RuleKind.MIN_SERVICE,
        None,
        None,
        None,
        10,
        "nd-98-2023",
        LAW_2022_FROM,
        dt.date(2025, 6, 30),
    ),
    (
        "lao-dong-tien-tien",
        RuleKind.MIN_SERVICE,
        None,
        None,
        None,
        None,
        "nd-152-2025",
        ND152_FROM,
        None,
    ),
]

BASE_SALARIES = [
    (dt.date(2023, 7, 1), Decimal(1800000), "luong-co-so-2023"),
    (dt.date(2024, 7, 1), Decimal(2340000), "luong-co-so-2024"),
]

# kind, theme, collectives, individuals, first date; titles by recipient kind
ARTICLE_DECISIONS = [
    ("regular", "Đã hoàn thành xuất sắc nhiệm vụ năm 2022", 100, 300, dt.date(2023, 1, 16)),
    (
        "campaign",
        "Thành tích xuất sắc trong đợt cao điểm thi đua chào mừng Xuân Quý Mão 2023",
        60,
        100,
        dt.date(2023, 2, 10),
    ),
    (
        "campaign",
        "Thành tích xuất sắc trong phong trào thi đua đặc biệt, sơ kết 6 tháng",
        56,
        101,
        dt.date(2023, 7, 20),
    ),
    (
        "campaign",
        "Thành tích xuất sắc trong Tháng Thanh niên và hoạt động hè 2023",
        55,
        100,
        dt.date(2023, 8, 15),
    ),
    (
        "campaign",
        "Thành tích xuất sắc trong thi đua thu ngân sách 9 tháng năm 2023",
        55,
        100,
        dt.date(2023, 9, 25),
    ),
    (
        "ad_hoc",
        "Thành tích đột xuất trong đấu tranh phòng, chống buôn lậu, gian lận thương mại",
        35,
        65,
        dt.date(2023, 3, 8),
    ),
    (
        "ad_hoc",
        "Thành tích đột xuất bảo đảm an ninh trật tự dịp Tết Nguyên đán Quý Mão",
        32,
        60,
        dt.date(2023, 4, 5),
    ),
    (
        "ad_hoc",
        "Thành tích đột xuất trong công tác cứu người, cứu tài sản",
        32,
        60,
        dt.date(2023, 6, 12),
    ),
    (
        "ad_hoc",
        "Thành tích đột xuất trong tổ chức Hội chợ Thương mại quốc tế Việt - Trung",
        32,
        60,
        dt.date(2023, 9, 12),
    ),
    (
        "campaign",
        "Có nhiều cống hiến, đóng góp xây dựng quê hương nhân dịp kỷ niệm 60 năm "
        "thành lập tỉnh Quảng Ninh và 15 năm thành lập thành phố Móng Cái (Hội nghị tri ân)",
        18,
        105,
        dt.date(2023, 10, 20),
    ),
]
FIRST_NUMBER = 101
COPIES_TO = "UBND tỉnh Quảng Ninh (b/c)\nSở Nội vụ tỉnh\nBan Thi đua - Khen thưởng tỉnh"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Thanh", "Hồng"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hùng",
    "Lan",
    "Linh",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Quỳnh",
    "Sơn",
    "Thảo",
    "Trung",
    "Tuấn",
    "Vân",
    "Yến",
]
POSITIONS = ["Chuyên viên", "Cán bộ", "Phó trưởng phòng", "Trưởng ban", "Công chức", "Viên chức"]


def _upsert(model, lookup: dict, values: dict):
    # The project demo's update-or-create with full_clean; looked up at call time
    # because the project demo loader imports this module.
    return demo_services._save(model, lookup, values)


@transaction.atomic
def catalogue_load() -> dict:
    """Legal bases, authorities, titles with their coefficient terms, rules, base salaries."""
    bases = {
        code: _upsert(
            LegalBasis,
            {"code": code},
            {"number": number, "citation": citation, "valid_from": start, "valid_to": end},
        )
        for code, number, citation, start, end in LEGAL_BASES
    }
    for code, replaced in REPLACES.items():
        LegalBasis.objects.filter(pk=bases[code].pk).update(replaces=bases[replaced])
    authorities = {
        row[0]: _upsert(
            Authority,
            {"code": row[0]},
            dict(
                zip(
                    ("name", "level", "parent_body", "body", "symbol", "place", "signing_capacity"),
                    row[1:],
                    strict=True,
                )
            ),
        )
        for row in AUTHORITIES
    }
    for code, unit_code in AUTHORITY_ORGANISERS.items():
        Authority.objects.filter(code=code).update(
            organiser=Unit.objects.filter(code=unit_code).first()
        )
    titles = {}
    for order, (code, name, category, kind, granted_by, coefficient) in enumerate(TITLES, 1):
        title = _upsert(
            Title,
            {"code": code},
            {
                "name": name,
                "decision_name": DECISION_NAMES.get(code, ""),
                "category": category,
                "recipient_kind": kind,
                "order": order,
                "legal_basis": bases["luat-tdkt-2022"],
                "valid_from": LAW_2003_FROM,
            },
        )
        title.authorities.set([authorities[a] for a in granted_by])
        titles[code] = title
        for start, end, basis, value in (
            (LAW_2003_FROM, dt.date(2023, 12, 31), "luat-tdkt-2003", None),
            (LAW_2022_FROM, dt.date(2025, 6, 30), "nd-98-2023", coefficient),
            (ND152_FROM, None, "nd-152-2025", None),
        ):
            _upsert(
                TitleTerm,
                {"title": title, "valid_from": start},
                {"valid_to": end, "legal_basis": bases[basis], "coefficient": value},
            )
    for code, kind, required, years, share, months, basis, start, end in RULES:
        _upsert(
            EligibilityRule,
            {"title": titles[code], "kind": kind, "valid_from": start},
            {
                "required_title": titles.get(required),
                "years": years,
                "share_percent": share,
                "months": months,
                "legal_basis": bases[basis],
                "valid_to": end,
            },
        )
    for start, amount, basis in BASE_SALARIES:
        _upsert(BaseSalary, {"valid_from": start}, {"amount": amount, "legal_basis": bases[basis]})
    return {"titles": len(titles), "authorities": len(authorities)}


def _people(units: list[Unit], count: int) -> list[Person]:
    names = [
        f"{FAMILY[i % len(FAMILY)]} {MIDDLE[(i // 3) % len(MIDDLE)]} {GIVEN[(i * 7) % len(GIVEN)]}"
        for i in range(count)
    ]
    return Person.objects.bulk_create(
        [
            Person(
                full_name=name,
                search_name=fold(name),
                unit=units[i % len(units)],
                position=POSITIONS[i % len(POSITIONS)],
                gender="female" if " Thị " in name else "male",
                birth_year=1970 + i % 30,
                service_from=dt.date(2000 + i % 20, 1 + i % 12, 1),
            )
            for i, name in enumerate(names)
        ],
        batch_size=1000,
    )


@transaction.atomic
def demo_load() -> dict:
    """Load the catalogue and, once, the article's decisions (idempotent)."""
    catalogue_load()
    authority = Authority.objects.get(code="ct-ubnd-mong-cai")
    campaign = Campaign.objects.get(code=data.CAMPAIGN["code"])
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    # The former city's units of 2023 (not the units of the 2025 reform).
    units = list(Unit.objects.filter(parent__code=data.CITY[0]).order_by("code"))
    if not Decision.objects.filter(authority=authority, year=2023).exists():
        _decisions(authority, campaign, admin, units)
        # Checks are stored with their messages, in the language of the product.
        with translation.override("vi"):
            _nominations(campaign, units)
    return {
        "decisions": Decision.objects.count(),
        "recipients": DecisionRecipient.objects.count(),
        "people": Person.objects.count(),
    }


def _decisions(authority, campaign, admin, units):
    titles = {t.code: t for t in Title.objects.all()}
    bases = list(LegalBasis.objects.filter(code__in=["luat-tccqdp", "luat-tdkt-2003"]))
    people = iter(_people(units, sum(row[3] for row in ARTICLE_DECISIONS)))
    number = FIRST_NUMBER
    for kind, theme, collectives, individuals, day in ARTICLE_DECISIONS:
        # A unit is commended at most once per decision (one award per achievement).
        parts = math.ceil(collectives / len(units))
        for part in range(parts):
            share_c = collectives // parts + (1 if part < collectives % parts else 0)
            share_i = individuals // parts + (1 if part < individuals % parts else 0)
            decision = Decision.objects.create(
                authority=authority,
                number=number,
                year=day.year,
                decided_on=day + dt.timedelta(days=part),
                kind=kind,
                campaign=campaign,
                summary=f"Về việc khen thưởng các tập thể, cá nhân: {theme.lower()}",
                proposal="Trưởng phòng Nội vụ thành phố",
                signing_mode="",
                signer_name="Nguyễn Văn Thắng",
                signer_position="Chủ tịch",
                copies_to=COPIES_TO,
                # Giấy khen's coefficient is not configured in the demo: stated, not forgotten.
                no_cash=True,
                issued_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
                status="issued",
                created_by=admin,
                issued_by=admin,
            )
            decision.legal_bases.set(bases)
            year = 2022 if kind == "regular" else 2023
            recipients = []
            for i in range(share_c):
                code = (
                    "tap-the-lao-dong-xuat-sac"
                    if kind == "regular" and i % 5 == 0
                    else ("giay-khen-tap-the")
                )
                unit = units[i % len(units)]
                recipients.append(
                    DecisionRecipient(
                        recipient_kind=RecipientKind.COLLECTIVE,
                        collective=unit,
                        unit=unit,
                        title=titles[code],
                    )
                )
            for i in range(share_i):
                person = next(people)
                code = (
                    "chien-si-thi-dua-co-so"
                    if kind == "regular" and i % 4 == 0
                    else ("giay-khen-ca-nhan")
                )
                recipients.append(
                    DecisionRecipient(
                        recipient_kind=RecipientKind.INDIVIDUAL,
                        person=person,
                        unit=person.unit,
                        title=titles[code],
                    )
                )
            for order, r in enumerate(recipients, 1):
                r.decision, r.campaign, r.year, r.order = decision, campaign, year, order
                r.achievement = theme if parts == 1 else f"{theme} (đợt {part + 1})"
            DecisionRecipient.objects.bulk_create(recipients, batch_size=1000)
            salary = recipients_recompute(decision=decision)
            Decision.objects.filter(pk=decision.pk).update(
                base_salary=salary.amount if salary else None
            )
            number += 1


def _nominations(campaign, units):
    """A few proposals waiting for the council, from Ka Long ward's secretary."""
    unit = Unit.objects.filter(code="phuong-ka-long").first() or units[0]
    secretary = User.objects.filter(units=unit).order_by("pk").first()
    if secretary is None:
        return
    title = Title.objects.get(code="giay-khen-ca-nhan")
    for person in Person.objects.filter(unit=unit).order_by("pk")[:3]:
        if (
            not Nomination.objects.filter(person=person, campaign=campaign)
            .exclude(status="rejected")
            .exists()
        ):
            nomination_propose(
                unit=unit,
                recipient_kind=RecipientKind.INDIVIDUAL,
                person=person,
                title=title,
                campaign=campaign,
                year=2023,
                kind="campaign",
                achievement="Thành tích xuất sắc trong phong trào thi đua đặc biệt năm 2023",
                details="Hoàn thành xuất sắc nhiệm vụ được giao, tiêu biểu trong phong trào.",
                proposed_by=secretary,
            )
