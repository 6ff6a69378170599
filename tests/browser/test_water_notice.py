"""An inspector on a water project issues a rectification notice from the phone while offline (with a
photo), reading the project's site documents kept offline; back online it syncs into one numbered
notice to the project's contractor, who replies with a photo on the hazard page; the inspector confirms."""

from geo_server.sectors.waterworks.models import SiteDocument
from geo_server.supervision.models import Hazard, Photo, RectificationNotice
from tests.browser.login import log_in
from tests.browser.test_hazard_loop import act, state
from tests.browser.test_mobile import SCREENSHOTS, field, jpeg, open_with_service_worker, phone, queued, tap_feature  # noqa: F401
from tests.conftest import TIANHE_SPORTS_CENTER, make_user
from tests.photos import photo_bytes


def test_an_offline_notice_reaches_the_contractor_who_replies_and_the_inspector_confirms(
        phone, field, page, problems, media):
    context, mobile = phone
    ivan, _zone, project = field
    contractor = project.water_project_detail.contractor_organisation
    make_user("carl", contractor, "enterprise_user")
    SiteDocument.objects.create(feature=project, doc_type="plan", title="泵房基坑施工方案", synthetic=True)

    open_with_service_worker(mobile, "ivan")
    context.set_offline(True)
    mobile.wait_for_selector("#m-net[data-online='0']")
    tap_feature(mobile, project.pk, TIANHE_SPORTS_CENTER[1], TIANHE_SPORTS_CENTER[0])
    assert "泵房基坑施工方案" in mobile.locator("#m-documents").inner_text()
    mobile.locator("#m-notice-box summary").click()
    form = mobile.locator("#m-notice")
    form.locator("[name=finding]").fill("泵房基坑东侧未设临边防护")
    form.locator("[name=deadline]").fill("2099-05-20")
    form.locator("[name=photos]").set_input_files({"name": "基坑.jpg", "mimeType": "image/jpeg", "buffer": jpeg()})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    mobile.screenshot(path=str(SCREENSHOTS / "water_notice_offline.png"), full_page=True)
    form.locator("button[type=submit]").click()
    mobile.wait_for_selector("#m-queue[data-count='2']")
    assert queued(mobile) == 2 and not Hazard.objects.exists()

    context.set_offline(False)
    mobile.wait_for_selector("#m-queue[data-count='0']", timeout=30_000)
    issued = mobile.locator("#m-issued li a")
    issued.wait_for()
    notice = RectificationNotice.objects.get()
    hazard = notice.hazard
    assert notice.number in issued.inner_text()
    assert (hazard.state, hazard.responsible_organisation, str(hazard.deadline)) == (
        "notice_issued", contractor, "2099-05-20")
    assert Photo.objects.get().event.action == "issue_notice"
    # The phone fetches its day again: the notice's hazard is listed on the open project.
    mobile.wait_for_selector(f"#m-hazards li[data-hazard='{hazard.pk}']")
    mobile.screenshot(path=str(SCREENSHOTS / "water_notice_synced.png"), full_page=True)

    path = f"/hazards/{hazard.pk}/"
    log_in(page, "carl", "carl-password", path)
    reply = page.locator("form.transition[data-action=reply]")
    reply.locator("input[name=photos]").set_input_files(
        {"name": "整改后.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()})
    act(page, "reply", reason="已设置临边防护栏杆")
    assert state(page) == "replied"

    page.context.clear_cookies()
    log_in(page, "ivan", "ivan-password", path)
    act(page, "confirm")
    assert state(page) == "confirmed"
    assert Hazard.objects.get().state == "confirmed" and Photo.objects.count() == 2


def test_the_inspector_reads_a_site_documents_file_offline_within_the_size_cap(phone, field, problems, media):
    from django.core.files.base import ContentFile

    context, mobile = phone
    _ivan, _zone, project = field
    pdf = b"%PDF-1.4\n% synthetic construction plan\n%%EOF\n"
    plan = SiteDocument(feature=project, doc_type="plan", title="泵房基坑施工方案", content_type="application/pdf",
                        bytes=len(pdf), synthetic=True)
    plan.file.save("plan.pdf", ContentFile(pdf), save=True)
    # Over the 20 MB a file may take on the phone (its recorded size says so): listed, read online only.
    drawing = SiteDocument(feature=project, doc_type="plan", title="总平面布置图（大图）", content_type="application/pdf",
                           bytes=21 * 1024 * 1024, synthetic=True)
    drawing.file.save("drawing.pdf", ContentFile(pdf), save=True)

    open_with_service_worker(mobile, "ivan")
    mobile.wait_for_selector("body[data-documents-kept='1']")
    context.set_offline(True)
    mobile.wait_for_selector("#m-net[data-online='0']")
    tap_feature(mobile, project.pk, TIANHE_SPORTS_CENTER[1], TIANHE_SPORTS_CENTER[0])
    kept = mobile.locator(f"#m-documents li[data-document='{plan.pk}'] a")
    online_only = mobile.locator(f"#m-documents li[data-document='{drawing.pk}'] a")
    assert (kept.get_attribute("data-offline"), online_only.get_attribute("data-offline")) == ("1", "0")
    assert mobile.locator(f"#m-documents li[data-document='{plan.pk}'] .kept").is_visible()
    assert not mobile.locator(f"#m-documents li[data-document='{drawing.pk}'] .kept").is_visible()
    # Offline, the kept file opens from the phone's copy, byte for byte.
    with context.expect_page() as opened:
        kept.click()
    reader = opened.value
    # The page opens blank and is sent to the copy once the cache has answered: wait for that, not for
    # the blank page's own load (which raced the cache).
    reader.wait_for_url(lambda url: url.startswith("blob:"))
    copy = mobile.evaluate("(url) => caches.open('geo-server-docs:ivan').then(c => c.match(url)).then(r => r.text())",
                           kept.get_attribute("data-url"))
    assert copy == pdf.decode()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    mobile.screenshot(path=str(SCREENSHOTS / "water_documents_offline.png"), full_page=True)
    assert problems.foreign_requests == []  # the copy is a blob: of this page, nothing left the machine
