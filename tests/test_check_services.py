import socket
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "check_services.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_test_names_the_service_it_cannot_reach():
    port = free_port()  # nothing listens there once the socket is closed
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            f"postgres://x@127.0.0.1:{port}/db",
            "redis://127.0.0.1:6379/14",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert f"cannot reach PostgreSQL at postgres://x@127.0.0.1:{port}/db" in result.stderr
    assert "Redis" not in result.stderr


def test_reachable_services_pass():
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "postgres://postgres@127.0.0.1:5432/mongcai",
            "redis://127.0.0.1:6379/14",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
