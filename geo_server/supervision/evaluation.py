"""Evaluation sweeps: load a kind's rows in bulk with values(), run its pure rules over each batch,
and hand the findings to the set-based SQL in store.py; run each set-based rule (SqlRule) as one
statement into the same upsert. Then close what was not seen again, promote, and set the kind's
Feature.risk_level from its open warnings. No query per feature."""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from geo_server.features.kinds import detail_model
from geo_server.features.models import Feature
from geo_server.supervision import store
from geo_server.supervision.events import publish_many
from geo_server.supervision.models import RuleThreshold
from geo_server.supervision.rules import Finding, Rule, SqlRule, rules_for

# No risk_level: it is the sweep's output (store.update_risk_levels), never a rule's input.
FEATURE_COLUMNS = ("id", "kind", "code", "name", "status", "city_id", "district_id", "organisation_id")
BATCH_SIZE = 5000


@dataclass
class SweepResult:
    kind: str
    features: int = 0
    findings: int = 0
    closed: int = 0
    hazards: int = 0
    recoloured: int = 0


def detail_columns(kind: str) -> dict[str, F]:
    """The detail row's non-personal columns, flattened into the feature's row."""
    model = detail_model(kind)
    if model is None:
        return {}
    related = model._meta.get_field("feature").remote_field.related_name
    return {f.attname: F(f"{related}__{f.attname}") for f in model._meta.concrete_fields
            if f.name != "feature" and not getattr(f, "is_personal", False) and f.attname not in FEATURE_COLUMNS}


def thresholds_for(codes: list[str]) -> dict[str, list[dict]]:
    rows = RuleThreshold.objects.filter(rule_code__in=codes).values("rule_code", "organisation_id", "area_id",
                                                                     "parameters")
    result: dict[str, list[dict]] = {}
    for row in rows:
        result.setdefault(row["rule_code"], []).append(row)
    return result


def _rank(threshold: dict, row: dict) -> int | None:
    """How specific a threshold row is for this feature; None when it does not apply."""
    if threshold["organisation_id"]:
        return 3 if threshold["organisation_id"] == row.get("organisation_id") else None
    if threshold["area_id"]:
        if threshold["area_id"] == row.get("district_id"):
            return 2
        return 1 if threshold["area_id"] == row.get("city_id") else None
    return 0


def parameters(rule: Rule, thresholds: list[dict], row: dict) -> dict:
    """Code defaults, then global, city, district and organisation overrides, the later winning."""
    ranked = [(_rank(t, row), t["parameters"]) for t in thresholds]
    params = dict(rule.defaults)
    for _rank_value, override in sorted(((r, p) for r, p in ranked if r is not None), key=lambda pair: pair[0]):
        params.update(override)
    return params


def evaluate_batch(rows: list[dict], rules: list[Rule], thresholds: dict[str, list[dict]],
                   today: date) -> list[tuple[str, int, Finding]]:
    """Pure: every per-row rule over every row; (rule code, feature id, finding) for those that fire.
    Set-based rules are not run here (store.upsert_sql_rule)."""
    fired = []
    for rule in rules:
        if not isinstance(rule, Rule):
            continue
        overrides = thresholds.get(rule.code, [])
        for row in rows:
            params = parameters(rule, overrides, row) if overrides else rule.defaults
            finding = rule.check(row, params, today)
            if finding is not None:
                fired.append((rule.code, row["id"], finding))
    return fired


def _finish(result: SweepResult, kind: str, codes: list[str], started, feature_ids=None) -> SweepResult:
    """Close what the evaluation started at `started` did not see again, promote, recolour."""
    if codes:
        result.closed = store.close_unseen(kind, codes, started, feature_ids)
        raised = store.promote_to_hazards(kind, feature_ids)
        publish_many(raised)
        result.hazards = len(raised)
    result.recoloured = store.update_risk_levels(kind, feature_ids)
    return result


def sweep(kind: str, today: date | None = None, batch_size: int = BATCH_SIZE) -> SweepResult:
    """Evaluate every rule of `kind` over every feature of it; close warnings that no longer fire;
    promote orange and red warnings to hazards; set the kind's risk_level from its open warnings
    (also for a kind without rules: nothing else colours a feature)."""
    today = today or timezone.localdate()
    rules = rules_for(kind)
    row_rules = [rule for rule in rules if isinstance(rule, Rule)]
    result = SweepResult(kind)
    started = timezone.now()
    if row_rules:
        thresholds = thresholds_for([rule.code for rule in row_rules])
        queryset = Feature.objects.filter(kind=kind).values(*FEATURE_COLUMNS, **detail_columns(kind)).order_by("id")
        after = 0
        while True:
            rows = list(queryset.filter(id__gt=after)[:batch_size])
            if not rows:
                break
            after = rows[-1]["id"]
            fired = evaluate_batch(rows, row_rules, thresholds, today)
            store.upsert_warnings(fired, started)
            result.features += len(rows)
            result.findings += len(fired)
    else:
        result.features = Feature.objects.filter(kind=kind).count() if rules else 0
    result.findings += run_sql_rules([rule for rule in rules if isinstance(rule, SqlRule)], started, today)
    return _finish(result, kind, [rule.code for rule in rules], started)


def run_sql_rules(rules: list[SqlRule], started, today: date) -> int:
    """Each set-based rule's upsert over its whole kind. Outside a transaction they run in
    SWEEP_LANES threads, each on a connection of its own (one statement is one backend, one core: the
    concrete sweep over 5,000,000 batches is 20 statements of 0.01-52 s); different rules never write
    the same warning rows. Inside a transaction (tests, a caller's atomic block) they run in turn on
    its connection, which alone sees its uncommitted rows."""
    lanes = min(settings.GEO_SERVER["SWEEP_LANES"], len(rules))
    if lanes <= 1 or connection.in_atomic_block:
        return sum(store.upsert_sql_rule(rule, started, today) for rule in rules)

    def upsert(rule: SqlRule) -> int:
        try:
            return store.upsert_sql_rule(rule, started, today)
        finally:
            connection.close()  # this thread's own connection (back to the pool)

    with ThreadPoolExecutor(lanes, thread_name_prefix="sweep") as pool:
        return sum(pool.map(upsert, rules))


def evaluate_after_commit(feature_ids) -> None:
    """Once the caller's transaction commits, the features' rules run on a Celery worker (inline when
    there is no broker, as in the tests): a bulk feed's request answers when its rows are stored, not
    when their sites are judged. A failure to evaluate or enqueue is logged and never undoes the
    commit; the nightly sweep catches up."""
    from geo_server.supervision.tasks import evaluate_features_task

    ids = sorted({int(pk) for pk in feature_ids if pk is not None})
    if ids:
        transaction.on_commit(lambda: evaluate_features_task.delay(ids), robust=True)


def evaluate_features(feature_ids, today: date | None = None) -> list[SweepResult]:
    """The sweep for a few features only (their data just changed): the same rules, thresholds and
    SQL, limited to these ids; one result per kind among them."""
    today = today or timezone.localdate()
    ids = sorted({int(pk) for pk in feature_ids if pk is not None})
    results = []
    by_kind: dict[str, list[int]] = {}
    for pk, kind in Feature.objects.filter(pk__in=ids).values_list("pk", "kind"):
        by_kind.setdefault(kind, []).append(pk)
    for kind, kind_ids in sorted(by_kind.items()):
        rules = rules_for(kind)
        row_rules = [rule for rule in rules if isinstance(rule, Rule)]
        result = SweepResult(kind, features=len(kind_ids))
        started = timezone.now()
        if row_rules:
            rows = list(Feature.objects.filter(pk__in=kind_ids).values(*FEATURE_COLUMNS, **detail_columns(kind)))
            fired = evaluate_batch(rows, row_rules, thresholds_for([rule.code for rule in row_rules]), today)
            store.upsert_warnings(fired, started)
            result.findings = len(fired)
        for rule in rules:
            if isinstance(rule, SqlRule):
                result.findings += store.upsert_sql_rule(rule, started, today, kind_ids)
        results.append(_finish(result, kind, [rule.code for rule in rules], started, kind_ids))
    return results
