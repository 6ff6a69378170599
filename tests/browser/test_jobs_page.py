"""A job's page in real Chromium: its progress bar follows the row as the worker reports (the page
polls the JSON), the cancel button disappears when the job finishes, and the download link appears."""

from playwright.sync_api import expect

from geo_server.jobs.models import Job
from tests.browser.login import log_in


def test_the_job_page_follows_the_progress_until_done(page, problems, province_bureau, alice):
    job = Job.objects.create(kind="rule_sweep", requested_by=alice, state="running", done=1, total=4,
                             stage="building")
    log_in(page, "alice", "alice-password", f"/jobs/{job.pk}/")
    expect(page.locator("#job-count")).to_have_text("1 / 4")
    assert page.locator("#job-progress").get_attribute("value") == "25"
    expect(page.locator("#job-cancel")).to_be_visible()

    Job.objects.filter(pk=job.pk).update(done=3, stage="<b>concrete_plant</b>")
    expect(page.locator("#job-count")).to_have_text("3 / 4")
    expect(page.locator("#job-stage")).to_have_text("<b>concrete_plant</b>")  # text, never markup

    Job.objects.filter(pk=job.pk).update(state="done", done=4, stage="", result={"building": {"features": 2}})
    expect(page.locator("#job-state")).to_have_text("已完成")
    expect(page.locator("#job-cancel")).to_be_hidden()
    expect(page.locator("#job-result")).to_contain_text('"features": 2')
    assert page.locator("#job-progress").get_attribute("value") == "100"
    assert problems.console_errors == [] and problems.foreign_requests == []
