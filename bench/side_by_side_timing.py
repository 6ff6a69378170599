"""How bench/side_by_side.py times things: kept-alive HTTP, medians sampled in turn, rates from
several clients, and wall times of whole commands."""

import concurrent.futures
import http.client
import os
import statistics
import subprocess
import threading
import time


class Http:
    """One kept-alive connection per thread."""

    def __init__(self, port: int, headers: dict):
        self.port, self.headers, self.local = port, headers, threading.local()

    def get(self, path: str, retry: bool = True) -> tuple[int, bytes]:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        try:
            conn.request("GET", path, headers=self.headers)
            response = conn.getresponse()
        except (http.client.HTTPException, OSError):
            # uvicorn closes a kept-alive connection idle for 5 s: open a new one, once.
            conn.close()
            self.local.conn = None
            if not retry:
                raise
            return self.get(path, retry=False)
        return response.status, response.read()


def timed(functions: list, samples: int, warm: int = 2) -> list[float]:
    """Median seconds of each function, sampled in turn (one of each, again and again), so that each
    sees the same share of a shared machine's load."""
    for function in functions:
        for _ in range(warm):
            function()
    times = [[] for _ in functions]
    for _ in range(samples):
        for function, kept in zip(functions, times):
            started = time.perf_counter()
            function()
            kept.append(time.perf_counter() - started)
    return [statistics.median(kept) for kept in times]


def rates(works: list, clients: int, seconds: float, slices: int = 4) -> list[float]:
    """Requests/s of each `work(i)` (i: a distinct number for each request) from `clients` threads,
    each work running for `seconds` in all, in `slices` turns taken one after the other."""
    counter, lock = [0], threading.Lock()
    done = [0] * len(works)
    for _ in range(slices):
        for w, work in enumerate(works):
            deadline = time.monotonic() + seconds / slices

            def client(_k: int) -> None:
                while time.monotonic() < deadline:
                    with lock:
                        i = counter[0]
                        counter[0] += 1
                    work(i)
                    with lock:
                        done[w] += 1

            with concurrent.futures.ThreadPoolExecutor(clients) as pool:
                list(pool.map(client, range(clients)))
    return [n / seconds for n in done]


def curl(url: str, headers: dict) -> tuple[float, float, int]:
    """Total seconds, seconds to first byte, bytes of a GET written to /dev/null."""
    args = ["curl", "-sf", "-o", "/dev/null", "-w", "%{time_total} %{time_starttransfer} %{size_download}", url]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    total, first, size = subprocess.run(args, check=True, capture_output=True, text=True).stdout.split()
    return float(total), float(first), int(size)


def wall(args: list[str], env: dict | None = None) -> float:
    started = time.monotonic()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.monotonic() - started
