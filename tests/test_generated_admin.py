"""Malformed values in every form and GET parameter of the Django admin site (issue 13).

The application's forms and parameters are tests/test_generated_forms.py and
tests/test_generated_params.py; this file is the admin site's: every registered
ModelAdmin's add and change form (the change form of the model's first row of the
URL table's world, its inlines included), the delete confirmations, the change
lists' action form ("delete selected") and their search, filter, sort and page
parameters, the admin's own password change, the reconcile button and the fields'
autocomplete. The pages are the admin URLs of the table (tests/test_url_access.py)
that answer the actor 200, read as a browser reads them (tests/pages.py).

Two actors: the superuser (the province's Sở Nội vụ, who keeps the reference data
here) and an organiser's admin who is staff but not a superuser (the admin site
opens them only their own password and the reconcile button, docs/permissions.md).

Fewer values per field than the application's forms (GENERATED_ADMIN_PER_FIELD, 1,
and the field left out; GENERATED_ADMIN_PER_PARAMETER, 2): the admin has hundreds
of fields and the whole generated suite must stay quick. Asserted: no server error;
nothing stored past its field's bounds; and a refused form (the admin answers 200
with the form again, a saved one redirects) writes nothing at all, so the stored
row is unchanged.
"""

import os
import re

import pytest

from tests.generated import (
    Tally,
    baseline_invalid,
    form_targets,
    malformed_values,
    query_targets,
    resolve_name,
    send,
    send_queries,
    tally_report,
)
from tests.pages import page_read
from tests.test_generated_forms import mutated, mutations, world  # noqa: F401 - the fixture
from tests.test_url_access import url_paths

PER_FIELD = int(os.environ.get("GENERATED_ADMIN_PER_FIELD", "1"))
PER_PARAMETER = int(os.environ.get("GENERATED_ADMIN_PER_PARAMETER", "2"))

# Not sent malformed values: signing out (every later request needs the session).
SKIPPED = {"admin:logout"}

ACTORS = {
    "superuser": lambda w: w.users["admin"],
    "organiser admin": lambda w: w.other_admin,
}


def admin_fields(form) -> list[str]:
    """The fields of an admin form sent malformed values: the form's own and those of
    the first row of each inline (the other rows are the same form again), not the
    hidden copies of initial values (``initial-…``)."""
    return [
        name
        for name in form.fields
        if mutated(name)
        and not re.search(r"-[1-9][0-9]*-", name)
        and not name.startswith("initial-")
    ]


def admin_pages(built, client) -> list:
    """Every page of the admin site in the URL table that answers `client` 200."""
    pages = []
    for key, _entry, path in url_paths(built):
        if not (key.startswith("admin:") or key.startswith("/admin/")) or key in SKIPPED:
            continue
        response = client.get(path)
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            pages.append(page_read(path, response.content.decode(errors="replace")))
    return pages


def autocomplete_targets() -> list[tuple[str, str, dict]]:
    """The admin's autocomplete (a JSON view no page links to): one of its uses, the
    report's unit, with each of its parameters."""
    params = {
        "app_label": "campaigns",
        "model_name": "report",
        "field_name": "unit",
        "term": "Phường",
        "page": "1",
    }
    return [("/admin/autocomplete/", name, params) for name in params]


@pytest.mark.parametrize("actor", ACTORS)
def test_malformed_admin_values_give_no_server_error_and_change_nothing_when_refused(
    world,  # noqa: F811 - the fixture
    client,
    actor,
    record_property,
):
    user = ACTORS[actor](world)
    admin = type(client)(raise_request_exception=False, enforce_csrf_checks=True)
    admin.force_login(user)
    pages = admin_pages(world, admin)
    forms = [f for f in form_targets(pages) if resolve_name(f.action) not in SKIPPED]
    queries = query_targets(pages)
    if user.is_superuser:
        queries += autocomplete_targets()
    values = malformed_values(600)
    baseline = baseline_invalid()
    tally = Tally()
    for form in forms:
        for described, data in mutations(form, values, PER_FIELD, False, admin_fields(form)):
            data = {k: v if len(v) > 1 else v[0] for k, v in data.items()}
            described = f"{actor} POST {form.action} {described}"
            send(admin, "POST", form.action, data, tally, described, baseline, True)
            tally.values += 1
            tally.targets[form.action] += 1
    send_queries(admin, actor, queries, values, PER_PARAMETER, tally, baseline)
    line = (
        f"generated admin, {actor}: {len(pages)} pages, {len(forms)} forms, "
        f"{len(queries)} parameters, {tally.values} malformed values in {tally.requests} "
        f"requests, {len(tally.server_errors)} server errors, "
        f"{len(tally.stored)} stored out of range or written by a refused form"
    )
    listed = [(f.action, len(f.fields)) for f in forms] + [(p, n) for p, n, _ in queries]
    tally_report(line, record_property, listed)
    if user.is_superuser:
        # Not vacuous: every ModelAdmin's add or change form was posted to.
        assert len(forms) >= 40 and len(queries) >= 40
    assert not tally.server_errors, "\n".join(tally.server_errors[:80])
    assert not tally.stored, "\n".join(tally.stored[:80])
