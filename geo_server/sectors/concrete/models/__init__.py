"""The ready-mixed concrete sector's models (DOMAIN.md §4), one module per concern; every row hangs
off the plant feature, and each carries the plant's own id (or serial) as its natural key, so that a
replayed upload changes nothing."""

from geo_server.sectors.concrete.models.evaluation import EvaluationBatch, StrengthSigma
from geo_server.sectors.concrete.models.materials import MaterialLot, SelfTest, StockReading
from geo_server.sectors.concrete.models.plants import ConcretePlantDetail, MixingLine, Supplier, SupplierApproval
from geo_server.sectors.concrete.models.production import Batch, BatchingRecord, DeliveryTicket, MixDesign, Order
from geo_server.sectors.concrete.models.testing import ChlorideTest, SpecimenGroup
from geo_server.sectors.concrete.models.vocabulary import (BINDERS, GRADES, EnvironmentCategory, ExposureClass,
                                                           MaterialType)

__all__ = [
    "BINDERS", "GRADES", "Batch", "BatchingRecord", "ChlorideTest", "ConcretePlantDetail", "DeliveryTicket",
    "EnvironmentCategory", "EvaluationBatch", "ExposureClass", "MaterialLot", "MaterialType", "MixDesign", "MixingLine", "Order",
    "SelfTest", "SpecimenGroup", "StockReading", "StrengthSigma", "Supplier", "SupplierApproval",
]
