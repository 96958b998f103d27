from django.db import migrations, models


def fill_value_sum(apps, schema_editor):
    """The sum of the units' values for the rows that exist: a unit row's own
    value, a tree row's over its subtree, a bloc row's over its members of the
    period's year (the definitions of campaigns.rollup_sql, from the unit rows
    as stored). The next reconcile would find the same."""
    connection = schema_editor.connection
    q = connection.ops.quote_name
    tally = q(apps.get_model("campaigns", "Tally")._meta.db_table)
    period = q(apps.get_model("campaigns", "Period")._meta.db_table)
    unit = q(apps.get_model("blocs", "Unit")._meta.db_table)
    membership = q(apps.get_model("blocs", "BlocMembership")._meta.db_table)
    if connection.vendor == "sqlite":
        year = "CAST(strftime('%Y', p.ends_on) AS INTEGER)"
    else:
        year = "CAST(EXTRACT(YEAR FROM p.ends_on) AS INTEGER)"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {tally} SET value_sum = value WHERE node_kind = 'unit'")
        cursor.execute(
            f"""UPDATE {tally} SET value_sum = (
                WITH RECURSIVE down(unit_id) AS (
                    SELECT {tally}.node_id
                    UNION ALL SELECT u.id FROM down JOIN {unit} u ON u.parent_id = down.unit_id
                )
                SELECT SUM(x.value) FROM {tally} x JOIN down ON down.unit_id = x.node_id
                WHERE x.node_kind = 'unit' AND x.period_id = {tally}.period_id
                  AND x.indicator_id = {tally}.indicator_id
            ) WHERE node_kind = 'tree'"""
        )
        cursor.execute(
            f"""UPDATE {tally} SET value_sum = (
                SELECT SUM(x.value) FROM {tally} x
                JOIN {period} p ON p.id = x.period_id
                JOIN {membership} bm ON bm.unit_id = x.node_id AND bm.year = {year}
                WHERE x.node_kind = 'unit' AND x.period_id = {tally}.period_id
                  AND x.indicator_id = {tally}.indicator_id AND bm.bloc_id = {tally}.node_id
            ) WHERE node_kind = 'bloc'"""
        )


def leave_room_on_each_page(apps, schema_editor):
    """PostgreSQL: keep 15 % of each page of the tallies free, so that a report's
    roll-up, which rewrites a few hundred rows in place, updates them on their
    page without new index entries (HOT updates; docs/BENCHMARKS.md)."""
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("campaigns", "Tally")._meta.db_table
        schema_editor.execute(f'ALTER TABLE "{table}" SET (fillfactor = 85)')


def fill_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("campaigns", "Tally")._meta.db_table
        schema_editor.execute(f'ALTER TABLE "{table}" RESET (fillfactor)')


class Migration(migrations.Migration):
    dependencies = [
        ("blocs", "0005_unit_secretaries"),
        ("campaigns", "0010_campaign_organiser_is_an_organiser"),
    ]

    operations = [
        migrations.AddField(
            model_name="tally",
            name="value_sum",
            field=models.DecimalField(
                decimal_places=6,
                max_digits=30,
                null=True,
                verbose_name="sum of the units' values",
            ),
        ),
        migrations.RunPython(fill_value_sum, migrations.RunPython.noop),
        migrations.RunPython(leave_room_on_each_page, fill_pages),
    ]
