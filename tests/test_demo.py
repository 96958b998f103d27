"""The demo is the article as a running system."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Max, Sum
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from awards import services as award_services
from awards.models import Decision
from blocs.models import Bloc, BlocMembership, Unit
from campaigns.models import (
    Campaign,
    DedicatedWork,
    Indicator,
    Period,
    Report,
    ReportValue,
)
from covenants.models import Covenant, CovenantStatus, Score, ScoreChange, ScoringStage, Signature
from mongcai.accounts.models import User
from tools.demo import data
from tools.demo.services import demo_load, split_evenly

ARTICLE_FIGURES = {
    "CT01": Decimal("15"),
    "CT02": Decimal("9548"),
    "KT01": Decimal("4000"),
    "KT02": Decimal("1200"),
    "KT03": Decimal("850"),
    "KT04": Decimal("114"),
    "VH01": Decimal("40"),
    "VH02": Decimal("30000"),
    "YT01": Decimal("2"),
    "YT02": Decimal("1120"),
    "LD01": Decimal("42"),
    "LD02": Decimal("825"),
    "DN01": Decimal("180"),
    "DN02": Decimal("467"),
    "DN03": Decimal("883"),
    "TM01": Decimal("1000000"),
    "TM02": Decimal("2.5"),
    "DL01": Decimal("1900000"),
    "TM03": Decimal("6446"),
    "TM04": Decimal("285"),
}

COMMUNES_AND_WARDS = [
    "Bình Ngọc",
    "Hải Hòa",
    "Hải Yên",
    "Hòa Lạc",
    "Ka Long",
    "Ninh Dương",
    "Trà Cổ",
    "Trần Phú",
    "Bắc Sơn",
    "Hải Đông",
    "Hải Sơn",
    "Hải Tiến",
    "Hải Xuân",
    "Quảng Nghĩa",
    "Vạn Ninh",
    "Vĩnh Thực",
    "Vĩnh Trung",
]


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for this module (it takes seconds); each test still
    runs in its own transaction and rolls back what it changes."""
    with django_db_blocker.unblock():
        result = demo_load()
    yield result
    with django_db_blocker.unblock():
        call_command("flush", "--no-input")


@pytest.fixture
def demo(demo_loaded, db):
    return demo_loaded


def article_campaign() -> Campaign:
    """The article's 2023 campaign (the demo also holds the current year's)."""
    return Campaign.objects.get(code=data.CAMPAIGN["code"])


def city_figure(code: str) -> Decimal:
    """Straightforward city total: flows add every month, stocks take each unit's last month."""
    indicator = Indicator.objects.get(code=code)
    values = ReportValue.objects.filter(indicator=indicator)
    if indicator.time_aggregation == "flow":
        return values.aggregate(total=Sum("value"))["total"]
    total = Decimal(0)
    for unit_id in values.values_list("report__unit", flat=True).distinct():
        unit_values = values.filter(report__unit=unit_id)
        last = unit_values.aggregate(last=Max("report__period__ends_on"))["last"]
        total += unit_values.get(report__period__ends_on=last).value
    return total


def test_demo_holds_the_campaign_of_the_article(demo):
    campaign = article_campaign()
    assert campaign.launched_on.isoformat() == "2022-10-26"
    assert campaign.ends_on.isoformat() == "2023-10-30"
    assert "Khát vọng xây dựng thành phố Móng Cái" in campaign.theme
    assert campaign.contents.count() == 3
    assert campaign.organiser.name == "Thành phố Móng Cái"
    assert campaign.organiser.parent.name == "Tỉnh Quảng Ninh"


def test_demo_has_the_eight_blocs_and_the_17_communes_and_wards(demo):
    # The former city's eight; the province's live campaign has one bloc of its own.
    assert Bloc.objects.filter(organiser__code=data.CITY[0]).count() == 8
    assert Bloc.objects.filter(organiser__code=data.PROVINCE[0]).count() == 1
    communes = Bloc.objects.get(organiser__code=data.CITY[0], order=8)
    names = set(
        BlocMembership.objects.filter(bloc=communes, year=2023).values_list("unit__name", flat=True)
    )
    assert len(names) == 17
    for place in COMMUNES_AND_WARDS:
        assert any(name.endswith(place) for name in names), place
    for name in [
        "Ban Tuyên giáo Thành ủy",
        "Ban quản lý Chợ Móng Cái",
        "Tòa án Nhân dân Thành phố",
        "Hội Cựu chiến binh Thành phố",
        "Phòng Nội vụ Thành phố",
    ]:
        assert Unit.objects.filter(name=name).exists(), name
    for year in (2022, 2023):
        for bloc in Bloc.objects.filter(organiser__code=data.CITY[0]):
            assert bloc.memberships.filter(year=year, role="head").count() == 1


@pytest.mark.parametrize("code", sorted(ARTICLE_FIGURES))
def test_demo_reports_add_up_to_the_articles_figures(demo, code):
    assert city_figure(code) == ARTICLE_FIGURES[code]


def test_demo_has_twenty_indicators_and_nd09_periods(demo):
    assert article_campaign().indicators.count() == 20
    months = Period.objects.filter(campaign__code=data.CAMPAIGN["code"], kind="month").order_by(
        "starts_on"
    )
    assert months.count() == 13
    second = months[1]
    assert (second.starts_on.day, second.ends_on.day) == (15, 14)
    nine = Period.objects.get(campaign__code=data.CAMPAIGN["code"], kind="nine_months")
    assert (nine.starts_on.isoformat(), nine.ends_on.isoformat()) == ("2022-12-15", "2023-09-14")
    assert Period.objects.filter(campaign__code=data.CAMPAIGN["code"], kind="quarter").count() == 5
    assert Period.objects.filter(campaign__code=data.CAMPAIGN["code"], kind="campaign").count() == 1


def test_demo_reports_are_approved_and_some_were_late(demo):
    reports = Report.objects.filter(period__campaign__code=data.CAMPAIGN["code"])
    assert reports.count() == demo["reports"] == 45 * 13
    assert set(reports.values_list("status", flat=True)) == {"approved"}
    late = [r for r in reports.select_related("period") if r.is_late]
    assert 0 < len(late) < reports.count() // 10


def test_demo_has_the_four_works_with_plaques(demo):
    works = DedicatedWork.objects.all()
    assert works.count() == 4
    assert works.filter(level="province").count() == 1
    assert works.get(level="province").name.startswith("Dự án cải tạo, nâng cấp đường tỉnh 341")


def test_demo_has_users_for_every_role(demo):
    assert User.objects.get(username="admin").is_admin_role
    assert User.objects.get(username="hoidong").is_council
    secretary = User.objects.get(username="thuky.kalong")
    assert secretary.is_secretary
    # Ka Long's secretary went on at the ward Ka Long merged into (07/2025).
    assert sorted(u.name for u in secretary.units.all()) == ["Phường Ka Long", "Phường Móng Cái 2"]
    assert secretary.check_password(data.DEMO_PASSWORD)
    # One per unit of the article, one per commune-level unit of 07/2025, and one per
    # body of the ward's own campaign (tools/demo/ward.py).
    assert User.objects.filter(username__startswith="tk-").count() == 45 + 6 + 4


def test_demo_has_two_organisers_besides_the_former_city_each_with_admin_and_council(
    demo, client, settings
):
    """The province sees everything; the ward none of the former city's 2023 data; the
    former city's admin and council member all of it (README, docs/demo.md)."""
    settings.DEBUG = True  # demo accounts sign in only while the demo runs
    ward = Unit.objects.get(code=data.WARD[0], is_organiser=True)
    assert Unit.objects.get(code=data.PROVINCE[0]).is_organiser
    assert ward.parent.code == data.PROVINCE[0]
    assert ward.authorities.get().name == "Chủ tịch Ủy ban nhân dân phường Móng Cái 1"
    assert set(Bloc.objects.values_list("organiser__code", flat=True)) == {
        data.CITY[0],
        data.PROVINCE[0],
    }
    both = {data.PROVINCE[0], data.CITY[0]}
    expected = {
        "admin": both,
        "hoidong": both,
        "admin.mongcai": {data.CITY[0]},
        "hoidong.mongcai": {data.CITY[0]},
        "admin.mc1": {data.WARD[0]},
        "hoidong.mc1": {data.WARD[0]},
    }
    for username, organisers in expected.items():
        user = User.objects.get(username=username)
        assert {u.code for u in user.organisers.all()} == organisers, username
        assert user.is_superuser is (username == "admin")
    campaign = Campaign.objects.get(code=data.CAMPAIGN["code"])
    for username, status in (("hoidong.mc1", 404), ("admin.mc1", 404), ("hoidong.mongcai", 200)):
        client.force_login(User.objects.get(username=username))
        assert client.get(f"/campaigns/{campaign.pk}/dashboard/").status_code == status
    # Each admin's list links its own organiser's decisions (the ward's chairman has one
    # dated the load day) and none of the other's.
    links = {
        code: {
            f'href="/awards/decisions/{pk}/"'
            for pk in Decision.objects.filter(authority__organiser__code=code).values_list(
                "pk", flat=True
            )
        }
        for code in (data.WARD[0], data.CITY[0])
    }
    assert links[data.WARD[0]] and links[data.CITY[0]]
    for username, own, other in (
        ("admin.mc1", data.WARD[0], data.CITY[0]),
        ("admin.mongcai", data.CITY[0], data.WARD[0]),
    ):
        client.force_login(User.objects.get(username=username))
        text = client.get("/awards/decisions/").text
        assert not any(link in text for link in links[other]), username
        assert any(link in text for link in links[own]), username


# Stamped by roll-ups, like the tallies (which are not compared either).
DERIVED = {"tallies_recomputed_at", "tallies_rebuilt_at"}


def snapshot():
    def rows(model):
        return sorted(
            repr({key: value for key, value in row.items() if key not in DERIVED})
            for row in model.objects.values()
        )

    return {
        model.__name__: rows(model)
        for model in (
            Unit,
            Bloc,
            BlocMembership,
            Campaign,
            Period,
            Report,
            ReportValue,
            Indicator,
            DedicatedWork,
            Covenant,
            Signature,
            Score,
        )
    } | {"users": sorted(User.objects.values_list("username", "password", "role"))}


def test_demo_blocs_signed_their_covenants_and_finished_scoring_2023(demo):
    covenants = Covenant.objects.filter(year=2023).order_by("bloc__order")
    assert covenants.count() == 8
    for covenant in covenants:
        members = BlocMembership.objects.filter(bloc=covenant.bloc, year=2023)
        assert covenant.status == CovenantStatus.SIGNED
        assert covenant.signatures.count() == members.count()
        assert covenant.scoring_stage == ScoringStage.FINAL
        ranks = sorted(covenant.scorecards.values_list("rank", flat=True))
        assert ranks[0] == 1 and None not in ranks
        assert covenant.flag_unit == covenant.scorecards.get(rank=1).unit
        assert covenant.criteria.filter(prefill="reports_on_time").exists()
    # Indicator results are pre-filled from the tallies, with the share in the note.
    prefilled = Score.objects.filter(criterion__prefill="reports_on_time")
    assert prefilled.filter(self_note__contains="báo cáo đúng hạn").exists()
    assert ScoreChange.objects.filter(stage="review").exists()


def test_loading_twice_changes_nothing(demo):
    before = snapshot()
    call_command("load_demo", "--quiet-logins")
    assert snapshot() == before


def test_loading_keeps_a_password_the_user_changed(demo):
    user = User.objects.get(username="hoidong")
    user.set_password("Da-doi-mat-khau-2026")
    user.save()
    demo_load()
    user.refresh_from_db()
    assert user.check_password("Da-doi-mat-khau-2026")


@given(
    total=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    parts=st.integers(min_value=1, max_value=60),
)
def test_split_evenly_adds_up_exactly(total, parts):
    amounts = split_evenly(total, parts, 2)
    assert len(amounts) == parts
    assert sum(amounts) == total
    assert all(a >= 0 for a in amounts)


def city_tallies(period_kind="campaign"):
    from campaigns.models import Tally

    campaign = article_campaign()
    period = Period.objects.get(campaign__code=data.CAMPAIGN["code"], kind=period_kind)
    return {
        t.indicator.code: t
        for t in Tally.objects.filter(
            period=period, node_kind="tree", node_id=campaign.organiser_id
        ).select_related("indicator")
    }


def test_demo_city_tallies_reproduce_the_articles_figures(demo):
    tallies = city_tallies()
    assert {code: t.value for code, t in tallies.items()} == ARTICLE_FIGURES


def test_demo_status_counts_read_like_the_article(demo):
    """ "5/20 chỉ tiêu vượt, 12/20 chỉ tiêu đạt, 01/20 chỉ tiêu đảm bảo tiến độ"."""
    from collections import Counter

    counts = Counter(t.status for t in city_tallies().values())
    assert counts == {"exceeded": 5, "met": 12, "on_schedule": 1, "behind": 2}
    assert city_tallies()["DN02"].status == "on_schedule"


def test_demo_reconcile_finds_no_difference(demo):
    from campaigns.services import tally_reconcile

    assert tally_reconcile(trigger="test").differences == 0


def test_demo_completeness_counts_the_late_reports(demo):
    from campaigns.models import CompletenessTally

    campaign = article_campaign()
    whole = CompletenessTally.objects.get(
        period__kind="campaign", node_kind="tree", node_id=campaign.organiser_id
    )
    late = sum(
        1
        for r in Report.objects.filter(period__campaign=campaign).select_related("period")
        if r.is_late
    )
    assert (whole.expected, whole.late, whole.missing) == (45 * 13, late, 0)
    assert whole.on_time == 45 * 13 - late


def test_every_demo_decision_shows_the_cash_of_the_law_on_its_date(demo):
    """Issue 16: the 2023 decisions (NĐ 91/2017, base 1.490.000 then 1.800.000) and the
    ward's decision dated today (NĐ 152/2025, today's base salary) carry cash."""
    decisions = Decision.objects.prefetch_related("recipients__title")
    assert {d.decided_on.year for d in decisions} >= {2023, timezone.localdate().year}
    for decision in decisions:
        for recipient in decision.recipients.all():
            expected, _term = award_services.cash_on(recipient.title, decision.decided_on)
            assert expected is not None
            assert recipient.amount == expected, (decision.reference, recipient.title)
    january = Decision.objects.filter(decided_on=dt.date(2023, 1, 16)).first()
    giay_khen = january.recipients.filter(title__code="giay-khen-ca-nhan").first()
    assert (january.base_salary, giay_khen.amount) == (1490000, 450000)  # 447.000 ↑
    october = Decision.objects.filter(decided_on=dt.date(2023, 10, 20)).first()
    giay_khen = october.recipients.filter(title__code="giay-khen-ca-nhan").first()
    assert (october.base_salary, giay_khen.amount) == (1800000, 540000)
    today = (
        Decision.objects.filter(
            authority__code="ct-ubnd-phuong-mong-cai-1",
            recipients__title__code="lao-dong-tien-tien",
        )
        .distinct()
        .get()
    )
    assert today.decided_on == timezone.localdate()
    if today.decided_on >= dt.date(2026, 7, 1):
        ldtt = today.recipients.filter(title__code="lao-dong-tien-tien").first()
        assert (today.base_salary, ldtt.amount) == (2530000, 760000)
