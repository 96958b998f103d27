"""A token carries its account's role and scope: what the pages show that account, and
nothing else (404 outside it, never 403: ids are not revealed)."""

import datetime as dt
from decimal import Decimal

import pytest

from campaigns import dashboard
from campaigns.models import NodeKind, Report, ReportValue, Target
from campaigns.services import tally_recompute
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rolled_up(campaign, campaign_indicator, report_a, report_b):
    """Units A and B reported 4 and 6 (approved); the city target is 8."""
    indicator = campaign_indicator.indicator
    Target.objects.create(campaign_indicator=campaign_indicator, scope="city", value=Decimal(8))
    for report, value, day in ((report_a, "4", 18), (report_b, "6", 21)):
        ReportValue.objects.create(report=report, indicator=indicator, value=Decimal(value))
        Report.objects.filter(pk=report.pk).update(
            status="approved", submitted_at=dt.datetime(2023, 3, day, 3, tzinfo=dt.UTC)
        )
    tally_recompute(campaign=campaign)
    return campaign


def test_secretarys_token_reads_own_report_and_gets_404_for_another_units(
    as_token, secretary_a, report_a, report_b
):
    api = as_token(secretary_a)
    own = api.get(f"/api/v1/reports/{report_a.pk}/")
    assert own.status_code == 200
    assert own.json()["unit"]["code"] == "unit-a"
    other = api.get(f"/api/v1/reports/{report_b.pk}/")
    assert other.status_code == 404
    assert other.json() == {"detail": "Không tìm thấy."}
    listed = api.get("/api/v1/reports/").json()
    assert [r["id"] for r in listed["results"]] == [report_a.pk]


def test_secretarys_token_reads_own_units_tallies_and_gets_404_for_another_units(
    as_token, secretary_a, unit_a, unit_b, rolled_up, period
):
    api = as_token(secretary_a)
    url = f"/api/v1/campaigns/{rolled_up.pk}/tallies/"
    own = api.get(url, {"node": f"unit:{unit_a.pk}", "period": period.pk})
    assert own.status_code == 200
    assert own.json()["rows"][0]["value"] == "4.000000"
    assert api.get(url, {"node": f"unit:{unit_b.pk}"}).status_code == 404
    # The city and the bloc are the council's view.
    assert api.get(url, {"node": f"tree:{rolled_up.organiser_id}"}).status_code == 404
    assert api.get(url).status_code == 404
    completeness = f"/api/v1/campaigns/{rolled_up.pk}/completeness/"
    assert api.get(completeness, {"node": f"unit:{unit_b.pk}"}).status_code == 404


def test_council_token_reads_the_dashboards_figures_as_the_dashboard_shows_them(
    as_token, council_member, rolled_up, period, bloc
):
    api = as_token(council_member, "en")
    body = api.get(f"/api/v1/campaigns/{rolled_up.pk}/tallies/").json()
    organiser = rolled_up.organiser
    periods = dashboard.campaign_periods(rolled_up)
    view = dashboard.node_view(
        rolled_up,
        dashboard.dashboard_period(periods, None),
        NodeKind.TREE,
        organiser,
        dashboard.campaign_indicators(rolled_up),
    )
    assert body["node"] == {"kind": "tree", "id": organiser.pk, "name": organiser.name}
    assert body["period"]["id"] == view.period.pk
    row, tally = body["rows"][0], view.rows[0].tally
    assert (row["value"], row["target"], row["status"]) == ("10.000000", "8.000000", "exceeded")
    assert Decimal(row["value"]) == tally.value and row["progress"] == "125.0"
    assert (row["reported"], row["expected"]) == (2, 2)
    assert body["computed_at"] is not None
    assert body["status_counts"][0] == {"status": "exceeded", "label": "Exceeded", "count": 1}
    bloc_view = api.get(
        f"/api/v1/campaigns/{rolled_up.pk}/tallies/", {"node": f"bloc:{bloc.pk}"}
    ).json()
    assert bloc_view["rows"][0]["value"] == "10.000000"
    completeness = api.get(f"/api/v1/campaigns/{rolled_up.pk}/completeness/").json()
    assert (completeness["expected"], completeness["late"]) == (2, 1)
    assert completeness["on_time"] + completeness["late"] + completeness["missing"] == 2


def test_council_of_another_organiser_gets_404(as_token, rolled_up, report_a):
    other = UnitFactory(code="khac", name="Phường khác", kind="ward", is_organiser=True)
    outsider = UserFactory(username="olga", role="council")
    other.organiser_members.add(outsider)
    api = as_token(outsider)
    assert api.get(f"/api/v1/campaigns/{rolled_up.pk}/tallies/").status_code == 404
    assert api.get(f"/api/v1/reports/{report_a.pk}/").status_code == 404
    assert api.get(f"/api/v1/campaigns/{rolled_up.pk}/").status_code == 404
    assert api.get("/api/v1/reports/").json()["count"] == 0


def test_unknown_address_and_huge_id_answer_json_404(as_token, secretary_a):
    api = as_token(secretary_a)
    for path in ("/api/v1/nothing/", "/api/v1/reports/99999999999999999999999/"):
        response = api.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"


def test_no_token_gets_401_not_the_sign_in_page(client, report_a):
    response = client.get(f"/api/v1/reports/{report_a.pk}/")
    assert response.status_code == 401
