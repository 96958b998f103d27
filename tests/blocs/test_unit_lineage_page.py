"""A new unit's page lists what its predecessors hold; organiser admins work in the
product's pages, the Django admin is the superuser's (issue 15)."""

import datetime as dt

import pytest
from django.urls import reverse

from blocs.models import Reorganisation, Unit
from campaigns.models import Campaign, Report
from mongcai.accounts.models import User
from tests.demo_pages import demo_accounts_ready
from tools.demo import data, ward
from tools.demo.services import demo_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    demo_load(today=dt.date(2026, 12, 6))
    return demo_accounts_ready()


def page_of(client, username, url):
    client.force_login(User.objects.get(username=username))
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return response.content.decode()


def test_a_new_units_page_lists_its_predecessors_history(client, demo):
    mc1 = Unit.objects.get(code="phuong-mong-cai-1")
    tran_phu = Unit.objects.get(code="phuong-tran-phu")
    html = page_of(client, "admin", reverse("blocs:unit-detail", args=[mc1.pk]))
    # The predecessors are linked, their reports readable from here.
    assert reverse("blocs:unit-detail", args=[tran_phu.pk]) in html
    old_report = Report.objects.filter(unit=tran_phu).order_by("-period__ends_on").first()
    assert reverse("campaigns:report-detail", args=[old_report.pk]) in html
    # The 2023 tallies of the old ward, its bloc seat, its covenant and its awards.
    assert 'id="unit-tallies"' in html
    campaign_2023 = old_report.period.campaign
    assert reverse("campaigns:dashboard-unit", args=[campaign_2023.pk, tran_phu.pk]) in html
    assert "2023 · " in html and "Phường Trần Phú" in html
    assert 'id="unit-covenants"' in html and 'id="unit-awards"' in html
    assert "Khen thưởng của đơn vị và các đơn vị tiền thân" in html


def test_a_ward_council_reads_only_what_is_in_its_scope_on_its_units_page(client, demo):
    mc1 = Unit.objects.get(code="phuong-mong-cai-1")
    html = page_of(client, "hoidong.mc1", reverse("blocs:unit-detail", args=[mc1.pk]))
    # The former city's reports are not the ward's to open: not listed, not linked.
    tran_phu = Unit.objects.get(code="phuong-tran-phu")
    for report in Report.objects.filter(unit=tran_phu)[:3]:
        assert reverse("campaigns:report-detail", args=[report.pk]) not in html
    assert reverse("blocs:unit-detail", args=[tran_phu.pk]) not in html


def test_the_units_list_shows_the_units_of_a_date(client, demo):
    url = reverse("blocs:unit-list")
    before = page_of(client, "admin", f"{url}?on=30/06/2025")
    after = page_of(client, "admin", f"{url}?on=01/07/2025")
    assert "Phường Trần Phú" in before and "Phường Móng Cái 1" not in before
    assert "Phường Móng Cái 1" in after and "Phường Trần Phú" not in after


@pytest.mark.parametrize(
    ("username", "admin_link"),
    [("admin", True), ("admin.mongcai", False), ("admin.mc1", False)],
)
def test_only_the_superuser_is_sent_to_the_django_admin(client, demo, username, admin_link):
    html = page_of(client, username, reverse("home:index"))
    assert ('href="/admin/' in html) is admin_link
    # Every admin has the product's own scoped pages.
    for name in ("blocs:unit-list", "campaigns:report-list", "awards:decision-list"):
        assert reverse(name) in html
    if not admin_link:
        for name in ("campaigns:campaign-list", "blocs:bloc-list", "users:list"):
            assert reverse(name) in html
            page_of(client, username, reverse(name))


def test_the_footer_names_the_signed_in_users_organiser(client, demo):
    assert "Hội đồng Thi đua - Khen thưởng phường Móng Cái 1" in page_of(
        client, "hoidong.mc1", reverse("home:index")
    )
    assert "Hội đồng Thi đua - Khen thưởng tỉnh Quảng Ninh" in page_of(
        client, "admin", reverse("home:index")
    )
    assert "Hội đồng Thi đua - Khen thưởng thành phố Móng Cái" in page_of(
        client, "thuky.tckh", reverse("home:index")
    )
    # In English the organiser keeps its name as written (Vietnamese writes the kind
    # in lower case inside a sentence; English does not).
    client.cookies["django_language"] = "en"
    english = client.get(reverse("home:index")).content.decode()
    assert "Emulation and Commendation Council of Thành phố Móng Cái" in english
    del client.cookies["django_language"]
    client.logout()
    anonymous = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Phần mềm theo dõi thi đua, khen thưởng" in anonymous
    assert "thành phố Móng Cái</span>" not in anonymous


def test_the_reorganisations_are_a_read_only_history_in_the_admin(client, demo):
    html = page_of(client, "admin", reverse("admin:blocs_reorganisation_changelist"))
    assert "1679/NQ-UBTVQH15" in html
    event = Reorganisation.objects.order_by("pk").first()
    page = page_of(client, "admin", reverse("admin:blocs_reorganisation_change", args=[event.pk]))
    assert 'name="legal_basis"' not in page  # read-only
    client.force_login(User.objects.get(username="admin"))
    assert client.get(reverse("admin:blocs_reorganisation_add")).status_code == 403
    delete = reverse("admin:blocs_reorganisation_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Reorganisation.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize("username", ["admin.mc1", "admin.mongcai", "hoidong.mc1"])
def test_an_organiser_admin_who_opens_the_django_admin_is_sent_home(client, demo, username):
    client.force_login(User.objects.get(username=username))
    response = client.get("/admin/", follow=True, HTTP_ACCEPT_LANGUAGE="vi")
    assert response.redirect_chain[-1][0] == reverse("home:index")
    assert response.status_code == 200
    assert "dành cho quản trị hệ thống" in response.content.decode()


def test_the_superuser_still_has_the_django_admin(client, demo):
    client.force_login(User.objects.get(username="admin"))
    assert client.get("/admin/").status_code == 200


def test_the_ward_campaigns_dashboard_names_its_root_the_whole_ward(client, demo):
    campaign = Campaign.objects.get(code=ward.campaign_code(2026))
    html = page_of(client, "hoidong.mc1", reverse("campaigns:dashboard", args=[campaign.pk]))
    assert "Toàn phường" in html and "Toàn thành phố" not in html
    article = Campaign.objects.get(code=data.CAMPAIGN["code"])
    html = page_of(client, "admin", reverse("campaigns:dashboard", args=[article.pk]))
    assert "Toàn thành phố" in html
