"""The water project's documents on its record page, with the upload form for those who may add."""

from geo_server.accounts.models import User
from geo_server.features.kinds import RecordSection
from geo_server.sectors.waterworks.documents import project_documents
from geo_server.sectors.waterworks.models import SiteDocument

DOCUMENTS_ON_RECORD = 200


def documents_section(feature, user) -> dict:
    """Context for waterworks/_documents.html: the record page already checked the feature's scope."""
    rows = list(project_documents(user, feature.pk)[:DOCUMENTS_ON_RECORD])
    groups = [(value, label, [d for d in rows if d.doc_type == value]) for value, label in SiteDocument.Type.choices]
    return {"groups": groups, "types": SiteDocument.Type.choices, "can_add": user.role != User.Role.READ_ONLY}


DOCUMENTS_SECTION = RecordSection("waterworks/_documents.html", documents_section)
