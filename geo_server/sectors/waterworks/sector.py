"""The water-engineering sector's declaration: what it hands the core in one register_sector call."""

from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import Kind
from geo_server.sector import LayerSpec, PublishedField, Sector
from geo_server.sectors.waterworks.models import WaterProjectDetail
from geo_server.sectors.waterworks.rules import RULES


def _field(name: str, type_: str, title_zh: str, title_en: str, **extra) -> PublishedField:
    return PublishedField(name, f"water_project_detail__{name}", type_, title_zh, title_en, **extra)


# Who must fix a water project's hazards: its contractor (the notices go to the contractor on site).
RESPONSIBLE_PARTY = """(SELECT d.contractor_organisation_id FROM waterworks_waterprojectdetail d
                        WHERE d.feature_id = f.id)"""


# The features whose responsible party is the organisation %s: it sees them (features.scoping).
PARTY_FEATURES = "SELECT d.feature_id FROM waterworks_waterprojectdetail d WHERE d.contractor_organisation_id = %s"


def build_sector() -> Sector:
    from geo_server.sectors.waterworks.demo import load_water_projects
    from geo_server.sectors.waterworks.documents import phone_documents
    from geo_server.sectors.waterworks.records import DOCUMENTS_SECTION

    return Sector(
        kind=Kind.WATER_PROJECT, app_label="waterworks", title=_("Water engineering inspection"),
        detail=WaterProjectDetail, rules=RULES,
        layer=LayerSpec("水务工程", "Water projects", "Polygon", "#00695c", min_zoom=11, detail_zoom=11, grid_zoom=11),
        layer_fields=(
            _field("project_type", "string", "工程类型", "Project type", popup=True),
            _field("stage", "string", "施工阶段", "Stage", popup=True),
            _field("budget_wan", "number", "概算（万元）", "Budget (10k yuan)"),
            _field("started_on", "date", "开工日期", "Started on"),
        ),
        demo=load_water_projects,
        responsible_party=RESPONSIBLE_PARTY,
        party_features=PARTY_FEATURES,
        record_sections=(DOCUMENTS_SECTION,),
        phone_documents=phone_documents,
    )
