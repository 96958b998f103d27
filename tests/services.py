"""Run a command (the test suite) with the PostgreSQL and Redis it needs, starting them
when they are not running, and stop what this started once the command ends.

    python tests/services.py DATABASE_URL REDIS_URL -- COMMAND...

For each URL: a service that answers is used as it is. One that does not, on
another machine, is an error naming it. On this machine:

- PostgreSQL: the system cluster on the URL's port is started with
  `pg_ctlcluster` (and left running, as the system would); without one, a
  throwaway cluster (`initdb` into `.test-services/` in the checkout, run as
  the `postgres` user when we are root) listens on the URL's port;
- Redis: a throwaway `redis-server` without persistence on the URL's port.

Missing programs (PostgreSQL, Redis, Debian's Chromium for the browser
tests) are installed with apt-get when we are root on Debian; elsewhere the
script says what to install. Throwaway instances are stopped and their
folders removed when the command ends, however it ends.

Only the standard library: this runs before the suite, with any Python.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".test-services"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
TIMES_FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", socket.gethostname()}


@dataclass(frozen=True)
class Endpoint:
    url: str
    host: str
    port: int
    user: str

    @classmethod
    def parse(cls, url: str, default_port: int) -> "Endpoint":
        parts = urlparse(url)
        return cls(url, parts.hostname or "localhost", parts.port or default_port, parts.username)

    @property
    def local(self) -> bool:
        return self.host in LOCAL_HOSTS


@dataclass(frozen=True)
class Cluster:
    """A line of `pg_lsclusters`."""

    version: str
    name: str
    port: int


@dataclass(frozen=True)
class Plan:
    action: str  # "use", "cluster", "throwaway" or "fail"
    detail: object = None


def plan_postgres(db: Endpoint, *, reachable: bool, clusters: list[Cluster]) -> Plan:
    if reachable:
        return Plan("use")
    if not db.local:
        return Plan(
            "fail", f"cannot reach PostgreSQL at {db.url} (start it, or set TEST_DATABASE_URL)"
        )
    for cluster in clusters:
        if cluster.port == db.port:
            return Plan("cluster", cluster)
    return Plan("throwaway")


def plan_redis(redis: Endpoint, *, reachable: bool) -> Plan:
    if reachable:
        return Plan("use")
    if not redis.local:
        return Plan("fail", f"cannot reach Redis at {redis.url} (start it, or set TEST_REDIS_URL)")
    return Plan("throwaway")


def packages_missing(
    *,
    postgres: Plan,
    redis: Plan,
    initdb: str | None,
    redis_server: str | None,
    chromium: bool,
    renderer: bool = True,
    times_font: bool = True,
) -> list[str]:
    """The Debian packages that the plans need and this machine lacks.

    `renderer`: LibreOffice and poppler, with which the decision's layout is
    tested by rendering its DOCX and XLSX (tests/awards/test_decision_render.py).
    `times_font`: a font with the metrics of Times New Roman (Liberation Serif), without
    which LibreOffice lays the decision out wider than Word does and its page tests fail.
    """
    missing = []
    if postgres.action == "throwaway" and initdb is None:
        missing.append("postgresql")
    if redis.action == "throwaway" and redis_server is None:
        missing.append("redis-server")
    if not chromium:
        missing.append("chromium")
    if not renderer:
        missing += ["libreoffice-writer-nogui", "libreoffice-calc-nogui", "poppler-utils"]
    if not times_font:
        missing.append("fonts-liberation2")
    return missing


# What the plans act on ---------------------------------------------------------


def reachable(endpoint: Endpoint, timeout: float = 3) -> bool:
    try:
        with socket.create_connection((endpoint.host, endpoint.port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_until_reachable(endpoint: Endpoint, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not reachable(endpoint, timeout=1):
        if time.monotonic() > deadline:
            raise SystemExit(f"make test: {what} did not answer on port {endpoint.port}")
        time.sleep(0.2)


def clusters() -> list[Cluster]:
    if shutil.which("pg_lsclusters") is None:
        return []
    out = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    return [Cluster(f[0], f[1], int(f[2])) for f in (line.split() for line in out.splitlines())]


def initdb() -> str | None:
    """initdb on PATH, or in Debian's versioned folder (not on PATH), newest first."""
    found = shutil.which("initdb")
    if found:
        return found
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return str(versions[-1]) if versions else None


def say(message: str) -> None:
    print(f"make test: {message}", file=sys.stderr, flush=True)


def install(packages: list[str]) -> None:
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        names = " ".join(packages)
        say(f"missing {names}: install them (on Debian: apt-get install {names})")
        return
    say(f"installing {', '.join(packages)} with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


class ThrowawayPostgres:
    def __init__(self, db: Endpoint):
        self.binaries = Path(initdb()).parent
        WORK.mkdir(exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f"postgres-{db.port}-", dir=WORK))
        # PostgreSQL refuses to run as root: as root, its files and process belong
        # to the postgres user that Debian's package creates.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres")
        data = self.folder / "data"
        user = db.user or "postgres"
        self.run("initdb", "-D", data, "-U", user, "-A", "trust", "--locale=C.UTF-8", "--no-sync")
        # TCP only (a socket path in a deep checkout can pass the 107-byte limit);
        # durability is worthless here, and without fsync the suite runs quicker.
        options = (
            f"-p {db.port} -c listen_addresses={db.host} -c unix_socket_directories='' "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self.data = data
        log = self.folder / "log"
        try:
            self.run("pg_ctl", "-D", data, "-o", options, "-l", log, "-w", "start")
        except subprocess.CalledProcessError:
            say(f"the throwaway PostgreSQL did not start; its log is {log}")
            raise
        say(f"started a throwaway PostgreSQL on port {db.port} in {self.folder}")

    def run(self, program: str, *args) -> None:
        command = [*self.as_user, str(self.binaries / program), *map(str, args)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=self.folder)

    def stop(self) -> None:
        try:
            self.run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


class ThrowawayRedis:
    def __init__(self, redis: Endpoint):
        WORK.mkdir(exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f"redis-{redis.port}-", dir=WORK))
        settings = {
            "port": redis.port,
            "bind": redis.host,
            "save": "",  # no snapshots, no append-only file: nothing outlives the run
            "appendonly": "no",
            "dir": self.folder,
            "logfile": self.folder / "log",
        }
        arguments = [part for key, value in settings.items() for part in (f"--{key}", str(value))]
        self.process = subprocess.Popen(["redis-server", *arguments], stdout=subprocess.DEVNULL)
        wait_until_reachable(redis, "the throwaway Redis")
        say(f"started a throwaway Redis on port {redis.port}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start(db: Endpoint, redis: Endpoint, started: list) -> None:
    """Bring both services up, appending to `started` what must be stopped afterwards."""
    postgres_plan = plan_postgres(db, reachable=reachable(db), clusters=clusters())
    redis_plan = plan_redis(redis, reachable=reachable(redis))
    for plan in (postgres_plan, redis_plan):
        if plan.action == "fail":
            raise SystemExit(f"make test: {plan.detail}")
    missing = packages_missing(
        postgres=postgres_plan,
        redis=redis_plan,
        initdb=initdb(),
        redis_server=shutil.which("redis-server"),
        chromium=os.access(CHROMIUM, os.X_OK),
        renderer=bool(shutil.which("soffice") and shutil.which("pdftotext")),
        times_font=TIMES_FONT.exists(),
    )
    if missing:
        install(missing)
        # Debian's postgresql package creates and starts a cluster on 5432.
        postgres_plan = plan_postgres(db, reachable=reachable(db), clusters=clusters())
    if postgres_plan.action == "cluster":
        cluster = postgres_plan.detail
        say(f"starting the PostgreSQL cluster {cluster.version}/{cluster.name}")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", cluster.version, cluster.name, "start"],
            check=True,
        )
        wait_until_reachable(db, "PostgreSQL")
    elif postgres_plan.action == "throwaway":
        started.append(ThrowawayPostgres(db))
    if redis_plan.action == "throwaway":
        started.append(ThrowawayRedis(redis))


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[2] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    db, redis = Endpoint.parse(argv[0], 5432), Endpoint.parse(argv[1], 6379)
    # make and CI stop us with SIGTERM: clean up as on Ctrl+C.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started: list[ThrowawayPostgres | ThrowawayRedis] = []
    try:
        start(db, redis, started)
        return subprocess.run(argv[3:]).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        for service in reversed(started):
            service.stop()
        if started:
            say("stopped the throwaway services")
            with contextlib.suppress(OSError):
                WORK.rmdir()  # only when empty: another run may be using it


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
