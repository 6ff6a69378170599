"""The river-chief sector's declaration (river reaches): what it hands the core in one
register_sector call."""

from django.utils.translation import gettext_lazy as _

from basins.compliance import chief_task_rows
from basins.dashboard import DASHBOARDS
from basins.models import RiverReachDetail
from basins.records import reach_section
from basins.rules import RULES
from geo_server.features.kinds import Kind, RecordSection
from geo_server.sector import LayerSpec, NavPage, PublishedField, Sector


def _field(name: str, type_: str, title_zh: str, title_en: str, **extra) -> PublishedField:
    return PublishedField(name, f"river_reach_detail__{name}", type_, title_zh, title_en, **extra)


def build_sector() -> Sector:
    from basins.demo import load_reach_demo, setup_basins

    return Sector(
        kind=Kind.RIVER_REACH, app_label="basins", title=_("River basins"), detail=RiverReachDetail, rules=RULES,
        layer=LayerSpec("河段", "River reaches", "LineString", "#1565c0", detail_zoom=10, grid_zoom=10),
        layer_fields=(
            _field("river_name", "string", "河流", "River", popup=True),
            _field("main_stem", "boolean", "干流", "Main stem", popup=True),
            _field("length_m", "integer", "长度（米）", "Length (m)", minimum=0),
            _field("width_m", "integer", "宽度（米）", "Width (m)", minimum=0),
        ),
        record_sections=(RecordSection("features/_river_reach.html", reach_section),),
        pages=(NavPage("patrol-compliance", _("Patrol compliance")),),
        dashboards=DASHBOARDS,
        demo=load_reach_demo,
        demo_setup=setup_basins,
        phone_tasks=chief_task_rows,
    )
