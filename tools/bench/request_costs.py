"""The CPU each kind of request of the load test costs, in-process.

Every request goes through the whole middleware stack (the Django test
client, the benchmark's settings as its gunicorn runs them), signed in as the
load's council member or secretary. For each kind: the CPU time of this
process (`time.process_time`) and of its PostgreSQL backend (utime + stime
from /proc, in clock ticks of 10 ms, hence the mean over many requests), and
the queries of one request. CPU time, not wall time: on the shared 2-core
machine wall time measures the other engineers' work as much as ours.

Kinds: those of the load (tools/bench/locustfile.py) plus `dashboard_cold`
and `bloc_cold`, the same pages right after a roll-up that changed them (the
campaign's stamps moved before each), and `rollup`, the worker's roll-up of
one submitted report (`tally_recompute_for_report`).
"""

import contextlib
import time
from unittest import mock
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from blocs.models import Bloc, Unit
from campaigns.models import Campaign, Report
from campaigns.services.rollup import tally_recompute_for_report

from . import cpu
from .data import Dataset, session_for
from .live import submission
from .measure import dashboard_url
from .urls import REFERENCE_URL


def _backend_cpu() -> float:
    """CPU seconds PostgreSQL's backend of this connection has used (same machine)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    return cpu.process_cpu(pid)


def _cost(fn, count: int) -> dict:
    for n in range(2):  # caches, the connection
        fn(n)
    with CaptureQueriesContext(connection) as captured:
        fn(2)
    # Counted now: the next request's start empties the connection's query log.
    queries = len(captured)
    python, backend = time.process_time(), _backend_cpu()
    for n in range(count):
        fn(n + 3)
    python, backend = time.process_time() - python, _backend_cpu() - backend
    return {
        "python_ms": round(python / count * 1000, 2),
        "postgres_ms": round(backend / count * 1000, 2),
        "cpu_ms": round((python + backend) / count * 1000, 2),
        "queries": queries,
    }


def request_costs(ds: Dataset, count: int = 20) -> dict:
    """Per kind: mean CPU ms (Python, PostgreSQL, both) and queries of one request.
    Submits `count + 3` of the dataset's drafts (their roll-ups are measured as
    `rollup`)."""
    campaign, period = ds.campaign.pk, ds.dashboard_period.pk
    bloc = Bloc.objects.filter(code__startswith="bench-").order_by("pk").first()
    units = list(Unit.objects.filter(code__startswith="bench-u-").values_list("pk", flat=True))
    unit = units[len(units) // 2]
    drafts = list(Report.objects.filter(pk__in=ds.drafts, status="draft").select_related("period"))
    needed = count + 3
    if len(drafts) < 2 * needed:
        raise ValueError(f"request_costs needs {2 * needed} drafts, the data has {len(drafts)}")
    submits = [submission(r) for r in drafts[:needed]]
    forms = [submission(r)["url"] for r in drafts[needed : 2 * needed]]
    csrf = "b" * 32
    council, secretary = Client(), Client()
    council.cookies["sessionid"] = session_for(ds.council)
    secretary.cookies["sessionid"] = session_for(ds.secretary)
    secretary.cookies["csrftoken"] = csrf

    def get(client, url):
        def fn(_n):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fn

    def cold(url):
        def fn(n):
            # What a full recompute does to every page's key (a member's
            # roll-up moves a bloc's own stamp the same way).
            now = timezone.now()
            Campaign.objects.filter(pk=campaign).update(
                tallies_recomputed_at=now, tallies_rebuilt_at=now
            )
            get(council, url)(n)

        return fn

    def form(n):
        get(secretary, forms[n])(n)

    def submit(n):
        item = submits[n]
        # As a browser (and locust) posts a form: urlencoded, not multipart.
        response = secretary.post(
            item["url"],
            urlencode(item["body"]),
            content_type="application/x-www-form-urlencoded",
            HTTP_X_CSRFTOKEN=csrf,
        )
        assert response.status_code == 302, (item["url"], response.status_code)

    pages = {
        "trivial": get(council, REFERENCE_URL),
        "dashboard": get(council, dashboard_url(ds)),
        "dashboard_bloc": get(
            council, f"/campaigns/{campaign}/dashboard/blocs/{bloc.pk}/?period={period}"
        ),
        "dashboard_unit": get(
            council, f"/campaigns/{campaign}/dashboard/units/{unit}/?period={period}"
        ),
        "dashboard_cold": cold(dashboard_url(ds)),
        "bloc_cold": cold(f"/campaigns/{campaign}/dashboard/blocs/{bloc.pk}/?period={period}"),
        "form": form,
        "submit": submit,
    }
    # Without a broker the roll-up would run inside the submit (eager): it is
    # measured apart, as the worker's.
    eager = settings.CELERY_TASK_ALWAYS_EAGER
    with (
        override_settings(
            ALLOWED_HOSTS=["testserver"], DEBUG=False, ROOT_URLCONF="tools.bench.urls"
        ),
        mock.patch("mongcai.lib.jobs.publish") if eager else contextlib.nullcontext(),
    ):
        results = {kind: _cost(fn, count) for kind, fn in pages.items()}
    submitted = [item["report"] for item in submits]
    pending = iter(
        Report.objects.filter(pk__in=submitted, rollup_pending=True).values_list("pk", flat=True)
    )
    results["rollup"] = _cost(lambda _n: tally_recompute_for_report(report_id=next(pending)), count)
    return results
