"""Filling a checklist: check the answers, store them, and send each failed item into the supervision
loop as a hazard on the feature (supervision.findings). Atomic: a refused checklist saves nothing.

Editing a filled checklist names the version the editor saw; a checklist changed since (another
device, another sync) answers Conflict with the current answers, never overwritten.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from geo_server.checklists.models import ChecklistAnswer, ChecklistItem, ChecklistResult, ChecklistTemplate
from geo_server.errors import BadRequest, Conflict, NotFound
from geo_server.features.models import Feature
from geo_server.features.scoping import scope_features
from geo_server.supervision.findings import raise_finding_hazard

NOTE_MAX = 500


@dataclass(frozen=True)
class AnswerInput:
    item_id: int
    answer: str
    note: str = ""


def parse_answers(raw) -> list[AnswerInput]:
    """[{"item": id, "answer": "pass"|"fail"|"na", "note": "..."}, ...], each item at most once."""
    if not isinstance(raw, list) or not raw:
        raise BadRequest(_("answers must be a non-empty list."), code="answers_required")
    answers, seen = [], set()
    for entry in raw:
        if not isinstance(entry, dict):
            raise BadRequest(_("Each answer is an object with item and answer."), code="invalid_answer")
        item, answer, note = entry.get("item"), entry.get("answer"), entry.get("note") or ""
        if isinstance(item, bool) or not isinstance(item, int):
            raise BadRequest(_("An answer's item must be the item id."), code="invalid_answer")
        if answer not in ChecklistAnswer.Answer.values:
            raise BadRequest(_("answer must be pass, fail or na."), code="invalid_answer")
        if not isinstance(note, str) or len(note) > NOTE_MAX:
            raise BadRequest(_("note must be text of at most %(note_max)s characters.")
                             % {"note_max": NOTE_MAX}, code="invalid_answer")
        if item in seen:
            raise BadRequest(_("Item %(item)s is answered twice.") % {"item": item}, code="duplicate_answer")
        seen.add(item)
        answers.append(AnswerInput(item, answer, note.strip()))
    return answers


def visible_feature(user, feature_id) -> Feature:
    feature = scope_features(user).filter(pk=feature_id).first() if isinstance(feature_id, int) else None
    if feature is None:
        raise NotFound(_("No feature %(feature_id)s that you may see.")
                       % {"feature_id": feature_id}, code="feature_not_found")
    return feature


def active_template(template_id, feature: Feature) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.filter(pk=template_id, active=True).first() \
        if isinstance(template_id, int) else None
    if template is None:
        raise NotFound(_("No active checklist template %(template_id)s.")
                       % {"template_id": template_id}, code="template_not_found")
    if template.kind != feature.kind:
        raise BadRequest(_("Template %(code)s is for %(kind)s, the feature is a %(feature_kind)s.")
                         % {"code": template.code, "kind": template.kind, "feature_kind": feature.kind},
                         code="template_kind_mismatch")
    return template


def _items(template: ChecklistTemplate, answers: list[AnswerInput]) -> dict[int, ChecklistItem]:
    items = {item.pk: item for item in template.items.all()}
    unknown = [a.item_id for a in answers if a.item_id not in items]
    if unknown:
        raise BadRequest(_("Items %(unknown)s are not on checklist %(code)s.")
                         % {"unknown": unknown, "code": template.code}, code="unknown_item",
                         details={"items": unknown})
    return items


def _raise(result: ChecklistResult, item: ChecklistItem, answer: AnswerInput, inspector):
    """The hazard a failed item raises on the result's feature (or the open one it updates)."""
    zh = f"检查表不合格：{item.text_zh}（{item.clause}）" + (f"。{answer.note}" if answer.note else "")
    en = f"Checklist item failed: {item.text_en} ({item.clause})" + (f". {answer.note}" if answer.note else "")
    evidence = {"checklist": result.template.code, "item": item.code, "clause": item.clause,
                "result": str(result.client_id), "note": answer.note, "filled_at": result.filled_at.isoformat()}
    return raise_finding_hazard(result.feature, item.rule_code, item.severity, zh, en, inspector, evidence).hazard


@transaction.atomic
def record_result(inspector, *, template: ChecklistTemplate, feature: Feature, client_id: UUID,
                  filled_at: datetime, answers: list[AnswerInput], session=None) -> ChecklistResult:
    items = _items(template, answers)
    existing = ChecklistResult.objects.filter(client_id=client_id).first()
    if existing is not None:
        raise Conflict(_("A checklist with this id exists; send its version to edit it."), code="result_exists",
                       details={"current": result_json(existing)} if existing.inspector_id == inspector.pk else {})
    result = ChecklistResult.objects.create(template=template, feature=feature, inspector=inspector,
                                            filled_at=filled_at, client_id=client_id, session=session,
                                            patrol=session.patrol if session else None)
    for answer in answers:
        item = items[answer.item_id]
        hazard = _raise(result, item, answer, inspector) if answer.answer == ChecklistAnswer.Answer.FAIL else None
        ChecklistAnswer.objects.create(result=result, item=item, answer=answer.answer, note=answer.note,
                                       hazard=hazard)
    return result


def result_json(result: ChecklistResult) -> dict:
    return {"id": str(result.client_id), "template": result.template_id, "feature": result.feature_id,
            "version": result.version, "filled_at": result.filled_at.isoformat(),
            "answers": [{"item": a.item_id, "answer": a.answer, "note": a.note, "hazard": a.hazard_id}
                        for a in result.answers.order_by("item__order")]}


@transaction.atomic
def amend_result(inspector, client_id: UUID, seen_version: int, filled_at: datetime,
                 answers: list[AnswerInput]) -> ChecklistResult:
    """Replace the answers of the inspector's checklist if it is still at the version seen.

    An item that turns to fail raises its hazard; one that stays failed keeps the hazard it raised.
    """
    result = (ChecklistResult.objects.select_for_update().select_related("template", "feature")
              .filter(client_id=client_id, inspector=inspector).first())
    if result is None:
        raise NotFound(_("No checklist of yours with this id."), code="result_not_found")
    if result.version != seen_version:
        raise Conflict(_("The checklist changed since you loaded it."), code="stale_version",
                       details={"current": result_json(result)})
    items = _items(result.template, answers)
    before = {a.item_id: a for a in result.answers.all()}
    for answer in answers:
        item, old = items[answer.item_id], before.get(answer.item_id)
        hazard = old.hazard if old is not None and old.answer == ChecklistAnswer.Answer.FAIL else None
        if answer.answer == ChecklistAnswer.Answer.FAIL and hazard is None:
            hazard = _raise(result, item, answer, inspector)
        ChecklistAnswer.objects.update_or_create(result=result, item=item, defaults={
            "answer": answer.answer, "note": answer.note,
            "hazard": hazard if answer.answer == ChecklistAnswer.Answer.FAIL else None})
    ChecklistResult.objects.filter(pk=result.pk).update(version=F("version") + 1, filled_at=filled_at)
    result.refresh_from_db()
    return result
