"""Every URL pattern of mongcai.urls, read from the resolver, with a way to build and ask it.

Shared by the URL × role table (tests/test_url_access.py) and the generated-input
suite (tests/test_generated_input.py).
"""

import copy
import re
from dataclasses import dataclass

from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.world import ROLES, World


@dataclass(frozen=True)
class Route:
    """One URL pattern: its name with namespaces (``campaigns:report-detail``), or
    its route when it has no name (``/admin/login/``), and the kwargs it takes."""

    key: str
    name: str | None
    route: str
    kwargs: tuple[str, ...]


def _walk(patterns, prefix: str, namespace: str):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _walk(
                entry.url_patterns,
                prefix + str(entry.pattern),
                f"{namespace}{ns}:" if ns else namespace,
            )
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            kwargs = tuple(sorted(entry.pattern.regex.groupindex))
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(
                key=name or "/" + route.lstrip("^").rstrip("$"),
                name=name,
                route=route,
                kwargs=kwargs,
            )


def routes() -> list[Route]:
    """Every pattern once (the first of two with one name is the one reverse() builds)."""
    seen, found = set(), []
    for route in _walk(get_resolver().url_patterns, "", ""):
        if route.key not in seen:
            seen.add(route.key)
            found.append(route)
    return found


def admin_model(route: Route):
    """The model of one of a ModelAdmin's URLs and which of them it is: ``change`` for
    ``admin:campaigns_report_change``, ``object`` for the unnamed ``<object_id>/``
    that redirects to it; None for any other URL."""
    for model in admin.site._registry:
        app, name = model._meta.app_label, model._meta.model_name
        prefix = f"admin:{app}_{name}_"
        if route.name and route.name.startswith(prefix):
            return model, route.name.removeprefix(prefix)
        if not route.name and route.route == f"admin/{app}/{name}/<path:object_id>/":
            return model, "object"
    return None


def build(route: Route, values: dict, world: World) -> str:
    """The path of `route` with each kwarg taken from the world (by the table's names)."""
    kwargs = {}
    for kwarg in route.kwargs:
        value = values[kwarg]
        obj = world.objects[value] if isinstance(value, str) and value in world.objects else value
        kwargs[kwarg] = getattr(obj, "pk", obj)
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    path = route.key
    for kwarg, value in kwargs.items():
        path = re.sub(rf"<(\w+:)?{kwarg}>|\(\?P<{kwarg}>[^)]*\)", str(value), path)
    return path


def ask(client, method: str, path: str, data=None, **extra):
    """One request whose writes are rolled back, so every request meets the same world,
    and whose session (a sign-out, say) does not carry over to the next request."""
    cookies = copy.deepcopy(client.cookies)
    try:
        with transaction.atomic():
            response = getattr(client, method.lower())(path, data or {}, **extra)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response


def clients(world: World, client_class) -> dict:
    """A signed-in client per role (the second factor passed where the role has one)."""
    result = {}
    for role in ROLES:
        client = client_class(raise_request_exception=False)
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        result[role] = client
    return result
