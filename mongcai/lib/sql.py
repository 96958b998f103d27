"""Plain SQL alongside the ORM."""

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
