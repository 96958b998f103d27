"""Malformed values in every field of every form each actor can reach (issue 13).

The forms are found, not listed: every page of the URL table (tests/test_url_access.py)
that answers the actor 200, and the pages they link to, read as a browser reads them
(tests/pages.py). Each field of each POST form gets malformed values drawn by
hypothesis (tests/generated.py) with the form's other fields as the page filled
them, the CSRF token included (the client enforces it); then each field left out,
and each field sent twice. Every request is rolled back after checking what it
stored. Asserted: no server error, nothing stored past its field's bounds.

`make test ARGS="tests/test_generated_forms.py tests/test_generated_params.py -s"`
prints the counts (docs/testing.md).
"""

import os

import pytest

from tests.generated import (
    Tally,
    baseline_invalid,
    crawl,
    form_targets,
    malformed_values,
    send,
    tally_report,
)
from tests.test_url_access import expected, url_paths
from tests.urlwalk import clients
from tests.world import ROLES, world_build

# Values per field; the total over the actors is printed and must pass 5,000 with
# the other file (tests/test_generated_params.py).
PER_FIELD = int(os.environ.get("GENERATED_PER_FIELD", "16"))
NOT_MUTATED = {"csrfmiddlewaretoken"}


def mutated(name: str) -> bool:
    """A field the suite sends malformed values to: not the CSRF token, not the
    template row of an admin inline (``…-__prefix__-…``, never sent by a browser)."""
    return name not in NOT_MUTATED and "__prefix__" not in name


@pytest.fixture
def world(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return world_build()


def reachable_pages(world, role, client):
    start = [
        path
        for _key, entry, path in url_paths(world)
        if expected(entry.get)[role] == "200" and "?" not in path and not path.startswith("/admin/")
    ]
    return crawl(client, ["/", *start])


def mutations(form, values, per_field: int = PER_FIELD, twice: bool = True, fields=None):
    """(description, data) of each malformed submission of the form: `per_field`
    values in each of `fields` (all but the token by default; the next ones of
    `values` for each field), then the field left out, then (`twice`) sent twice."""
    base = form.defaults()
    fields = [name for name in form.fields if mutated(name)] if fields is None else fields
    at = 0
    for name in fields:
        for value in values[at : at + per_field]:
            yield f"{name}={value[:40]!r}", {**base, name: [value]}
        at = (at + per_field) % max(len(values) - per_field, 1)
        yield f"{name} missing", {k: v for k, v in base.items() if k != name}
        if twice:
            yield f"{name} twice", {**base, name: [*base.get(name, [""]), values[at]]}


@pytest.mark.parametrize("role", ROLES)
def test_malformed_form_values_give_no_server_error_and_store_nothing_out_of_range(
    world, client, role, record_property
):
    actor = clients(world, type(client))[role]
    actor.handler.enforce_csrf_checks = True
    pages = reachable_pages(world, role, actor)
    forms = form_targets(pages)
    values = malformed_values(PER_FIELD * 40)
    baseline = baseline_invalid()
    tally = Tally()
    for form in forms:
        for described, data in mutations(form, values):
            data = {k: v if len(v) > 1 else v[0] for k, v in data.items()}
            send(
                actor,
                "POST",
                form.action,
                data,
                tally,
                f"{role} POST {form.action} {described}",
                baseline,
            )
            tally.values += 1
            tally.targets[form.action] += 1
    line = (
        f"generated forms, {role}: {len(pages)} pages, {len(forms)} forms, "
        f"{tally.values} malformed values in {tally.requests} requests, "
        f"{len(tally.server_errors)} server errors, {len(tally.stored)} stored out of range"
    )
    tally_report(
        line, record_property, [(f.action, sorted(f.fields), f.buttons[:3]) for f in forms]
    )
    assert not tally.server_errors, "\n".join(tally.server_errors[:50])
    assert not tally.stored, "\n".join(tally.stored[:50])
