"""One benchmark run: generate, measure against the floors, compute the ratios."""

import dataclasses
import time

from campaigns.models import ReconcileRun, Report
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
    "rollup_batch_ms",
    "rollup_batch_per_report_ms",
    "rollup_batch_vs_single",
    "incremental_scaling_exponent",
    "incremental_differences",
    "freshness_s",
    "dashboard_ms",
    "trivial_view_ms",
    "dashboard_vs_trivial",
    "dashboard_queries",
    "dashboard_cold_ms",
    "dashboard_cold_queries",
    "load_p95_max_ms",
    "load_dashboard_p95_ms",
    "load_trivial_p95_ms",
    "load_p95_ratio",
    "load_errors",
    "load_submits_ok",
    "load_submits_in_db",
    "load_rollups_pending",
    "load_freshness_p95_s",
    "load_cpu_machine_busy",
    "load_cpu_machine_cores",
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
    ("rollup_full_vs_floor", "<=", 1.2),
    ("rollup_incremental_ms", "<=", 25),
    ("rollup_incremental_vs_floor", "<=", 2),
    ("incremental_scaling_exponent", "<=", 0.2),
    ("incremental_differences", "==", 0),
    ("freshness_s", "<=", 2),
    ("dashboard_vs_trivial", "<=", 2),
    ("load_p95_max_ms", "<=", 300),
    ("load_errors", "==", 0),
    ("load_submits_missing", "==", 0),
    ("load_rollups_pending", "==", 0),
    ("load_freshness_p95_s", "<=", 1),
    ("rollup_scaling_exponent", "<=", 1.1),
    ("rollup_peak_mb", "<=", 300),
    ("export_10k_xlsx_s", "<=", 5),
    ("export_10k_docx_s", "<=", 15),
]

FRESHNESS_SAMPLES = 10
# gunicorn's sync workers, as the Procfile runs them (WEB_CONCURRENCY).
WEB_WORKERS = 3


def ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def run(
    scale: Scale,
    *,
    scale_name: str,
    load_users: int,
    load_seconds: int,
    load_warmup: int,
    capacity_seconds: int,
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
        points, queries, cold_queries, incremental_points = [], {}, {}, []
        # Smaller sizes first for the scaling exponent; each is emptied after.
        for fraction in (4, 2):
            smaller = dataclasses.replace(scale, units=max(3, scale.units // fraction))
            step(f"scaling: {smaller.units} units")
            ds = generate(smaller)
            tally_recompute(campaign=ds.campaign)
            points.append((ds.values, measure.rollup_steady(ds)))
            incremental = measure.rollup_incremental(ds)["rollup_incremental_ms"]
            incremental_points.append((ds.values, incremental / 1000))
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
        step("incremental roll-ups")
        results.update(measure.rollup_incremental(ds))
        incremental_points.append((ds.values, results["rollup_incremental_ms"] / 1000))
        step("a gathered batch's roll-up")
        results.update(measure.rollup_batch(ds))
        step("full reconcile in its own process (peak memory; differences left by the above)")
        results.update(measure.reconcile_process(url))
        results["incremental_differences"] = ReconcileRun.objects.order_by(
            "-started_at"
        ).values_list("differences", flat=True)[0]
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
        spare = (
            Report.objects.filter(period=ds.months[-1], status="submitted")
            .select_related("period")
            .order_by("pk")
            .first()
        )
        step("gunicorn and Celery worker")
        with live.running(url, redis_url, workers=WEB_WORKERS) as (base, worker):
            step("freshness")
            reports = list(Report.objects.filter(pk__in=fresh).select_related("period"))
            results.update(live.freshness(ds, base, worker, reports))
            step("warm-up: every gunicorn worker serves every kind of request")
            results["load_warmup_workers_by_kind"] = live.warm_up(
                ds, base, spare, workers=WEB_WORKERS
            )
            step(f"load: {load_users} users for {load_warmup} + {load_seconds} s")
            reports = list(Report.objects.filter(pk__in=rest).select_related("period"))
            results.update(
                live.load(
                    ds,
                    base,
                    reports,
                    spare=spare,
                    users=load_users,
                    seconds=load_seconds,
                    warmup=load_warmup,
                )
            )
            if capacity_seconds:
                # Above the load if it held, below it if it did not.
                held = (results["load_p95_max_ms"] or 0) <= 300
                shares = (1.5, 2) if held else (0.25, 0.5, 0.75)
                levels = sorted({max(2, round(load_users * share)) for share in shares})
                step(f"capacity: {levels} users, {capacity_seconds} s each")
                results.update(
                    live.capacity(
                        ds, base, reports, spare=spare, levels=levels, seconds=capacity_seconds
                    )
                )
                if held:
                    results["load_capacity_users"] = max(results["load_capacity_users"], load_users)
        step("exports")
        results.update(export_benchmark(recipients=recipients))
        results["rollup_scaling_points"] = [[v, round(s, 4)] for v, s in points]
        results["rollup_scaling_exponent"] = measure.scaling_exponent(points)
        results["incremental_scaling_points"] = [
            [v, round(s * 1000, 2)] for v, s in incremental_points
        ]
        results["incremental_scaling_exponent"] = measure.scaling_exponent(incremental_points)
    results["rollup_full_vs_floor"] = ratio(results["rollup_full_s"], results["sql_floor_s"])
    results["rollup_incremental_vs_floor"] = ratio(
        results["rollup_incremental_ms"], results["incremental_floor_ms"]
    )
    results["rollup_batch_vs_single"] = ratio(
        results["rollup_batch_per_report_ms"], results["rollup_incremental_ms"]
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
