"""A surveyor records a building's census entry on the phone while offline, with a photo; back online
it syncs once into the building's census records, the photo listed on the entry."""

from geo_server.sectors.buildings.models import CensusRecord
from geo_server.supervision.models import Photo
from tests.browser.test_mobile import SCREENSHOTS, field, jpeg, open_with_service_worker, phone, queued, tap_feature  # noqa: F401
from tests.building_world import building

HOUSE = (113.3260, 23.1380)  # inside the field's zone, east of the water project


def test_an_offline_census_entry_syncs_once_back_online(phone, field, problems, media):
    context, mobile = phone
    house = building("TH-CEN-1", where=HOUSE, curtain_wall="framed")
    open_with_service_worker(mobile, "ivan")

    context.set_offline(True)
    mobile.wait_for_selector("#m-net[data-online='0']")
    tap_feature(mobile, house.pk, HOUSE[1], HOUSE[0])
    # A building with a curtain wall is offered both records; the census is opened.
    assert mobile.locator("#m-forms details").evaluate_all("ds => ds.map(d => d.dataset.action)") == [
        "building_census", "curtain_wall_inspection"]
    box = mobile.locator("#m-forms details[data-action='building_census']")
    box.locator("summary").click()
    form = box.locator("form")
    form.locator("[name=structure]").select_option("brick_concrete")
    form.locator("[name=floors]").fill("5")
    form.locator("[name=year_built]").fill("1986")
    form.locator("[name=use]").select_option("residential")
    form.locator("[name=visible_defects]").fill("外墙斜裂缝，楼面下沉")
    form.locator("[name=suggests_danger]").check()
    form.locator("[name=photos]").set_input_files({"name": "外墙.jpg", "mimeType": "image/jpeg", "buffer": jpeg()})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    mobile.screenshot(path=str(SCREENSHOTS / "building_census_offline.png"), full_page=True)
    form.locator("button[type=submit]").click()
    mobile.wait_for_selector("#m-queue[data-count='2']")  # the entry and its photo
    assert queued(mobile) == 2 and not CensusRecord.objects.exists()

    context.set_offline(False)
    mobile.wait_for_selector("#m-queue[data-count='0']", timeout=30_000)
    entry = CensusRecord.objects.get()
    assert (entry.building_id, entry.surveyor, entry.structure, entry.floors, entry.year_built, entry.use,
            entry.visible_defects, entry.suggests_danger) == (
        house.pk, "ivan", "brick_concrete", 5, 1986, "residential", "外墙斜裂缝，楼面下沉", True)
    photo = Photo.objects.get()
    assert entry.photos == [photo.image.name] and photo.uploaded_by.username == "ivan"
    # A second pass over the emptied queue sends nothing again.
    mobile.reload()
    mobile.wait_for_selector("body[data-ready='1']")
    mobile.evaluate("window.dispatchEvent(new Event('online'))")
    mobile.wait_for_timeout(500)
    assert CensusRecord.objects.count() == 1 and Photo.objects.count() == 1
    assert problems.console_errors == []
