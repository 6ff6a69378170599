"""The checklists section of every feature's record page: the latest checklists filled on site
(the supervision record, 监督记录), each failed item with its clause and the hazard it raised."""

from django.db.models import Prefetch
from django.utils.translation import get_language

from geo_server.checklists.models import ChecklistAnswer, ChecklistResult, ChecklistTemplate

SHOWN = 10


def checklist_section(feature, user) -> dict:
    english = (get_language() or "").startswith("en")
    answers = ChecklistAnswer.objects.select_related("item").order_by("item__order")
    results = (ChecklistResult.objects.filter(feature=feature).select_related("template", "inspector")
               .prefetch_related(Prefetch("answers", queryset=answers)).order_by("-filled_at")[:SHOWN])
    rows = []
    for result in results:
        answered = list(result.answers.all())
        rows.append({
            "result": result, "template": result.template.name_en if english else result.template.name_zh,
            "inspector": result.inspector.get_full_name() or result.inspector.username,
            "passed": sum(a.answer == ChecklistAnswer.Answer.PASS for a in answered),
            "failed": [{"text": a.item.text_en if english else a.item.text_zh, "clause": a.item.clause,
                        "note": a.note, "hazard": a.hazard_id} for a in answered
                       if a.answer == ChecklistAnswer.Answer.FAIL],
        })
    shown = bool(rows) or ChecklistTemplate.objects.filter(kind=feature.kind, active=True).exists()
    return {"results": rows, "shown": shown}
