"""The servers bench/side_by_side.py compares: geo_server under gunicorn and tipg on uvicorn, started
and stopped as process groups, and their workers' memory."""

import http.client
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load() -> str:
    """The machine's load average (1, 5, 15 min): the machine may be shared."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def wait_for(port: int, path: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server for port {port} exited ({process.returncode})")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"nothing answered on port {port}")


def start_geo_server(port: int) -> subprocess.Popen:
    """gunicorn as bin/run starts it: 2 gthread workers of 8 threads; tile cache and Celery off."""
    env = {**os.environ, "GEO_SERVER_TILE_CACHE_SECONDS": "0", "GEO_SERVER_DEBUG": "0", "CELERY_BROKER_URL": "",
           "GEO_SERVER_LOG_LEVEL": "WARNING", "GEO_SERVER_DB_POOL_MAX": "8"}
    process = subprocess.Popen([str(ROOT / ".venv/bin/gunicorn"), "geo_server.wsgi", "--bind", f"127.0.0.1:{port}",
                                "--worker-class", "gthread", "--workers", "2", "--threads", "8",
                                "--no-control-socket", "--timeout", "600"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    wait_for(port, "/health", process)
    return process


def start_tipg(port: int, database_url: str, collection: str, buffer: int) -> subprocess.Popen:
    """tipg 1.6.1 on uvicorn, 2 workers (bench/tipg/serve.sh makes its venv on first use)."""
    url = database_url.replace("postgres://", "postgresql://", 1)
    env = {**os.environ, "DATABASE_URL": url, "TIPG_TILE_BUFFER": str(buffer), "TIPG_DB_SPATIAL_EXTENT": "false",
           "TIPG_DB_DATETIME_EXTENT": "false", "TIPG_CATALOG_TTL": "0"}
    process = subprocess.Popen([str(ROOT / "bench/tipg/serve.sh"), str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    wait_for(port, f"/collections/{collection}", process, seconds=600)
    return process


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait()


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
