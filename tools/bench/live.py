"""The product running for real: gunicorn and a Celery worker on the scratch
database, freshness over HTTP, and a locust load test on loopback."""

import contextlib
import json
import math
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import redis
from django.conf import settings
from django.db import connection

from blocs.models import Bloc, Unit
from campaigns.models import Assignment, Report, Tally

from . import cpu
from .data import Dataset, session_for
from .measure import dashboard_url
from .middleware import HEADER
from .urls import REFERENCE_URL

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port(start: int = 8701) -> int:
    for port in range(start, start + 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port from 8701")


def child_env(database_url: str, redis_url: str, queue: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        # The same key as this process, which writes the sessions they read.
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_MANIFEST": "0",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_QUEUE": queue,
        # As production runs it (README, "Production"): gunicorn's workers share
        # the dashboard's rendered pages in Redis, so a roll-up costs one render
        # of a page, not one in each worker's memory.
        "CACHE_URL": redis_url,
        "DB_CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
        # The product plus the reference page the load test compares the dashboard with.
        "DJANGO_SETTINGS_MODULE": "tools.bench.settings",
    }


class Process:
    """A child process whose output is kept (and shown when it fails)."""

    def __init__(self, args, env, ready_text=None):
        self.lines: list[str] = []
        self.ready = threading.Event()
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )

        def follow():
            for line in self.process.stdout:
                self.lines.append(line)
                if ready_text and ready_text in line:
                    self.ready.set()

        self.reader = threading.Thread(target=follow, daemon=True)
        self.reader.start()

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=5)

    def output(self) -> str:
        return "".join(self.lines[-40:])


def celery_worker_args(queue: str) -> list[str]:
    """One solo Celery worker on a queue of its own (also the tests' worker)."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "mongcai",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=INFO",
        "-Q",
        queue,
        "-n",
        f"{queue}@%h",
    ]


@contextmanager
def running(database_url: str, redis_url: str, workers: int = 3):
    """gunicorn (as the Procfile runs it) and one Celery worker, stopped afterwards."""
    queue = f"bench-{os.getpid()}"
    env = child_env(database_url, redis_url, queue)
    port = free_port()
    web = Process(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mongcai.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ],
        env,
    )
    worker = Process(celery_worker_args(queue), {**env, "LOG_LEVEL": "INFO"}, ready_text=" ready.")
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                # B310: an http:// address, of the server this harness started itself.
                urllib.request.urlopen(f"{base}/login/", timeout=10).read()  # nosec B310
                break
            except OSError:  # refused, reset or timed out while the workers boot
                if time.monotonic() > deadline or web.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start:\n" + web.output()) from None
                time.sleep(0.2)
        if not worker.ready.wait(60):
            raise RuntimeError("the Celery worker did not start:\n" + worker.output())
        yield base, worker
    finally:
        web.stop()
        worker.stop()
        with contextlib.suppress(Exception):  # the queue key is only tidied up
            redis.Redis.from_url(redis_url).delete(queue)


def submission(report: Report) -> dict:
    """The POST the secretary's form sends to submit the draft, with a value
    (and a note, so no outlier warning blocks it) for every indicator."""
    body = {"highlights": "", "version": str(report.version), "action": "submit"}
    for assignment in Assignment.objects.filter(
        unit_id=report.unit_id, campaign_indicator__campaign_id=report.period.campaign_id
    ).select_related("campaign_indicator__indicator"):
        indicator = assignment.campaign_indicator.indicator
        value = {"yes_no": "1", "percent": "50"}.get(indicator.value_kind, "500")
        body[f"value_{indicator.pk}"] = value
        body[f"note_{indicator.pk}"] = "bench"
    return {
        "url": f"/campaigns/units/{report.unit_id}/periods/{report.period_id}/report/",
        "body": body,
        "report": report.pk,
    }


def request(base: str, method: str, url: str, session_key: str, csrf: str, body=None):
    """One request as a signed-in browser sends it: (status, the worker that served it)."""
    data = urllib.parse.urlencode(body).encode() if body is not None else None
    req = urllib.request.Request(
        base + url,
        data=data,
        headers={"Cookie": f"sessionid={session_key}; csrftoken={csrf}", "X-CSRFToken": csrf},
        method=method,
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(req, timeout=60)
    except urllib.error.HTTPError as error:
        response = error
    response.read()
    return response.status, response.headers.get(HEADER)


def post(base: str, item: dict, session_key: str, csrf: str) -> int:
    return request(base, "POST", item["url"], session_key, csrf, item["body"])[0]


def freshness(ds: Dataset, base: str, worker: Process, reports: list[Report]) -> dict:
    """Median seconds from a report's HTTP submission to the organiser's tally
    counting it, through Redis and the real worker (one submission at a time)."""
    csrf = secrets.token_hex(16)
    secretary = session_for(ds.secretary)
    samples = []
    for report in reports:
        item = submission(report)
        month = report.period_id
        city = Tally.objects.filter(node_kind="tree", node_id=ds.root.pk, period_id=month).order_by(
            "indicator_id"
        )
        indicator_id = city.values_list("indicator_id", flat=True).first()
        before = city.filter(indicator_id=indicator_id).values_list("reported", flat=True).get()
        started = time.perf_counter()
        status = post(base, item, secretary, csrf)
        if status != 302:
            raise RuntimeError(f"submission answered {status}")
        while True:
            reported = (
                city.filter(indicator_id=indicator_id).values_list("reported", flat=True).get()
            )
            if reported == before + 1:
                break
            if time.perf_counter() - started > 60 or worker.process.poll() is not None:
                raise RuntimeError("the tally did not show the report:\n" + worker.output())
            time.sleep(0.01)
        samples.append(time.perf_counter() - started)
    return {
        "freshness_s": round(statistics.median(samples), 3),
        "freshness_max_s": round(max(samples), 3),
        "freshness_samples": len(samples),
    }


def council_urls(ds: Dataset) -> dict:
    """The pages council members read: the city dashboard, a bloc's, a unit's."""
    period = f"?period={ds.dashboard_period.pk}"
    blocs = list(Bloc.objects.filter(code__startswith="bench-").values_list("pk", flat=True)[:10])
    units = list(Unit.objects.filter(code__startswith="bench-u-").values_list("pk", flat=True))
    units = units[:: max(1, len(units) // 20)][:20]
    campaign = ds.campaign.pk
    return {
        "dashboard_url": dashboard_url(ds),
        "bloc_urls": [f"/campaigns/{campaign}/dashboard/blocs/{b}/{period}" for b in blocs],
        "unit_urls": [f"/campaigns/{campaign}/dashboard/units/{u}/{period}" for u in units],
        "trivial_url": REFERENCE_URL,
    }


def warm_up(ds: Dataset, base: str, spare: Report, *, workers: int) -> dict:
    """Until every gunicorn worker has served every kind of request of the load
    (the response header of tools.bench.middleware names the worker): batches of
    concurrent requests per kind. The submit is warmed by a POST of the form
    with a stale version, which the product refuses without writing anything.

    Returns, per kind, how many workers served it (all of them, or the run stops)."""
    csrf = secrets.token_hex(16)
    council, secretary = session_for(ds.council), session_for(ds.secretary)
    urls = council_urls(ds)
    form = submission(spare)
    stale = {**form["body"], "version": "0"}
    kinds = {
        "dashboard": ("GET", urls["dashboard_url"], council, None),
        "dashboard_bloc": ("GET", urls["bloc_urls"][0], council, None),
        "dashboard_unit": ("GET", urls["unit_urls"][0], council, None),
        "trivial": ("GET", urls["trivial_url"], council, None),
        "form": ("GET", form["url"], secretary, None),
        "submit": ("POST", form["url"], secretary, stale),
    }
    served = {}
    for kind, (method, url, session_key, body) in kinds.items():
        seen: set[str] = set()
        for _ in range(30):
            threads, answers = [], []

            def one(method=method, url=url, session_key=session_key, body=body, answers=answers):
                answers.append(request(base, method, url, session_key, csrf, body))

            for _ in range(2 * workers):
                threads.append(threading.Thread(target=one))
                threads[-1].start()
            for thread in threads:
                thread.join()
            for status, pid in answers:
                if status >= 500:
                    raise RuntimeError(f"warm-up: {kind} answered {status}")
                seen.add(pid)
            if len(seen) >= workers:
                break
        if len(seen) < workers:
            raise RuntimeError(f"warm-up: only {len(seen)} of {workers} workers served {kind}")
        served[kind] = len(seen)
    return served


class RolledUpWatch(threading.Thread):
    """When each submitted report's roll-up has committed (its `rollup_pending`
    cleared, which the task does once the tallies are written): polled every
    0.1 s, so a freshness is at most 0.1 s longer than it was."""

    def __init__(self, ids: list[int]):
        super().__init__(daemon=True)
        self.waiting = set(ids)
        self.seen: dict[int, float] = {}
        self.done = threading.Event()

    def run(self):
        try:
            while not self.done.is_set() and self.waiting:
                found = list(
                    Report.objects.filter(
                        pk__in=self.waiting, status="submitted", rollup_pending=False
                    ).values_list("pk", flat=True)
                )
                now = time.time()
                for pk in found:
                    self.seen[pk] = now
                self.waiting.difference_update(found)
                time.sleep(0.1)
        finally:
            connection.close()


def p95(values: list[float]) -> float | None:
    """The nearest-rank 95th percentile."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 1)


def summary(samples: list[list]) -> dict:
    """Per kind of request: count, failures, median and 95th percentile (ms)."""
    kinds: dict[str, list] = {}
    for name, _start, ms, failed, _report in samples:
        kinds.setdefault(name, []).append((ms, failed))
    return {
        name: {
            "requests": len(rows),
            "failures": sum(1 for _, failed in rows if failed),
            "median_ms": round(statistics.median(ms for ms, _ in rows), 1),
            "p95_ms": p95([ms for ms, _ in rows]),
        }
        for name, rows in sorted(kinds.items())
    }


def run_locust(
    ds: Dataset, base: str, reports: list[Report], *, spare: Report, users: int, seconds: int
):
    """locust headless with `users` people for `seconds`, spawned over the first
    5 s; returns every request it made ([kind, start, ms, failed, report])."""
    csrf = secrets.token_hex(16)
    plan = {
        **council_urls(ds),
        "csrf": csrf,
        "council_sessions": [session_for(ds.council) for _ in range(users)],
        "council": session_for(ds.council),
        "secretary": session_for(ds.secretary),
        "submissions": [submission(r) for r in reports],
        "spare_form_url": submission(spare)["url"],
    }
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        plan_path = Path(folder) / "plan.json"
        plan_path.write_text(json.dumps(plan))
        samples_path = Path(folder) / "samples.json"
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(Path(__file__).with_name("locustfile.py")),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(max(1, users // 5)),
                "--run-time",
                f"{seconds}s",
                "--host",
                base,
                "--only-summary",
                # Requests in flight at the end complete, so every submission
                # the database holds is counted.
                "--stop-timeout",
                "120",
            ],
            cwd=ROOT,
            env={**os.environ, "BENCH_PLAN": str(plan_path), "BENCH_SAMPLES": str(samples_path)},
            capture_output=True,
            text=True,
            timeout=seconds + 300,
        )
        if not samples_path.exists():
            raise RuntimeError("locust wrote no samples:\n" + result.stderr[-3000:])
        return json.loads(samples_path.read_text())


def load(
    ds: Dataset,
    base: str,
    reports: list[Report],
    *,
    spare: Report,
    users: int,
    seconds: int,
    warmup: int,
) -> dict:
    """The deadline hour: `users` people for `warmup` + `seconds`; the first
    `warmup` seconds are reported apart (`load_warmup`), the rest is the steady
    state the targets are about. While it runs, each submit's roll-up is
    watched: freshness is from the POST's start to its roll-up's commit."""
    ids = [r.pk for r in reports]
    watch = RolledUpWatch(ids)
    watch.start()
    started = time.time()
    with cpu.measured() as used:
        samples = run_locust(ds, base, reports, spare=spare, users=users, seconds=warmup + seconds)
    # The roll-ups of the submissions drain through the worker.
    deadline = time.monotonic() + 300
    while watch.waiting and time.monotonic() < deadline:
        if not Report.objects.filter(pk__in=watch.waiting, rollup_pending=True).exists():
            break
        time.sleep(0.2)
    time.sleep(0.3)
    watch.done.set()
    watch.join()
    # The warm-up counts from the first request (locust takes a moment to start).
    steady_from = min((s[1] for s in samples), default=started) + warmup
    warm = [s for s in samples if s[1] < steady_from]
    steady = [s for s in samples if s[1] >= steady_from]
    stats = summary(steady)

    def fresh(rows):
        out = [
            watch.seen[report] - start
            for name, start, _ms, failed, report in rows
            if name == "submit" and not failed and report in watch.seen
        ]
        return round(p95(out), 3) if out else None

    submits_ok = sum(1 for s in samples if s[0] == "submit" and not s[3])
    in_db = Report.objects.filter(pk__in=ids, status="submitted").count()
    pending = Report.objects.filter(pk__in=ids, rollup_pending=True).count()
    connection.close()
    p95s = [row["p95_ms"] for row in stats.values()]
    dashboard_p95 = stats.get("dashboard", {}).get("p95_ms")
    trivial_p95 = stats.get("trivial", {}).get("p95_ms")
    return {
        "load_users": users,
        "load_seconds": seconds,
        "load_warmup_seconds": warmup,
        "load_requests": len(steady),
        "load_requests_per_s": round(len(steady) / seconds, 1),
        "load_by_kind": stats,
        "load_warmup_by_kind": summary(warm),
        "load_p95_max_ms": max(p95s) if p95s else None,
        "load_dashboard_p95_ms": dashboard_p95,
        "load_trivial_p95_ms": trivial_p95,
        "load_p95_ratio": round(dashboard_p95 / trivial_p95, 2)
        if dashboard_p95 and trivial_p95
        else None,
        "load_errors": sum(1 for s in samples if s[3]),
        "load_submits_ok": submits_ok,
        "load_submits_per_s": round(
            sum(1 for s in steady if s[0] == "submit" and not s[3]) / seconds, 1
        ),
        "load_submits_in_db": in_db,
        "load_submits_missing": submits_ok - in_db,
        "load_rollups_pending": pending,
        "load_freshness_p95_s": fresh(steady),
        "load_warmup_freshness_p95_s": fresh(warm),
        # Over the warm-up and the steady state: which processes took the CPU.
        **{f"load_{key}": value for key, value in used.items()},
    }


def capacity(
    ds: Dataset, base: str, reports: list[Report], *, spare: Report, levels: list[int], seconds: int
) -> dict:
    """The most users at which every kind of request keeps p95 <= 300 ms: short
    runs at each level (after the same warm-up), each with drafts nobody has
    submitted yet."""
    results = {}
    for users in levels:
        drafts = list(
            Report.objects.filter(pk__in=[r.pk for r in reports], status="draft").select_related(
                "period"
            )
        )
        samples = run_locust(ds, base, drafts, spare=spare, users=users, seconds=seconds + 5)
        steady_from = min(s[1] for s in samples) + 5 if samples else 0
        stats = summary([s for s in samples if s[1] >= steady_from])
        results[users] = max((row["p95_ms"] for row in stats.values()), default=None)
    connection.close()
    passing = [users for users, worst in results.items() if worst is not None and worst <= 300]
    return {
        "load_capacity_p95_by_users": results,
        "load_capacity_users": max(passing) if passing else 0,
    }
