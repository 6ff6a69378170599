"""The construction workers and wages sector's declaration: what it hands the core in one
register_sector call."""

from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import Kind
from geo_server.sector import FEATURE_ORGANISATION, LayerSpec, NavPage, PublishedField, Sector
from geo_server.sectors.worksites.dashboard import DASHBOARDS
from geo_server.sectors.worksites.evidence import WAGE_PAYMENT
from geo_server.sectors.worksites.models import (ConstructionSiteDetail, DailyAttendance, Enterprise, Inflow,
                                                 Payment, Subcontract, WageAccount, Worker)
from geo_server.sectors.worksites.records import SITE_SECTION
from geo_server.sectors.worksites.rules import RULES, WAGE_RULE_CODES, WAGE_RULES


def _field(name: str, type_: str, title_zh: str, title_en: str, **extra) -> PublishedField:
    return PublishedField(name, f"construction_site_detail__{name}", type_, title_zh, title_en, **extra)


def build_sector() -> Sector:
    from geo_server.sectors.worksites.demo import load_sites

    return Sector(
        kind=Kind.CONSTRUCTION_SITE, app_label="worksites", title=_("Construction workers and wages"),
        detail=ConstructionSiteDetail,
        children=(Enterprise, Subcontract, Worker, DailyAttendance, WageAccount, Inflow, Payment),
        rules=RULES + WAGE_RULES,
        layer=LayerSpec("在建工地", "Construction sites", "Polygon", "#6a1b9a", min_zoom=11, detail_zoom=11,
                        grid_zoom=11),
        layer_fields=(
            _field("permit_no", "string", "施工许可证号", "Construction permit no."),
            _field("general_contractor", "string", "总承包单位", "General contractor", popup=True),
            _field("registered_workers", "integer", "实名登记工人数", "Registered workers", popup=True, minimum=0),
            _field("planned_completion", "date", "计划竣工日期", "Planned completion"),
        ),
        evidence_types=(WAGE_PAYMENT,),
        record_sections=(SITE_SECTION,),
        pages=(NavPage("worksites-ranking", _("Sites by unpaid worker-months")),),
        dashboards=DASHBOARDS,
        demo=load_sites,
        # The general contractor (the feature's organisation) answers for the site.
        responsible_party=FEATURE_ORGANISATION,
        # 人社 (labour) offices supervise construction wages with the 住建 district offices.
        co_supervisors=("labour_office",),
        extras={"blacklist_rules": WAGE_RULE_CODES},
    )
