"""CPU seconds from /proc, for the benchmarks: on a shared virtual machine a process's own CPU is a
steadier measure of its work than the wall time. No Django here; the callers pass what they have."""

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name (which may hold spaces): field 1 is the parent pid,
    11-12 user and system time, 13-14 those of the waited-for children."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process (0 once it is gone)."""
    try:
        fields = _stat(pid)
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def tree_cpu_seconds(pid: int) -> float:
    """CPU of a process and its live children (gunicorn's workers, a Celery worker's forked child)."""
    return cpu_seconds(pid) + sum(cpu_seconds(child) for child in children(pid))


def backend_cpu(connection) -> float:
    """CPU of the PostgreSQL backend serving `connection` (a DB-API connection, or Django's)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    return cpu_seconds(pid)


def cluster_cpu(connection) -> float:
    """CPU of the whole PostgreSQL server `connection` reaches on this machine: its postmaster's live
    children plus what its ended backends used (the postmaster's waited-for children's times), so
    work on connections opened and closed meanwhile counts too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    postmaster = int(_stat(pid)[1])
    return sum(int(f) for f in _stat(postmaster)[11:15]) / TICKS + sum(cpu_seconds(c) for c in children(postmaster))


def machine_ticks() -> tuple[int, int]:
    """(steal, total) clock ticks of the whole machine so far (/proc/stat): steal is the time a
    virtual machine's CPUs waited for the host, the noise that makes one run differ from the next."""
    _idle, steal, total = machine_times()
    return steal, total


def machine_times() -> tuple[int, int, int]:
    """(idle, steal, total) clock ticks of the whole machine so far (/proc/stat; idle counts I/O wait)."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return fields[3] + fields[4], fields[7], sum(fields[:8])
