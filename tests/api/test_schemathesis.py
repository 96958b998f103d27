"""The live schema fuzzed from outside (issue 21): schemathesis reads /api/v1/schema/ from
the WSGI application and sends every operation data drawn from it, with a secretary's
and an admin's token, in a world where every endpoint has rows to show
(tests/world.py). No answer may be a server error, and every answer must match
the schema for its status (or be a status the schema does not describe: 401,
404, 405, 429 with DRF's `{"detail": ...}`).

Each request runs inside the test's transaction (the WSGI application is called in
this thread), so the world is built once and nothing outlives the test.
`SCHEMATHESIS_EXAMPLES` (default 12) sets the cases per operation and token."""

import datetime as dt
import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from campaigns.services import tally_recompute
from tests.api.conftest import token_for
from tests.factories import PeriodFactory
from tests.world import world_build

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def application():
    """The project's WSGI application, keeping the test's database connection open
    between requests as Django's test client does (its transaction holds the world)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def strategies(operations, world):
    """Each operation as drawn from the schema, and once more with the world's objects in
    its path (a drawn id seldom names a row), so the answers with data are fuzzed too."""
    ids = {
        "/api/v1/campaigns/{id}": world.campaign.pk,
        "/api/v1/units/{id}/": world.unit_a.pk,
        "/api/v1/reports/{id}/": world.report_a.pk,
        "/api/v1/nominations/{id}/": world.nomination_a.pk,
        "/api/v1/decisions/{id}/": world.decision.pk,
    }
    for operation in operations:
        yield operation.as_strategy()
        path = operation.path
        if "{unit_pk}" in path:
            # Unit A's report of the world's period is submitted (locked): the next
            # month's is open, so the secretary's drafts and submissions are fuzzed too.
            known = {"unit_pk": world.unit_a.pk, "period_pk": world.open_period.pk}
        else:
            pks = [pk for prefix, pk in ids.items() if path.startswith(prefix) and "{id}" in path]
            known = {"id": pks[0]} if pks else {}
        if known:
            yield operation.as_strategy(path_parameters=known)


def test_live_schema_fuzzed_with_a_secretarys_and_an_admins_token(settings, application):
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_THROTTLE_RATE = "1000000/minute"
    world = world_build()
    tally_recompute(campaign=world.campaign)  # the dashboard's figures (no worker here)
    world.objects["open_period"] = PeriodFactory(
        campaign=world.campaign,
        kind=world.period.kind,
        label="Tháng 04/2023",
        starts_on=dt.date(2023, 3, 15),
        ends_on=dt.date(2023, 4, 14),
        deadline=dt.date(2099, 4, 19),
        locks_on=dt.date(2099, 5, 4),
    )
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 16
    sent = {"total": 0, "2xx": 0, "4xx": 0, "5xx": 0}
    for actor in ("sec_a", "admin"):
        headers = {"Authorization": f"Bearer {token_for(world.users[actor])}"}
        for strategy in strategies(operations, world):

            @given(case=strategy)
            @hypothesis_settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            def fuzz(case):
                response = case.call(headers=headers)  # noqa: B023 (called before the loop moves on)
                sent["total"] += 1
                sent[f"{response.status_code // 100}xx"] = (
                    sent.get(f"{response.status_code // 100}xx", 0) + 1
                )
                case.validate_response(response, checks=CHECKS, headers=headers)  # noqa: B023

            fuzz()
    print(f"schemathesis: {sent}")
    assert sent["5xx"] == 0
    assert sent["2xx"] > len(operations)  # the tokens reached real rows, not only 404s
