"""`make test` on a machine where PostgreSQL and Redis are not running: what
tests/services.py decides, and a run of it on ports where nothing listens."""

import socket
import subprocess
import sys
from pathlib import Path

from tests.services import (
    Cluster,
    Endpoint,
    Plan,
    packages_missing,
    plan_postgres,
    plan_redis,
)

SCRIPT = Path(__file__).resolve().parent / "services.py"
LOCAL_DB = Endpoint.parse("postgres://postgres@127.0.0.1:5432/mongcai", 5432)
SYSTEM = Cluster("15", "main", 5432)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket is closed


def test_urls_give_host_port_and_user_with_the_default_ports():
    assert Endpoint.parse("postgres://x@db.local/thidua", 5432) == Endpoint(
        "postgres://x@db.local/thidua", "db.local", 5432, "x"
    )
    redis = Endpoint.parse("redis://localhost:56379/2", 6379)
    assert (redis.host, redis.port, redis.local) == ("localhost", 56379, True)


def test_a_service_that_answers_is_used_as_it_is():
    assert plan_postgres(LOCAL_DB, reachable=True, clusters=[]) == Plan("use")
    assert plan_redis(Endpoint.parse("redis://10.0.0.5:6379/0", 6379), reachable=True).action == (
        "use"
    )


def test_a_service_on_another_machine_that_does_not_answer_is_named():
    db = Endpoint.parse("postgres://x@db.local:5432/thidua", 5432)
    plan = plan_postgres(db, reachable=False, clusters=[SYSTEM])
    assert plan.action == "fail"
    assert "cannot reach PostgreSQL at postgres://x@db.local:5432/thidua" in plan.detail
    plan = plan_redis(Endpoint.parse("redis://cache.local:6379/0", 6379), reachable=False)
    assert plan.action == "fail" and "TEST_REDIS_URL" in plan.detail


def test_the_system_cluster_on_the_urls_port_is_started_otherwise_a_throwaway_one():
    assert plan_postgres(LOCAL_DB, reachable=False, clusters=[SYSTEM]) == Plan("cluster", SYSTEM)
    elsewhere = Endpoint.parse("postgres://postgres@127.0.0.1:55432/mongcai", 5432)
    assert plan_postgres(elsewhere, reachable=False, clusters=[SYSTEM]) == Plan("throwaway")
    assert plan_postgres(LOCAL_DB, reachable=False, clusters=[]) == Plan("throwaway")
    local_redis = Endpoint.parse("redis://127.0.0.1:6379/14", 6379)
    assert plan_redis(local_redis, reachable=False) == Plan("throwaway")


def test_only_the_programs_a_plan_needs_are_installed():
    use, throwaway = Plan("use"), Plan("throwaway")
    found = {"initdb": "/usr/lib/postgresql/15/bin/initdb", "redis_server": "/usr/bin/redis-server"}
    assert packages_missing(postgres=throwaway, redis=throwaway, chromium=True, **found) == []
    assert packages_missing(
        postgres=throwaway, redis=throwaway, initdb=None, redis_server=None, chromium=False
    ) == ["postgresql", "redis-server", "chromium"]
    # Without LibreOffice and poppler the decision's rendering tests could not run.
    assert packages_missing(
        postgres=use, redis=use, initdb=None, redis_server=None, chromium=True, renderer=False
    ) == ["libreoffice-writer-nogui", "libreoffice-calc-nogui", "poppler-utils"]
    # Without a Times-metric font LibreOffice wraps the decision's motto onto two lines.
    assert packages_missing(
        postgres=use, redis=use, initdb=None, redis_server=None, chromium=True, times_font=False
    ) == ["fonts-liberation2"]
    # Services already running need no server programs here.
    assert (
        packages_missing(postgres=use, redis=use, initdb=None, redis_server=None, chromium=True)
        == []
    )


def test_throwaway_services_are_started_for_the_command_and_removed_after_it():
    pg_port, redis_port = free_port(), free_port()
    probe = (
        "import socket, sys; "
        f"[socket.create_connection(('127.0.0.1', p), timeout=5).close() "
        f"for p in ({pg_port}, {redis_port})]; sys.exit(3)"
    )
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            f"postgres://postgres@127.0.0.1:{pg_port}/mongcai",
            f"redis://127.0.0.1:{redis_port}/0",
            "--",
            sys.executable,
            "-c",
            probe,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    # The command's own exit status comes back, after both answered it.
    assert result.returncode == 3, result.stderr
    assert f"started a throwaway PostgreSQL on port {pg_port}" in result.stderr
    assert f"started a throwaway Redis on port {redis_port}" in result.stderr
    assert "stopped the throwaway services" in result.stderr
    for port in (pg_port, redis_port):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0, f"port {port} still answers"
    work = SCRIPT.parent.parent / ".test-services"
    assert not list(work.glob(f"*-{pg_port}-*")) and not list(work.glob(f"*-{redis_port}-*"))


def test_an_unreachable_remote_service_stops_before_the_command():
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "postgres://x@db.invalid:5432/db",
            "redis://127.0.0.1:6379/14",
            "--",
            sys.executable,
            "-c",
            "print('ran')",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "cannot reach PostgreSQL at postgres://x@db.invalid:5432/db" in result.stderr
    assert "ran" not in result.stdout
