"""The incremental rule path: the plants an upload touched are judged again once its rows commit.

By default inside the request (the answer comes after the warnings). With
GEO_SERVER["CONCRETE_RULES_COALESCE"], one thread per web process judges them instead: each upload
adds its plants to a pending set and answers at once; the thread takes the whole set, runs the
plants' rules once (evaluate_features), and takes what arrived meanwhile. At 50 batches/s from ten
plants the rules then run a few times a second for all ten, not fifty times for one each, and a
batch waits at most one round plus its own (bench/concrete_rate.py).
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection, transaction

from geo_server.supervision.evaluation import evaluate_features

log = logging.getLogger(__name__)


class PlantQueue:
    """Pending plant ids and the one thread that judges them, in rounds."""

    def __init__(self, evaluate=evaluate_features):
        self.evaluate = evaluate
        self.pending: set[int] = set()
        self.busy = False
        self.lock = threading.Condition()
        self.thread: threading.Thread | None = None

    def add(self, plant_ids) -> None:
        with self.lock:
            self.pending.update(plant_ids)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="concrete-rules", daemon=True)
                self.thread.start()
            self.lock.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """For tests and benchmarks: until nothing is pending or being judged."""
        with self.lock:
            return self.lock.wait_for(lambda: not self.pending and not self.busy, timeout)

    def _run(self) -> None:
        while True:
            with self.lock:
                self.lock.wait_for(lambda: self.pending)
                ids, self.pending, self.busy = sorted(self.pending), set(), True
            try:
                self.evaluate(ids)
            except Exception:  # the nightly sweep judges them; the thread must live on
                log.exception("concrete rules failed for plants %s", ids)
            finally:
                close_old_connections()
                connection.close()
                with self.lock:
                    self.busy = False
                    self.lock.notify_all()


QUEUE = PlantQueue()


def after_ingest(plant_ids) -> None:
    """Once the rows are committed, the affected plants' rules run again: not inside the merge's
    transaction (a failing rule must not undo a plant's upload), and robustly (a failing rule is
    logged, the plant still hears its rows are stored; the nightly sweep judges them)."""
    if not plant_ids:
        return
    ids = sorted(plant_ids)
    if settings.GEO_SERVER["CONCRETE_RULES_COALESCE"]:
        transaction.on_commit(lambda: QUEUE.add(ids), robust=True)
    else:
        transaction.on_commit(lambda: evaluate_features(ids), robust=True)
