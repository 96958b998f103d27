"""The floors: the same tallies written by plain hand-written SQL into scratch tables.

No upsert machinery, no ORM, no Python pass: one INSERT … SELECT … GROUP BY
per kind of row, into unindexed tables. What the product does above this is
its overhead (`rollup_full_vs_floor`). The floor's rows are compared with the
product's afterwards, so a floor that skipped work would show as differences.
"""

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction

from campaigns.models import Campaign
from campaigns.rollup_sql import session_tune

# Table names by model name, as the statements below spell them.
T = {
    name: connection.ops.quote_name(apps.get_model(app, name)._meta.db_table)
    for app, names in {
        "blocs": ["BlocMembership", "Unit"],
        "campaigns": [
            "ApprovedValue",
            "Assignment",
            "CampaignIndicator",
            "CompletenessTally",
            "Indicator",
            "Period",
            "Report",
            "ReportValue",
            "Tally",
            "Target",
        ],
    }.items()
    for name in names
}

CREATE = """
DROP TABLE IF EXISTS bench_floor;
DROP TABLE IF EXISTS bench_floor_completeness;
CREATE TABLE bench_floor (
    period_id bigint, indicator_id bigint, node_kind varchar(4), node_id bigint,
    value numeric(30, 6), reported int, expected int, target numeric(24, 6), status varchar(12)
);
CREATE TABLE bench_floor_completeness (
    period_id bigint, node_kind varchar(4), node_id bigint, expected int, on_time int, late int
);
"""


def _sql(campaign: Campaign, unit_id: int | None) -> list[tuple[str, list]]:
    """The statements for the whole campaign (unit_id None) or for one unit's report:
    its rows, its ancestors' and its blocs', in the periods containing `month`."""
    statuses = ["approved"] if campaign.tally_basis == "approved" else ["submitted", "approved"]
    c = campaign.pk
    one = unit_id is not None
    # Nodes with units below them and, for each, the units of its subtree.
    closure = f"""WITH RECURSIVE sub(node_id, unit_id) AS (
        SELECT parent_id, id FROM {T["Unit"]} WHERE parent_id IS NOT NULL
        UNION ALL SELECT u.parent_id, sub.unit_id FROM sub JOIN {T["Unit"]} u ON u.id = sub.node_id
        WHERE u.parent_id IS NOT NULL)"""
    if one:
        # Only the ancestors of the unit, walked up; their subtrees walked down.
        closure = f"""WITH RECURSIVE up(node_id) AS (
            SELECT parent_id FROM {T["Unit"]} WHERE id = {unit_id} AND parent_id IS NOT NULL
            UNION SELECT u.parent_id FROM up JOIN {T["Unit"]} u ON u.id = up.node_id
            WHERE u.parent_id IS NOT NULL),
        down(node_id, unit_id) AS (
            SELECT up.node_id, u.id FROM up JOIN {T["Unit"]} u ON u.parent_id = up.node_id
            UNION ALL SELECT down.node_id, u.id FROM down JOIN {T["Unit"]} u
            ON u.parent_id = down.unit_id),
        sub AS (SELECT * FROM down)"""
    months = f"p_month.campaign_id = {c} AND p_month.kind = %s"
    unit_rows = f"""
    INSERT INTO bench_floor
    SELECT p.id, ci.indicator_id, 'unit', a.unit_id, v.value,
           (v.value IS NOT NULL)::int, 1, NULL, ''
    FROM {T["Assignment"]} a
    JOIN {T["CampaignIndicator"]} ci ON ci.id = a.campaign_indicator_id
    JOIN {T["Period"]} p ON p.campaign_id = ci.campaign_id
    JOIN {T["Unit"]} u ON u.id = a.unit_id
    LEFT JOIN (
        SELECT r.unit_id, rv.indicator_id, p.id AS period_id,
               CASE i.time_aggregation WHEN 'flow' THEN SUM(rv.value)
                    WHEN 'max' THEN MAX(rv.value)
                    ELSE (array_agg(rv.value ORDER BY p_month.ends_on DESC))[1] END AS value
        -- a counted report's own values, any other's approved ones (reopened reports)
        FROM (SELECT report_id, indicator_id, value, TRUE AS live FROM {T["ReportValue"]}
              UNION ALL
              SELECT report_id, indicator_id, value, FALSE FROM {T["ApprovedValue"]}) rv
        JOIN {T["Report"]} r ON r.id = rv.report_id
        JOIN {T["Period"]} p_month ON p_month.id = r.period_id
        JOIN {T["Period"]} p ON p.campaign_id = p_month.campaign_id
             AND p.starts_on <= p_month.starts_on AND p.ends_on >= p_month.ends_on
        JOIN {T["Indicator"]} i ON i.id = rv.indicator_id
        WHERE {months} AND rv.live = (r.status = ANY(%s)) {"AND r.unit_id = %s" if one else ""}
          {"AND p.id = ANY(%s)" if one else ""}
        GROUP BY r.unit_id, rv.indicator_id, p.id, i.time_aggregation
    ) v ON v.unit_id = a.unit_id AND v.indicator_id = ci.indicator_id AND v.period_id = p.id
    WHERE ci.campaign_id = {c}
      AND u.valid_from <= p.ends_on AND (u.valid_to IS NULL OR u.valid_to >= p.starts_on)
      {"AND a.unit_id = %s AND p.id = ANY(%s)" if one else ""}
    """
    unit_params = [campaign.reporting_kind, statuses] + (
        [unit_id, "PERIODS", unit_id, "PERIODS"] if one else []
    )
    over_units = """CASE i.unit_aggregation WHEN 'avg' THEN AVG(f.value)
        WHEN 'max' THEN MAX(f.value) ELSE SUM(f.value) END"""
    tree_rows = f"""{closure}
    INSERT INTO bench_floor
    SELECT f.period_id, f.indicator_id, 'tree', s.node_id, {over_units},
           SUM(f.reported), SUM(f.expected), NULL, ''
    FROM bench_floor f JOIN sub s ON s.unit_id = f.node_id
    JOIN {T["Indicator"]} i ON i.id = f.indicator_id
    WHERE f.node_kind = 'unit' {"AND f.period_id = ANY(%s)" if one else ""}
    GROUP BY f.period_id, f.indicator_id, s.node_id, i.unit_aggregation
    """
    bloc_of = f"""JOIN {T["Period"]} p ON p.id = f.period_id
    JOIN {T["BlocMembership"]} bm ON bm.unit_id = f.node_id
         AND bm.year = EXTRACT(YEAR FROM p.ends_on)::int"""
    if one:
        bloc_of += f"""
    JOIN {T["BlocMembership"]} mine ON mine.unit_id = %s AND mine.bloc_id = bm.bloc_id
         AND mine.year = bm.year"""
    bloc_rows = f"""
    INSERT INTO bench_floor
    SELECT f.period_id, f.indicator_id, 'bloc', bm.bloc_id, {over_units},
           SUM(f.reported), SUM(f.expected), NULL, ''
    FROM bench_floor f {bloc_of}
    JOIN {T["Indicator"]} i ON i.id = f.indicator_id
    WHERE f.node_kind = 'unit' {"AND f.period_id = ANY(%s)" if one else ""}
    GROUP BY f.period_id, f.indicator_id, bm.bloc_id, i.unit_aggregation
    """
    # When the unit's own rows are the only ones recomputed, tree and bloc rows
    # read the product's stored unit rows for the other units.
    if one:
        tree_rows = tree_rows.replace("FROM bench_floor f", f"FROM {T['Tally']} f")
        bloc_rows = bloc_rows.replace("FROM bench_floor f", f"FROM {T['Tally']} f")
    completeness_unit = f"""
    INSERT INTO bench_floor_completeness
    SELECT p.id, 'unit', u.id, COUNT(*),
        COUNT(*) FILTER (WHERE r.submitted_at < (p_month.deadline + 1)::timestamp
                         AT TIME ZONE %s),
        COUNT(r.id) FILTER (WHERE r.submitted_at >= (p_month.deadline + 1)::timestamp
                            AT TIME ZONE %s)
    FROM {T["Period"]} p
    JOIN {T["Period"]} p_month ON p_month.campaign_id = p.campaign_id
         AND p_month.starts_on >= p.starts_on AND p_month.ends_on <= p.ends_on
    JOIN {T["Unit"]} u ON u.id IN (
        SELECT a.unit_id FROM {T["Assignment"]} a
        JOIN {T["CampaignIndicator"]} ci ON ci.id = a.campaign_indicator_id
        WHERE ci.campaign_id = {c})
    LEFT JOIN {T["Report"]} r ON r.unit_id = u.id AND r.period_id = p_month.id
         AND r.status <> 'draft'
    WHERE p.campaign_id = {c} AND p_month.kind = %s
      AND u.valid_from <= p.ends_on AND (u.valid_to IS NULL OR u.valid_to >= p.starts_on)
      {"AND u.id = %s AND p.id = ANY(%s)" if one else ""}
    GROUP BY p.id, u.id
    """
    tz = settings.TIME_ZONE
    completeness_params = [tz, tz, campaign.reporting_kind] + ([unit_id, "PERIODS"] if one else [])
    completeness_table = "bench_floor_completeness" if not one else T["CompletenessTally"]
    completeness_tree = f"""{closure}
    INSERT INTO bench_floor_completeness
    SELECT f.period_id, 'tree', s.node_id, SUM(f.expected), SUM(f.on_time), SUM(f.late)
    FROM {completeness_table} f JOIN sub s ON s.unit_id = f.node_id
    WHERE f.node_kind = 'unit' {"AND f.period_id = ANY(%s)" if one else ""}
    GROUP BY f.period_id, s.node_id
    """
    completeness_bloc = f"""
    INSERT INTO bench_floor_completeness
    SELECT f.period_id, 'bloc', bm.bloc_id, SUM(f.expected), SUM(f.on_time), SUM(f.late)
    FROM {completeness_table} f {bloc_of}
    WHERE f.node_kind = 'unit' {"AND f.period_id = ANY(%s)" if one else ""}
    GROUP BY f.period_id, bm.bloc_id
    """
    # Targets and statuses in one UPDATE (the rule of services.rollup.target_status).
    statuses_sql = f"""
    UPDATE bench_floor f SET target = x.value, status = CASE
        WHEN f.value IS NULL THEN 'behind'
        WHEN x.direction = 'higher' THEN CASE
            WHEN f.value > x.value THEN 'exceeded' WHEN f.value = x.value THEN 'met'
            WHEN x.elapsed < 1 AND f.value >= x.value * x.elapsed THEN 'on_schedule'
            ELSE 'behind' END
        WHEN x.elapsed < 1 THEN CASE WHEN f.value <= x.value * x.elapsed
            THEN 'on_schedule' ELSE 'behind' END
        WHEN f.value < x.value THEN 'exceeded' WHEN f.value = x.value THEN 'met'
        ELSE 'behind' END
    FROM (
        SELECT ci.indicator_id, t.value, i.direction, p.id AS period_id,
            CASE t.scope WHEN 'city' THEN 'tree' ELSE t.scope END AS node_kind,
            CASE t.scope WHEN 'city' THEN cp.organiser_id WHEN 'bloc' THEN t.bloc_id
                 ELSE t.unit_id END AS node_id,
            CASE WHEN p.ends_on >= COALESCE(t.due_on, cp.ends_on) THEN 1
                 WHEN p.ends_on < cp.starts_on THEN 0
                 ELSE (p.ends_on - cp.starts_on + 1)::numeric
                      / (COALESCE(t.due_on, cp.ends_on) - cp.starts_on + 1) END AS elapsed
        FROM {T["Target"]} t
        JOIN {T["CampaignIndicator"]} ci ON ci.id = t.campaign_indicator_id
        JOIN campaigns_campaign cp ON cp.id = ci.campaign_id
        JOIN {T["Indicator"]} i ON i.id = ci.indicator_id
        JOIN {T["Period"]} p ON p.campaign_id = cp.id
        WHERE cp.id = {c}
    ) x
    WHERE f.indicator_id = x.indicator_id AND f.node_kind = x.node_kind
      AND f.node_id = x.node_id AND f.period_id = x.period_id
    """
    tree_params = ["PERIODS"] if one else []
    bloc_params = [unit_id, "PERIODS"] if one else []
    return [
        (unit_rows, unit_params),
        (tree_rows, tree_params),
        (bloc_rows, bloc_params),
        (completeness_unit, completeness_params),
        (completeness_tree, tree_params),
        (completeness_bloc, bloc_params),
        (statuses_sql, []),
    ]


def floor_full(campaign: Campaign) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        # The same settings as the product's full recompute.
        session_tune(full=True)
        cursor.execute(CREATE)
        for step, (sql, params) in enumerate(_sql(campaign, None)):
            cursor.execute(sql, params)
            if step == 0:
                # As the product does for its scratch table: the planner must see the rows.
                cursor.execute("ANALYZE bench_floor")


def floor_differences() -> int:
    """Rows where the floor and the product disagree (0: the floor did the same work)."""
    columns = "period_id, indicator_id, node_kind, node_id, value, reported, expected"
    status_columns = f"{columns}, target, status"
    completeness = "period_id, node_kind, node_id, expected, on_time, late"
    sql = f"""SELECT
        (SELECT COUNT(*) FROM (SELECT {status_columns} FROM bench_floor
            EXCEPT SELECT {status_columns} FROM {T["Tally"]}) a)
      + (SELECT COUNT(*) FROM (SELECT {status_columns} FROM {T["Tally"]}
            EXCEPT SELECT {status_columns} FROM bench_floor) b)
      + (SELECT COUNT(*) FROM (SELECT {completeness} FROM bench_floor_completeness
            EXCEPT SELECT {completeness} FROM {T["CompletenessTally"]}) c)
      + (SELECT COUNT(*) FROM (SELECT {completeness} FROM {T["CompletenessTally"]}
            EXCEPT SELECT {completeness} FROM bench_floor_completeness) d)"""
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def floor_one_report(campaign: Campaign, *, unit_id: int, period_ids: list[int]) -> None:
    """The floor of one report's roll-up: plain SQL writing only the rows the
    report changes, in the stored tallies (the rows are laid out).

    The unit's figures over the periods containing the report's month, from
    its counted values; the rows that differ from the stored ones; those unit
    rows written; every row above them (its ancestors' tree rows, its blocs'
    rows of the period's year) moved by the difference, a maximum whose holder
    fell read again from its units; the unit's completeness compared; the
    statuses of the rows written set against their targets. What the product
    does above this (finding the periods, checking the lay-out, the campaign
    lock and stamp, inserting rows that do not exist yet, targets of unchanged
    rows) is its overhead."""
    statuses = ["approved"] if campaign.tally_basis == "approved" else ["submitted", "approved"]
    tally = T["Tally"]
    # The unit's rows that change: (period, indicator, how it adds up, old, new).
    changed = f"""
    CREATE TEMP TABLE bench_changed ON COMMIT DROP AS
    WITH v AS (
        SELECT p.id AS period_id, rv.indicator_id,
               CASE i.time_aggregation WHEN 'flow' THEN SUM(rv.value)
                    WHEN 'max' THEN MAX(rv.value)
                    ELSE (array_agg(rv.value ORDER BY m.ends_on DESC))[1] END AS value
        FROM (SELECT report_id, indicator_id, value, TRUE AS live FROM {T["ReportValue"]}
              UNION ALL
              SELECT report_id, indicator_id, value, FALSE FROM {T["ApprovedValue"]}) rv
        JOIN {T["Report"]} r ON r.id = rv.report_id
        JOIN {T["Period"]} m ON m.id = r.period_id
        JOIN {T["Period"]} p ON p.campaign_id = m.campaign_id
             AND p.starts_on <= m.starts_on AND p.ends_on >= m.ends_on
        JOIN {T["Indicator"]} i ON i.id = rv.indicator_id
        WHERE r.unit_id = %(unit)s AND m.kind = %(kind)s AND p.id = ANY(%(periods)s)
          AND rv.live = (r.status = ANY(%(statuses)s))
        GROUP BY p.id, rv.indicator_id, i.time_aggregation
    )
    SELECT t.period_id, t.indicator_id, i.unit_aggregation AS agg,
           t.value AS old_value, v.value AS new_value,
           (v.value IS NOT NULL)::int - t.reported AS d_reported,
           COALESCE(v.value, 0) - COALESCE(t.value, 0) AS d_sum
    FROM {tally} t
    JOIN {T["Indicator"]} i ON i.id = t.indicator_id
    LEFT JOIN v ON v.period_id = t.period_id AND v.indicator_id = t.indicator_id
    WHERE t.node_kind = 'unit' AND t.node_id = %(unit)s AND t.period_id = ANY(%(periods)s)
      AND t.value IS DISTINCT FROM v.value
    """
    unit_rows = f"""
    UPDATE {tally} t SET value = c.new_value, value_sum = c.new_value,
        reported = t.reported + c.d_reported, computed_at = now()
    FROM bench_changed c
    WHERE t.node_kind = 'unit' AND t.node_id = %(unit)s
      AND t.period_id = c.period_id AND t.indicator_id = c.indicator_id
    """
    above = f"""
    WITH RECURSIVE up(node_id) AS (
        SELECT parent_id FROM {T["Unit"]} WHERE id = %(unit)s AND parent_id IS NOT NULL
        UNION SELECT u.parent_id FROM up JOIN {T["Unit"]} u ON u.id = up.node_id
        WHERE u.parent_id IS NOT NULL
    ),
    nodes(period_id, node_kind, node_id) AS (
        SELECT p.id, 'tree', up.node_id FROM {T["Period"]} p, up WHERE p.id = ANY(%(periods)s)
        UNION ALL
        SELECT p.id, 'bloc', bm.bloc_id FROM {T["Period"]} p
        JOIN {T["BlocMembership"]} bm ON bm.unit_id = %(unit)s
             AND bm.year = EXTRACT(YEAR FROM p.ends_on)::int
        WHERE p.id = ANY(%(periods)s)
    )
    UPDATE {tally} t SET
        reported = t.reported + c.d_reported,
        value_sum = CASE WHEN t.reported + c.d_reported = 0 THEN NULL
                         ELSE COALESCE(t.value_sum, 0) + c.d_sum END,
        value = CASE WHEN t.reported + c.d_reported = 0 THEN NULL
            WHEN c.agg = 'max' THEN CASE
                WHEN c.new_value >= t.value THEN c.new_value
                WHEN c.old_value < t.value THEN t.value
                ELSE (SELECT MAX(x.value) FROM {tally} x
                      WHERE x.node_kind = 'unit' AND x.period_id = t.period_id
                        AND x.indicator_id = t.indicator_id AND x.node_id IN (
                            SELECT bm.unit_id FROM {T["BlocMembership"]} bm
                            JOIN {T["Period"]} p ON p.id = t.period_id
                            WHERE t.node_kind = 'bloc' AND bm.bloc_id = t.node_id
                              AND bm.year = EXTRACT(YEAR FROM p.ends_on)::int
                            UNION ALL
                            SELECT * FROM (WITH RECURSIVE sub(id) AS (
                                SELECT t.node_id WHERE t.node_kind = 'tree'
                                UNION ALL SELECT u.id FROM sub JOIN {T["Unit"]} u
                                ON u.parent_id = sub.id) SELECT id FROM sub) s))
                END
            WHEN c.agg = 'avg' THEN (COALESCE(t.value_sum, 0) + c.d_sum)
                                    / (t.reported + c.d_reported)
            ELSE COALESCE(t.value_sum, 0) + c.d_sum END,
        computed_at = now()
    FROM bench_changed c JOIN nodes n ON n.period_id = c.period_id
    WHERE t.period_id = c.period_id AND t.indicator_id = c.indicator_id
      AND t.node_kind = n.node_kind AND t.node_id = n.node_id
    """
    # Completeness: the unit's counts recomputed and compared (a correction of
    # values changes none; the floor must still find that out).
    completeness = f"""
    SELECT COUNT(*) FROM (
        SELECT p.id, COUNT(*) FILTER (WHERE r.id IS NOT NULL) AS submitted
        FROM {T["Period"]} p
        JOIN {T["Period"]} m ON m.campaign_id = p.campaign_id AND m.kind = %(kind)s
             AND m.starts_on >= p.starts_on AND m.ends_on <= p.ends_on
        LEFT JOIN {T["Report"]} r ON r.unit_id = %(unit)s AND r.period_id = m.id
             AND r.status <> 'draft'
        WHERE p.id = ANY(%(periods)s)
        GROUP BY p.id
    ) mine JOIN {T["CompletenessTally"]} c ON c.period_id = mine.id
        AND c.node_kind = 'unit' AND c.node_id = %(unit)s
    WHERE c.on_time + c.late <> mine.submitted
    """
    # Statuses of the rows written, against their targets (city, bloc, unit).
    targets = f"""
    UPDATE {tally} t SET status = CASE
        WHEN t.value IS NULL THEN 'behind'
        WHEN x.direction = 'higher' THEN CASE
            WHEN t.value > x.value THEN 'exceeded' WHEN t.value = x.value THEN 'met'
            WHEN x.passed < x.span AND t.value * x.span >= x.value * x.passed
                THEN 'on_schedule'
            ELSE 'behind' END
        WHEN x.passed < x.span THEN CASE WHEN t.value * x.span <= x.value * x.passed
            THEN 'on_schedule' ELSE 'behind' END
        WHEN t.value < x.value THEN 'exceeded' WHEN t.value = x.value THEN 'met'
        ELSE 'behind' END
    FROM (
        SELECT ci.indicator_id, g.value, i.direction, p.id AS period_id,
            CASE g.scope WHEN 'city' THEN 'tree' ELSE g.scope END AS node_kind,
            CASE g.scope WHEN 'city' THEN cp.organiser_id WHEN 'bloc' THEN g.bloc_id
                 ELSE g.unit_id END AS node_id,
            CASE WHEN p.ends_on >= COALESCE(g.due_on, cp.ends_on) THEN 1
                 WHEN p.ends_on < cp.starts_on THEN 0
                 ELSE p.ends_on - cp.starts_on + 1 END AS passed,
            CASE WHEN p.ends_on >= COALESCE(g.due_on, cp.ends_on) THEN 1
                 ELSE COALESCE(g.due_on, cp.ends_on) - cp.starts_on + 1 END AS span
        FROM bench_changed c
        JOIN {T["CampaignIndicator"]} ci ON ci.indicator_id = c.indicator_id
             AND ci.campaign_id = %(campaign)s
        JOIN {T["Target"]} g ON g.campaign_indicator_id = ci.id
        JOIN campaigns_campaign cp ON cp.id = ci.campaign_id
        JOIN {T["Indicator"]} i ON i.id = ci.indicator_id
        JOIN {T["Period"]} p ON p.id = c.period_id
    ) x
    WHERE t.period_id = x.period_id AND t.indicator_id = x.indicator_id
      AND t.node_kind = x.node_kind AND t.node_id = x.node_id
    """
    params = {
        "unit": unit_id,
        "periods": list(period_ids),
        "kind": campaign.reporting_kind,
        "statuses": statuses,
        "campaign": campaign.pk,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        session_tune(full=False)
        for sql in (changed, unit_rows, above, completeness, targets):
            cursor.execute(sql, params)
