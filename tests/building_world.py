"""Shared pieces of the building tests: a building at a known place, a real one-page PDF, the Haizhu
office and its officer (who must not see Tianhe's buildings)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from geo_server.accounts.models import Organisation
from geo_server.sectors.buildings.models import BuildingDetail
from tests.conftest import TIANHE_SPORTS_CENTER, area, make_user, point_feature


def building(code="B-1", where=TIANHE_SPORTS_CENTER, grade="", organisation=None, **extra):
    feature = point_feature(code, *where, kind="building", organisation=organisation)
    BuildingDetail.objects.create(feature=feature, address="天河路", floors=6, structure="frame", use="residential",
                                  year_built=1995, floor_area_m2=3000, safety_grade=grade, **extra)
    return feature


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_file(name="report.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes() if data is None else data, content_type="application/pdf")


@pytest.fixture
def haizhu_officer(db):
    office = Organisation.objects.create(name="海珠区住房和建设局", type="district_office", jurisdiction=area("440105"))
    return make_user("harry", office, "district_officer")
