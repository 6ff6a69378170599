"""The fund pages: the center's record section (latest month against its lines, versions link), the
returns page (upload, report per cell, nothing stored on a bad cell), each scoped."""

import io

import pytest

from geo_server.accounts.models import Organisation
from geo_server.sectors.funds.models import FundCenterDetail, MonthlyReturn
from geo_server.sectors.funds.returns_cells import COLUMNS
from tests.conftest import area, make_user
from tests.fund_world import PLAIN, center, file_return, other_center


@pytest.fixture
def carol(db):
    own = Organisation.objects.create(name="广州住房公积金管理中心", type="enterprise", jurisdiction=area("440100"))
    feature = center(organisation=own)
    FundCenterDetail.objects.create(feature=feature, city_adcode="440100", deposit_balance_wan=0,
                                    loan_balance_wan=0, depositors=1)
    return make_user("carol", own, "enterprise_user")


def csv_upload(*rows, name="r.csv"):
    text = ",".join(COLUMNS) + "\n" + "".join(",".join(str(r.get(c, "")) for c in COLUMNS) + "\n" for r in rows)
    upload = io.BytesIO(text.encode())
    upload.name = name
    return upload


def test_the_record_shows_the_latest_month_and_links_its_versions(client, carol, alice):
    feature = carol.organisation.features.get()
    file_return(feature, "2026-10")
    file_return(feature, "2026-11", loan_balance="8100000", current=False)
    file_return(feature, "2026-11", version=2, loan_balance="8200000")
    client.force_login(alice)
    page = client.get(f"/features/{feature.pk}/").content.decode()
    assert "2026-11" in page and "0.8200" in page and f"/funds/centers/{feature.pk}/returns/" in page
    versions = client.get(f"/funds/centers/{feature.pk}/returns/").content.decode()
    assert versions.count("<tr") == 4 and "superseded" in versions


def test_another_centers_staff_cannot_open_the_versions(client, carol):
    other = other_center()
    client.force_login(carol)
    assert client.get(f"/funds/centers/{other.pk}/returns/").status_code == 404


def test_the_upload_page_reports_each_bad_cell_and_stores_nothing(client, carol):
    client.force_login(carol)
    good = {"center": "HPF440100", "month": "2026-10", **PLAIN}
    response = client.post("/funds/returns/", {"file": csv_upload(good, {**good, "month": "2026-11",
                                                                         "risk_reserve": "abc"})})
    assert response.status_code == 422
    page = response.content.decode()
    assert "risk_reserve" in page and "not_a_number" in page and "<td>3</td>" in page
    assert not MonthlyReturn.objects.exists()
    response = client.post("/funds/returns/", {"file": csv_upload(good)})
    assert response.status_code == 200 and 'id="filed"' in response.content.decode()
    assert MonthlyReturn.objects.get().submitted_by == carol


def test_the_returns_page_is_in_the_navigation_and_offices_only_read(client, alice):
    client.force_login(alice)
    page = client.get("/funds/returns/").content.decode()
    assert 'href="/funds/returns/"' in page and 'type="file"' not in page
