"""A photo taken on the phone for a checklist answer, uploaded under its own UUID once the checklist
has synced: stored by supervision.photos (content-checked, thumbnail, EXIF) on the hazard the failed
item raised, and listed on the answer; or of a notice issued on site; or of a record a sector's phone
form took (its `attach_photo` lists it on the record). Applied once, like every queued action (sync.apply_action)."""

from django.utils.translation import gettext as _

from geo_server.checklists.models import ChecklistAnswer
from geo_server.errors import BadRequest, NotFound
from geo_server.mobile.models import SyncAction
from geo_server.mobile.sync import apply_action, parse_uuid, phone_forms
from geo_server.supervision.models import HazardEvent
from geo_server.supervision.photos import store_photo


def _item(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadRequest(_("item must be the checklist item id."), code="invalid_item") from None


def _notice_photo(user, notice_action, upload, photo_id) -> dict:
    """A photo of a notice issued on site: on its hazard, beside the issue_notice event."""
    action_id = parse_uuid(notice_action, "notice")
    done = SyncAction.objects.filter(client_id=action_id, user=user, type="issue_notice").first()
    if done is None:
        raise NotFound(_("No notice of yours issued under this action id; sync the notice first."),
                       code="notice_not_found")
    hazard_id = done.result["hazard"]
    event = HazardEvent.objects.filter(hazard_id=hazard_id, action="issue_notice").order_by("id").first()
    photo = store_photo(upload, user, hazard=event.hazard, event=event, client_id=photo_id)
    return {"photo": photo.pk, "hazard": hazard_id, "notice": str(action_id)}


def _record_photo(user, record_action, upload, photo_id) -> dict:
    """A photo of a record a sector's phone form took (a census entry): stored, then handed to the
    form's attach_photo with the record's applied result."""
    action_id = parse_uuid(record_action, "record")
    forms = {action: form for action, form in phone_forms().items() if form.attach_photo is not None}
    done = SyncAction.objects.filter(client_id=action_id, user=user, type__in=list(forms)).first()
    if done is None:
        raise NotFound(_("No record of yours taken under this action id; sync the record first."),
                       code="record_not_found")
    photo = store_photo(upload, user, client_id=photo_id)
    return {"record": str(action_id), **forms[done.type].attach_photo(user, done.result, photo)}


def upload(user, form, files) -> tuple[dict, int]:
    photo_id = parse_uuid(form.get("id"), "id")
    upload = files.get("file")
    if upload is None:
        raise BadRequest(_("Send the photo in the `file` field."), code="photo_missing")
    if form.get("notice"):
        return apply_action(user, "photo", photo_id, lambda: _notice_photo(user, form.get("notice"), upload, photo_id))
    if form.get("record"):
        return apply_action(user, "photo", photo_id, lambda: _record_photo(user, form.get("record"), upload, photo_id))

    def attach() -> dict:
        result_id, item = parse_uuid(form.get("result"), "result"), _item(form.get("item"))
        answer = (ChecklistAnswer.objects.select_related("hazard", "item")
                  .filter(result__client_id=result_id, result__inspector=user, item_id=item).first())
        if answer is None:
            raise NotFound(_("No answer of yours for this checklist and item; sync the checklist first."),
                           code="answer_not_found")
        # On the hazard's timeline, beside the event this checklist raised (or found again).
        event = None
        if answer.hazard is not None:
            event = (answer.hazard.events.filter(action__in=("raise", "raise_again"), data__result=str(result_id),
                                                 data__item=answer.item.code).order_by("-id").first())
        photo = store_photo(upload, user, hazard=answer.hazard, event=event, client_id=photo_id)
        answer.photos.add(photo)
        return {"photo": photo.pk, "hazard": answer.hazard_id, "result": str(result_id), "item": item}

    return apply_action(user, "photo", photo_id, attach)
