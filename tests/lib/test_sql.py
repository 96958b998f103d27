"""mongcai.lib.sql: statements planned once per connection."""

import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from mongcai.lib.sql import fetch_planned_once

pytestmark = pytest.mark.django_db

# A statement of this module's own, fresh for each test: the connection (and
# what it has prepared) outlives a test, and other tests prepare their own.
QUERY = "SELECT CAST(%s AS INTEGER) + 1, CASE WHEN %s = '' THEN 'empty' ELSE %s END"


@pytest.fixture
def sql() -> str:
    return f"{QUERY} -- {uuid.uuid4().hex}"


def _prepared(sql: str) -> int:
    """How many statements of the connection are `sql`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%" + sql.rsplit("-- ", 1)[1] + "%"],
        )
        return cursor.fetchone()[0]


def test_a_statement_is_prepared_once_per_connection_and_answers_as_a_plain_one(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql, [1, "", ""])
        plain = cursor.fetchall()
    with CaptureQueriesContext(connection) as captured:
        first = fetch_planned_once(sql, [1, "", ""])
        again = [fetch_planned_once(sql, [n, "x", "x"]) for n in range(7)]
    assert first == plain == [(2, "empty")]
    assert again == [[(n + 1, "x")] for n in range(7)]
    statements = [q["sql"].split()[0] for q in captured.captured_queries]
    assert statements == ["PREPARE"] + ["EXECUTE"] * 8
    assert _prepared(sql) == 1


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_again(sql):
    fetch_planned_once(sql, [1, "", ""])
    connection.close()  # CONN_MAX_AGE reached, or the connection was lost
    with CaptureQueriesContext(connection) as captured:
        assert fetch_planned_once(sql, [2, "", ""]) == [(3, "empty")]
    assert captured.captured_queries[0]["sql"].startswith("PREPARE")


@pytest.mark.django_db(transaction=True)
def test_a_statement_prepared_in_a_rolled_back_transaction_is_still_there(sql):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        fetch_planned_once(sql, [1, "", ""])
        raise Undo
    with CaptureQueriesContext(connection) as captured:
        assert fetch_planned_once(sql, [5, "a", "a"]) == [(6, "a")]
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["EXECUTE"]


def test_parameters_must_match_the_placeholders(sql):
    with pytest.raises(ValueError):
        fetch_planned_once(sql, [1])
    with pytest.raises(ValueError):
        fetch_planned_once("SELECT '%%', %s", [1])
