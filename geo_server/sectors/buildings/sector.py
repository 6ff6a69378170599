"""The building-safety sector's declaration: what it hands the core in one register_sector call."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import Kind
from geo_server.sector import EvidenceType, LayerSpec, PublishedField, Sector, SubLayer
from geo_server.sectors.buildings import reappraisal
from geo_server.sectors.buildings.dashboard import DASHBOARDS
from geo_server.sectors.buildings.models import (AppraisalFinding, AppraisalReport, BuildingDetail, CensusRecord,
                                                CurtainWallInspection, MonitoringPoint, Reading)
from geo_server.sectors.buildings.phone_forms import PHONE_FORMS
from geo_server.sectors.buildings.records import BUILDING_SECTION
from geo_server.sectors.buildings.rules import RULES
from geo_server.sectors.buildings.set_rules import SET_RULES

# A dangerous building's hazard is confirmed on a later published appraisal graded A or B: the
# sector finds the report in its own records (reappraisal.py), the reply names nothing.
REAPPRAISAL = EvidenceType(
    code="reappraisal", label=_("a re-appraisal graded A or B, published after the hazard was raised"),
    notice_zh="房屋安全重新鉴定报告（鉴定结论为 A 级或 B 级，经审核发布）",
    satisfied=reappraisal.satisfied, demo=reappraisal.demo_evidence,
)


def _field(name: str, type_: str, title_zh: str, title_en: str, **extra) -> PublishedField:
    return PublishedField(name, f"building_detail__{name}", type_, title_zh, title_en, **extra)


# Who must fix a building's hazards: its property manager (or user), else its owner.
RESPONSIBLE_PARTY = """COALESCE((SELECT d.manager_organisation_id FROM buildings_buildingdetail d
                            WHERE d.feature_id = f.id), f.organisation_id)"""


# The features whose responsible party is the organisation %s: it sees them (features.scoping).
PARTY_FEATURES = "SELECT d.feature_id FROM buildings_buildingdetail d WHERE d.manager_organisation_id = %s"


# The sub-layers officers filter by (DOMAIN.md §2), each with its own outline and fields.
SUBLAYERS = (
    SubLayer("building_dangerous", "危房（C、D 级）", "Dangerous buildings (C, D)",
             Q(building_detail__safety_grade__in=("C", "D")), "#c62828"),
    SubLayer("building_historic", "历史建筑", "Historic buildings",
             Q(building_detail__historic=True) | ~Q(building_detail__protection_level=""), "#6a1b9a",
             (_field("protection_level", "string", "保护级别", "Protection level", popup=True),)),
    SubLayer("building_quarantine", "隔离场所", "Quarantine sites",
             Q(building_detail__quarantine_capacity__isnull=False), "#00838f",
             (_field("quarantine_capacity", "integer", "隔离容量（人）", "Capacity (people)", popup=True, minimum=0),
              _field("quarantine_from", "date", "启用日期", "In use from", popup=True),
              _field("quarantine_until", "date", "停用日期", "In use until", popup=True))),
    SubLayer("building_curtain_wall", "玻璃幕墙", "Glass curtain walls",
             ~Q(building_detail__curtain_wall="none"), "#1565c0",
             (_field("curtain_wall", "string", "幕墙类型", "Curtain-wall type", popup=True),
              _field("curtain_wall_area_m2", "integer", "幕墙面积（m²）", "Area (m²)", minimum=0),
              _field("last_curtain_wall_inspection", "date", "上次检查", "Last inspection", popup=True),
              _field("curtain_wall_next_due", "date", "下次检查", "Next inspection due", popup=True))),
)


def build_sector() -> Sector:
    from geo_server.sectors.buildings.demo import load_buildings

    return Sector(
        kind=Kind.BUILDING, app_label="buildings", title=_("Building safety"), detail=BuildingDetail,
        children=(AppraisalReport, AppraisalFinding, CensusRecord, CurtainWallInspection, MonitoringPoint, Reading), rules=RULES + SET_RULES,
        layer=LayerSpec("房屋", "Buildings", "Polygon", "#37474f", min_zoom=13, detail_zoom=14, grid_zoom=14),
        layer_fields=(
            _field("structure", "string", "结构类型", "Structure", popup=True),
            _field("floors", "integer", "层数", "Floors", popup=True, minimum=0, maximum=32767),
            _field("year_built", "integer", "建成年份", "Year built", minimum=0, maximum=32767),
            _field("safety_grade", "string", "安全鉴定等级", "Safety grade", popup=True),
        ),
        sublayers=SUBLAYERS,
        evidence_types=(REAPPRAISAL,),
        dashboards=DASHBOARDS,
        record_sections=(BUILDING_SECTION,),
        demo=load_buildings,
        responsible_party=RESPONSIBLE_PARTY,
        party_features=PARTY_FEATURES,
        phone_forms=PHONE_FORMS,
        search_text=("building_detail__address",),
    )
