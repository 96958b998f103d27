"""Malformed values in every GET parameter of every page each actor can reach (issue 13).

The parameters are found, not listed: the query strings of the links and the GET
forms of the pages the actor reaches (see tests/test_generated_forms.py). Each
parameter gets malformed values drawn by hypothesis (tests/generated.py), the
link's other parameters kept. Asserted: no server error (a malformed id gives the
page without that filter, or 404), nothing stored out of range.
"""

import os

import pytest

from tests.generated import (
    Tally,
    baseline_invalid,
    malformed_values,
    query_targets,
    send_queries,
    tally_report,
)
from tests.test_generated_forms import reachable_pages, world  # noqa: F401 - the fixture
from tests.urlwalk import clients
from tests.world import ROLES

PER_PARAMETER = int(os.environ.get("GENERATED_PER_PARAMETER", "35"))


@pytest.mark.parametrize("role", ROLES)
def test_malformed_query_values_give_no_server_error(world, client, role, record_property):  # noqa: F811
    actor = clients(world, type(client))[role]
    pages = reachable_pages(world, role, actor)
    targets = query_targets(pages)
    values = malformed_values(PER_PARAMETER * 20)
    baseline = baseline_invalid()
    tally = Tally()
    send_queries(actor, role, targets, values, PER_PARAMETER, tally, baseline)
    line = (
        f"generated parameters, {role}: {len(pages)} pages, {len(targets)} parameters, "
        f"{tally.values} malformed values in {tally.requests} requests, "
        f"{len(tally.server_errors)} server errors, {len(tally.stored)} stored out of range"
    )
    tally_report(line, record_property, [(path, name) for path, name, _params in targets])
    assert not tally.server_errors, "\n".join(tally.server_errors[:50])
    assert not tally.stored, "\n".join(tally.stored[:50])
