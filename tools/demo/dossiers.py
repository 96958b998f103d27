"""Dossiers of the current year's nominees (issue 17): one of the province's round (a
person of Phường Móng Cái 1 proposed for the province's Bằng khen) and one of the
ward's (a person of the ward's office proposed for the ward's Giấy khen), each drafted
by the unit's secretary from the year's figures, completed and confirmed by the unit's
head, so the council's agenda shows a confirmed dossier.

Demo assumption: the heads' names are invented. Loading again changes nothing: a
dossier that exists is left as it is.
"""

from awards import dossiers
from awards.models import Dossier, Nomination
from blocs.models import Unit
from mongcai.accounts.models import Role, User

from . import services as demo_services

# username, full name, position, role, the unit they head
HEADS = [
    (
        "thutruong.mongcai1",
        "Vũ Văn Thắng",
        "Chủ tịch UBND phường Móng Cái 1",
        Role.SECRETARY,
        "phuong-mong-cai-1",
    ),
    (
        "thutruong.mc1-van-phong",
        "Hoàng Thị Mai",
        "Chánh Văn phòng HĐND và UBND phường Móng Cái 1",
        Role.SECRETARY,
        "mc1-van-phong",
    ),
]

# nominee, secretary who drafts, what the secretary adds to the draft
ROUNDS = [
    (
        "Nguyễn Thị Hồng Nhung",
        "thuky.mongcai1",
        "Tham mưu tổ chức các hoạt động văn hóa, thể thao dịp Tết và các ngày lễ lớn; "
        "phối hợp vận động Nhân dân tham gia phong trào “Toàn dân đoàn kết xây dựng đời "
        "sống văn hóa”.",
    ),
    (
        "Lê Thị Thu Hà",
        "tk-mc1-van-phong",
        "Chủ động số hóa hồ sơ, tài liệu; bảo đảm báo cáo thống kê đầy đủ, đúng hạn.",
    ),
]


def dossiers_load(*, year: int) -> list[Dossier]:
    units = {u.code: u for u in Unit.objects.filter(code__in=[h[4] for h in HEADS])}
    demo_services.users_save([(u, n, p, r, []) for u, n, p, r, _code in HEADS], units)
    for username, *_rest, code in HEADS:
        units[code].heads.add(User.objects.get(username=username))
    loaded = []
    for full_name, secretary, measures in ROUNDS:
        nomination = (
            Nomination.objects.filter(person__full_name=full_name, year=year)
            .select_related("unit")
            .first()
        )
        if nomination is None:
            continue
        dossier = Dossier.objects.filter(nomination=nomination).first()
        if dossier is None:
            user = User.objects.get(username=secretary)
            dossier = dossiers.dossier_draft(nomination=nomination, user=user)
            dossier = dossiers.dossier_edit(
                dossier=dossier,
                user=user,
                version=dossier.version,
                texts={"measures": measures},
                values={},
            )
            head = nomination.unit.heads.order_by("pk").first()
            dossier = dossiers.dossier_confirm(dossier=dossier, user=head)
        loaded.append(dossier)
    return loaded
