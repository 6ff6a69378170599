"""Evaluation on data change: a Feature or a kind's detail row saved (admin, API, a script) has its
feature's rules evaluated once the transaction commits, without waiting for the nightly sweep.

The ids saved in one transaction are gathered and evaluated together by the first callback to run
after the commit; the later callbacks of that transaction find nothing left to do. Bulk loads
(bulk_create, update, COPY) send no signals and are left to `evaluate_rules`.
"""

import logging

from django.db import connection, transaction
from django.db.models.signals import post_save

from geo_server.features.kinds import detail_model
from geo_server.features.models import Feature
from geo_server.sector import known_kinds

logger = logging.getLogger(__name__)

_PENDING = "_geo_server_features_to_evaluate"


def _feature_id(sender, instance) -> int | None:
    """The feature a saved row belongs to, when it is a Feature or a kind's registered detail model."""
    if sender is Feature:
        return instance.pk
    if any(detail_model(kind) is sender for kind in known_kinds()):
        return instance.feature_id
    return None


def feature_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: fixtures are evaluated by the sweep
        return
    feature_id = _feature_id(sender, instance)
    if feature_id is None:
        return
    pending = getattr(connection, _PENDING, None)
    if pending is None:
        pending = set()
        setattr(connection, _PENDING, pending)
    pending.add(feature_id)
    transaction.on_commit(evaluate_pending)


def evaluate_pending() -> None:
    from geo_server.supervision.evaluation import evaluate_features

    pending = getattr(connection, _PENDING, None)
    if not pending:
        return
    ids = sorted(pending)
    pending.clear()
    try:
        with transaction.atomic():
            evaluate_features(ids)
    except Exception:
        # The save itself has committed; the nightly sweep catches up.
        logger.exception("evaluating features %s after a save failed", ids[:20])


def connect() -> None:
    post_save.connect(feature_saved, dispatch_uid="supervision.feature_saved")
