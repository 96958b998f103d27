"""The procedure before the council in the demo (issue 17): the load year's annual
registration of the province and of the ward, with registrations made in January, and
a published list of nominees with a member's comment the admin resolved.

Loading twice on one day changes nothing. Demo assumption: the deadline is 31 January
(organisers commonly ask for registration in January; the law sets no date).
"""

import datetime as dt

from django.db import transaction

from awards.models import Disclosure, Person, RegistrationRound, Title
from awards.procedure import (
    comment_resolve,
    comment_send,
    disclosure_candidates,
    disclosure_publish,
    registration_add,
    round_open,
)
from blocs.models import Unit
from mongcai.accounts.models import User

from . import data


def _round(admin, organiser, year):
    return RegistrationRound.objects.filter(organiser=organiser, year=year).first() or round_open(
        user=admin, organiser=organiser, year=year, deadline=dt.date(year, 1, 31)
    )


def _register(secretary, registration_round, code, *, person=None, unit=None, day):
    title = Title.objects.get(code=code)
    holder = {"person": person} if person is not None else {"collective": unit}
    if registration_round.registrations.filter(title=title, **holder).exists():
        return
    registration_add(
        user=secretary,
        registration_round=registration_round,
        title=title,
        person=person,
        collective=unit,
        today=day,
    )


def _disclosure(admin, organiser, year, today, *, name, commenter, comment, resolution):
    """The year's nominees published from two weeks ago to three days ago; a member's
    comment sent while it was open, resolved by the admin."""
    if Disclosure.objects.filter(organiser=organiser, year=year).exists():
        return
    nominations = list(disclosure_candidates(organiser, year))
    if not nominations:
        return
    disclosure = disclosure_publish(
        user=admin,
        organiser=organiser,
        year=year,
        name=name,
        starts_on=today - dt.timedelta(days=14),
        ends_on=today - dt.timedelta(days=3),
        nominations=nominations,
    )
    sent = comment_send(
        user=commenter,
        disclosure=disclosure,
        nomination=nominations[0],
        text=comment,
        today=today - dt.timedelta(days=10),
    )
    comment_resolve(user=admin, comment=sent, resolution=resolution)


# Per organiser: its admin, the registering unit and its secretary, how many of the
# unit's people register for Lao động tiên tiến, the list's name, who comments, the
# comment and its resolution (the names and texts are invented).
ORGANISERS = (
    (
        data.PROVINCE[0],
        "admin",
        "phuong-mong-cai-1",
        "thuky.mongcai1",
        2,
        "Công khai danh sách đề nghị khen thưởng năm {year}",
        "tk-phuong-mong-cai-2",
        "Đề nghị bổ sung số liệu kết quả thực hiện nhiệm vụ năm của cá nhân.",
        "Đơn vị đã bổ sung báo cáo thành tích; Hội đồng xem xét tại phiên họp.",
    ),
    (
        data.WARD[0],
        "admin.mc1",
        "mc1-van-phong",
        "tk-mc1-van-phong",
        1,
        "Công khai danh sách đề nghị khen thưởng năm {year} của phường",
        "tk-mc1-hanh-chinh-cong",
        "Thống nhất; đề nghị ghi rõ chức vụ của cá nhân.",
        "Đã bổ sung chức vụ vào danh sách trình Hội đồng.",
    ),
)


@transaction.atomic
def procedure_load(*, today: dt.date) -> None:
    year = today.year
    january = min(today, dt.date(year, 1, 12))
    for (
        code,
        admin_name,
        unit_code,
        secretary_name,
        people,
        name,
        commenter,
        text,
        answer,
    ) in ORGANISERS:
        organiser = Unit.objects.get(code=code)
        admin = User.objects.get(username=admin_name)
        unit = Unit.objects.get(code=unit_code)
        secretary = User.objects.get(username=secretary_name)
        registration_round = _round(admin, organiser, year)
        _register(
            secretary, registration_round, "tap-the-lao-dong-tien-tien", unit=unit, day=january
        )
        for person in Person.objects.filter(unit=unit, is_active=True).order_by("pk")[:people]:
            _register(
                secretary, registration_round, "lao-dong-tien-tien", person=person, day=january
            )
        _disclosure(
            admin,
            organiser,
            year,
            today,
            name=name.format(year=year),
            commenter=User.objects.get(username=commenter),
            comment=text,
            resolution=answer,
        )
