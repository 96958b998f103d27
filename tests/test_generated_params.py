"""Malformed values in every GET parameter of every page each actor can reach (issue 13).

The parameters are found, not listed: the query strings of the links and the GET
forms of the pages the actor reaches (see tests/test_generated_forms.py). Each
parameter gets malformed values drawn by hypothesis (tests/generated.py), the
link's other parameters kept. Asserted: no server error (a malformed id gives the
page without that filter, or 404), nothing stored out of range.
"""

import os

import pytest

from tests.generated import Tally, baseline_invalid, malformed_values, query_targets, send
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
    at = 0
    for path, name, params in targets:
        for value in values[at : at + PER_PARAMETER]:
            send(
                actor,
                "GET",
                path,
                {**params, name: value},
                tally,
                f"{role} GET {path}?{name}={value[:40]!r}",
                baseline,
            )
            tally.values += 1
        at = (at + PER_PARAMETER) % (len(values) - PER_PARAMETER)
    line = (
        f"generated parameters, {role}: {len(pages)} pages, {len(targets)} parameters, "
        f"{tally.values} malformed values in {tally.requests} requests, "
        f"{len(tally.server_errors)} server errors, {len(tally.stored)} stored out of range"
    )
    print(line)
    if os.environ.get("GENERATED_LIST"):
        for path, name, _params in targets:
            print("  ", path, name)
    record_property("generated", line)
    if os.environ.get("GENERATED_COUNTS"):  # a file the counts are added to
        with open(os.environ["GENERATED_COUNTS"], "a") as counts:
            counts.write(line + "\n")
    assert not tally.server_errors, "\n".join(tally.server_errors[:50])
    assert not tally.stored, "\n".join(tally.stored[:50])
