"""The council's dashboard: what each role sees, drill-down, refresh, export."""

import datetime as dt
import json
import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.cache import cache, caches
from django.http import Http404
from openpyxl import load_workbook

from blocs.models import BlocMembership
from campaigns import dashboard_cache
from campaigns.models import Indicator, Report, ReportValue, Tally, Target
from campaigns.services import tally_recompute, tally_recompute_for_report
from tests.factories import (
    AssignmentFactory,
    BlocFactory,
    CampaignFactory,
    CampaignIndicatorFactory,
    MembershipFactory,
    ReportFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rolled_up(campaign, campaign_indicator, report_a, report_b, bloc):
    """Two units of one bloc reported 4 and 6; the city target is 8."""
    indicator = campaign_indicator.indicator
    Target.objects.create(campaign_indicator=campaign_indicator, scope="city", value=Decimal(8))
    for report, value, day in ((report_a, "4", 18), (report_b, "6", 21)):
        ReportValue.objects.create(report=report, indicator=indicator, value=Decimal(value))
        Report.objects.filter(pk=report.pk).update(
            status="approved", submitted_at=dt.datetime(2023, 3, day, 3, tzinfo=dt.UTC)
        )
    tally_recompute(campaign=campaign)
    return campaign


def dashboard_urls(campaign, bloc, unit):
    base = f"/campaigns/{campaign.pk}/dashboard/"
    return [
        base,
        f"{base}blocs/{bloc.pk}/",
        f"{base}units/{unit.pk}/",
        f"{base}completeness/?state=late",
        f"{base}export/?node=tree:{campaign.organiser_id}",
    ]


def test_outsider_is_sent_to_login(client, rolled_up, bloc, unit_a):
    for url in dashboard_urls(rolled_up, bloc, unit_a):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/")


def test_secretary_and_bloc_head_may_not_open_the_dashboard(
    client, rolled_up, bloc, unit_a, secretary_b, bloc_head
):
    for user in (secretary_b, bloc_head):
        client.force_login(user)
        for url in dashboard_urls(rolled_up, bloc, unit_a):
            assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("actor", ["council_member", "admin_user"])
def test_council_and_admin_see_the_city_overview(client, request, actor, rolled_up):
    client.force_login(request.getfixturevalue(actor))
    response = client.get(f"/campaigns/{rolled_up.pk}/dashboard/")
    text = response.text
    assert response.status_code == 200
    row = re.search(r'<tr data-code="IND\d+">.*?</tr>', text, re.S).group(0)
    assert ">10<" in row  # 4 + 6
    assert "125,0% · Vượt" in row
    assert "2/2" in row
    assert "01/01</span> chỉ tiêu vượt" in text
    assert "Số liệu tính đến" in text
    assert "Chỉ báo cáo đã duyệt" in text


def test_an_organiser_without_blocs_in_the_year_is_told_so_not_shown_an_empty_table(
    client, council_member, rolled_up
):
    BlocMembership.objects.all().delete()
    client.force_login(council_member)
    text = client.get(f"/campaigns/{rolled_up.pk}/dashboard/").text
    assert "Chưa có khối thi đua nào của đơn vị phát động có thành viên trong năm 2023" in text
    assert 'data-testid="blocs"' not in text


def test_status_counts_are_phrased_like_the_article(client, council_member, rolled_up):
    client.force_login(council_member)
    text = client.get(f"/campaigns/{rolled_up.pk}/dashboard/").text
    summary = re.search(r'data-testid="status-summary">(.*?)</p>', text, re.S).group(1)
    plain = re.sub(r"<[^>]+>", "", summary)
    assert "01/01 chỉ tiêu vượt" in plain
    assert "00/01 chỉ tiêu đạt" in plain
    assert "00/01 chỉ tiêu đảm bảo tiến độ" in plain
    assert "00/01 chỉ tiêu chưa đạt" in plain


def test_provisional_figures_are_labelled(client, council_member, rolled_up):
    rolled_up.tally_basis = "submitted"
    rolled_up.save()
    client.force_login(council_member)
    text = client.get(f"/campaigns/{rolled_up.pk}/dashboard/").text
    assert "Tạm tính: gồm cả báo cáo đã gửi chưa được duyệt" in text


def test_drill_down_from_city_to_bloc_to_unit_to_report(
    client, council_member, rolled_up, bloc, report_a
):
    client.force_login(council_member)
    city = client.get(f"/campaigns/{rolled_up.pk}/dashboard/").text
    bloc_url = re.search(
        rf'href="(/campaigns/{rolled_up.pk}/dashboard/blocs/{bloc.pk}/[^"]*)"', city
    ).group(1)
    bloc_page = client.get(bloc_url.replace("&amp;", "&")).text
    assert "Khối thử" in bloc_page
    assert "Trưởng khối" in bloc_page
    unit_url = re.search(
        rf'href="(/campaigns/{rolled_up.pk}/dashboard/units/{report_a.unit_id}/[^"]*)"', bloc_page
    ).group(1)
    unit_page = client.get(unit_url.replace("&amp;", "&")).text
    assert "Phường A" in unit_page
    assert f'href="/campaigns/reports/{report_a.pk}/"' in unit_page
    assert client.get(f"/campaigns/reports/{report_a.pk}/").status_code == 200


def test_htmx_poll_answers_204_until_new_tallies_land(
    client, council_member, rolled_up, report_a, campaign_indicator
):
    client.force_login(council_member)
    url = f"/campaigns/{rolled_up.pk}/dashboard/"
    page = client.get(url)
    since = page.context["view"].computed_at.isoformat()
    poll = client.get(url, {"since": since}, headers={"HX-Request": "true"})
    assert poll.status_code == 204

    ReportValue.objects.filter(report=report_a).update(value=Decimal("14"))
    tally_recompute_for_report(report_id=report_a.pk)
    poll = client.get(url, {"since": since}, headers={"HX-Request": "true"})
    assert poll.status_code == 200
    assert "<html" not in poll.text
    assert 'id="tallies"' in poll.text
    assert ">20<" in poll.text


def test_completeness_counts_and_lists(client, council_member, rolled_up, period):
    client.force_login(council_member)
    page = client.get(f"/campaigns/{rolled_up.pk}/dashboard/?period={period.pk}")
    assert page.context["completeness"] == {
        "expected": 2,
        "on_time": 1,
        "late": 1,
        "missing": 0,
    }
    late = client.get(
        f"/campaigns/{rolled_up.pk}/dashboard/completeness/?period={period.pk}&state=late"
    )
    assert "Xã B" in late.text
    assert "Phường A" not in late.text
    assert (
        client.get(f"/campaigns/{rolled_up.pk}/dashboard/completeness/?state=bogus").status_code
        == 404
    )


def test_bad_filters_are_404(client, council_member, rolled_up):
    client.force_login(council_member)
    base = f"/campaigns/{rolled_up.pk}/dashboard/"
    assert client.get(base, {"period": "999999"}).status_code == 404
    assert client.get(f"{base}blocs/999999/").status_code == 404
    assert client.get(f"{base}export/", {"node": "galaxy:1"}).status_code == 404


def test_export_is_the_view_on_screen(client, council_member, rolled_up, campaign_indicator):
    client.force_login(council_member)
    response = client.get(
        f"/campaigns/{rolled_up.pk}/dashboard/export/",
        {"node": f"tree:{rolled_up.organiser_id}"},
    )
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [rolled_up.name] + [None] * 8
    header = next(r for r in rows if r[0] == "Mã")
    assert header[:5] == ["Mã", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Kế hoạch"]
    data = rows[rows.index(header) + 1]
    assert data[0] == campaign_indicator.indicator.code
    assert Decimal(str(data[3])) == 10
    assert Decimal(str(data[4])) == 8
    assert data[6] == "Vượt"
    assert data[7:] == [2, 2]


def test_dashboard_query_count_does_not_grow_with_units(
    client,
    council_member,
    rolled_up,
    bloc,
    period,
    campaign_indicator,
    django_assert_max_num_queries,
):
    client.force_login(council_member)
    urls = [
        f"/campaigns/{rolled_up.pk}/dashboard/",
        f"/campaigns/{rolled_up.pk}/dashboard/blocs/{bloc.pk}/",
    ]
    counts = {}
    for size in ("small", "large"):
        if size == "large":
            for _ in range(40):
                unit = UnitFactory(parent=rolled_up.organiser)
                MembershipFactory(bloc=bloc, unit=unit, year=2023)
                AssignmentFactory(campaign_indicator=campaign_indicator, unit=unit)
                report = ReportFactory(
                    unit=unit,
                    period=period,
                    status="approved",
                    submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC),
                )
                ReportValue.objects.create(
                    report=report, indicator=campaign_indicator.indicator, value=Decimal(1)
                )
            tally_recompute(campaign=rolled_up)
        for url in urls:
            # Both first views: the frame around the figures is cached apart, and a
            # frame rendered for the small size would spare the large its queries.
            cache.clear()
            caches[dashboard_cache.LOCAL].clear()
            with django_assert_max_num_queries(25) as captured:
                client.get(url)
            counts[(size, url)] = len(captured)
    for url in urls:
        assert counts[("large", url)] == counts[("small", url)], counts
    assert Tally.objects.filter(node_kind="unit").count() > 40


# --- The cached content (campaigns.dashboard_cache) ---


def _tally_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "campaigns_tally" in q["sql"]]


def test_a_second_view_is_served_from_the_cache_without_reading_tallies(
    client, council_member, rolled_up, bloc, unit_a, django_assert_max_num_queries
):
    client.force_login(council_member)
    for url in (
        f"/campaigns/{rolled_up.pk}/dashboard/",
        f"/campaigns/{rolled_up.pk}/dashboard/blocs/{bloc.pk}/",
        f"/campaigns/{rolled_up.pk}/dashboard/units/{unit_a.pk}/",
    ):
        first = client.get(url)
        # Session, user, campaign, the page's fingerprint (and the bloc or the
        # unit): whatever the number of units or indicators.
        with django_assert_max_num_queries(8) as captured:
            second = client.get(url)
        assert second.status_code == 200
        assert _tally_queries(captured) == []
        main = re.compile(r"<main.*</main>", re.S)
        assert main.search(second.text)[0] == main.search(first.text)[0]


def test_a_body_is_read_from_the_shared_cache_once_per_process(rf, settings):
    """The same key names the same body for good: once read, this process serves it
    from its memory even when the shared cache has lost it; a new key is rendered; the
    memory keeps only the last bodies (32)."""
    request = rf.get("/")
    rendered = []

    def build(n):
        def context():
            rendered.append(n)
            return {"frame_html": f"body {n}"}

        return context

    def body(n):
        return dashboard_cache.content_html(request, template, ("parts", n), build(n))

    template = "campaigns/dashboard/city.html"
    first = body(0)
    cache.clear()  # Redis restarted, or the entry expired there
    assert body(0) == first and "body 0" in first
    assert rendered == [0]
    entries = settings.CACHES["dashboard_local"]["OPTIONS"]["MAX_ENTRIES"]
    assert entries == 32
    for n in range(1, entries + 1):
        body(n)
    cache.clear()
    body(0)  # pushed out of the memory by newer bodies: rendered again
    assert rendered == [*range(entries + 1), 0]


def test_a_rollup_shows_on_the_next_view(client, council_member, rolled_up, report_a, bloc):
    client.force_login(council_member)
    city = f"/campaigns/{rolled_up.pk}/dashboard/"
    bloc_page = f"/campaigns/{rolled_up.pk}/dashboard/blocs/{bloc.pk}/"
    for url in (city, bloc_page):
        assert (
            ">10<" in re.search(r'<tr data-code="IND\d+">.*?</tr>', client.get(url).text, re.S)[0]
        )

    ReportValue.objects.filter(report=report_a).update(value=Decimal("14"))
    tally_recompute_for_report(report_id=report_a.pk)
    for url in (city, bloc_page):
        row = re.search(r'<tr data-code="IND\d+">.*?</tr>', client.get(url).text, re.S)[0]
        assert ">20<" in row, url


def test_renamed_indicator_bloc_and_member_show_at_once(
    client, council_member, rolled_up, bloc, unit_b, campaign_indicator, period
):
    """Names are not figures: no roll-up needed for a rename to show."""
    client.force_login(council_member)
    city = f"/campaigns/{rolled_up.pk}/dashboard/"
    bloc_page = f"/campaigns/{rolled_up.pk}/dashboard/blocs/{bloc.pk}/"
    client.get(city), client.get(bloc_page)

    indicator = campaign_indicator.indicator
    indicator.name = "Chỉ tiêu đổi tên"
    indicator.save()
    bloc.name = "Khối đổi tên"
    bloc.save()
    unit_b.name = "Xã B mới"
    unit_b.save()
    period.label = "Tháng ba"
    period.save()
    rolled_up.name = "Phong trào đổi tên"
    rolled_up.save()
    text = client.get(city).text
    for name in ("Chỉ tiêu đổi tên", "Khối đổi tên", "Tháng ba", "Phong trào đổi tên"):
        assert name in text, name
    assert "Xã B mới" in client.get(bloc_page).text


def test_each_language_has_its_own_cached_content(client, council_member, rolled_up):
    client.force_login(council_member)
    url = f"/campaigns/{rolled_up.pk}/dashboard/"
    assert "Số liệu tính đến" in client.get(url).text
    client.cookies["django_language"] = "en"
    english = client.get(url).text
    assert "Figures as of" in english
    assert "Số liệu tính đến" not in english


def test_a_unit_page_shows_its_reports_new_state_at_once(
    client, council_member, rolled_up, report_a
):
    """It lists its reports, whose states change without a roll-up."""
    client.force_login(council_member)
    url = f"/campaigns/{rolled_up.pk}/dashboard/units/{report_a.unit_id}/"
    assert "Đã duyệt" in client.get(url).text
    Report.objects.filter(pk=report_a.pk).update(status="returned")
    assert "Bị trả lại" in client.get(url).text


def _reads_tallies(client, url, django_assert_max_num_queries) -> tuple[bool, str]:
    """Whether the view rendered its figures (read tallies) rather than serving
    its cached body, and the page."""
    with django_assert_max_num_queries(40) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return bool(_tally_queries(captured)), response.text


def test_a_roll_up_renders_again_only_the_pages_of_the_nodes_it_changed(
    client,
    council_member,
    rolled_up,
    city,
    bloc,
    report_a,
    report_b,
    campaign_indicator,
    django_assert_max_num_queries,
):
    """A bloc's and a unit's page are cached under their own node's stamp: a
    report of another bloc's unit leaves them as they are (the city's page,
    which counts every unit, is rendered again); a report of theirs, or a full
    recompute, renders them again."""
    indicator = campaign_indicator.indicator
    elsewhere = BlocFactory(name="Khối khác", organiser=city)
    outsider = UnitFactory(code="unit-x", name="Phường X", kind="ward", parent=city)
    MembershipFactory(bloc=elsewhere, unit=outsider, year=2023)
    tally_recompute(campaign=rolled_up)  # after a change of the blocs
    client.force_login(council_member)
    urls = {
        "city": f"/campaigns/{rolled_up.pk}/dashboard/",
        "bloc": f"/campaigns/{rolled_up.pk}/dashboard/blocs/{bloc.pk}/",
        "unit_a": f"/campaigns/{rolled_up.pk}/dashboard/units/{report_a.unit_id}/",
        "unit_b": f"/campaigns/{rolled_up.pk}/dashboard/units/{report_b.unit_id}/",
    }

    def rendered():
        return {
            name: _reads_tallies(client, url, django_assert_max_num_queries)[0]
            for name, url in urls.items()
        }

    assert rendered() == dict.fromkeys(urls, True)
    assert rendered() == dict.fromkeys(urls, False)

    report_x = ReportFactory(unit=outsider, period=report_a.period)
    ReportValue.objects.create(report=report_x, indicator=indicator, value=Decimal(5))
    Report.objects.filter(pk=report_x.pk).update(
        status="approved", submitted_at=dt.datetime(2023, 3, 18, tzinfo=dt.UTC)
    )
    tally_recompute_for_report(report_id=report_x.pk)
    assert rendered() == {"city": True, "bloc": False, "unit_a": False, "unit_b": False}

    ReportValue.objects.filter(report=report_a).update(value=Decimal(14))
    tally_recompute_for_report(report_id=report_a.pk)
    assert rendered() == {"city": True, "bloc": True, "unit_a": True, "unit_b": False}
    _read, page = _reads_tallies(client, urls["bloc"], django_assert_max_num_queries)
    assert ">20<" in re.search(r'<tr data-code="IND\d+">.*?</tr>', page, re.S)[0]

    tally_recompute(campaign=rolled_up)
    assert rendered() == dict.fromkeys(urls, True)


def test_the_key_changes_with_everything_the_page_shows_besides_figures(
    council_member, rolled_up, bloc, unit_b, campaign_indicator, period
):
    from django.db.models import F

    from campaigns.dashboard import page_key

    def key():
        return page_key(council_member, rolled_up.pk, bloc.pk)

    seen = [key()]
    changes = [
        lambda: Indicator.objects.filter(pk=campaign_indicator.indicator_id).update(
            unit_of_measure="hộ"
        ),
        lambda: (
            type(campaign_indicator)
            .objects.filter(pk=campaign_indicator.pk)
            .update(order=F("order") + 1)
        ),
        lambda: type(period).objects.filter(pk=period.pk).update(label="Kỳ khác"),
        lambda: type(bloc).objects.filter(pk=bloc.pk).update(order=F("order") + 1),
        lambda: type(unit_b).objects.filter(pk=unit_b.pk).update(name="Xã B2"),
        lambda: unit_b.bloc_memberships.update(role="deputy"),
        lambda: type(rolled_up).objects.filter(pk=rolled_up.pk).update(tally_basis="submitted"),
        lambda: (
            type(rolled_up.organiser)
            .objects.filter(pk=rolled_up.organiser_id)
            .update(name="Thành phố mới")
        ),
        lambda: tally_recompute(campaign=rolled_up),
    ]
    for change in changes:
        change()
        seen.append(key())
        assert seen[-1] != seen[-2], change
    assert seen[-1].organiser_name == "Thành phố mới"
    # Figures alone (without a roll-up, which moves the stamp) do not change it.
    Tally.objects.update(value=Decimal(99))
    assert key() == seen[-1]


def test_the_key_reads_only_the_organisers_campaigns_and_blocs(
    council_member, rolled_up, bloc, unit_a
):
    """The pickers list the organiser's own campaigns and blocs: another
    organiser's new campaign or bloc leaves the page's key as it was."""
    from campaigns.dashboard import page_key

    before = page_key(council_member, rolled_up.pk, bloc.pk)
    other = UnitFactory(name="Phường khác", is_organiser=True)
    CampaignFactory(organiser=other, name="Phong trào khác")
    BlocFactory(organiser=other, name="Cụm khác")
    assert page_key(council_member, rolled_up.pk, bloc.pk) == before
    CampaignFactory(organiser=rolled_up.organiser, name="Phong trào mới")
    assert page_key(council_member, rolled_up.pk, bloc.pk) != before
    # The page's own bloc is in its key whoever organises it.
    theirs = BlocFactory(organiser=other, name="Cụm của họ")
    before = page_key(council_member, rolled_up.pk, theirs.pk)
    type(theirs).objects.filter(pk=theirs.pk).update(name="Cụm đổi tên")
    assert page_key(council_member, rolled_up.pk, theirs.pk) != before


def test_the_key_is_refused_to_whom_may_not_read_the_campaign(
    council_member, admin_user, rolled_up, secretary_a
):
    """page_key checks access as campaign_managed_get does: 404 for a council
    member of another organiser, a secretary, an inactive account, a campaign
    that does not exist."""
    from campaigns.dashboard import page_key
    from campaigns.selectors import campaign_managed_get

    outsider = UserFactory(role="council")
    UnitFactory(is_organiser=True).organiser_members.add(outsider)
    gone = UserFactory(role="council", is_active=False)
    rolled_up.organiser.organiser_members.add(gone)
    for user in (outsider, secretary_a, gone):
        with pytest.raises(Http404):
            campaign_managed_get(user, rolled_up.pk)
        with pytest.raises(Http404):
            page_key(user, rolled_up.pk)
    for user in (council_member, admin_user):
        assert page_key(user, rolled_up.pk).organiser_name == rolled_up.organiser.name
    with pytest.raises(Http404):
        page_key(admin_user, rolled_up.pk + 1000)
    # Past the primary keys' type (a URL's digits): not found, as through the ORM.
    for ids in ((10**19,), (rolled_up.pk, 10**19), (rolled_up.pk, None, ("unit", 10**19))):
        with pytest.raises(Http404):
            page_key(admin_user, *ids)


def test_cached_content_carries_nothing_of_the_member_who_rendered_it(
    client, council_member, admin_user, rolled_up, bloc
):
    main = re.compile(r"<main.*</main>", re.S)
    for url in (
        f"/campaigns/{rolled_up.pk}/dashboard/",
        f"/campaigns/{rolled_up.pk}/dashboard/blocs/{bloc.pk}/",
    ):
        client.force_login(council_member)
        first = main.search(client.get(url).text)[0]
        client.force_login(admin_user)
        page = client.get(url).text
        assert main.search(page)[0] == first
        assert "Dana" in page  # the admin's own name in the site frame
        assert "Charlie" not in page
        assert "csrfmiddlewaretoken" not in first


# --- Layout: names over the grid's columns, a unit's own indicators, the chart's opening ---


def trend_data(text: str) -> dict:
    found = re.search(r'id="trend-data" type="application/json">(.*?)</script>', text)
    return json.loads(found.group(1))


def test_blocs_side_by_side_name_each_indicator_over_its_code(
    client, council_member, rolled_up, campaign_indicator, bloc
):
    client.force_login(council_member)
    text = client.get(f"/campaigns/{rolled_up.pk}/dashboard/").text
    grid = re.search(r'<div class="grid-scroll"[^>]*>(.*?)</div>', text, re.S).group(1)
    indicator = campaign_indicator.indicator
    head = re.search(r'<th class="num grid-head" scope="col">(.*?)</th>', grid, re.S).group(1)
    assert indicator.name in head and indicator.code in head
    assert '<th class="grid-first" scope="row"><a' in grid and bloc.name in grid
    bloc_page = client.get(f"/campaigns/{rolled_up.pk}/dashboard/blocs/{bloc.pk}/").text
    assert 'class="num grid-head"' in bloc_page and indicator.name in bloc_page


def test_a_unit_page_lists_only_the_indicators_the_unit_reports(
    client, council_member, rolled_up, campaign_indicator, unit_a, unit_b
):
    """Not every indicator of the campaign as empty "—" rows: those assigned to it."""
    only_b = CampaignIndicatorFactory(campaign=rolled_up)
    AssignmentFactory(campaign_indicator=only_b, unit=unit_b)
    client.force_login(council_member)
    base = f"/campaigns/{rolled_up.pk}/dashboard/units/"
    page_a = client.get(f"{base}{unit_a.pk}/").text
    assert re.findall(r'<tr data-code="([^"]+)"', page_a) == [campaign_indicator.indicator.code]
    assert [s["code"] for s in trend_data(page_a)["series"]] == [campaign_indicator.indicator.code]
    page_b = client.get(f"{base}{unit_b.pk}/").text
    assert re.findall(r'<tr data-code="([^"]+)"', page_b) == [
        campaign_indicator.indicator.code,
        only_b.indicator.code,
    ]
    # The city still shows every indicator.
    city = client.get(f"/campaigns/{rolled_up.pk}/dashboard/").text
    assert len(re.findall(r'<tr data-code="', city)) == 2


def test_a_unit_that_reports_nothing_says_so(client, council_member, rolled_up, city):
    idle = UnitFactory(parent=city, name="Đơn vị chưa giao chỉ tiêu")
    client.force_login(council_member)
    page = client.get(f"/campaigns/{rolled_up.pk}/dashboard/units/{idle.pk}/").text
    assert "Đơn vị này không báo cáo chỉ tiêu nào" in page
    assert '<tr data-code="' not in page


def test_the_trend_opens_on_an_indicator_with_figures(
    client, council_member, rolled_up, campaign_indicator
):
    empty_first = CampaignIndicatorFactory(campaign=rolled_up, order=1)
    campaign_indicator.order = 5
    campaign_indicator.save()
    client.force_login(council_member)
    data = trend_data(client.get(f"/campaigns/{rolled_up.pk}/dashboard/").text)
    codes = [s["code"] for s in data["series"]]
    assert codes == [empty_first.indicator.code, campaign_indicator.indicator.code]
    assert data["default"] == 1
    assert any(v is not None for v in data["series"][data["default"]]["values"])


def test_a_members_figure_in_the_grid_reads_as_in_the_indicator_table(
    client, council_member, rolled_up, campaign_indicator, report_a, bloc
):
    """The same figure, the same digits: the indicator's decimals in both tables
    (it read 12,4 above and 12,40 in the members' grid)."""
    indicator = campaign_indicator.indicator
    Indicator.objects.filter(pk=indicator.pk).update(decimals=1)
    ReportValue.objects.filter(report=report_a).update(value=Decimal("12.4"))
    tally_recompute(campaign=rolled_up)
    client.force_login(council_member)
    base = f"/campaigns/{rolled_up.pk}/dashboard/"
    bloc_page = client.get(f"{base}blocs/{bloc.pk}/").text
    members = re.search(r'data-testid="members">(.*?)</table>', bloc_page, re.S).group(1)
    assert '<td class="num">12,4</td>' in members and "12,40" not in members
    assert '<td class="num">6,0</td>' in members
    unit_page = client.get(f"{base}units/{report_a.unit_id}/").text
    assert '<td class="num tally-value" data-label="Giá trị">12,4</td>' in unit_page
