"""In-process measurements: roll-ups and their floors, the dashboard, the Excel way."""

import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from campaigns.models import Campaign, Indicator, Report, ReportValue
from campaigns.services import tally_recompute
from campaigns.services.rollup import periods_containing, tally_recompute_for_report
from mongcai.lib.sql import table as _t

from . import floor
from .data import Dataset, session_for
from .urls import REFERENCE_URL

ROOT = Path(__file__).resolve().parent.parent.parent


def timed(fn, *args, **kwargs) -> float:
    started = time.perf_counter()
    fn(*args, **kwargs)
    return time.perf_counter() - started


def median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 2)


# The full recompute and its floor are timed this many times and the median
# kept: one sample moved by ±10 % between runs on this shared machine, and the
# scaling exponent with it (1.02 to 1.11 over five runs of the same code).
FULL_SAMPLES = 3


def median_s(fn, *args, **kwargs) -> float:
    return round(statistics.median(timed(fn, *args, **kwargs) for _ in range(FULL_SAMPLES)), 3)


def rollup_steady(ds: Dataset) -> float:
    """The scheduled reconcile's steady state: the full recompute once the rows exist."""
    return median_s(tally_recompute, campaign=ds.campaign)


def rollup_full(ds: Dataset) -> dict:
    """The full recompute of every tally, first (laying rows out) and again."""
    first = timed(tally_recompute, campaign=ds.campaign)
    return {"rollup_first_s": round(first, 3), "rollup_full_s": rollup_steady(ds)}


def sql_floor(ds: Dataset) -> dict:
    seconds = median_s(floor.floor_full, ds.campaign)
    return {"sql_floor_s": seconds, "floor_differences": floor.floor_differences()}


def sample_reports(ds: Dataset, count: int) -> list[Report]:
    """Reports spread over units and months (deterministic)."""
    reports = list(
        Report.objects.filter(period__campaign=ds.campaign, status="approved")
        .select_related("period")
        .order_by("pk")
    )
    step = max(1, len(reports) // count)
    return reports[::step][:count]


def correct(report: Report, step: int) -> None:
    """A correction of every value of an approved report (as after a lock
    exception and approval again): numbers moved by `step`, percentages kept
    within 0..100, yes and no swapped. Committed, as a correction would be."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE {_t(ReportValue)} rv SET value = CASE i.value_kind
                WHEN 'yes_no' THEN 1 - rv.value
                WHEN 'percent' THEN LEAST(100, GREATEST(0, rv.value + %s))
                ELSE rv.value + %s END
            FROM {_t(Indicator)} i WHERE i.id = rv.indicator_id AND rv.report_id = %s""",  # nosec B608 # table names and code constants only; values are %s parameters
            [step, step, report.pk],
        )


INCREMENTAL_SAMPLES = 40


def rollup_incremental(ds: Dataset, count: int = INCREMENTAL_SAMPLES) -> dict:
    """One report's roll-up after a correction of its values, and the floor's.

    For each sampled report: its values are corrected and the product rolls
    it up (`tally_recompute_for_report`, the task's work); then they are
    corrected back and the floor (`floor.floor_one_report`) writes the rows
    that changes. Corrections go up for half the samples and down for the
    other half, so both sides meet maxima whose holder fell. Both leave the
    stored tallies equal to a full recompute (the reconcile that follows in
    the run counts the differences: `incremental_differences`)."""
    product, hand = [], []
    for n, report in enumerate(sample_reports(ds, count)):
        step = 1 if n % 2 == 0 else -1
        period_ids = periods_containing(report.period)
        correct(report, step)
        product.append(timed(tally_recompute_for_report, report_id=report.pk))
        correct(report, -step)
        hand.append(
            timed(
                floor.floor_one_report,
                ds.campaign,
                unit_id=report.unit_id,
                period_ids=period_ids,
            )
        )
    return {
        "rollup_incremental_ms": median_ms(product),
        "incremental_floor_ms": median_ms(hand),
        "incremental_samples": len(product),
    }


# A deadline hour's gathered roll-up: the reports of this many units, rolled up
# together as `tally_roll_up_waiting` does (about a 0,5 s gather at ten
# submissions a second).
BATCH_SIZE = 5
BATCH_SAMPLES = 8


def rollup_batch(ds: Dataset, count: int = BATCH_SAMPLES) -> dict:
    """A gathered batch's roll-up: the reports of `BATCH_SIZE` different units
    corrected, then rolled up in one `tally_recompute(unit_periods=…)`, the
    worker's work for a burst of submissions. The median of `count` batches,
    and per report, against one report's roll-up (`rollup_incremental_ms`).
    The corrections stay: the reconcile that follows counts the differences
    they leave (`incremental_differences`)."""
    reports = sample_reports(ds, count * BATCH_SIZE * 2)
    batches, batch = [], {}
    for report in reports:
        batch.setdefault(report.unit_id, report)
        if len(batch) == BATCH_SIZE:
            batches.append(list(batch.values()))
            batch = {}
    samples = []
    for n, batch in enumerate(batches[:count]):
        for report in batch:
            correct(report, 1 if n % 2 == 0 else -1)
        unit_periods = {r.unit_id: periods_containing(r.period) for r in batch}
        samples.append(timed(tally_recompute, campaign=ds.campaign, unit_periods=unit_periods))
    median = median_ms(samples)
    return {
        "rollup_batch_ms": median,
        "rollup_batch_size": BATCH_SIZE,
        "rollup_batch_per_report_ms": round(median / BATCH_SIZE, 2),
        "rollup_batch_samples": len(samples),
    }


def dashboard_url(ds: Dataset) -> str:
    return f"/campaigns/{ds.campaign.pk}/dashboard/?period={ds.dashboard_period.pk}"


def _roll_up_stamp(ds: Dataset) -> None:
    """What a roll-up does to the dashboard's cache key, without the roll-up."""
    now = timezone.now()
    Campaign.objects.filter(pk=ds.campaign.pk).update(
        tallies_recomputed_at=now, tallies_rebuilt_at=now
    )


def page_views(ds: Dataset, repeat: int = 40) -> dict:
    """Median render time of the city dashboard and of the constant reference page,
    through the whole middleware stack, signed in as a council member.

    `dashboard_ms` is the page as council members get it between two roll-ups
    (its content cached); `dashboard_cold_ms` the first view after a roll-up,
    which renders everything (campaigns.dashboard_cache). The two pages are
    timed in turn, one request each, so that the shared machine's changes of
    speed during the samples fall on both alike (timed one page after the
    other, the ratio of the same code moved from 1,36 to 2,03)."""
    with override_settings(
        ALLOWED_HOSTS=["testserver"], DEBUG=False, ROOT_URLCONF="tools.bench.urls"
    ):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session_for(ds.council)
        pages = {"dashboard_ms": dashboard_url(ds), "trivial_view_ms": REFERENCE_URL}
        for url in pages.values():
            for _ in range(3):  # warm caches and the connection
                response = client.get(url)
                assert response.status_code == 200, (url, response.status_code)
        samples = {key: [] for key in pages}
        for _ in range(repeat):
            for key, url in pages.items():
                samples[key].append(timed(client.get, url))
        results = {key: median_ms(times) for key, times in samples.items()}
        with CaptureQueriesContext(connection) as queries:
            client.get(dashboard_url(ds))
        results["dashboard_queries"] = len(queries)
        cold = []
        for _ in range(max(3, repeat // 4)):
            _roll_up_stamp(ds)
            cold.append(timed(client.get, dashboard_url(ds)))
        results["dashboard_cold_ms"] = median_ms(cold)
        _roll_up_stamp(ds)
        with CaptureQueriesContext(connection) as queries:
            client.get(dashboard_url(ds))
        results["dashboard_cold_queries"] = len(queries)
    return results


def excel_merge(ds: Dataset) -> dict:
    """What units do today: one workbook per unit (indicators × months), merged
    with openpyxl into a city sheet by adding the cells. Writing the units'
    workbooks is not timed; reading and merging them is."""
    months = ds.months
    month_index = {m.pk: n for n, m in enumerate(months)}
    indicators = list(Indicator.objects.filter(code__startswith="bench-").order_by("code"))
    row_of = {i.pk: n for n, i in enumerate(indicators)}
    grids: dict[int, list[list]] = {}
    for unit_id, indicator_id, period_id, value in ReportValue.objects.filter(
        report__period__in=months
    ).values_list("report__unit_id", "indicator_id", "report__period_id", "value"):
        grid = grids.setdefault(unit_id, [[None] * len(months) for _ in indicators])
        grid[row_of[indicator_id]][month_index[period_id]] = float(value)
    with tempfile.TemporaryDirectory(prefix="bench-excel-") as folder:
        paths = []
        for unit_id, grid in grids.items():
            book = Workbook(write_only=True)
            sheet = book.create_sheet("Báo cáo")
            sheet.append(["Chỉ tiêu", *[m.label for m in months]])
            for indicator, row in zip(indicators, grid, strict=True):
                sheet.append([indicator.code, *row])
            path = Path(folder) / f"unit-{unit_id}.xlsx"
            book.save(path)
            paths.append(path)
        started = time.perf_counter()
        total = [[0.0] * len(months) for _ in indicators]
        for path in paths:
            book = load_workbook(path, read_only=True, data_only=True)
            for r, row in enumerate(book.active.iter_rows(min_row=2, values_only=True)):
                for m, cell in enumerate(row[1:]):
                    if cell is not None:
                        total[r][m] += cell
            book.close()
        city = Workbook()
        sheet = city.active
        sheet.append(["Chỉ tiêu", *[m.label for m in months]])
        for indicator, row in zip(indicators, total, strict=True):
            sheet.append([indicator.code, *row])
        city.save(Path(folder) / "city.xlsx")
        seconds = time.perf_counter() - started
    return {"excel_merge_s": round(seconds, 3), "excel_files": len(paths)}


def reconcile_process(database_url: str) -> dict:
    """`manage.py reconcile_tallies` in a process of its own: its peak memory
    (the process doing the full reconcile) and its wall time."""
    env = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": ""}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "reconcile_tallies"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    output = process.stdout.read().decode()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode:
        raise RuntimeError(f"reconcile_tallies failed:\n{output}")
    # ru_maxrss is in KiB on Linux.
    return {
        "rollup_peak_mb": round(usage.ru_maxrss / 1024, 1),
        "reconcile_command_s": round(seconds, 3),
        "reconcile_output": output.strip().splitlines()[-1] if output.strip() else "",
    }


def scaling_exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) over log(size)."""
    xs = [math.log(size) for size, _ in points]
    ys = [math.log(max(seconds, 1e-6)) for _, seconds in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return round(
        sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
        / sum((x - mx) ** 2 for x in xs),
        3,
    )
