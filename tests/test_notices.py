"""Rectification notices: numbered per year by a locked counter, written in Chinese, printable as HTML and
as a PDF whose text (STSong-Light, no font file) reads back with pypdf."""

import io
from datetime import date

import psycopg
import pytest
from django.db import connection, transaction
from django.utils import timezone
from pypdf import PdfReader

from geo_server.accounts.models import Organisation
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.models import Hazard, RectificationNotice
from geo_server.supervision.notices import format_number, next_number, notice_text
from tests.conftest import area, make_user
from tests.test_hazards import act, building


@pytest.fixture
def hazard(tianhe_office, enterprise):
    feature = building("B-1", organisation=enterprise)
    sweep("building")
    return Hazard.objects.get(feature=feature)


def issued(client, bob, hazard) -> dict:
    act(client, bob, hazard.pk, "dispatch", deadline="2030-03-31")
    return act(client, bob, hazard.pk, "issue_notice")


def test_it_formats_the_number_with_year_and_four_digits():
    assert format_number("穗建整", 2026, 1) == "穗建整〔2026〕第0001号"
    assert format_number("穗建整", 2027, 12345) == "穗建整〔2027〕第12345号"


def test_it_writes_the_notice_text_with_deadline_and_required_evidence():
    text = notice_text(recipient="广州穗建混凝土有限公司", feature_name="天河路1号", feature_code="B-1",
                       problem="危险房屋等级 D", deadline=date(2030, 3, 31), evidence=("photo", "reappraisal"),
                       issuer="天河区住房和建设局", issued_on=date(2026, 5, 1))
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "广州穗建混凝土有限公司：" and "危险房屋等级 D" in paragraphs[1]
    assert "于2030年3月31日前完成整改" in text and "整改后现场照片、房屋安全重新鉴定报告" in text
    assert paragraphs[-1] == "天河区住房和建设局\n2026年5月1日"


def test_it_numbers_notices_in_sequence_on_issue(client, hazard, bob, enterprise):
    body = issued(client, bob, hazard)
    year = timezone.localdate().year
    notice = RectificationNotice.objects.get(hazard=hazard)
    assert notice.number == f"穗建整〔{year}〕第0001号" and (notice.year, notice.sequence) == (year, 1)
    assert (notice.recipient, notice.issuer.name, notice.issued_by) == (enterprise, "天河区住房和建设局", bob)
    assert notice.deadline == date(2030, 3, 31) and notice.event.action == "issue_notice"
    assert body["notice"]["number"] == notice.number
    assert body["notice"]["pdf"] == f"/hazards/{hazard.pk}/notice.pdf"
    other = building("B-2", organisation=enterprise, grade="C")
    sweep("building")
    second = Hazard.objects.get(feature=other)
    issued(client, bob, second)
    assert RectificationNotice.objects.get(hazard=second).number == f"穗建整〔{year}〕第0002号"


def test_it_gives_a_number_back_when_the_transaction_rolls_back(db):
    first = next_number(2031)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_number(2031) == first + 1
        raise RuntimeError("the transition failed after numbering")
    assert next_number(2031) == first + 1


def test_it_holds_the_years_counter_locked_until_the_issuing_transaction_ends(db):
    """A second issuer must wait for the first one's number, not read the same counter value."""
    next_number(2032)
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"], port=settings["PORT"] or 5432, user=settings["USER"],
                         password=settings["PASSWORD"], dbname=settings["NAME"], autocommit=True) as other:
        other.execute("SET lock_timeout = '300ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            other.execute("INSERT INTO supervision_noticecounter (year, last) VALUES (2032, 1) "
                          "ON CONFLICT (year) DO UPDATE SET last = supervision_noticecounter.last + 1")


def test_it_shows_the_printable_notice_to_both_sides_and_no_one_else(client, hazard, bob, erin):
    client.force_login(bob)
    assert client.get(f"/hazards/{hazard.pk}/notice").status_code == 404
    issued(client, bob, hazard)
    number = RectificationNotice.objects.get(hazard=hazard).number
    client.force_login(erin)
    page = client.get(f"/hazards/{hazard.pk}/notice").content.decode()
    assert "整改通知书" in page and number in page and "广州穗建混凝土有限公司：" in page
    assert "2030年3月31日" in page and f'href="/hazards/{hazard.pk}/notice.pdf"' in page
    haizhu = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    client.force_login(make_user("dora", haizhu, "district_officer"))
    assert client.get(f"/hazards/{hazard.pk}/notice").status_code == 404
    assert client.get(f"/hazards/{hazard.pk}/notice.pdf").status_code == 404


def test_it_renders_the_notice_as_a_pdf_with_chinese_text(client, hazard, bob, erin):
    issued(client, bob, hazard)
    notice = RectificationNotice.objects.get(hazard=hazard)
    client.force_login(erin)
    response = client.get(f"/hazards/{hazard.pk}/notice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    assert "整改通知书" in text and notice.number in text and "广州穗建混凝土有限公司" in text
    assert "2030年3月31日" in text and hazard.message_zh in text
    assert reader.metadata.title == notice.number
