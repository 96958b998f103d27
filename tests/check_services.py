"""Fail early, naming the missing service, before the test suite starts."""

import socket
import sys
from urllib.parse import urlparse


def reachable(url: str, default_port: int) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or default_port), timeout=3):
            return True
    except OSError:
        return False


def main(database_url: str, redis_url: str) -> int:
    missing = []
    if not reachable(database_url, 5432):
        missing.append(f"PostgreSQL at {database_url} (start it, or set TEST_DATABASE_URL)")
    if not reachable(redis_url, 6379):
        missing.append(f"Redis at {redis_url} (start it, or set TEST_REDIS_URL)")
    for item in missing:
        print(f"make test: cannot reach {item}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
