"""One benchmark run: generate, measure against the floors, compute the ratios."""

import dataclasses
import time

from campaigns.models import Report
from campaigns.services import tally_recompute

from . import live, measure
from .awards_export import export_benchmark
from .data import Scale, generate, truncate
from .scratch import database_url, scratch_database

# The figures of the issue, in the order of the printed table.
KEYS = [
    "values",
    "rollup_full_s",
    "sql_floor_s",
    "rollup_full_vs_floor",
    "rollup_incremental_ms",
    "incremental_floor_ms",
    "rollup_incremental_vs_floor",
    "freshness_s",
    "dashboard_ms",
    "trivial_view_ms",
    "dashboard_vs_trivial",
    "dashboard_queries",
    "dashboard_cold_ms",
    "dashboard_cold_queries",
    "load_dashboard_p95_ms",
    "load_trivial_p95_ms",
    "load_p95_ratio",
    "load_errors",
    "load_submits_ok",
    "export_10k_xlsx_s",
    "export_10k_docx_s",
    "export_peak_mb",
    "excel_merge_s",
    "excel_merge_vs_rollup",
    "rollup_scaling_exponent",
    "rollup_peak_mb",
]

# Targets at province scale: (key, comparison, bound).
TARGETS = [
    ("rollup_full_vs_floor", "<=", 1.5),
    ("rollup_incremental_vs_floor", "<=", 2),
    ("freshness_s", "<=", 2),
    ("dashboard_vs_trivial", "<=", 3),
    ("load_p95_ratio", "<=", 3),
    ("load_errors", "==", 0),
    ("rollup_scaling_exponent", "<=", 1.1),
    ("rollup_peak_mb", "<=", 300),
    ("export_10k_xlsx_s", "<=", 5),
    ("export_10k_docx_s", "<=", 15),
]

FRESHNESS_SAMPLES = 10


def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def run(
    scale: Scale,
    *,
    scale_name: str,
    load_users: int,
    load_seconds: int,
    redis_url: str,
    recipients: int,
    say=print,
) -> dict:
    results: dict = {"scale": scale_name, **dataclasses.asdict(scale)}
    started = time.perf_counter()

    def step(label):
        say(f"[{time.perf_counter() - started:7.1f} s] {label}")

    with scratch_database() as name:
        url = database_url(name)
        points, queries, cold_queries = [], {}, {}
        # Smaller sizes first for the scaling exponent; each is emptied after.
        for fraction in (4, 2):
            smaller = dataclasses.replace(scale, units=max(3, scale.units // fraction))
            step(f"scaling: {smaller.units} units")
            ds = generate(smaller)
            tally_recompute(campaign=ds.campaign)
            points.append((ds.values, measure.rollup_steady(ds)))
            views = measure.page_views(ds, repeat=1)
            queries[smaller.units] = views["dashboard_queries"]
            cold_queries[smaller.units] = views["dashboard_cold_queries"]
            truncate()
        step(f"generating {scale.units} units × {scale.indicators} indicators × {scale.periods}")
        generated = time.perf_counter()
        ds = generate(scale)
        results["generate_s"] = round(time.perf_counter() - generated, 3)
        results["values"] = ds.values
        step("full roll-up")
        results.update(measure.rollup_full(ds))
        points.append((ds.values, results["rollup_full_s"]))
        step("SQL floor")
        results.update(measure.sql_floor(ds))
        step("full reconcile in its own process (peak memory)")
        results.update(measure.reconcile_process(url))
        step("incremental roll-ups")
        results.update(measure.rollup_incremental(ds))
        step("dashboard and reference page")
        results.update(measure.page_views(ds))
        queries[scale.units] = results["dashboard_queries"]
        cold_queries[scale.units] = results["dashboard_cold_queries"]
        results["dashboard_queries_by_units"] = queries
        results["dashboard_cold_queries_by_units"] = cold_queries
        step("Excel merge")
        results.update(measure.excel_merge(ds))
        samples = min(FRESHNESS_SAMPLES, len(ds.drafts) // 3)
        fresh, rest = ds.drafts[:samples], ds.drafts[samples:]
        step("gunicorn and Celery worker")
        with live.running(url, redis_url) as (base, worker):
            step("freshness")
            reports = list(Report.objects.filter(pk__in=fresh).select_related("period"))
            results.update(live.freshness(ds, base, worker, reports))
            step(f"load: {load_users} users for {load_seconds} s")
            reports = list(Report.objects.filter(pk__in=rest).select_related("period"))
            results.update(live.load(ds, base, reports, users=load_users, seconds=load_seconds))
        step("exports")
        results.update(export_benchmark(recipients=recipients))
        results["rollup_scaling_points"] = [[v, round(s, 4)] for v, s in points]
        results["rollup_scaling_exponent"] = measure.scaling_exponent(points)
    results["rollup_full_vs_floor"] = ratio(results["rollup_full_s"], results["sql_floor_s"])
    results["rollup_incremental_vs_floor"] = ratio(
        results["rollup_incremental_ms"], results["incremental_floor_ms"]
    )
    results["dashboard_vs_trivial"] = ratio(results["dashboard_ms"], results["trivial_view_ms"])
    results["excel_merge_vs_rollup"] = ratio(results["excel_merge_s"], results["rollup_full_s"])
    results["total_s"] = round(time.perf_counter() - started, 1)
    step("done")
    return results


def verdicts(results: dict) -> dict:
    """Each target: met, missed, or not measured (None)."""
    out = {}
    for key, op, bound in TARGETS:
        value = results.get(key)
        out[key] = None if value is None else (value <= bound if op == "<=" else value == bound)
    return out
