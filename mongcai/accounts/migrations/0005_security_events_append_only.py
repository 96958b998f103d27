"""Security events are append-only in the database itself: a trigger refuses every
UPDATE and DELETE of a row, whoever sends it (the admin has no change or delete
for them either). PostgreSQL in production and tests, SQLite in the demo.
TRUNCATE (the test suite's flush between transactional tests) is not a row
operation and stays possible for the database owner."""

from django.db import migrations

TABLE = "accounts_securityevent"
MESSAGE = "security events are append-only"

POSTGRESQL = [
    f"""
    CREATE FUNCTION {TABLE}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$
    """,
    f"""
    CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only()
    """,
]
POSTGRESQL_REVERSE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only()",
]
SQLITE = [
    f"""
    CREATE TRIGGER {TABLE}_no_{operation} BEFORE {operation.upper()} ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """
    for operation in ("update", "delete")
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS {TABLE}_no_{op}" for op in ("update", "delete")]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_second_factor_demo_flag_security_events"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
