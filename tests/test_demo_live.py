"""The demo's live campaign: its periods follow the day it is loaded (tools/demo/live.py)."""

import datetime as dt

import pytest
from django.urls import reverse

from awards.models import Decision, Nomination
from blocs.models import BlocMembership, Reorganisation, Unit
from campaigns.dashboard import campaign_periods, completeness, dashboard_period
from campaigns.models import Campaign, Period, Report
from covenants.models import Covenant, CovenantStatus
from mongcai.accounts.models import User
from tests.demo_pages import demo_accounts_ready
from tests.test_demo import snapshot
from tools.demo import live, signed_decision, ward
from tools.demo.services import demo_load

pytestmark = pytest.mark.django_db


def open_month(campaign):
    return campaign.periods.order_by("-ends_on").first()


def states(period):
    return dict(period.reports.values_list("unit__code", "status"))


@pytest.mark.parametrize(
    ("today", "months", "label", "data_until", "deadline"),
    [
        (dt.date(2026, 3, 15), 3, "Tháng 03/2026", dt.date(2026, 3, 14), dt.date(2026, 3, 19)),
        (dt.date(2026, 12, 6), 11, "Tháng 11/2026", dt.date(2026, 11, 14), dt.date(2026, 12, 10)),
    ],
)
def test_loading_on_a_day_gives_a_live_campaign_on_that_days_dates(
    today, months, label, data_until, deadline
):
    demo_load(today=today)
    campaign = Campaign.objects.get(code=live.campaign_code(2026))
    assert (campaign.starts_on, campaign.ends_on) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    periods = list(campaign.periods.order_by("ends_on"))
    assert len(periods) == months
    assert periods[0].label == "Tháng 01/2026" and periods[0].starts_on == dt.date(2026, 1, 1)
    current = periods[-1]
    assert (current.label, current.ends_on, current.deadline) == (label, data_until, deadline)
    # Only the current month is open on the day; every earlier one is locked and approved.
    assert [p.is_open_on(today) for p in periods] == [False] * (months - 1) + [True]
    for period in periods[:-1]:
        assert set(states(period).values()) == {"approved"}
        assert period.reports.count() == 6
    assert states(current) == {
        "phuong-mong-cai-1": "draft",
        "phuong-mong-cai-2": "submitted",
        "phuong-mong-cai-3": "returned",
        "xa-hai-son-moi": "submitted",
        "xa-hai-ninh": "draft",
    }  # Xã Vĩnh Thực's is missing
    returned = current.reports.get(status="returned")
    assert returned.review_comment == live.RETURN_COMMENT
    # The live campaign is the new units' (post-reform), under the province.
    units = Unit.objects.filter(assignments__campaign_indicator__campaign=campaign).distinct()
    assert {u.code for u in units} == {code for code, _n, _k in live.reform.NEW_UNITS}
    assert all(u.valid_from == dt.date(2025, 7, 1) for u in units)
    assert campaign.organiser.code == "quang-ninh"
    # Its dashboard opens on the current month, with its completeness.
    assert dashboard_period(campaign_periods(campaign), None) == current
    figures = completeness(current, "tree", campaign.organiser_id)
    assert (figures["expected"], figures["missing"]) == (6, 6 - 3)
    # A covenant open for signature, nominations for the council, a draft decision.
    covenant = Covenant.objects.get(campaign=campaign)
    assert covenant.status == CovenantStatus.SIGNING and covenant.year == 2026
    assert covenant.signatures.count() == 1
    assert Nomination.objects.filter(campaign=campaign, status="proposed").count() == 2
    decision = Decision.objects.get(campaign=campaign, summary=live.DECISION_SUMMARY)
    assert decision.status == "draft" and decision.decided_on == today
    assert decision.recipients.count() == 1
    assert decision.number is None  # the register's, given at issue (issue 18)
    # The province's decision of the year, issued with its register number, its PDF
    # signed under the demo's CA and verified (issue 18).
    issued = Decision.objects.get(campaign=campaign, summary=signed_decision.SUMMARY)
    assert (issued.status, issued.number) == ("issued", signed_decision.REGISTER_NUMBER)
    assert issued.decided_on == today - dt.timedelta(days=3)
    assert issued.pdf.is_signed and "(DEMO)" in issued.pdf.signer_subject
    assert signed_decision.DEMO_CA in issued.pdf.signer_issuer


def test_loading_twice_on_one_day_changes_nothing():
    today = dt.date(2026, 12, 6)
    demo_load(today=today)
    before = snapshot()
    counts = (Nomination.objects.count(), Decision.objects.count(), Reorganisation.objects.count())
    demo_load(today=today)
    assert snapshot() == before
    after = (Nomination.objects.count(), Decision.objects.count(), Reorganisation.objects.count())
    assert after == counts


def test_loading_later_in_the_year_moves_the_open_month_on():
    demo_load(today=dt.date(2026, 3, 15))
    demo_load(today=dt.date(2026, 12, 6))
    campaign = Campaign.objects.get(code=live.campaign_code(2026))
    march = campaign.periods.get(label="Tháng 03/2026")
    assert march.deadline == dt.date(2026, 3, 19)
    assert set(states(march).values()) == {"approved"}
    assert open_month(campaign).label == "Tháng 11/2026"
    assert Period.objects.filter(campaign=campaign).count() == 11


def test_the_demo_holds_the_reform_of_07_2025_with_its_sources():
    demo_load(today=dt.date(2026, 12, 6))
    mc1 = Unit.objects.get(code="phuong-mong-cai-1")
    assert sorted(p.name for p in mc1.predecessors.all()) == [
        "Phường Bình Ngọc",
        "Phường Hải Hòa",
        "Phường Trà Cổ",
        "Phường Trần Phú",
        "Xã Hải Xuân",
    ]
    assert Unit.objects.get(code="phuong-tran-phu").valid_to == dt.date(2025, 6, 30)
    hoa_lac = Unit.objects.get(code="phuong-hoa-lac")
    assert hoa_lac.valid_to == dt.date(2024, 10, 31)
    assert list(hoa_lac.successors.values_list("code", flat=True)) == ["phuong-tran-phu"]
    assert Unit.objects.get(code="mong-cai").valid_to == dt.date(2025, 6, 30)
    assert not Unit.objects.get(code="phong-noi-vu").successors.exists()
    events = Reorganisation.objects.all()
    assert all(e.legal_basis for e in events)
    assert events.filter(legal_basis__contains="1679/NQ-UBTVQH15").count() == 6
    # Nothing of 2023 is lost: the old wards keep their reports and bloc seats.
    assert Report.objects.filter(unit__code="phuong-tran-phu").count() == 13
    assert BlocMembership.objects.filter(unit__code="phuong-tran-phu", year=2023).exists()
    # The 2026 bloc holds the new units only.
    assert set(BlocMembership.objects.filter(year=2026).values_list("unit__code", flat=True)) == {
        code for code, _n, _k in live.reform.NEW_UNITS
    }


def test_every_demo_secretary_of_the_new_wards_has_a_form_due():
    demo_load(today=dt.date(2026, 12, 6))
    for username in ("thuky.mongcai1", "thuky.kalong", "thuky.haiyen", "tk-xa-vinh-thuc-moi"):
        user = User.objects.get(username=username)
        assert user.units.filter(valid_to__isnull=True).exists(), username


def test_month_windows_in_early_january_hold_the_first_month():
    assert live.month_windows(dt.date(2027, 1, 5)) == [
        ("Tháng 01/2027", dt.date(2027, 1, 1), dt.date(2027, 1, 14))
    ]
    assert [w[0] for w in live.month_windows(dt.date(2027, 1, 15))] == ["Tháng 01/2027"]
    assert [w[0] for w in live.month_windows(dt.date(2027, 2, 15))] == [
        "Tháng 01/2027",
        "Tháng 02/2027",
    ]


@pytest.mark.parametrize(
    ("today", "months", "label"),
    [(dt.date(2026, 3, 15), 3, "Tháng 03/2026"), (dt.date(2026, 12, 6), 11, "Tháng 11/2026")],
)
def test_the_ward_runs_a_small_live_campaign_of_its_own(today, months, label):
    demo_load(today=today)
    campaign = Campaign.objects.get(code=ward.campaign_code(2026))
    assert campaign.organiser.code == "phuong-mong-cai-1"
    periods = list(campaign.periods.order_by("ends_on"))
    assert len(periods) == months and periods[-1].label == label
    assert [p.is_open_on(today) for p in periods] == [False] * (months - 1) + [True]
    assert states(periods[-1]) == {
        "mc1-van-phong": "submitted",
        "mc1-kinh-te": "submitted",
        "mc1-van-hoa": "returned",
    }  # the public administration centre's is missing
    for period in periods[:-1]:
        assert set(states(period).values()) == {"approved"}
    # Its reporting units are the ward's own bodies, below it.
    bodies = Unit.objects.filter(code__in=[code for code, _n, _k in ward.BODIES])
    assert {u.parent.code for u in bodies} == {"phuong-mong-cai-1"}
    assert Nomination.objects.filter(campaign=campaign, status="proposed").count() == 1
    decision = Decision.objects.get(campaign=campaign)
    assert decision.status == "draft" and decision.authority.code == ward.AUTHORITY
    assert decision.recipients.count() == 1


def test_the_ward_campaign_loads_twice_without_change():
    demo_load(today=dt.date(2026, 12, 6))
    counts = (Nomination.objects.count(), Decision.objects.count(), Report.objects.count())
    demo_load(today=dt.date(2026, 12, 6))
    assert (Nomination.objects.count(), Decision.objects.count(), Report.objects.count()) == counts


def test_the_live_campaigns_blocs_are_its_organisers(client):
    demo_load(today=dt.date(2026, 12, 6))
    campaign = Campaign.objects.get(code=live.campaign_code(2026))
    covenant = Covenant.objects.get(campaign=campaign)
    assert covenant.bloc.organiser_id == campaign.organiser_id
    accounts = demo_accounts_ready()
    client.force_login(User.objects.get(username=accounts["admin"]))
    page = client.get(reverse("campaigns:dashboard", args=[campaign.pk]))
    html = page.content.decode()
    # The bloc comparison holds the province's bloc, and the root is named for a province.
    assert live.BLOC_NAME in html and "Toàn tỉnh" in html and "Toàn thành phố" not in html


@pytest.mark.parametrize(
    ("username", "testid", "text"),
    [
        ("hoidong.mc1", "todo-reports", "2 báo cáo"),
        ("hoidong.mc1", "todo-nominations", "1 đề nghị"),
        ("admin.mc1", "todo-decision", ward.DECISION_SUMMARY),
        ("tk-mc1-van-hoa", "todo-report", "Tháng 11/2026"),
        ("tk-mc1-hanh-chinh-cong", "todo-report", "Tháng 11/2026"),
    ],
)
def test_each_ward_login_finds_something_to_do_at_home(client, username, testid, text):
    demo_load(today=dt.date(2026, 12, 6))
    demo_accounts_ready()
    client.force_login(User.objects.get(username=username))
    html = client.get(reverse("home:index"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # The to-do item, and what it names, in the to-do section.
    todos = html[html.index('id="todos"') : html.index("</section>", html.index('id="todos"'))]
    assert f'data-testid="{testid}"' in todos and text in todos


def test_the_decisions_list_says_who_issued_each(client):
    """The province's and the ward's draft decisions of the day both take number 1 of
    their own register: each row names its issuing authority, so they are told apart."""
    demo_load(today=dt.date(2026, 12, 6))
    accounts = demo_accounts_ready()
    client.force_login(User.objects.get(username=accounts["admin"]))
    html = client.get(reverse("awards:decision-list"), HTTP_ACCEPT_LANGUAGE="vi").text
    assert "Cơ quan ban hành" in html
    decisions = Decision.objects.filter(decided_on=dt.date(2026, 12, 6)).select_related("authority")
    assert len({d.authority_id for d in decisions}) >= 2
    for decision in decisions:
        link = reverse("awards:decision-detail", args=[decision.pk])
        row = html.split(f'href="{link}"')[1].split("</tr>")[0]
        assert decision.authority.name in row
