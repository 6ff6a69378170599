"""The ready-mixed concrete sector's declaration: what it hands the core in one register_sector call."""

from django.utils.translation import gettext_lazy as _

from geo_server.features.kinds import Kind
from geo_server.sector import LayerSpec, NavPage, PublishedField, Sector
from geo_server.sectors.concrete.evidence import TEST_REPORT
from geo_server.sectors.concrete.models import (Batch, BatchingRecord, ChlorideTest, ConcretePlantDetail,
                                               DeliveryTicket, EvaluationBatch, MaterialLot, MixDesign, MixingLine,
                                               Order, SelfTest, SpecimenGroup, StockReading, StrengthSigma,
                                               Supplier, SupplierApproval)
from geo_server.sectors.concrete.records import PLANT_SECTION, SITE_SECTION
from geo_server.sectors.concrete.rules import RULES


def build_sector() -> Sector:
    from geo_server.sectors.concrete.demo import load_plants

    return Sector(
        kind=Kind.CONCRETE_PLANT, app_label="concrete", title=_("Ready-mixed concrete"), detail=ConcretePlantDetail,
        children=(MixingLine, Supplier, SupplierApproval, MaterialLot, SelfTest, StockReading, MixDesign, Order,
                  Batch, BatchingRecord, DeliveryTicket, SpecimenGroup, ChlorideTest, EvaluationBatch,
                  StrengthSigma),
        rules=RULES,
        layer=LayerSpec("预拌混凝土企业", "Concrete plants", "Point", "#4e342e", detail_zoom=10, grid_zoom=10),
        layer_fields=(
            PublishedField("licence_no", "concrete_plant_detail__licence_no", "string", "资质证书编号",
                           "Qualification certificate no.", popup=True),
            PublishedField("enterprise", "concrete_plant_detail__enterprise", "string", "企业", "Enterprise"),
            PublishedField("annual_capacity_m3", "concrete_plant_detail__annual_capacity_m3", "integer",
                           "年产能（m³）", "Annual capacity (m³)", popup=True, minimum=0),
        ),
        evidence_types=(TEST_REPORT,),
        record_sections=(PLANT_SECTION, SITE_SECTION),
        pages=(NavPage("concrete-failures", _("Concrete quality failures")),),
        demo=load_plants,
    )
