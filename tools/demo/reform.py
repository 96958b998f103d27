"""The 2024–2025 reorganisation of the former Móng Cái city, as data with its sources.

Each event names its legal basis, the page it was read on and whether the
composition was checked against the text of the legal basis itself
(`verified`) or only found in secondary sources (the note says which). The
search done on 06/12/2026 found the text of Nghị quyết 1679/NQ-UBTVQH15 only
by its heading (number, date, signer) and the composition of Phường Móng Cái 1
in the provincial newspaper; the other compositions come from the brief's
secondary sources and are marked unverified.
"""

import datetime as dt

from django.db import transaction

from awards.models import Authority
from blocs.models import Reorganisation, ReorganisationKind, Unit
from blocs.services import reorganisation_record

from . import data
from . import services as demo_services

REFORM_DAY = dt.date(2025, 7, 1)
WARDS_BLOC = "xa-phuong"

NQ_1679 = (
    "Nghị quyết 1679/NQ-UBTVQH15 ngày 16/06/2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp "
    "các đơn vị hành chính cấp xã của tỉnh Quảng Ninh năm 2025 (hiệu lực 01/07/2025)"
)
NQ_1679_URL = (
    "https://thuviennhadat.vn/vbpl/nghi-quyet-1679-nq-ubtvqh15-2025-sap-xép-cac-don-vi-hanh-"
    "chinh-cap-xa-quang-ninh-661115.html"
)
MC1_PRESS_URL = "https://daihoidang.baoquangninh.vn/tag/phuong-mong-cai-1-149516"
NQ_1199 = (
    "Nghị quyết 1199/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội về việc sắp xếp đơn vị hành chính "
    "cấp huyện, cấp xã của tỉnh Quảng Ninh giai đoạn 2023 – 2025"
)
NQ_1199_URL = (
    "https://daibieunhandan.vn/nghi-quyet-ve-viec-sap-xep-don-vi-hanh-chinh-cap-huyen-cap-xa-"
    "cua-tinh-quang-ninh-giai-doan-2023-2025-post392694.html"
)
LUAT_72 = (
    "Luật Tổ chức chính quyền địa phương số 72/2025/QH15 (hiệu lực 01/07/2025): chính quyền "
    "địa phương hai cấp, không còn cấp huyện"
)

# The commune-level units created on 01/07/2025 (code, name, kind), under the province.
NEW_UNITS = [
    ("phuong-mong-cai-1", "Phường Móng Cái 1", "ward"),
    ("phuong-mong-cai-2", "Phường Móng Cái 2", "ward"),
    ("phuong-mong-cai-3", "Phường Móng Cái 3", "ward"),
    ("xa-hai-son-moi", "Xã Hải Sơn", "commune"),
    ("xa-hai-ninh", "Xã Hải Ninh", "commune"),
    ("xa-vinh-thuc-moi", "Xã Vĩnh Thực", "commune"),
]

# The chairmen of the new units' People's Committees, from 01/07/2025 (LUAT_72):
# code, name, body, unit code. The city's chairman ends on 30/06/2025.
AUTHORITIES = [
    (
        f"ct-ubnd-{code}",
        f"Chủ tịch Ủy ban nhân dân {name[0].lower()}{name[1:]}",
        f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
        code,
    )
    for code, name, _kind in NEW_UNITS
]
CITY_AUTHORITY = "ct-ubnd-mong-cai"
PROVINCE_AUTHORITY = "ct-ubnd-quang-ninh"

# kind, effective on, legal basis, source, verified, note, units that end, successors
EVENTS = [
    (
        ReorganisationKind.MERGE,
        dt.date(2024, 11, 1),
        NQ_1199,
        NQ_1199_URL,
        False,
        "Phường Hòa Lạc nhập vào phường Trần Phú. Nguồn thứ cấp; chưa đối chiếu được với "
        "văn bản (chỉ tìm thấy tiêu đề Nghị quyết).",
        ["phuong-hoa-lac"],
        ["phuong-tran-phu"],
    ),
    (
        ReorganisationKind.MERGE,
        REFORM_DAY,
        NQ_1679,
        MC1_PRESS_URL,
        False,
        "Trần Phú, Hải Hòa, Bình Ngọc, Trà Cổ, Hải Xuân → Phường Móng Cái 1: xác nhận bởi Báo "
        "Quảng Ninh (nguồn thứ cấp); chưa đối chiếu với văn bản Nghị quyết.",
        ["phuong-tran-phu", "phuong-hai-hoa", "phuong-binh-ngoc", "phuong-tra-co", "xa-hai-xuan"],
        ["phuong-mong-cai-1"],
    ),
    (
        ReorganisationKind.MERGE,
        REFORM_DAY,
        NQ_1679,
        NQ_1679_URL,
        False,
        "Ninh Dương, Ka Long, Vạn Ninh → Phường Móng Cái 2: nguồn thứ cấp, chưa kiểm chứng.",
        ["phuong-ninh-duong", "phuong-ka-long", "xa-van-ninh"],
        ["phuong-mong-cai-2"],
    ),
    (
        ReorganisationKind.MERGE,
        REFORM_DAY,
        NQ_1679,
        NQ_1679_URL,
        False,
        "Hải Yên, Hải Đông → Phường Móng Cái 3: nguồn thứ cấp, chưa kiểm chứng.",
        ["phuong-hai-yen", "xa-hai-dong"],
        ["phuong-mong-cai-3"],
    ),
    (
        ReorganisationKind.MERGE,
        REFORM_DAY,
        NQ_1679,
        NQ_1679_URL,
        False,
        "Bắc Sơn, Hải Sơn → Xã Hải Sơn: nguồn thứ cấp, chưa kiểm chứng.",
        ["xa-bac-son", "xa-hai-son"],
        ["xa-hai-son-moi"],
    ),
    (
        ReorganisationKind.MERGE,
        REFORM_DAY,
        NQ_1679,
        NQ_1679_URL,
        False,
        "Quảng Nghĩa, Hải Tiến → Xã Hải Ninh: nguồn thứ cấp, chưa kiểm chứng.",
        ["xa-quang-nghia", "xa-hai-tien"],
        ["xa-hai-ninh"],
    ),
    (
        ReorganisationKind.MERGE,
        REFORM_DAY,
        NQ_1679,
        NQ_1679_URL,
        False,
        "Vĩnh Trung, Vĩnh Thực → Xã Vĩnh Thực: nguồn thứ cấp, chưa kiểm chứng.",
        ["xa-vinh-trung", "xa-vinh-thuc"],
        ["xa-vinh-thuc-moi"],
    ),
    (
        ReorganisationKind.END,
        REFORM_DAY,
        LUAT_72,
        "",
        False,
        "Thành phố Móng Cái và các cơ quan, tổ chức cấp thành phố kết thúc ngày 30/06/2025. Giả "
        "định của bản demo: các đơn vị không phải xã, phường của thành phố kết thúc cùng thành "
        "phố, không ghi đơn vị kế tiếp (không có nguồn nói đơn vị nào kế tiếp).",
        "city-and-its-bodies",
        [],
    ),
]


def _ending_codes(codes) -> list[str]:
    if codes != "city-and-its-bodies":
        return codes
    bodies = [
        code
        for _order, bloc_code, _name, members in data.BLOCS
        if bloc_code != WARDS_BLOC
        for code, _unit_name, _kind in members
    ]
    return [data.CITY[0], *bodies]


@transaction.atomic
def reform_load() -> dict:
    """The new units and the reorganisation events (idempotent: an event already
    recorded, same day and legal basis and units, is not recorded again)."""
    province = Unit.objects.get(code=data.PROVINCE[0])
    new_units = {
        code: demo_services._save(
            Unit,
            {"code": code},
            {"name": name, "kind": kind, "parent": province, "valid_from": REFORM_DAY},
        )
        for code, name, kind in NEW_UNITS
    }
    events = 0
    for kind, day, basis, url, verified, note, ending, successors in EVENTS:
        ending = list(Unit.objects.filter(code__in=_ending_codes(ending)))
        following = list(Unit.objects.filter(code__in=successors))
        if Reorganisation.objects.filter(
            effective_on=day, legal_basis=basis, predecessors__in=ending
        ).exists():
            continue
        reorganisation_record(
            kind=kind,
            effective_on=day,
            ending=ending,
            successors=following,
            legal_basis=basis,
            source_url=url,
            verified=verified,
            note=note,
        )
        events += 1
    _authorities(province, new_units)
    return {"new_units": new_units, "events": events}


def _authorities(province: Unit, new_units: dict[str, Unit]) -> None:
    """The city's chairman ends with the city; each new unit's chairman starts with it.

    Which titles each may grant is the catalogue's (the legal pack), not set here."""
    city = Unit.objects.get(code=data.CITY[0])
    Authority.objects.filter(code=CITY_AUTHORITY).update(
        organiser=city, valid_from=city.valid_from, valid_to=REFORM_DAY - dt.timedelta(days=1)
    )
    Authority.objects.filter(code=PROVINCE_AUTHORITY).update(organiser=province)
    for code, name, body, unit_code in AUTHORITIES:
        # A unit with an issuing authority is an organiser (docs/permissions.md).
        Unit.objects.filter(pk=new_units[unit_code].pk, is_organiser=False).update(
            is_organiser=True
        )
        demo_services._save(
            Authority,
            {"code": code},
            {
                "name": name,
                "level": "commune",
                "parent_body": "",
                "body": body,
                "symbol": "QĐ-UBND",
                "place": "Móng Cái",
                "signing_capacity": "Chủ tịch",
                "organiser": new_units[unit_code],
                "valid_from": REFORM_DAY,
            },
        )
