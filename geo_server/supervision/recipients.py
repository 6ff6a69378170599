"""Who must fix a hazard: the party its sector names (Sector.responsible_party), never an office.

A hazard is routed, when raised, to the organisation responsible for its feature: a building's
owner or property manager, a site's general contractor, a plant's enterprise, a water project's
contractor, a fund center itself. The supervising offices (street, district, city, province,
co-supervisors) dispatch, confirm and close; an office that rectified its own hazards would reply
to itself and be scored for it, so no office is ever a recipient. A feature whose sector names no
party raises a hazard with no recipient: it waits, under its dispatch deadline, until the feature's
responsible party is recorded and the office dispatches it.
"""

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from geo_server.accounts.models import Organisation
from geo_server.errors import BadRequest, Forbidden
from geo_server.features.models import Feature
from geo_server.sector import FEATURE_ORGANISATION, sector_for

# Organisations that may be made responsible: those answering for their own objects.
RESPONSIBLE_TYPES = (Organisation.Type.ENTERPRISE.value,)


def responsible_party_sql(kind: str) -> str:
    """SQL over the feature row `f`: the organisation that must fix hazards of `kind`, or NULL."""
    sector = sector_for(kind)
    expression = sector.responsible_party if sector is not None else FEATURE_ORGANISATION
    types = ", ".join(f"'{t}'" for t in RESPONSIBLE_TYPES)
    return f"(SELECT o.id FROM accounts_organisation o WHERE o.id = ({expression}) AND o.type IN ({types}))"


def responsible_party_id(feature_id: int, kind: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {responsible_party_sql(kind)} FROM features_feature f WHERE f.id = %s", [feature_id])
        row = cursor.fetchone()
    return row[0] if row else None


def eligible_recipients(hazard) -> QuerySet:
    """Organisations that may be made responsible for `hazard`: its feature's responsible party and
    the feature's own organisation (a building's owner besides its property manager), if a party."""
    party = responsible_party_id(hazard.feature_id, hazard.kind)
    owner = Feature.objects.filter(pk=hazard.feature_id).values("organisation_id")
    return Organisation.objects.filter(Q(pk=party) | Q(pk__in=owner), type__in=RESPONSIBLE_TYPES)


def check_recipient(hazard, organisation: Organisation) -> None:
    if not eligible_recipients(hazard).filter(pk=organisation.pk).exists():
        raise Forbidden(_("%(organisation)s is not the party responsible for the feature.")
                        % {"organisation": organisation.name},
                        code="recipient_not_allowed")


def require_recipient(organisation_id: int | None) -> None:
    """A dispatch must reach someone: a hazard whose feature names no responsible party cannot go."""
    if organisation_id is None:
        raise BadRequest(_("The feature names no responsible party; record its owner, manager or contractor first."),
                         code="no_responsible_party")
