"""Lists page and filter as the pages do, at a number of queries that does not grow
with the page size; the browsable pages and the schema are where docs/api.md says."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.models import Decision, DecisionRecipient, Nomination
from campaigns.models import Report
from tests.api.conftest import TokenClient, token_for
from tests.factories import PeriodFactory, SubmittedReportFactory
from tests.world import world_build

pytestmark = pytest.mark.django_db

MANY = 24


@pytest.fixture
def world():
    """The URL table's world, with MANY rows more of each list."""
    world = world_build()
    for n in range(MANY):
        start = dt.date(2020, 1, 1) + dt.timedelta(days=31 * n)
        period = PeriodFactory(
            campaign=world.campaign,
            kind=world.period.kind,
            starts_on=start,
            ends_on=start + dt.timedelta(days=29),
        )
        SubmittedReportFactory(unit=world.unit_a, period=period)
        nomination = Nomination.objects.get(pk=world.nomination_a.pk)
        nomination.pk = None
        nomination.achievement = f"Thành tích {n}"
        nomination.save()
        decision = Decision.objects.get(pk=world.decision.pk)
        decision.pk = None
        decision.number = 1000 + n
        decision.save()
        for k, collective in enumerate((world.unit_b, world.unit_h)):
            recipient = DecisionRecipient.objects.get(pk=world.recipient.pk)
            recipient.pk = None
            recipient.decision = decision
            recipient.collective = collective
            recipient.achievement = f"Thành tích {n}-{k}"
            recipient.save()
    return world


def queries(api, url, params) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url, params)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


LISTS = [
    ("admin", "/api/v1/reports/"),
    ("admin", "/api/v1/nominations/"),
    ("admin", "/api/v1/decisions/"),
    ("admin", "/api/v1/units/"),
    ("admin", "/api/v1/campaigns/"),
    ("sec_a", "/api/v1/reports/"),
    ("sec_a", "/api/v1/nominations/"),
]


def test_list_queries_do_not_grow_with_the_page_size(world, django_assert_num_queries):
    for actor, url in LISTS:
        api = TokenClient(token_for(world.users[actor]))
        api.get(url)  # the token's first use is noted (once a minute): not a page's cost
        few, small = queries(api, url, {"page_size": 2})
        assert len(small["results"]) == min(2, small["count"])
        with django_assert_num_queries(few):
            large = api.get(url, {"page_size": 100}).json()
        assert len(large["results"]) == large["count"], url
        if url != "/api/v1/campaigns/":
            assert large["count"] > 2 * 2, (actor, url)


def _filters_of_the_reports_page(world):
    api = TokenClient(token_for(world.users["admin"]))
    submitted = api.get("/api/v1/reports/", {"status": "submitted", "unit": world.unit_a.pk})
    expected = Report.objects.filter(status="submitted", unit=world.unit_a).count()
    assert submitted.json()["count"] == expected == MANY + 1
    one = api.get("/api/v1/reports/", {"period": world.period.pk}).json()
    assert {r["unit"]["code"] for r in one["results"]} == {"unit-a", "unit-b"}
    # A malformed filter is ignored, as on the page, never a 500.
    assert api.get("/api/v1/reports/", {"unit": "١٢", "status": "x"}).json()["count"] > MANY


def _decisions_carry_recipients_and_amounts(world):
    api = TokenClient(token_for(world.users["admin"]), "en")
    decision = api.get(f"/api/v1/decisions/{world.decision.pk}/").json()
    assert decision["reference"] == world.decision.reference
    [recipient] = decision["recipients"]
    assert recipient["nominee"] == world.unit_b.name
    assert recipient["title"] == "giay-khen-tap-the"
    stored = DecisionRecipient.objects.get(pk=world.recipient.pk)
    assert stored.amount and recipient["amount"] == f"{stored.amount:.0f}"
    assert decision["total"] == f"{stored.amount:.0f}"
    # A secretary reads no decision (decisions are the organisers').
    secretary = TokenClient(token_for(world.users["sec_a"]))
    assert secretary.get("/api/v1/decisions/").json()["count"] == 0
    assert secretary.get(f"/api/v1/decisions/{world.decision.pk}/").status_code == 404


def _units_with_dates_and_successors(world):
    old = world.unit_b
    old.valid_to = dt.date(2025, 6, 30)
    old.save()
    old.successors.add(world.unit_h)
    api = TokenClient(token_for(world.users["council"]))
    unit = api.get(f"/api/v1/units/{old.pk}/").json()
    assert (unit["valid_to"], unit["successors"]) == ("2025-06-30", [world.unit_h.pk])


def _schema_and_docs_page(client, world):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"})
    assert schema.status_code == 200
    assert schema.json()["openapi"].startswith("3.")
    assert "/api/v1/units/{unit_pk}/periods/{period_pk}/report/" in schema.json()["paths"]
    client.force_login(world.users["sec_a"])
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.text and "nonce=" in docs.text
    browsable = client.get("/api/v1/campaigns/", headers={"Accept": "text/html"})
    assert browsable.status_code == 200 and world.campaign.name in browsable.text


def test_filters_decisions_units_schema_and_docs(client, world):
    _filters_of_the_reports_page(world)
    _decisions_carry_recipients_and_amounts(world)
    _units_with_dates_and_successors(world)
    _schema_and_docs_page(client, world)
