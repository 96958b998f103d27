"""A report's roll-up by exact deltas (PostgreSQL): its cost does not grow with
the province.

A report changes its unit's rows (one per indicator and period containing the
report's month). Every row above it — each ancestor's tree row, each of its
blocs' rows — counts that unit row exactly once, so each moves by the unit
row's change, whatever the number of units:

- `reported`, `expected` and the sum of the values (`value_sum`) by the
  difference between the unit row's new and old figures;
- a sum or a count of yes is its `value_sum`, an average `value_sum /
  reported` (exactly what `AVG` computes over the units, so the full
  recompute finds the same digits);
- a maximum is the new value when that is at least the current maximum, and
  unchanged when the old value was below it; only when the unit held the
  maximum and its value fell is the row re-read from its units.

The deltas are computed inside the roll-up's transaction from the unit rows as
stored (under the campaign row lock, so no other roll-up of the campaign runs
meanwhile) and the unit rows are overwritten in the same statement: running
the roll-up again finds no difference and changes nothing (no double count).
Completeness rows (reports owed, on time, late) move the same way.

Reports gathered into one roll-up (`roll_up_units`) are rolled up together:
each row above moves by the sum of the differences of the batch's units
under it, so a row several of them share (the root's, a district's, a
bloc's) is written once.

The full recompute (`rollup_sql.recompute_all`) stays the definition, and the
hourly reconcile compares every row with it. A change of the tree or of a
bloc's members is followed by a full recompute (`campaigns.receivers`); if a
roll-up runs before it and a delta would break a row's constraints, the
roll-up recomputes the report's rows from the subtrees instead
(`rollup_sql.upsert_tree_rows`), which is right for any tree.
"""

from django.db import IntegrityError, connection, transaction

from blocs.models import BlocMembership, Unit
from mongcai.lib.sql import table as _t

from . import rollup_sql
from .models import CompletenessTally, Indicator, NodeStamp, Period, Tally


def _nodes(unit_ids: list[int], period_ids: list[int]) -> tuple[str, list]:
    """CTEs ending in `n(unit_id, period_id, node_kind, node_id)`: for each unit,
    the rows above it in each period: its ancestors' tree rows (and its own
    when units hang below it), and the rows of its blocs of the year each
    period ends in. One walk up for all the units gathered."""
    return (
        f"""up(unit_id, node_id) AS (
        SELECT id, parent_id FROM {_t(Unit)} WHERE id = ANY(%s) AND parent_id IS NOT NULL
        UNION
        SELECT up.unit_id, u.parent_id FROM up JOIN {_t(Unit)} u ON u.id = up.node_id
        WHERE u.parent_id IS NOT NULL
    ),
    tree_nodes(unit_id, node_id) AS (
        SELECT unit_id, node_id FROM up
        UNION
        SELECT DISTINCT parent_id, parent_id FROM {_t(Unit)} WHERE parent_id = ANY(%s)
    ),
    n(unit_id, period_id, node_kind, node_id) AS (
        SELECT tn.unit_id, p.id, 'tree', tn.node_id FROM {_t(Period)} p CROSS JOIN tree_nodes tn
        WHERE p.id = ANY(%s)
        UNION ALL
        SELECT bm.unit_id, p.id, 'bloc', bm.bloc_id FROM {_t(Period)} p
        JOIN {_t(BlocMembership)} bm ON bm.unit_id = ANY(%s)
             AND bm.year = CAST(EXTRACT(YEAR FROM p.ends_on) AS INTEGER)
        WHERE p.id = ANY(%s)
    )""",  # nosec B608 # table names and code constants only; values are %s parameters
        [unit_ids, unit_ids, period_ids, unit_ids, period_ids],
    )


def roll_up_tallies(campaign, *, now, unit_ids: list[int], period_ids: list[int]) -> list[int]:
    """The units' rows from their reports, and the rows above them moved by the
    sum of their units' differences, in one statement for all the units
    gathered. Returns the ids of maxima to re-read."""
    table = _t(Tally)
    new, new_params = rollup_sql.unit_rows_select(
        campaign, now=now, unit_ids=unit_ids, period_ids=period_ids
    )
    nodes, nodes_params = _nodes(unit_ids, period_ids)
    now_db = rollup_sql._db_time(now)
    sql = f"""
    WITH RECURSIVE {nodes},
    new(period_id, indicator_id, node_kind, node_id, value, value_sum, reported, expected,
        target, status, computed_at) AS ({new}),
    -- the units' stored rows, read by one range of the (node, period) index
    -- rather than a probe per indicator
    old AS MATERIALIZED (
        SELECT id, period_id, indicator_id, node_id, value, reported, expected FROM {table}
        WHERE node_kind = 'unit' AND node_id = ANY(%s) AND period_id = ANY(%s)
    ),
    -- the units' rows that change, with their old figures (0 for a new row)
    d AS (
        SELECT w.node_id AS unit_id, w.period_id, w.indicator_id, i.unit_aggregation AS agg,
               o.value AS old_value, w.value AS new_value,
               w.reported, w.expected,
               w.reported - COALESCE(o.reported, 0) AS d_reported,
               w.expected - COALESCE(o.expected, 0) AS d_expected,
               COALESCE(w.value, 0) - COALESCE(o.value, 0) AS d_sum
        FROM new w
        JOIN {_t(Indicator)} i ON i.id = w.indicator_id
        LEFT JOIN old o ON o.node_id = w.node_id AND o.period_id = w.period_id
             AND o.indicator_id = w.indicator_id
        WHERE o.id IS NULL OR o.value IS DISTINCT FROM w.value
           OR o.reported <> w.reported OR o.expected <> w.expected
    ),
    unit_rows AS (
        INSERT INTO {table} {rollup_sql.COLUMNS}
        SELECT period_id, indicator_id, 'unit', unit_id, new_value, new_value, reported,
               expected, NULL, '', %s
        FROM d
        ON CONFLICT (period_id, indicator_id, node_kind, node_id) DO UPDATE SET
            value = excluded.value, value_sum = excluded.value_sum,
            reported = excluded.reported, expected = excluded.expected,
            computed_at = excluded.computed_at
        RETURNING 1
    ),
    -- each changed unit row under each row above it, with that row as stored
    -- (none yet: row_id NULL), found by the row's unique index: the planner
    -- cannot size these CTEs, and joining two of them it compared every pair
    below AS (
        SELECT d.*, n.node_kind, n.node_id, t.id AS row_id, t.value AS current,
               t.reported AS row_reported, t.expected AS row_expected,
               t.value_sum AS row_value_sum
        FROM d JOIN n ON n.unit_id = d.unit_id AND n.period_id = d.period_id
        LEFT JOIN {table} t ON t.period_id = d.period_id AND t.indicator_id = d.indicator_id
             AND t.node_kind = n.node_kind AND t.node_id = n.node_id
    ),
    -- every row above that exists, moved by the sum of its gathered units'
    -- differences; for a maximum, the highest new value among them and
    -- whether none of them held the current maximum
    moved AS (
        SELECT row_id AS id, MIN(agg) AS agg, current, MAX(new_value) AS new_value,
               BOOL_AND(old_value IS NULL OR old_value < current) AS kept,
               row_reported + SUM(d_reported) AS reported,
               row_expected + SUM(d_expected) AS expected,
               CASE WHEN row_reported + SUM(d_reported) = 0 THEN NULL
                    ELSE COALESCE(row_value_sum, 0) + SUM(d_sum) END AS value_sum
        FROM below WHERE row_id IS NOT NULL
        GROUP BY row_id, current, row_reported, row_expected, row_value_sum
    ),
    figures AS (
        SELECT id, reported, expected, value_sum,
            CASE WHEN reported = 0 THEN NULL
                 WHEN agg = 'max' THEN CASE
                     WHEN new_value IS NOT NULL AND (current IS NULL OR new_value >= current)
                         THEN new_value
                     WHEN kept THEN current
                     ELSE NULL END
                 WHEN agg = 'avg' THEN value_sum / reported
                 ELSE value_sum END AS value,
            -- a unit held the maximum and all fell below it: re-read below
            (agg = 'max' AND reported > 0
             AND NOT (new_value IS NOT NULL AND (current IS NULL OR new_value >= current))
             AND NOT kept) AS rescan
        FROM moved
    ),
    above AS (
        UPDATE {table} t SET value = f.value, value_sum = f.value_sum,
            reported = f.reported, expected = f.expected, computed_at = %s
        FROM figures f
        WHERE t.id = f.id AND (f.rescan OR t.value IS DISTINCT FROM f.value
            OR t.value_sum IS DISTINCT FROM f.value_sum
            OR t.reported <> f.reported OR t.expected <> f.expected)
        RETURNING t.id, f.rescan
    ),
    -- a row above that does not exist yet counted no unit: it is its gathered
    -- units' rows (an average from their sum and count, as AVG)
    created AS (
        INSERT INTO {table} {rollup_sql.COLUMNS}
        SELECT b.period_id, b.indicator_id, b.node_kind, b.node_id,
               CASE WHEN SUM(b.reported) = 0 THEN NULL
                    WHEN MIN(b.agg) = 'max' THEN MAX(b.new_value)
                    WHEN MIN(b.agg) = 'avg' THEN SUM(b.new_value) / SUM(b.reported)
                    ELSE SUM(b.new_value) END,
               SUM(b.new_value), SUM(b.reported), SUM(b.expected), NULL, '', %s
        FROM below b WHERE b.row_id IS NULL
        GROUP BY b.period_id, b.indicator_id, b.node_kind, b.node_id
        RETURNING 1
    )
    SELECT (SELECT COUNT(*) FROM unit_rows), (SELECT COUNT(*) FROM created),
           ARRAY(SELECT id FROM above WHERE rescan)
    """  # nosec B608 # table names and code constants only; values are %s parameters
    params = [
        *nodes_params,
        *new_params,
        unit_ids,
        period_ids,
        now_db,
        now_db,
        now_db,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        _unit_rows, _created, rescan = cursor.fetchone()
    return list(rescan)


def rescan_maxima(row_ids: list[int]) -> None:
    """Re-read the maximum of the given tree and bloc rows from their units' rows
    (the unit that held it reported less): the only step whose cost grows with
    a node's units, and only for maxima whose holder fell."""
    if not row_ids:
        return
    table = _t(Tally)
    sql = f"""
    WITH RECURSIVE r AS (SELECT id, period_id, indicator_id, node_kind, node_id
                         FROM {table} WHERE id = ANY(%s)),
    down(root, unit_id) AS (
        SELECT DISTINCT node_id, node_id FROM r WHERE node_kind = 'tree'
        UNION
        SELECT down.root, u.id FROM down JOIN {_t(Unit)} u ON u.parent_id = down.unit_id
    ),
    members(row_id, unit_id) AS (
        SELECT r.id, down.unit_id FROM r JOIN down ON down.root = r.node_id
        WHERE r.node_kind = 'tree'
        UNION ALL
        SELECT r.id, bm.unit_id FROM r JOIN {_t(Period)} p ON p.id = r.period_id
        JOIN {_t(BlocMembership)} bm ON bm.bloc_id = r.node_id
             AND bm.year = CAST(EXTRACT(YEAR FROM p.ends_on) AS INTEGER)
        WHERE r.node_kind = 'bloc'
    )
    UPDATE {table} t SET value = m.value
    FROM (
        SELECT r.id, MAX(x.value) AS value FROM r JOIN members ON members.row_id = r.id
        JOIN {table} x ON x.node_kind = 'unit' AND x.node_id = members.unit_id
             AND x.period_id = r.period_id AND x.indicator_id = r.indicator_id
        GROUP BY r.id
    ) m
    WHERE t.id = m.id
    """  # nosec B608 # table names and code constants only; values are %s parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [row_ids])


def roll_up_completeness(
    campaign, *, now, unit_ids: list[int], period_ids: list[int], periods=None
) -> None:
    """The units' completeness rows from their reports, and the rows above moved
    by the sum of their units' differences (all three figures are counts that
    add up), in one statement for all the units gathered."""
    windows = rollup_sql.completeness_windows(campaign, period_ids, periods=periods)
    if not windows:
        return
    table = _t(CompletenessTally)
    new, new_params = rollup_sql.completeness_unit_select(
        campaign, now=now, windows=windows, unit_ids=unit_ids
    )
    nodes, nodes_params = _nodes(unit_ids, period_ids)
    now_db = rollup_sql._db_time(now)
    sql = f"""
    WITH RECURSIVE {nodes},
    new(period_id, node_kind, node_id, expected, on_time, late, computed_at) AS ({new}),
    d AS (
        SELECT w.node_id AS unit_id, w.period_id, w.expected, w.on_time, w.late,
               w.expected - COALESCE(o.expected, 0) AS d_expected,
               w.on_time - COALESCE(o.on_time, 0) AS d_on_time,
               w.late - COALESCE(o.late, 0) AS d_late
        FROM new w
        LEFT JOIN {table} o ON o.period_id = w.period_id AND o.node_kind = 'unit'
             AND o.node_id = w.node_id
        WHERE o.id IS NULL OR o.expected <> w.expected OR o.on_time <> w.on_time
           OR o.late <> w.late
    ),
    unit_rows AS (
        INSERT INTO {table} {rollup_sql.COMPLETENESS_COLUMNS}
        SELECT period_id, 'unit', unit_id, expected, on_time, late, %s FROM d
        ON CONFLICT (period_id, node_kind, node_id) DO UPDATE SET
            expected = excluded.expected, on_time = excluded.on_time, late = excluded.late,
            computed_at = excluded.computed_at
        RETURNING 1
    ),
    -- each row above: its gathered units' figures and differences, summed
    sums AS (
        SELECT d.period_id, n.node_kind, n.node_id,
               SUM(d.expected) AS expected, SUM(d.on_time) AS on_time, SUM(d.late) AS late,
               SUM(d.d_expected) AS d_expected, SUM(d.d_on_time) AS d_on_time,
               SUM(d.d_late) AS d_late
        FROM d JOIN n ON n.unit_id = d.unit_id AND n.period_id = d.period_id
        GROUP BY d.period_id, n.node_kind, n.node_id
    ),
    above AS (
        UPDATE {table} t SET expected = t.expected + s.d_expected,
            on_time = t.on_time + s.d_on_time, late = t.late + s.d_late, computed_at = %s
        FROM sums s
        WHERE t.period_id = s.period_id AND t.node_kind = s.node_kind AND t.node_id = s.node_id
        RETURNING 1
    ),
    created AS (
        INSERT INTO {table} {rollup_sql.COMPLETENESS_COLUMNS}
        SELECT s.period_id, s.node_kind, s.node_id, s.expected, s.on_time, s.late, %s
        FROM sums s
        WHERE NOT EXISTS (
            SELECT 1 FROM {table} t WHERE t.period_id = s.period_id
            AND t.node_kind = s.node_kind AND t.node_id = s.node_id)
        RETURNING 1
    )
    SELECT (SELECT COUNT(*) FROM unit_rows), (SELECT COUNT(*) FROM above),
           (SELECT COUNT(*) FROM created)
    """  # nosec B608 # table names and code constants only; values are %s parameters
    # `new` is itself a WITH … SELECT: PostgreSQL takes it as a CTE's body.
    params = [*nodes_params, *new_params, now_db, now_db, now_db]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def stamp_nodes(campaign, *, now, unit_ids: list[int], period_ids: list[int]) -> None:
    """Move the stamps (NodeStamp) of the nodes whose rows the units' roll-ups
    change: each unit's own and every node above it in the periods
    (`_nodes`), in one statement for all the units gathered."""
    nodes, nodes_params = _nodes(unit_ids, period_ids)
    sql = f"""
    WITH RECURSIVE {nodes},
    stamped(node_kind, node_id) AS (
        SELECT node_kind, node_id FROM n
        UNION
        SELECT 'unit', id FROM unnest(CAST(%s AS bigint[])) AS id
    )
    INSERT INTO {_t(NodeStamp)} (campaign_id, node_kind, node_id, stamp)
    SELECT %s, node_kind, node_id, %s FROM stamped
    ON CONFLICT (campaign_id, node_kind, node_id) DO UPDATE SET stamp = excluded.stamp
    """  # nosec B608 # table names and code constants only; values are %s parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*nodes_params, unit_ids, campaign.pk, now])


def roll_up_units(campaign, *, now, unit_periods: dict[int, list[int]], periods=None) -> None:
    """Everything the gathered reports can change: their units' rows and the
    rows above them, the targets and statuses of those rows, and the nodes'
    stamps, each in one statement for all the units (docs/BENCHMARKS.md,
    seventh and eighth rounds).

    The units' periods are taken together: a unit whose row in a period of
    another unit's report does not change contributes no difference there.
    Falls back to recomputing the rows above from their subtrees when a delta
    would break a row (the tree or a bloc changed and the full recompute that
    follows such a change has not run yet)."""
    unit_ids = sorted(unit_periods)
    period_ids = sorted({pk for ids in unit_periods.values() for pk in ids})
    try:
        with transaction.atomic():
            rescan = roll_up_tallies(campaign, now=now, unit_ids=unit_ids, period_ids=period_ids)
            rescan_maxima(rescan)
            roll_up_completeness(
                campaign, now=now, unit_ids=unit_ids, period_ids=period_ids, periods=periods
            )
    except IntegrityError:
        scope = {"now": now, "unit_ids": unit_ids, "period_ids": period_ids}
        rollup_sql.upsert_unit_rows(campaign, **scope)
        rollup_sql.upsert_tree_rows(campaign, **scope)
        rollup_sql.upsert_bloc_rows(campaign, **scope)
        rollup_sql.upsert_completeness(campaign, **scope)
    # A target's status depends only on its row's current value.
    rollup_sql.apply_targets(campaign, now=now, unit_ids=unit_ids, period_ids=period_ids)
    stamp_nodes(campaign, now=now, unit_ids=unit_ids, period_ids=period_ids)
