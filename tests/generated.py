"""The generated-input suite's parts: malformed values (hypothesis), the pages each
actor can reach (crawled from the URL table's world), and a check that nothing out
of range was stored (tests/test_generated_input_*.py, docs/testing.md)."""

import datetime as dt
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.signals import got_request_exception
from django.db import connection, models, transaction
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.pages import Form, Page, page_read

# --- Malformed values -------------------------------------------------------------

# Digits of other scripts, which str.isdigit() or int() accept: fullwidth,
# Arabic-Indic, Extended Arabic-Indic, Devanagari, superscripts and subscripts.
UNICODE_DIGITS = "０１２３４５６７８９٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹०१२३४५६७८९⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃"
CONTROL = "".join(chr(c) for c in [*range(0, 32), 127]) + "\u200b\u202e\ufeff"

FIXED = [
    "",
    " ",
    "0",
    "-1",
    "-0",
    "9" * 19,
    "9" * 25,
    "9" * 400,
    "-" + "9" * 400,
    "1e400",
    "1E-400",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "inf",
    "²",
    "1²",
    "١٢",
    "१२",
    "１２",
    "1,5",
    "1.234,5",
    "1.5",
    "0x1F",
    "+3",
    "null",
    "None",
    "true",
    "[]",
    "{}",
    "31/02/2023",
    "00/00/0000",
    "29/02/2023",
    "01/01/0001",
    "31/12/9999",
    "2023-13-45",
    "99/99/99999",
    "١٢/٠٣/٢٠٢٣",
    '=HYPERLINK("http://example.com","bấm")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "\x00",
    "a\x00b",
    "\u202eabc",
    "x" * 70_000,
]

numbers = st.one_of(
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.integers(min_value=10**18, max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True, places=None).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet=UNICODE_DIGITS, min_size=1, max_size=25),
    st.tuples(st.integers(0, 10**6), st.text(alphabet=UNICODE_DIGITS, min_size=1, max_size=3)).map(
        lambda t: f"{t[0]}{t[1]}"
    ),
)
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=CONTROL, min_size=1, max_size=8).map(lambda c: f"Nguyễn{c}Văn"),
    st.integers(min_value=2_000, max_value=120_000).map(lambda n: "Đ" * n),
    st.sampled_from(["=", "+", "-", "@", "\t", "\r"]).map(lambda c: f"{c}1+2"),
)
dates = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.tuples(st.integers(-99, 99), st.integers(-99, 99), st.integers(-99999, 99999)).map(
        lambda t: f"{t[0]}/{t[1]}/{t[2]}"
    ),
)
MALFORMED = st.one_of(st.sampled_from(FIXED), numbers, texts, dates)


def malformed_values(count: int) -> list[str]:
    """`count` malformed values drawn by hypothesis, the same on every run: the
    fixed cases first (the ones the issues saw), then generated ones."""
    drawn: list[str] = []

    @settings(
        max_examples=count,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(MALFORMED)
    def draw(value):
        drawn.append(value)

    draw()
    values = FIXED + [v for v in drawn if v not in FIXED]
    while len(values) < count:  # hypothesis stops early when it has seen every case
        values += values[: count - len(values)]
    return values[:count]


# --- What was stored --------------------------------------------------------------

WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE)\s+"?(\w+)"?', re.IGNORECASE)


def _tables() -> dict:
    return {m._meta.db_table: m for m in apps.get_models()}


class Writes:
    """The tables a request wrote to (INSERT or UPDATE), seen on the connection."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self, execute, sql, params, many, context):
        match = WRITE.match(sql)
        if match:
            self.tables.add(match.group(1))
        return execute(sql, params, many, context)


def _checked_fields(model):
    for f in model._meta.concrete_fields:
        if f.is_relation or f.primary_key or isinstance(f, models.FileField):
            continue
        yield f


def out_of_range(model) -> list[str]:
    """Stored values of `model` that its own fields refuse: past a validator's bound,
    a number that is not finite or has more digits than the column, a text longer
    than its field or with the characters its validators refuse."""
    found = []
    for obj in model._default_manager.all():
        for f in _checked_fields(model):
            value = getattr(obj, f.attname)
            if value in (None, ""):
                continue
            if isinstance(value, Decimal) and not value.is_finite():
                found.append(f"{model.__name__}#{obj.pk}.{f.name} = {value}")
                continue
            try:
                f.run_validators(value)
            except ValidationError as error:
                found.append(f"{model.__name__}#{obj.pk}.{f.name} = {str(value)[:60]!r}: {error}")
    return found


def baseline_invalid() -> set[str]:
    """What the world holds already that the check above would name (none, we hope)."""
    return {line for model in apps.get_models() for line in out_of_range(model)}


# --- Asking -----------------------------------------------------------------------


@dataclass
class Tally:
    """What a run sent and found, for the figures in docs/testing.md."""

    values: int = 0
    requests: int = 0
    targets: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)


# Tables a refused request may still write to: the session (messages, the CSRF token).
REFUSAL_WRITES = {"django_session"}


def send(
    client,
    method,
    path,
    data,
    tally: Tally,
    described: str,
    baseline: set,
    refused_writes_nothing: bool = False,
):
    """One request, rolled back after the check of what it stored; its 5xx and
    stored out-of-range values are recorded on the tally with how to repeat them.
    With `refused_writes_nothing` (the admin site, where a saved form redirects), a
    200 answer is the form refused: it must have written nothing at all."""
    errors = []

    def caught(sender, request=None, **kwargs):
        errors.append(repr(sys.exc_info()[1])[:300])

    writes = Writes()
    cookies = client.cookies
    client.cookies = type(cookies)(cookies)
    got_request_exception.connect(caught, weak=False)
    try:
        with transaction.atomic(), connection.execute_wrapper(writes):
            response = getattr(client, method.lower())(path, data)
            stored = []
            if response.status_code < 500:
                table = _tables()
                for name in sorted(writes.tables):
                    model = table.get(name)
                    if model is not None:
                        stored += [s for s in out_of_range(model) if s not in baseline]
            if refused_writes_nothing and response.status_code == 200:
                wrote = sorted(writes.tables - REFUSAL_WRITES)
                if wrote:
                    stored.append(f"a refused form (200) wrote to {wrote}")
            transaction.set_rollback(True)
    finally:
        got_request_exception.disconnect(caught)
        client.cookies = cookies
    tally.requests += 1
    if response.status_code >= 500 or errors:
        tally.server_errors.append(f"{described} → {response.status_code} {errors}")
    tally.stored += [f"{described} stored {s}" for s in stored]
    return response


def send_queries(client, who, targets, values, per_parameter, tally, baseline) -> None:
    """Each (path, parameter, the link's parameters) of `targets` asked with GET with
    `per_parameter` malformed values in that parameter (the next ones of `values`
    for each), the link's other parameters kept."""
    at = 0
    for path, name, params in targets:
        for value in values[at : at + per_parameter]:
            described = f"{who} GET {path}?{name}={value[:40]!r}"
            send(client, "GET", path, {**params, name: value}, tally, described, baseline)
            tally.values += 1
        at = (at + per_parameter) % (len(values) - per_parameter)


def tally_report(line: str, record_property, listed: list | None = None) -> None:
    """Print a run's line (and, with GENERATED_LIST, what it sent to), keep it on the
    test's record, and add it to the file GENERATED_COUNTS names (docs/testing.md)."""
    print(line)
    if os.environ.get("GENERATED_LIST"):
        for item in listed or []:
            print("  ", item)
    record_property("generated", line)
    if os.environ.get("GENERATED_COUNTS"):
        with open(os.environ["GENERATED_COUNTS"], "a") as counts:
            counts.write(line + "\n")


# --- The pages an actor reaches ----------------------------------------------------

SKIP_VIEWS = {
    "logout",  # ends the session every later request needs
    "admin:logout",
    "set_language",
}


def crawl(client, start: list[str], limit_per_view: int = 2) -> list[Page]:
    """The pages reached from `start` by following links (two per view at most),
    each read for its forms and query parameters."""
    seen_views: Counter = Counter()
    seen: set[str] = set()
    queue = list(start)
    found = []
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            view = resolve(path).view_name
        except Resolver404:
            continue
        if view in SKIP_VIEWS or view.startswith("admin:") or seen_views[view] >= limit_per_view:
            continue
        seen_views[view] += 1
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = page_read(path, response.content.decode(errors="replace"))
        found.append(page)
        for href in re.findall(r'href="(/[^"?#]*)"', response.content.decode(errors="replace")):
            if href not in seen:
                queue.append(href)
    return found


def form_targets(pages: list[Page]) -> list[Form]:
    """Every POST form once (the same form on many pages, like the language
    switcher, is one target)."""
    unique = {}
    for page in pages:
        for form in page.forms:
            if form.method != "post":
                continue
            key = (resolve_name(form.action), tuple(sorted(form.fields)))
            unique.setdefault(key, form)
    return list(unique.values())


def query_targets(pages: list[Page]) -> list[tuple[str, str, dict]]:
    """Every (path, parameter) a page links to or submits with GET, once per view."""
    unique = {}
    for page in pages:
        for path, params in page.queries:
            for name in params:
                unique.setdefault((resolve_name(path), name), (path, name, params))
    return list(unique.values())


def resolve_name(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return path
