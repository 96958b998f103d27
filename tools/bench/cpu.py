"""Where the machine's CPU goes while the load runs: CPU-seconds per second of
wall time for each kind of process (gunicorn, PostgreSQL, the Celery worker,
locust, Redis, the rest) and for the whole machine, read from /proc.

A process that ends during the load (locust itself, a PostgreSQL backend) is
counted from the last time a sampler thread saw it, every half second, so its
last half second at most is lost. Linux only; elsewhere the figures are None.
"""

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path

PROC = Path("/proc")
# The first of these words in a process's command line names its kind.
KINDS = ("gunicorn", "celery", "locust", "redis", "postgres")
SAMPLE_S = 0.5


def kind_of(command: str) -> str:
    """The kind of a process from its command line ("other" when none matches)."""
    return next((kind for kind in KINDS if kind in command), "other")


def _ticks() -> int:
    return os.sysconf("SC_CLK_TCK")


def process_cpu(pid: int) -> float:
    """User + system CPU seconds the process has used so far (OSError once it ended)."""
    # The fields after the command's name, which may hold spaces and ")".
    fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _ticks()


def processes() -> dict[int, tuple[str, float]]:
    """Every process now: pid → (command line, user + system CPU seconds so far)."""
    out = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            out[int(entry.name)] = (command, process_cpu(int(entry.name)))
        except OSError:  # ended meanwhile
            continue
    return out


def machine() -> tuple[float, float]:
    """(all CPU seconds, idle CPU seconds) of the machine so far, every core summed."""
    values = [int(v) for v in (PROC / "stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(values) / _ticks(), (values[3] + values[4]) / _ticks()


def by_kind(before: dict, after: dict, seconds: float) -> dict[str, float]:
    """CPU-seconds per second for each kind between two `processes()` readings; a
    process absent from `before` started in between and counts from zero."""
    totals: dict[str, float] = {}
    for pid, (command, cpu) in after.items():
        used = cpu - before[pid][1] if pid in before else cpu
        kind = kind_of(command)
        totals[kind] = totals.get(kind, 0.0) + max(used, 0.0)
    return {kind: round(used / seconds, 3) for kind, used in sorted(totals.items())}


@contextmanager
def measured():
    """Yields a dict filled on exit with `cpu_by_process` (CPU-seconds per second per
    kind), `cpu_machine_busy` and `cpu_machine_cores` (busy and all CPU-seconds per
    second), or None for each where /proc is not there."""
    figures: dict = {}
    if not (PROC / "stat").exists():
        yield figures
        figures.update(cpu_by_process=None, cpu_machine_busy=None, cpu_machine_cores=None)
        return
    before, (all0, idle0), started = processes(), machine(), time.monotonic()
    seen = dict(before)
    stop = threading.Event()

    def sample():
        while not stop.wait(SAMPLE_S):
            seen.update(processes())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield figures
    finally:
        stop.set()
        sampler.join()
        seen.update(processes())
        all1, idle1 = machine()
        seconds = time.monotonic() - started
        # Both to three decimals: busy ≤ all holds after rounding as before it.
        figures.update(
            cpu_by_process=by_kind(before, seen, seconds),
            cpu_machine_busy=round(((all1 - all0) - (idle1 - idle0)) / seconds, 3),
            cpu_machine_cores=round((all1 - all0) / seconds, 3),
        )
