"""Plain SQL alongside the ORM."""

import hashlib

from django.db import connection


def table(model) -> str:
    """The model's table name, quoted for the database in use."""
    return connection.ops.quote_name(model._meta.db_table)


def bulk_update_rows(model, objs, field_names: list[str]) -> None:
    """`QuerySet.bulk_update` in one `UPDATE … FROM` a list of `VALUES`.

    Django's bulk_update builds a `CASE WHEN pk = … THEN …` expression per row
    and field: for a report's 50 values that was most of a submission's own
    CPU (docs/BENCHMARKS.md, fourth round). Here the rows are parameters of one
    statement, each cast to its column's type. PostgreSQL and SQLite (3.33+).
    """
    objs = list(objs)
    if not objs:
        return
    meta = model._meta
    fields = [meta.get_field(name) for name in field_names]
    pk = meta.pk
    qn = connection.ops.quote_name
    columns = [pk, *fields]
    row = "(" + ", ".join(f"CAST(%s AS {f.db_type(connection)})" for f in columns) + ")"
    params = []
    for obj in objs:
        params += [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns]
    names = ", ".join(qn(f.column) for f in columns)
    assignments = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in fields)
    sql = (
        f"WITH v ({names}) AS (VALUES {', '.join([row] * len(objs))}) "  # nosec B608 # column names and types from the model; values are %s parameters
        f"UPDATE {table(model)} SET {assignments} FROM v "
        f"WHERE {table(model)}.{qn(pk.column)} = v.{qn(pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def fetch_planned_once(sql: str, params: list) -> list[tuple]:
    """The rows of `sql` (with `%s` parameters), planned once per connection.

    On PostgreSQL the statement is `PREPARE`d the first time a connection runs
    it and `EXECUTE`d after that: after five runs PostgreSQL keeps a generic
    plan instead of planning each run. For a short query asked on every view
    (a cached dashboard's key), planning was most of its database time
    (docs/BENCHMARKS.md, ninth round). A prepared statement lives as long as
    its connection, whatever becomes of the transaction it was made in; a
    pooler that shares server connections between clients after each
    transaction (PgBouncer in transaction mode) would lose it (README,
    "Production").
    Elsewhere (SQLite) it is a plain execute.
    """
    pieces = sql.split("%s")
    if len(pieces) != len(params) + 1 or "%%" in sql:
        raise ValueError("fetch_planned_once: one %s per parameter, and no %%")
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        name = "mc_" + hashlib.sha256(sql.encode()).hexdigest()[:24]
        prepared = _prepared_names()
        if name not in prepared:
            numbered = pieces[0] + "".join(f"${n}{p}" for n, p in enumerate(pieces[1:], 1))
            cursor.execute(f"PREPARE {name} AS {numbered}")
            prepared.add(name)
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(params))})", params)
        return cursor.fetchall()


def _prepared_names() -> set[str]:
    """The statements prepared on the current connection to the database. The
    set is kept with the connection it belongs to: a new connection (after
    CONN_MAX_AGE, or a lost one) starts with none."""
    raw = connection.connection
    held = getattr(connection, "_mongcai_prepared", None)
    if held is None or held[0] is not raw:
        held = (raw, set())
        connection._mongcai_prepared = held
    return held[1]
