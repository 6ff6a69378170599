"""Logging in through the real form, as a person would."""

from urllib.parse import urlsplit


def log_in(page, username: str, password: str, next_path: str = "/") -> None:
    page.goto(f"/accounts/login/?next={next_path}")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: urlsplit(url).path == next_path)


# Central Guangzhou at zoom 9, where the province user alice's map used to open: her map now opens on
# her jurisdiction (the province, zoom 7), so tests written for this view ask for it in the URL.
GUANGZHOU_VIEW = "/#map=9/23.13/113.35"


def open_guangzhou(page) -> None:
    """Open the map on central Guangzhou at zoom 9, as a shared link does (the URL keeps the view): a
    new document, not a hash change on the open map, whose own first view could overwrite the hash."""
    page.goto("about:blank")
    page.goto(GUANGZHOU_VIEW)
    page.wait_for_selector("#map.leaflet-container")
