"""The scratch database a benchmark run creates, points Django at, and drops."""

import contextlib
import os

import psycopg2
from django.core.management import call_command
from django.db import connection, connections


def server_params() -> dict:
    s = connection.settings_dict
    return {
        "host": s["HOST"] or "127.0.0.1",
        "port": s["PORT"] or 5432,
        "user": s["USER"],
        "password": s["PASSWORD"] or None,
    }


def database_url(name: str) -> str:
    p = server_params()
    auth = p["user"] + (f":{p['password']}" if p["password"] else "")
    return f"postgres://{auth}@{p['host']}:{p['port']}/{name}"


def _admin(sql: str) -> None:
    conn = psycopg2.connect(dbname="postgres", **server_params())
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


@contextlib.contextmanager
def scratch_database(name: str | None = None):
    """Create `mongcai_bench_<pid>`, migrate it, point the default connection at
    it for the duration, then drop it (even when the run fails)."""
    name = name or f"mongcai_bench_{os.getpid()}"
    settings_dict = connection.settings_dict
    previous = settings_dict["NAME"]
    connections.close_all()
    _admin(f'DROP DATABASE IF EXISTS "{name}"')
    _admin(f'CREATE DATABASE "{name}"')
    settings_dict["NAME"] = name
    try:
        call_command("migrate", verbosity=0, interactive=False)
        yield name
    finally:
        connections.close_all()
        settings_dict["NAME"] = previous
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
