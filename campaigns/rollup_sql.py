"""Roll-up SQL: tallies from report values, set-based, on PostgreSQL and SQLite.

Three statements per recompute, each an INSERT … SELECT … GROUP BY with an
upsert on the tally's unique key (period, indicator, node_kind, node_id):

1. unit rows: each assigned unit's value over a period from its reports of
   the campaign's reporting kind inside the period (flow: sum, stock: the
   latest, max: the largest), counting what `counted_values` says each report
   contributes (the campaign's basis; a reopened report's approved values);
2. tree rows: every unit that has units below it (city, province) aggregates
   the unit rows of its whole subtree (sum, average, max, or the number of
   yes for yes/no indicators, which is the sum of 1/0);
3. bloc rows: the unit rows of the bloc's members of the period's year.

Steps 2 and 3 read the unit rows, never the values, so an incremental
recompute touches one unit's values and the few rows above it. Every step
recomputes from scratch what it writes: running it twice gives the same
rows, and nothing is ever added to a stored figure (no double counting).
"""

import datetime as dt

from django.db import connection
from django.utils import timezone

from blocs.models import BlocMembership, Unit
from mongcai.lib.sql import table as _t

from .models import (
    ApprovedValue,
    Assignment,
    Campaign,
    CampaignIndicator,
    CompletenessTally,
    Indicator,
    Period,
    Report,
    ReportValue,
    Tally,
    Target,
)


def _in(column: str, ids) -> tuple[str, list]:
    """An `AND column IN (…)` filter, or nothing when ids is None."""
    if ids is None:
        return "", []
    ids = list(ids)
    if not ids:
        return " AND 1 = 0", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


# A row whose figures did not change is left alone (its computed_at is when
# they last changed): rewriting every row bloated the table at province scale.
UPSERT = f"""
ON CONFLICT (period_id, indicator_id, node_kind, node_id) DO UPDATE SET
    value = excluded.value,
    value_sum = excluded.value_sum,
    reported = excluded.reported,
    expected = excluded.expected,
    computed_at = excluded.computed_at
WHERE {_t(Tally)}.value IS DISTINCT FROM excluded.value
   OR {_t(Tally)}.value_sum IS DISTINCT FROM excluded.value_sum
   OR {_t(Tally)}.reported <> excluded.reported
   OR {_t(Tally)}.expected <> excluded.expected
"""

COLUMNS = """(period_id, indicator_id, node_kind, node_id, value, value_sum, reported, expected,
         target, status, computed_at)"""

AGGREGATE_OVER_UNITS = """
CASE i.unit_aggregation
    WHEN 'avg' THEN AVG(t.value)
    WHEN 'max' THEN MAX(t.value)
    ELSE SUM(t.value)
END
"""

ANCESTORS = f"""
anc(unit_id, ancestor_id) AS (
    SELECT id, parent_id FROM {_t(Unit)} WHERE parent_id IS NOT NULL
    UNION ALL
    SELECT anc.unit_id, u.parent_id
    FROM anc JOIN {_t(Unit)} u ON u.id = anc.ancestor_id
    WHERE u.parent_id IS NOT NULL
)
"""


def _tree_nodes(unit_ids) -> tuple[str, list]:
    """`nodes(unit_id, node_id)`: each node with units below it and every unit of its
    subtree. For a few units only their ancestors are walked (up), and the ancestors'
    subtrees (down): walking every unit's ancestors dominated the incremental
    roll-up at province scale (docs/BENCHMARKS.md)."""
    if unit_ids is None:
        return (
            f"""WITH RECURSIVE {ANCESTORS},
    nodes(unit_id, node_id) AS (
        SELECT unit_id, ancestor_id FROM anc
        UNION
        SELECT ancestor_id, ancestor_id FROM anc
    )""",
            [],
        )
    ids = list(unit_ids) or [0]
    return (
        f"""WITH RECURSIVE up(node_id) AS (
        SELECT parent_id FROM {_t(Unit)}
        WHERE id IN ({", ".join(["%s"] * len(ids))}) AND parent_id IS NOT NULL
        UNION
        -- a unit with units below it has a tree row its own row counts in
        SELECT parent_id FROM {_t(Unit)} WHERE parent_id IN ({", ".join(["%s"] * len(ids))})
        UNION
        SELECT u.parent_id FROM up JOIN {_t(Unit)} u ON u.id = up.node_id
        WHERE u.parent_id IS NOT NULL
    ),
    down(node_id, unit_id) AS (
        SELECT node_id, node_id FROM up
        UNION ALL
        SELECT down.node_id, u.id FROM down JOIN {_t(Unit)} u ON u.parent_id = down.unit_id
    ),
    nodes(unit_id, node_id) AS (SELECT unit_id, node_id FROM down)""",
        ids + ids,
    )


def _blocs_of(unit_ids) -> tuple[str, list]:
    """A join restricting bloc rows to the blocs (of each year) of the given units."""
    if unit_ids is None:
        return "", []
    ids = list(unit_ids) or [0]
    return (
        f""" JOIN (SELECT DISTINCT bloc_id, year FROM {_t(BlocMembership)}
            WHERE unit_id IN ({", ".join(["%s"] * len(ids))})) mine
            ON mine.bloc_id = bm.bloc_id AND mine.year = bm.year""",
        ids,
    )


def _days(later: str, earlier: str) -> str:
    """Whole days between two dates (SQLite keeps dates as text)."""
    if connection.vendor == "sqlite":
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def _db_time(now):
    # The exact form the ORM stores, so that `computed_at=now` matches later
    # (SQLite keeps datetimes as text).
    return connection.ops.adapt_datetimefield_value(now)


def statuses_counted(campaign: Campaign) -> list[str]:
    return ["approved"] if campaign.tally_basis == "approved" else ["submitted", "approved"]


def counted_values(campaign, unit_ids=None) -> tuple[str, list]:
    """`(unit_id, period_id, indicator_id, value)`: what each report contributes to
    the figures, the one definition of it.

    A report of the campaign's basis (approved; or submitted and approved)
    counts its values. A report reopened by a lock exception counts the values
    it was approved with (`ApprovedValue`) until it is approved again, whatever
    it says meanwhile (docs/rollup.md, "A reopened report"); any other report
    counts nothing. The unit filter sits inside both branches, where the
    reports' indexes serve it."""
    statuses = statuses_counted(campaign)
    marks = ", ".join(["%s"] * len(statuses))
    units, units_params = _in("r.unit_id", unit_ids)
    sql = f"""(
        SELECT r.unit_id, r.period_id, rv.indicator_id, rv.value
        FROM {_t(ReportValue)} rv JOIN {_t(Report)} r ON r.id = rv.report_id
        WHERE r.status IN ({marks}){units}
        UNION ALL
        SELECT r.unit_id, r.period_id, av.indicator_id, av.value
        FROM {_t(ApprovedValue)} av JOIN {_t(Report)} r ON r.id = av.report_id
        WHERE r.status NOT IN ({marks}){units}
    )"""
    return sql, [*statuses, *units_params, *statuses, *units_params]


def unit_rows_select(campaign, *, now, unit_ids=None, period_ids=None) -> tuple[str, list]:
    """The unit rows as they should be, a SELECT of `COLUMNS`."""
    values, values_params = counted_values(campaign, unit_ids)
    periods_v, periods_v_params = _in("p.id", period_ids)
    units_a, units_a_params = _in("a.unit_id", unit_ids)
    periods_a, periods_a_params = _in("p.id", period_ids)
    sql = f"""
    SELECT p.id, ci.indicator_id, 'unit', a.unit_id, agg.value, agg.value,
           CASE WHEN agg.value IS NULL THEN 0 ELSE 1 END, 1, NULL, '', %s
    FROM {_t(Assignment)} a
    JOIN {_t(CampaignIndicator)} ci ON ci.id = a.campaign_indicator_id
    JOIN {_t(Period)} p ON p.campaign_id = ci.campaign_id
    JOIN {_t(Unit)} u ON u.id = a.unit_id
    LEFT JOIN (
        SELECT unit_id, indicator_id, period_id,
            CASE MAX(time_aggregation)
                WHEN 'stock' THEN MAX(CASE WHEN rn = 1 THEN value END)
                WHEN 'max' THEN MAX(value)
                ELSE SUM(value)
            END AS value
        FROM (
            SELECT cv.unit_id, cv.indicator_id, p.id AS period_id, i.time_aggregation,
                   cv.value,
                   ROW_NUMBER() OVER (
                       PARTITION BY cv.unit_id, cv.indicator_id, p.id ORDER BY m.ends_on DESC
                   ) AS rn
            FROM {values} cv
            JOIN {_t(Period)} m ON m.id = cv.period_id
            JOIN {_t(Period)} p ON p.campaign_id = m.campaign_id
                 AND p.starts_on <= m.starts_on AND p.ends_on >= m.ends_on
            JOIN {_t(Indicator)} i ON i.id = cv.indicator_id
            WHERE m.campaign_id = %s AND m.kind = %s{periods_v}
        ) v
        GROUP BY unit_id, indicator_id, period_id
    ) agg ON agg.unit_id = a.unit_id AND agg.indicator_id = ci.indicator_id
         AND agg.period_id = p.id
    WHERE ci.campaign_id = %s
      AND u.valid_from <= p.ends_on AND (u.valid_to IS NULL OR u.valid_to >= p.starts_on)
      {units_a}{periods_a}
    """
    params = [
        _db_time(now),
        *values_params,
        campaign.pk,
        campaign.reporting_kind,
        *periods_v_params,
        campaign.pk,
        *units_a_params,
        *periods_a_params,
    ]
    return sql, params


def upsert_unit_rows(campaign, *, now, unit_ids=None, period_ids=None, into=None) -> int:
    """Unit rows into the tally table (upserted), or into the table `into` (inserted)."""
    select, params = unit_rows_select(campaign, now=now, unit_ids=unit_ids, period_ids=period_ids)
    sql = f"INSERT INTO {into or _t(Tally)} {COLUMNS} {select} {'' if into else UPSERT}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def upsert_tree_rows(campaign, *, now, unit_ids=None, period_ids=None, into=None) -> int:
    # The nodes to write: every ancestor of the given units (all when None).
    nodes, node_params = _tree_nodes(unit_ids)
    periods, period_params = _in("t.period_id", period_ids)
    sql = f"""
    {nodes}
    INSERT INTO {into or _t(Tally)} {COLUMNS}
    SELECT t.period_id, t.indicator_id, 'tree', n.node_id, {AGGREGATE_OVER_UNITS},
           SUM(t.value), SUM(t.reported), SUM(t.expected), NULL, '', %s
    FROM {into or _t(Tally)} t
    JOIN nodes n ON n.unit_id = t.node_id
    JOIN {_t(Indicator)} i ON i.id = t.indicator_id
    JOIN {_t(Period)} p ON p.id = t.period_id
    WHERE t.node_kind = 'unit' AND p.campaign_id = %s{periods}
    GROUP BY t.period_id, t.indicator_id, n.node_id, i.unit_aggregation
    {"" if into else UPSERT}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*node_params, _db_time(now), campaign.pk, *period_params])
        return cursor.rowcount


def upsert_bloc_rows(campaign, *, now, unit_ids=None, period_ids=None, into=None) -> int:
    periods = Period.objects.filter(campaign=campaign)
    if period_ids is not None:
        periods = periods.filter(pk__in=period_ids)
    years = [(p.pk, p.ends_on.year) for p in periods.only("pk", "ends_on")]
    if not years:
        return 0
    # A bloc's members are those of the year the period ends in.
    year_rows = ", ".join(["(%s, %s)"] * len(years))
    year_params = [value for pair in years for value in pair]
    bloc_join, bloc_params = _blocs_of(unit_ids)
    sql = f"""
    WITH py(period_id, year) AS (VALUES {year_rows})
    INSERT INTO {into or _t(Tally)} {COLUMNS}
    SELECT t.period_id, t.indicator_id, 'bloc', bm.bloc_id, {AGGREGATE_OVER_UNITS},
           SUM(t.value), SUM(t.reported), SUM(t.expected), NULL, '', %s
    FROM {into or _t(Tally)} t
    JOIN py ON py.period_id = t.period_id
    JOIN {_t(BlocMembership)} bm ON bm.unit_id = t.node_id AND bm.year = py.year{bloc_join}
    JOIN {_t(Indicator)} i ON i.id = t.indicator_id
    WHERE t.node_kind = 'unit'
    GROUP BY t.period_id, t.indicator_id, bm.bloc_id, i.unit_aggregation
    {"" if into else UPSERT}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*year_params, _db_time(now), *bloc_params])
        return cursor.rowcount


FULL_RECOMPUTE_WORK_MEM = "256MB"
INCREMENTAL_WORK_MEM = "64MB"


def session_tune(*, full: bool) -> None:
    """Settings for the current transaction only (PostgreSQL), shared with the
    benchmark's floors so that both run under the same settings.

    The sorts and hash joins over every tally (1.8 million rows at province
    scale) spilled to disk with the default 4 MB of `work_mem`; an incremental
    roll-up sorts a few hundred thousand unit rows. JIT compilation is off: its
    estimates come from recursive CTEs the planner cannot size, and compiling
    took 0.4 s of a 1 s incremental roll-up at province scale while saving
    nothing measurable on the full one (docs/BENCHMARKS.md).
    """
    if connection.vendor != "postgresql":
        return
    memory = FULL_RECOMPUTE_WORK_MEM if full else INCREMENTAL_WORK_MEM
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{memory}'")
        cursor.execute("SET LOCAL jit = off")


def recompute_all(campaign, *, now) -> tuple[int, list[dict]]:
    """Every tally of the campaign, with its target and status: computed into a
    scratch table, then only the differences written (changed rows updated, new
    rows inserted, rows nobody produces any more deleted). In the steady state
    the hourly reconcile writes nothing, so it neither bloats the table nor
    rewrites its indexes.

    Returns how many stored rows differed and up to 20 of them (the
    reconcile's record: after incremental roll-ups, none)."""
    table = _t(Tally)
    now_db = _db_time(now)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS tally_new")
        cursor.execute(
            "CREATE TEMP TABLE tally_new (period_id bigint, indicator_id bigint, "
            "node_kind varchar(4), node_id bigint, value numeric(30, 6), "
            "value_sum numeric(30, 6), reported integer, "
            "expected integer, target numeric(24, 6), status varchar(12), "
            "computed_at timestamp with time zone)"
        )
        try:
            upsert_unit_rows(campaign, now=now, into="tally_new")
            # The tree and bloc rows aggregate the unit rows: without statistics
            # on them the planner expected a few thousand and chose nested loops
            # (seconds at province scale, docs/BENCHMARKS.md).
            cursor.execute("ANALYZE tally_new")
            upsert_tree_rows(campaign, now=now, into="tally_new")
            upsert_bloc_rows(campaign, now=now, into="tally_new")
            cursor.execute("ANALYZE tally_new")
            # Targets and statuses on the new rows too, so that a row whose
            # target was removed loses it, and the comparison covers them.
            apply_targets(campaign, now=now, into="tally_new")
            inserted, differences, found = _compare_and_write(
                cursor,
                campaign=campaign,
                table=table,
                scratch="tally_new",
                key=TALLY_KEY,
                values=("value", "value_sum", "reported", "expected", "target", "status"),
                now_db=now_db,
            )
            examples = [
                {
                    "period": period,
                    "indicator": indicator,
                    "node": f"{kind}:{node}",
                    "stored": None if stored is None else str(stored),
                    "recomputed": None if recomputed is None else str(recomputed),
                }
                for period, indicator, kind, node, stored, recomputed in found
            ]
            if inserted > 10000:
                # Rows laid out for the first time: the planner must know them
                # before the next incremental roll-up (autovacuum may be late).
                cursor.execute(f"ANALYZE {table}")
        finally:
            cursor.execute("DROP TABLE IF EXISTS tally_new")
            cursor.execute("DROP TABLE IF EXISTS tally_new_diff")
    return differences, examples


TALLY_KEY = ("period_id", "indicator_id", "node_kind", "node_id")


def _compare_and_write(
    cursor, *, campaign, table, scratch, key, values, now_db
) -> tuple[int, int, list[tuple]]:
    """The end of a full recompute: compare the scratch rows with the campaign's
    stored rows in one full join (into the temporary table `<scratch>_diff`,
    which the caller drops) and write only what differs: changed rows updated,
    new rows inserted, rows nobody produces any more deleted. In the steady
    state nothing is written, so the hourly reconcile neither bloats the table
    nor rewrites its indexes.

    Returns the rows inserted, the rows that differed and up to 20 of them
    (their key, then the first value stored and recomputed)."""
    diff = f"{scratch}_diff"
    columns = (*key, *values)
    stored = ", ".join(f"t.{c} AS stored_{c}" for c in columns)
    cursor.execute(f"DROP TABLE IF EXISTS {diff}")
    if connection.vendor == "postgresql":
        # A hash join over one scan of each side: the planner preferred
        # walking the stored rows in key order through their unique index
        # (random reads; 3.5 times slower at province scale).
        cursor.execute("SET LOCAL enable_mergejoin = off")
    cursor.execute(
        f"""CREATE TEMP TABLE {diff} AS
        SELECT t.id AS stored_id, {stored}, {", ".join(f"n.{c}" for c in columns)}
        FROM {scratch} n
        FULL JOIN (
            SELECT * FROM {table}
            WHERE period_id IN (SELECT id FROM {_t(Period)} WHERE campaign_id = %s)
        ) t ON {" AND ".join(f"t.{c} = n.{c}" for c in key)}
        WHERE t.id IS NULL OR n.{key[0]} IS NULL
           OR {" OR ".join(f"t.{c} IS DISTINCT FROM n.{c}" for c in values)}""",
        [campaign.pk],
    )
    if connection.vendor == "postgresql":
        cursor.execute("SET LOCAL enable_mergejoin = on")
    cursor.execute(f"SELECT COUNT(*) FROM {diff}")
    differences = cursor.fetchone()[0]
    examples = []
    if differences:
        either = ", ".join(f"COALESCE({c}, stored_{c})" for c in key)
        cursor.execute(f"SELECT {either}, stored_{values[0]}, {values[0]} FROM {diff} LIMIT 20")
        examples = cursor.fetchall()
    cursor.execute(
        f"""UPDATE {table} SET {", ".join(f"{c} = d.{c}" for c in values)}, computed_at = %s
        FROM {diff} d WHERE {table}.id = d.stored_id AND d.{key[0]} IS NOT NULL""",
        [now_db],
    )
    cursor.execute(
        f"""INSERT INTO {table} ({", ".join(columns)}, computed_at)
        SELECT {", ".join(columns)}, %s FROM {diff} WHERE stored_id IS NULL""",
        [now_db],
    )
    inserted = cursor.rowcount
    cursor.execute(
        f"""DELETE FROM {table} WHERE id IN
            (SELECT stored_id FROM {diff} WHERE {key[0]} IS NULL)"""
    )
    return inserted, differences, examples


COMPLETENESS_UPSERT = f"""
ON CONFLICT (period_id, node_kind, node_id) DO UPDATE SET
    expected = excluded.expected,
    on_time = excluded.on_time,
    late = excluded.late,
    computed_at = excluded.computed_at
WHERE {_t(CompletenessTally)}.expected <> excluded.expected
   OR {_t(CompletenessTally)}.on_time <> excluded.on_time
   OR {_t(CompletenessTally)}.late <> excluded.late
"""


def completeness_windows(campaign, period_ids=None, *, periods=None) -> list[tuple]:
    """(period, reporting month inside it, the instant the month's deadline day
    ends in local time, the period's year): a report submitted before that
    instant is on time. `periods`: the campaign's periods, if already read."""
    if periods is None:
        periods = list(Period.objects.filter(campaign=campaign))
    months = [p for p in periods if p.kind == campaign.reporting_kind]
    if period_ids is not None:
        periods = [p for p in periods if p.pk in set(period_ids)]
    rows = []
    for period in periods:
        for month in months:
            if month.starts_on >= period.starts_on and month.ends_on <= period.ends_on:
                end = dt.datetime.combine(month.deadline + dt.timedelta(days=1), dt.time())
                end = timezone.make_aware(end, timezone.get_default_timezone())
                rows.append((period.pk, month.pk, _db_time(end), period.ends_on.year))
    return rows


def completeness_unit_select(campaign, *, now, windows, unit_ids=None) -> tuple[str, list]:
    """The completeness unit rows as they should be: a statement `WITH … SELECT`
    of (period_id, node_kind, node_id, expected, on_time, late, computed_at)."""
    values = ", ".join(["(%s, %s, %s, %s)"] * len(windows))
    units, units_params = _in("u.id", unit_ids)
    # Filtered by unit inside, so that one unit's roll-up reads its assignments only.
    assigned, assigned_params = _in("a.unit_id", unit_ids)
    sql = f"""
    WITH pm(period_id, month_id, deadline_end, year) AS (VALUES {values}),
    participants(unit_id) AS (
        SELECT DISTINCT a.unit_id FROM {_t(Assignment)} a
        JOIN {_t(CampaignIndicator)} ci ON ci.id = a.campaign_indicator_id
        WHERE ci.campaign_id = %s{assigned}
    )
    SELECT pm.period_id, 'unit', u.id, COUNT(*),
           SUM(CASE WHEN r.id IS NOT NULL AND r.submitted_at < pm.deadline_end THEN 1 ELSE 0 END),
           SUM(CASE WHEN r.id IS NOT NULL AND r.submitted_at >= pm.deadline_end THEN 1 ELSE 0 END),
           %s
    FROM pm
    JOIN {_t(Period)} p ON p.id = pm.period_id
    CROSS JOIN participants pa
    JOIN {_t(Unit)} u ON u.id = pa.unit_id
    LEFT JOIN {_t(Report)} r ON r.unit_id = u.id AND r.period_id = pm.month_id
         AND r.status <> 'draft'
    WHERE u.valid_from <= p.ends_on AND (u.valid_to IS NULL OR u.valid_to >= p.starts_on){units}
    GROUP BY pm.period_id, u.id
    """
    params = [
        *(value for row in windows for value in row),
        campaign.pk,
        *assigned_params,
        _db_time(now),
        *units_params,
    ]
    return sql, params


COMPLETENESS_COLUMNS = "(period_id, node_kind, node_id, expected, on_time, late, computed_at)"


def upsert_completeness(campaign, *, now, unit_ids=None, period_ids=None, into=None) -> None:
    """Reports owed, on time and late per period: unit rows from the reports,
    then tree and bloc rows from the unit rows. Upserted (a row whose counts
    did not change is left alone), or inserted into the table `into`."""
    rows = completeness_windows(campaign, period_ids)
    table = into or _t(CompletenessTally)
    upsert = "" if into else COMPLETENESS_UPSERT
    if not rows:
        return
    now_db = _db_time(now)
    select, select_params = completeness_unit_select(
        campaign, now=now, windows=rows, unit_ids=unit_ids
    )
    # PostgreSQL and SQLite both take `INSERT INTO … WITH … SELECT`.
    unit_sql = f"INSERT INTO {table} {COMPLETENESS_COLUMNS} {select} {upsert}"
    nodes, node_params = _tree_nodes(unit_ids)
    period_list = sorted({row[0] for row in rows})
    period_filter = f" AND c.period_id IN ({', '.join(['%s'] * len(period_list))})"
    tree_sql = f"""
    {nodes}
    INSERT INTO {table} (period_id, node_kind, node_id, expected, on_time, late, computed_at)
    SELECT c.period_id, 'tree', n.node_id, SUM(c.expected), SUM(c.on_time), SUM(c.late), %s
    FROM {table} c JOIN nodes n ON n.unit_id = c.node_id
    WHERE c.node_kind = 'unit'{period_filter}
    GROUP BY c.period_id, n.node_id
    {upsert}
    """
    years = sorted({(row[0], row[3]) for row in rows})
    bloc_join, bloc_params = _blocs_of(unit_ids)
    bloc_sql = f"""
    WITH py(period_id, year) AS (VALUES {", ".join(["(%s, %s)"] * len(years))})
    INSERT INTO {table} (period_id, node_kind, node_id, expected, on_time, late, computed_at)
    SELECT c.period_id, 'bloc', bm.bloc_id, SUM(c.expected), SUM(c.on_time), SUM(c.late), %s
    FROM {table} c
    JOIN py ON py.period_id = c.period_id
    JOIN {_t(BlocMembership)} bm ON bm.unit_id = c.node_id AND bm.year = py.year{bloc_join}
    WHERE c.node_kind = 'unit'
    GROUP BY c.period_id, bm.bloc_id
    {upsert}
    """
    with connection.cursor() as cursor:
        cursor.execute(unit_sql, select_params)
        cursor.execute(tree_sql, [*node_params, now_db, *period_list])
        cursor.execute(
            bloc_sql, [value for pair in years for value in pair] + [now_db, *bloc_params]
        )


def recompute_completeness_all(campaign, *, now) -> None:
    """Every completeness row of the campaign, into a scratch table, then only
    the differences written (as `recompute_all` does for the tallies): the
    hourly reconcile no longer rewrites every row."""
    table = _t(CompletenessTally)
    now_db = _db_time(now)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS completeness_new")
        cursor.execute(
            "CREATE TEMP TABLE completeness_new (period_id bigint, node_kind varchar(4), "
            "node_id bigint, expected integer, on_time integer, late integer, "
            "computed_at timestamp with time zone)"
        )
        try:
            upsert_completeness(campaign, now=now, into="completeness_new")
            _compare_and_write(
                cursor,
                campaign=campaign,
                table=table,
                scratch="completeness_new",
                key=("period_id", "node_kind", "node_id"),
                values=("expected", "on_time", "late"),
                now_db=now_db,
            )
        finally:
            cursor.execute("DROP TABLE IF EXISTS completeness_new")
            cursor.execute("DROP TABLE IF EXISTS completeness_new_diff")


def apply_targets(campaign, *, now, unit_ids=None, period_ids=None, into=None) -> int:
    """Copy each applicable target onto its tallies and set their status, in one UPDATE.

    The rule is `services.rollup.target_status`, with the share of time elapsed
    compared by cross-multiplying whole days (exact: no rounded fraction). The
    city target sits on the organiser's tree row, a bloc target on the bloc
    row, a unit target on the unit row. For a few units only their own, their
    blocs' and the city's targets are applied. `into` names the full
    recompute's scratch table instead of the tallies.
    """
    periods, period_params = _in("p.id", period_ids)
    if unit_ids is None:
        scope_filter, scope_params = "", []
    else:
        ids = list(unit_ids) or [0]
        marks = ", ".join(["%s"] * len(ids))
        scope_filter = f""" AND (g.scope = 'city'
            OR (g.scope = 'unit' AND g.unit_id IN ({marks}))
            OR (g.scope = 'bloc' AND g.bloc_id IN (SELECT bloc_id FROM {_t(BlocMembership)}
                WHERE unit_id IN ({marks}))))"""
        scope_params = ids + ids
    status = """CASE
        WHEN t.value IS NULL THEN 'behind'
        WHEN x.direction = 'higher' THEN CASE
            WHEN t.value > x.value THEN 'exceeded'
            WHEN t.value = x.value THEN 'met'
            WHEN x.passed < x.span AND t.value * x.span >= x.value * x.passed
                THEN 'on_schedule'
            ELSE 'behind' END
        WHEN x.passed < x.span THEN CASE
            WHEN t.value * x.span <= x.value * x.passed THEN 'on_schedule'
            ELSE 'behind' END
        WHEN t.value < x.value THEN 'exceeded'
        WHEN t.value = x.value THEN 'met'
        ELSE 'behind' END"""
    table = into or _t(Tally)
    sql = f"""
    UPDATE {table} AS t SET target = x.value, status = {status}, computed_at = %s
    FROM (
        SELECT p.id AS period_id, ci.indicator_id, g.value, i.direction,
            CASE g.scope WHEN 'city' THEN 'tree' ELSE g.scope END AS node_kind,
            CASE g.scope WHEN 'city' THEN %s WHEN 'bloc' THEN g.bloc_id
                ELSE g.unit_id END AS node_id,
            -- days of the target's horizon passed at the period's end, and all its days
            CASE WHEN p.ends_on >= COALESCE(g.due_on, %s) THEN 1
                 WHEN p.ends_on < %s THEN 0
                 ELSE {_days("p.ends_on", "%s")} + 1 END AS passed,
            CASE WHEN p.ends_on >= COALESCE(g.due_on, %s) THEN 1
                 ELSE {_days("COALESCE(g.due_on, %s)", "%s")} + 1 END AS span
        FROM {_t(Target)} g
        JOIN {_t(CampaignIndicator)} ci ON ci.id = g.campaign_indicator_id
        JOIN {_t(Indicator)} i ON i.id = ci.indicator_id
        JOIN {_t(Period)} p ON p.campaign_id = ci.campaign_id
        WHERE ci.campaign_id = %s{periods}{scope_filter}
    ) x
    WHERE t.period_id = x.period_id AND t.indicator_id = x.indicator_id
      AND t.node_kind = x.node_kind AND t.node_id = x.node_id
      -- unchanged rows are left alone
      AND (t.target IS DISTINCT FROM x.value OR t.status <> {status})
    """
    start, end = campaign.starts_on, campaign.ends_on
    params = [
        # A changed target or status is a change of figures: the dashboard's
        # "as of" moves, and its poll sees it (the figures' rows moved only if
        # their values changed).
        now,
        campaign.organiser_id,
        end,
        start,
        start,
        end,
        end,
        start,
        campaign.pk,
        *period_params,
        *scope_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
