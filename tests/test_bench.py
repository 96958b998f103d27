"""`manage.py bench`: a tiny run end to end (its figures are not timed tests), and
the constant reference page it compares the dashboard with."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from tests.test_worker import database_url
from tools.bench import cpu
from tools.bench.data import SCALES
from tools.bench.runner import KEYS
from tools.bench.urls import REFERENCE_URL

ROOT = Path(__file__).resolve().parent.parent


def scratch_databases() -> set[str]:
    s = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres", host=s["HOST"] or "127.0.0.1", port=s["PORT"] or 5432, user=s["USER"]
    )
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'mongcai_bench_%'")
            return {row[0] for row in cursor.fetchall()}
    finally:
        conn.close()


@pytest.mark.worker
@pytest.mark.django_db
def test_a_tiny_run_reports_every_figure_and_leaves_no_database(tmp_path):
    before = scratch_databases()
    out = tmp_path / "bench.json"
    result = subprocess.run(
        # 15 s of load, not 5: users think 3-10 s and 1 in 10 submits; with the suite
        # running beside it, 5 s sometimes ended before any user submitted.
        [
            *(sys.executable, "manage.py", "bench", "--scale", "tiny"),
            # No warm-up run at this size: its few drafts would all be submitted in it.
            *("--load-seconds", "15", "--load-warmup", "0", "--load-users", "20"),
            *("--capacity-seconds", "3", "--json", str(out)),
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    figures = json.loads(out.read_text())
    tiny = SCALES["tiny"]

    assert set(KEYS) <= figures.keys()
    for key in KEYS:
        assert isinstance(figures[key], int | float), key

    assert figures["values"] == tiny.units * tiny.indicators * tiny.periods
    # The floor wrote exactly the product's rows, so the ratio compares equal work.
    assert figures["floor_differences"] == 0
    assert figures["rollup_full_vs_floor"] == round(
        figures["rollup_full_s"] / figures["sql_floor_s"], 2
    )
    assert figures["incremental_samples"] >= 20
    # Batches of five different units rolled up together; the reconcile after
    # them finds nothing to change (incremental_differences below).
    assert figures["rollup_batch_size"] == 5 and figures["rollup_batch_samples"] >= 2
    assert figures["rollup_batch_per_report_ms"] == round(figures["rollup_batch_ms"] / 5, 2)
    assert 0 < figures["freshness_s"] < 10
    assert figures["dashboard_ms"] > 0 and figures["trivial_view_ms"] > 0
    # The dashboard asks the same number of queries whatever the number of units.
    assert len(set(figures["dashboard_queries_by_units"].values())) == 1
    assert len(set(figures["dashboard_cold_queries_by_units"].values())) == 1
    assert figures["dashboard_cold_queries"] > figures["dashboard_queries"]
    # Both roll-ups of a report (the product's and the floor's) left what a full
    # recompute finds.
    assert figures["incremental_differences"] == 0
    assert len(figures["incremental_scaling_points"]) == 3
    assert figures["load_errors"] == 0
    assert figures["load_submits_ok"] >= 1
    assert figures["load_submits_ok"] == figures["load_submits_in_db"]
    assert figures["load_submits_missing"] == 0
    assert figures["load_rollups_pending"] == 0
    assert figures["load_freshness_p95_s"] > 0
    # Every gunicorn worker served every kind of request before the measurement.
    kinds = {"dashboard", "dashboard_bloc", "dashboard_unit", "trivial", "form", "submit"}
    assert figures["load_warmup_workers_by_kind"] == dict.fromkeys(kinds, 3)
    assert set(figures["load_by_kind"]) == kinds
    assert figures["load_capacity_p95_by_users"]
    # Where the CPU went while the load ran: the server's processes were seen working,
    # and no kind took more than the whole machine.
    by_process = figures["load_cpu_by_process"]
    assert by_process["gunicorn"] > 0 and by_process["postgres"] > 0 and by_process["locust"] > 0
    assert 0 < figures["load_cpu_machine_busy"] <= figures["load_cpu_machine_cores"]
    assert sum(by_process.values()) <= figures["load_cpu_machine_cores"] * 1.05
    assert figures["excel_files"] == tiny.units
    assert len(figures["rollup_scaling_points"]) >= 3
    assert 0 < figures["rollup_peak_mb"] < 1000
    # The printed table has every figure.
    for key in KEYS:
        assert key in result.stdout
    assert scratch_databases() <= before


@pytest.mark.django_db
def test_request_costs_cover_every_kind_of_the_load_and_leave_no_database(tmp_path):
    before = scratch_databases()
    out = tmp_path / "costs.json"
    result = subprocess.run(
        [
            *(sys.executable, "manage.py", "bench_request_costs"),
            *("--scale", "tiny", "--count", "1", "--json", str(out)),
        ],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url()},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    costs = json.loads(out.read_text())
    kinds = {"trivial", "dashboard", "dashboard_bloc", "dashboard_unit", "form", "submit"}
    assert kinds | {"dashboard_cold", "bloc_cold", "rollup"} == costs.keys()
    for row in costs.values():
        assert row["cpu_ms"] == pytest.approx(row["python_ms"] + row["postgres_ms"], abs=0.02)
        assert row["queries"] > 0
    assert "submit" in result.stdout
    assert scratch_databases() == before


def test_the_benchmark_refuses_sqlite():
    result = subprocess.run(
        [sys.executable, "manage.py", "bench", "--scale", "tiny"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


@pytest.mark.urls("tools.bench.urls")
class TestReferencePage:
    """The constant page behind the same sign-in as the dashboard, in the benchmark's urlconf."""

    def test_anonymous_is_sent_to_sign_in(self, client, db):
        response = client.get(REFERENCE_URL)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")

    @pytest.mark.parametrize("actor", ["secretary_a", "council_member", "admin_user"])
    def test_every_signed_in_role_sees_the_constant_page(self, client, actor, request):
        client.force_login(request.getfixturevalue(actor))
        response = client.get(REFERENCE_URL)
        assert response.status_code == 200
        assert "Trang tham chiếu" in response.content.decode()

    def test_the_product_pages_are_there_too(self, client, council_member):
        client.force_login(council_member)
        assert client.get("/campaigns/").status_code == 200


def test_the_product_has_no_reference_page(client, council_member):
    client.force_login(council_member)
    assert client.get(REFERENCE_URL).status_code == 404


def test_load_percentiles_are_nearest_rank_per_kind_of_request():
    from tools.bench.live import p95, summary

    assert p95([10] * 95 + [100] * 5) == 10
    assert p95([10] * 94 + [100] * 6) == 100
    assert p95([7]) == 7
    assert p95([]) is None
    samples = [
        ["form", 0, 20, False, None],
        ["form", 1, 40, True, None],
        ["submit", 2, 9, False, 5],
    ]
    assert summary(samples) == {
        "form": {"requests": 2, "failures": 1, "median_ms": 30, "p95_ms": 40},
        "submit": {"requests": 1, "failures": 0, "median_ms": 9, "p95_ms": 9},
    }


def test_cpu_by_kind_of_process_counts_what_each_used_between_two_readings():
    """A process seen before and after counts its difference, one started in between
    all of its CPU; the kind is the first known word of its command line."""
    before = {1: ("gunicorn: worker [mongcai.wsgi]", 10.0), 2: ("postgres: mongcai idle", 1.0)}
    after = {
        1: ("gunicorn: worker [mongcai.wsgi]", 13.0),
        2: ("postgres: mongcai idle", 2.0),
        3: ("/usr/bin/python -m locust -f locustfile.py", 0.5),
        4: ("/usr/bin/python -m celery -A mongcai worker", 0.25),
        5: ("bash", 0.0),
    }
    assert cpu.by_kind(before, after, 2.0) == {
        "celery": 0.125,
        "gunicorn": 1.5,
        "locust": 0.25,
        "other": 0.0,
        "postgres": 0.5,
    }
    assert cpu.kind_of("redis-server 127.0.0.1:6379") == "redis"


def test_cpu_measured_reads_this_machine_while_it_works():
    """The machine's busy CPU-seconds per second while this process computes are more
    than zero and at most the cores; this process is among "other"."""
    with cpu.measured() as figures:
        deadline = time.process_time() + 0.3
        while time.process_time() < deadline:
            pass
    assert 0 < figures["cpu_machine_busy"] <= figures["cpu_machine_cores"]
    assert figures["cpu_by_process"]["other"] > 0
