"""The awards part of the demo: the catalogue, people and the article's decisions.

The article: "Trong 9 tháng đầu năm 2023, đã có 457 tập thể và 946 cá nhân được
UBND Thành phố khen thưởng; trong đó, khen thưởng đột xuất cho 131 tập thể, 245
cá nhân" and, at the gratitude conference, "khen thưởng 18 tập thể và 105 cá
nhân". The decisions below carry exactly those counts. Demo assumptions (the
article does not say them): how the non-ad-hoc awards split between regular
(year 2022, issued in January) and per-campaign decisions, the themes, dates
and numbers of the decisions, the titles and forms used, the people's names,
and the date of the gratitude conference (October 2023, after the nine months).

The catalogue is the legal pack (awards/legal/pack.toml, docs/legal.md): every
decision shows the cash of the law in force on its date. A ward's decision dated
the day the demo is loaded shows today's.
"""

import datetime as dt
import math
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation

from awards.certificates import certificate_layout_save, default_fields
from awards.legal.pack import pack_apply, pack_read
from awards.models import (
    Authority,
    CertificateKind,
    CertificateLayout,
    Decision,
    DecisionRecipient,
    HonourBoard,
    Household,
    LegalBasis,
    Nomination,
    PackImport,
    Person,
    RecipientKind,
    Title,
)
from awards.models.certificates import Orientation, Paper
from awards.services import nomination_propose, recipients_recompute
from awards.text import fold
from blocs.models import Unit
from campaigns.models import Campaign
from covenants.models import Covenant
from mongcai.accounts.models import Role, User

from . import data
from . import services as demo_services

# The organiser (a unit's code) each authority issues for.
AUTHORITY_ORGANISERS = {
    "ct-ubnd-mong-cai": data.CITY[0],
    "ct-ubnd-quang-ninh": data.PROVINCE[0],
    "ct-ubnd-phuong-mong-cai-1": data.WARD[0],
}

# code, name, level, parent body, body, symbol, place, head's position (the
# Chairman decides: no collective body, so no “TM.”). The titles each level grants
# come from the legal pack (awards/legal/pack.toml, granted by level).
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
    # Since 01/07/2025 (two-tier local government) a ward's chairman grants Lao động
    # tiên tiến and Giấy khen (Luật 06/2022/QH15 Điều 80 khoản 3).
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
    # Above every organiser of the deployment: the province proposes to it (issue 18);
    # no organiser, so it never issues here and its decisions are recorded as received.
    (
        "thu-tuong",
        "Thủ tướng Chính phủ",
        "government",
        "",
        "Thủ tướng Chính phủ",
        "QĐ-TTg",
        "Hà Nội",
        "Thủ tướng",
    ),
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
    """The legal pack (legal bases, titles, granting levels, coefficients, base salaries,
    rounding, rules) and the demo's authorities. Idempotent: a pack already applied is
    not recorded again."""
    pack = pack_read()
    if not PackImport.objects.filter(digest=pack.digest).exists():
        pack_apply(pack=pack, user=None)
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
    return {"titles": Title.objects.count(), "authorities": len(authorities)}


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
def demo_load(*, today: dt.date | None = None) -> dict:
    """Load the catalogue and, once, the article's decisions and a ward's decision of
    `today` (default: the local date) (idempotent)."""
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
    ward = Authority.objects.get(code="ct-ubnd-phuong-mong-cai-1")
    if not Decision.objects.filter(authority=ward).exists():
        _decision_today(ward, campaign, admin, today or timezone.localdate())
    return {
        "decisions": Decision.objects.count(),
        "recipients": DecisionRecipient.objects.count(),
        "people": Person.objects.count(),
    }


def _decisions(authority, campaign, admin, units):
    titles = {t.code: t for t in Title.objects.all()}
    bases = {b.code: b for b in LegalBasis.objects.all()}
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
                issued_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
                status="issued",
                created_by=admin,
                issued_by=admin,
            )
            # The texts in force on the day (NĐ 91/2017 until 2024; the base salary of
            # NĐ 38/2019 until 30/06/2023, then NĐ 24/2023).
            salary = "luong-co-so-2019" if day < dt.date(2023, 7, 1) else "luong-co-so-2023"
            decision.legal_bases.set(
                [bases[c] for c in ("luat-tccqdp", "luat-tdkt-2003", "nd-91-2017", salary)]
            )
            year = 2022 if kind == "regular" else 2023
            recipients = []
            for i in range(share_c):
                code = (
                    # The city grants Tập thể lao động tiên tiến; "xuất sắc" is the
                    # province's (the legal pack's granting levels).
                    "tap-the-lao-dong-tien-tien"
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


# The demo's household (name, address, achievement): invented.
HOUSEHOLD = (
    "Hộ ông Trần Văn Bình",
    "Khu 3, phường Móng Cái 1",
    "Hiến 45 m² đất mở rộng đường ngõ phố Khu 3",
)


def _decision_today(authority, campaign, admin, day: dt.date):
    """A ward's decision dated today, under NĐ 152/2025 and today's base salary: Lao
    động tiên tiến and Giấy khen for a few people of the demo (the decision's cash is
    what docs/legal.md's worked examples give), and Giấy khen for a household."""
    titles = {t.code: t for t in Title.objects.all()}
    bases = {b.code: b for b in LegalBasis.objects.all()}
    decision = Decision.objects.create(
        authority=authority,
        number=1,
        year=day.year,
        decided_on=day,
        kind="regular",
        campaign=campaign,
        summary=f"Về việc tặng danh hiệu Lao động tiên tiến và Giấy khen năm {day.year}",
        proposal="Trưởng phòng Văn hóa - Xã hội phường",
        signing_mode="",
        signer_name="Phạm Văn Minh",
        signer_position="Chủ tịch",
        copies_to="Sở Nội vụ tỉnh",
        issued_at=timezone.now(),
        status="issued",
        created_by=admin,
        issued_by=admin,
    )
    in_force = [
        b
        for b in bases.values()
        if b.in_force_on(day) and b.code.startswith(("luat-", "nd-152", "luong-co-so"))
    ]
    decision.legal_bases.set(in_force)
    people = Person.objects.order_by("pk")[:6]
    recipients = [
        DecisionRecipient(
            recipient_kind=RecipientKind.INDIVIDUAL,
            person=person,
            unit=person.unit,
            title=titles["lao-dong-tien-tien" if i < 4 else "giay-khen-ca-nhan"],
            decision=decision,
            campaign=campaign,
            year=day.year,
            order=i + 1,
            achievement=f"Hoàn thành tốt nhiệm vụ năm {day.year}",
        )
        for i, person in enumerate(people)
    ]
    # A household commended with Giấy khen (Luật Thi đua, khen thưởng 2022 Điều 2, 3):
    # it gave land to widen its quarter's lane (demo assumption; the household is invented).
    ward = Unit.objects.filter(code=data.WARD[0]).first()
    if ward is not None:
        household, _created = Household.objects.get_or_create(
            name=HOUSEHOLD[0], unit=ward, defaults={"address": HOUSEHOLD[1]}
        )
        recipients.append(
            DecisionRecipient(
                recipient_kind=RecipientKind.HOUSEHOLD,
                household=household,
                unit=ward,
                title=titles["giay-khen-ho-gia-dinh"],
                decision=decision,
                campaign=campaign,
                year=day.year,
                order=len(recipients) + 1,
                achievement=HOUSEHOLD[2],
            )
        )
    DecisionRecipient.objects.bulk_create(recipients)
    salary = recipients_recompute(decision=decision)
    Decision.objects.filter(pk=decision.pk).update(base_salary=salary.amount if salary else None)


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


# The province's decision giving the emulation flag to the leading unit of each of the
# city's blocs for 2023 (demo assumption: its number and date; the article does not
# say which units led). It feeds the honour board's leading units and Biểu 0603.
FLAG_DECISION_NUMBER = 3501
FLAG_DECISION_DAY = dt.date(2023, 11, 15)


@transaction.atomic
def flags_load(campaign) -> int:
    """Once: the province's decision for the 2023 flags the covenants proposed, and the
    city's honour board published. Returns the flags given."""
    city = Unit.objects.get(code=data.CITY[0])
    HonourBoard.objects.get_or_create(organiser=city, defaults={"published": True})
    province = Authority.objects.get(code="ct-ubnd-quang-ninh")
    if Decision.objects.filter(authority=province, number=FLAG_DECISION_NUMBER).exists():
        return 0
    leaders = [
        c.flag_unit
        for c in Covenant.objects.filter(campaign=campaign, year=2023, flag_unit__isnull=False)
        .select_related("flag_unit")
        .order_by("bloc__order")
    ]
    if not leaders:
        return 0
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    bases = {b.code: b for b in LegalBasis.objects.all()}
    decision = Decision.objects.create(
        authority=province,
        number=FLAG_DECISION_NUMBER,
        year=FLAG_DECISION_DAY.year,
        decided_on=FLAG_DECISION_DAY,
        kind="regular",
        campaign=campaign,
        summary="Về việc tặng Cờ thi đua của Ủy ban nhân dân tỉnh năm 2023",
        proposal="Giám đốc Sở Nội vụ",
        signing_mode="",
        signer_name="Cao Tường Huy",
        signer_position="Chủ tịch",
        copies_to="UBND thành phố Móng Cái\nBan Thi đua - Khen thưởng tỉnh",
        issued_at=timezone.make_aware(dt.datetime.combine(FLAG_DECISION_DAY, dt.time(9))),
        status="issued",
        created_by=admin,
        issued_by=admin,
    )
    decision.legal_bases.set(
        [bases[c] for c in ("luat-tccqdp", "luat-tdkt-2003", "nd-91-2017", "luong-co-so-2023")]
    )
    flag = Title.objects.get(code="co-thi-dua")
    DecisionRecipient.objects.bulk_create(
        [
            DecisionRecipient(
                decision=decision,
                recipient_kind=RecipientKind.COLLECTIVE,
                collective=unit,
                unit=unit,
                title=flag,
                campaign=campaign,
                year=2023,
                order=order,
                achievement="Đơn vị dẫn đầu khối thi đua năm 2023",
            )
            for order, unit in enumerate(leaders, 1)
        ]
    )
    salary = recipients_recompute(decision=decision)
    Decision.objects.filter(pk=decision.pk).update(base_salary=salary.amount if salary else None)
    return len(leaders)


# The blanks the demo's organisers print on (issue 18): the province's Giấy khen (A4
# landscape) and Bằng khen (A3 landscape), and the ward's Giấy khen, which its decision of
# the load day prints on (its Lao động tiên tiến carry no certificate: cash only).
CERTIFICATE_BLANKS = (
    (data.PROVINCE[0], CertificateKind.GIAY_KHEN, Paper.A4),
    (data.PROVINCE[0], CertificateKind.BANG_KHEN, Paper.A3),
    (data.PROVINCE[0], CertificateKind.BANG_CHUNG_NHAN, Paper.A4),
    (data.WARD[0], CertificateKind.GIAY_KHEN, Paper.A4),
)


def certificates_load() -> int:
    """Calibrate the demo's blanks once (an admin's later calibration is kept)."""
    admin = User.objects.filter(username="admin").first()
    made = 0
    for code, kind, paper in CERTIFICATE_BLANKS:
        organiser = Unit.objects.get(code=code)
        if CertificateLayout.objects.filter(organiser=organiser, kind=kind).exists():
            continue
        certificate_layout_save(
            organiser=organiser,
            kind=kind,
            paper=paper,
            orientation=Orientation.LANDSCAPE,
            offset_x=Decimal(0),
            offset_y=Decimal(0),
            fields=default_fields(kind, paper=paper),
            by=admin,
        )
        made += 1
    return made
