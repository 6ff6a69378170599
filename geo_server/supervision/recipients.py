"""Who may receive a hazard (dispatch, refer): the parties responsible where its feature stands.

The same candidates as the routing of a new hazard (store.RESPONSIBLE_ORGANISATION_SQL): the
feature's own organisation (its owner, the enterprise) and the offices of its area at the level each
works at: the street office of its street, the district office of its district, the city bureau of
its city. A province bureau supervises but does not rectify; moving a hazard up is `escalate`, not a
dispatch. Anyone else (another district's office, an unrelated enterprise) would be handed a hazard,
and with it the feature's data, that is none of their business.
"""

from django.db.models import Q, QuerySet

from geo_server.accounts.models import Organisation
from geo_server.errors import Forbidden
from geo_server.features.models import Feature

# Which office type works at which of the feature's area columns.
_OFFICE_AREA = (
    (Organisation.Type.STREET_OFFICE, "street_id"),
    (Organisation.Type.DISTRICT_OFFICE, "district_id"),
    (Organisation.Type.CITY_BUREAU, "city_id"),
)


def eligible_recipients(hazard) -> QuerySet:
    """Organisations that may be made responsible for `hazard`."""
    # Only the area columns: loading the feature would parse its geometry for nothing.
    feature = Feature.objects.filter(pk=hazard.feature_id).values(
        "organisation_id", *(column for _type, column in _OFFICE_AREA)).get()
    allowed = Q(pk=feature["organisation_id"]) if feature["organisation_id"] else Q(pk__in=[])
    for office_type, column in _OFFICE_AREA:
        if feature[column] is not None:
            allowed |= Q(type=office_type, jurisdiction_id=feature[column])
    return Organisation.objects.filter(allowed)


def check_recipient(hazard, organisation: Organisation) -> None:
    if not eligible_recipients(hazard).filter(pk=organisation.pk).exists():
        raise Forbidden(f"{organisation.name} is neither the feature's organisation nor an office of its area.",
                        code="recipient_not_allowed")
