"""The product running for real: gunicorn and a Celery worker on the scratch
database, freshness over HTTP, and a locust load test on loopback."""

import contextlib
import json
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

from campaigns.models import Assignment, Report, Tally

from .data import Dataset, session_for
from .measure import dashboard_url
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
    }


def post(base: str, item: dict, session_key: str, csrf: str) -> int:
    request = urllib.request.Request(
        base + item["url"],
        data=urllib.parse.urlencode(item["body"]).encode(),
        headers={"Cookie": f"sessionid={session_key}; csrftoken={csrf}", "X-CSRFToken": csrf},
        method="POST",
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=30).status
    except urllib.error.HTTPError as error:
        return error.code


def freshness(ds: Dataset, base: str, worker: Process, reports: list[Report]) -> dict:
    """Median seconds from a report's HTTP submission to the organiser's tally
    counting it, through Redis and the real worker."""
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


def percentile(response_times: dict, requests: int, share: float) -> float | None:
    """Locust's own percentile rule (`locust.stats.calculate_response_time_percentile`,
    not imported: importing locust patches this process with gevent) on its
    histogram of response times ({ms as a JSON key: count})."""
    if not requests:
        return None
    wanted_below = int(requests * share)
    counted = 0
    for time_ms, n in sorted(((float(k), v) for k, v in response_times.items()), reverse=True):
        counted += n
        if requests - counted <= wanted_below:
            return time_ms
    return 0.0


def load(ds: Dataset, base: str, reports: list[Report], *, users: int, seconds: int) -> dict:
    """locust headless: `users` simulated people for `seconds` on loopback."""
    csrf = secrets.token_hex(16)
    plan = {
        "dashboard_url": dashboard_url(ds),
        "trivial_url": REFERENCE_URL,
        "csrf": csrf,
        "council_sessions": [session_for(ds.council) for _ in range(users)],
        "secretary": session_for(ds.secretary),
        "submissions": [submission(r) for r in reports],
    }
    ids = [r.pk for r in reports]
    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        plan_path = Path(folder) / "plan.json"
        plan_path.write_text(json.dumps(plan))
        prefix = str(Path(folder) / "stats")
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
                str(users),
                "--run-time",
                f"{seconds}s",
                "--host",
                base,
                # The statistics as saved once every user has stopped: the CSV
                # files are rewritten each second and missed the last requests.
                "--json-file",
                prefix,
                "--only-summary",
                # Requests in flight at the end complete, so every submission
                # the database holds is counted.
                "--stop-timeout",
                "120",
            ],
            cwd=ROOT,
            env={**os.environ, "BENCH_PLAN": str(plan_path)},
            capture_output=True,
            text=True,
            timeout=seconds + 300,
        )
        stats_path = Path(prefix + ".json")
        if not stats_path.exists():
            raise RuntimeError("locust wrote no statistics:\n" + result.stderr[-3000:])
        rows = {entry["name"]: entry for entry in json.loads(stats_path.read_text())}
    # The roll-ups of the submissions drain through the worker.
    deadline = time.monotonic() + 300
    while Report.objects.filter(pk__in=ids, rollup_pending=True).exists():
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)

    def p95(name):
        row = rows.get(name)
        return percentile(row["response_times"], row["num_requests"], 0.95) if row else None

    def count(name, key):
        row = rows.get(name)
        return row[key] if row else 0

    submits = count("submit", "num_requests")
    submit_failures = count("submit", "num_failures")
    dashboard_p95, trivial_p95 = p95("dashboard"), p95("trivial")
    connection.close()
    return {
        "load_users": users,
        "load_seconds": seconds,
        "load_requests": sum(row["num_requests"] for row in rows.values()),
        "load_dashboard_p95_ms": dashboard_p95,
        "load_trivial_p95_ms": trivial_p95,
        "load_p95_ratio": round(dashboard_p95 / trivial_p95, 2)
        if dashboard_p95 and trivial_p95
        else None,
        "load_errors": sum(row["num_failures"] for row in rows.values()),
        "load_submits_ok": submits - submit_failures,
        "load_submits_in_db": Report.objects.filter(pk__in=ids, status="submitted").count(),
        "load_rollups_pending": Report.objects.filter(pk__in=ids, rollup_pending=True).count(),
    }
