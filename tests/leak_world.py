"""The leak matrix's small world (tests/test_leak_matrix.py) and, for each persona, what lies outside
its jurisdiction, derived with PostGIS (geometry covered by the organisation's jurisdiction, or owned
by the enterprise), independently of scope_features."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from basins.models import RiskAssessment, RiskModelRun
from geo_server.accounts.models import Organisation
from geo_server.features.models import Feature
from geo_server.patrols.models import PatrolZone
from geo_server.patrols.zones import create_zone
from geo_server.supervision.evaluation import sweep
from geo_server.supervision.hazards import apply_transition
from geo_server.supervision.models import Hazard, Photo
from geo_server.supervision.photos import store_photo
from layers.models import RasterLayer
from tests.conftest import CANTON_TOWER, TIANHE_SPORTS_CENTER, area, make_user, point_feature
from tests.loop import committed
from tests.photos import upload
from tests.test_hazards import building
from tests.test_zonal import write_grid
from tests.test_zones import SQUARE

# A zone around the Canton Tower, inside Haizhu (SQUARE is around the Tianhe Sports Center).
HAIZHU_SQUARE = {"type": "Polygon", "coordinates": [[[113.321, 23.103], [113.328, 23.103], [113.328, 23.109],
                                                     [113.321, 23.109], [113.321, 23.103]]]}

# -- the world -------------------------------------------------------------------------------------------

@dataclass
class World:
    features: list
    hazards: list
    zones: list
    photos: list
    organisations: list
    runs: list
    personas: dict = field(default_factory=dict)


def _features(enterprise_th, enterprise_hz) -> list[Feature]:
    made = []
    for tag, where, owner in (("TH", TIANHE_SPORTS_CENTER, enterprise_th), ("HZ", CANTON_TOWER, enterprise_hz)):
        made.append(building(f"LKB{tag}", where=where, grade="D", organisation=owner))
        made.append(building(f"LKC{tag}", where=(where[0] + 0.001, where[1]), grade="C"))  # ownerless
        for kind, short in (("concrete_plant", "P"), ("river_reach", "R"), ("water_project", "W")):
            made.append(point_feature(f"LK{short}{tag}", where[0] - 0.001, where[1], kind=kind, organisation=owner))
    return made


def _hazards(offices: dict) -> list[Hazard]:
    """Raised by the sweep; messages made unique per feature so a leak of one is recognisable."""
    with committed():
        sweep("building")
    hazards = list(Hazard.objects.select_related("feature").order_by("id"))
    for hazard in hazards:
        Hazard.objects.filter(pk=hazard.pk).update(message_zh=f"MSG{hazard.feature.code}",
                                                   message_en=f"MSG{hazard.feature.code}")
        officer = offices["TH" if hazard.feature.code.endswith("TH") else "HZ"]
        if hazard.responsible_organisation_id is not None:  # an ownerless building's waits, new, for its party
            with committed():  # dispatch and notice: inbox messages, a notice page
                apply_transition(officer, hazard.pk, "dispatch", {}, 1)
                apply_transition(officer, hazard.pk, "issue_notice", {}, 2)
        store_photo(upload(), officer, hazard=hazard)
    return list(Hazard.objects.select_related("feature").order_by("id"))


def build_world(tianhe_office, bob, tmp_path) -> World:
    haizhu_office = Organisation.objects.create(name="海珠区住房和建设局", type="district_office",
                                                jurisdiction=area("440105"))
    enterprise_th = Organisation.objects.create(name="天河甲企业", type="enterprise", jurisdiction=area("440100"))
    enterprise_hz = Organisation.objects.create(name="海珠乙企业", type="enterprise", jurisdiction=area("440100"))
    dora = make_user("dora", haizhu_office, "district_officer")
    features = _features(enterprise_th, enterprise_hz)
    street = Organisation.objects.create(name="体育中心所在街道", type="street_office",
                                         jurisdiction=Feature.objects.get(code="LKBTH").street)
    zones = [create_zone(bob, "LKZONETH", SQUARE), create_zone(dora, "LKZONEHZ", HAIZHU_SQUARE)]
    hazards = _hazards({"TH": bob, "HZ": dora})
    reaches = [f for f in features if f.kind == "river_reach"]
    run = RiskModelRun.objects.create(model_version="leak", started_at=timezone.now(),
                                      training_reach_ids=[r.pk for r in reaches])
    for reach in reaches:
        RiskAssessment.objects.create(run=run, reach=reach, probability=0.8, level=3, warning_type="problem")
    RasterLayer.objects.create(slug="grid", title_zh="网格", title_en="Grid", path=str(write_grid(tmp_path / "g.tif")),
                               ramp="impervious", value_min=1, value_max=16)
    personas = {
        "district_office": bob,
        "river_chief": make_user("rita", haizhu_office, "river_chief", river_chief_level="district"),
        "enterprise": make_user("erin_th", enterprise_th, "enterprise_user"),
        "viewer": make_user("vera", street, "read_only"),
        "inspector": make_user("ivan", tianhe_office, "inspector"),
    }
    return World(features, hazards, zones, list(Photo.objects.all()), list(Organisation.objects.all()), [run],
                 personas)


# -- what each persona may see, derived with PostGIS, not with scope_features ------------------------------

@dataclass
class Scope:
    features: set
    hazards: set
    zones: set
    photos: set


def expected_scope(user, world: World) -> Scope:
    organisation = user.organisation
    ids = [f.pk for f in world.features]
    if organisation.type == Organisation.Type.ENTERPRISE:
        features = set(Feature.objects.filter(pk__in=ids, organisation=organisation).values_list("pk", flat=True))
        zones = set()
    else:
        boundary = organisation.jurisdiction.geom
        features = set(Feature.objects.filter(pk__in=ids, geom__coveredby=boundary).values_list("pk", flat=True))
        zones = set(PatrolZone.objects.filter(organisation__jurisdiction__geom__coveredby=boundary)
                    .values_list("pk", flat=True))
    hazards = set(Hazard.objects.filter(Q(feature_id__in=features) | Q(responsible_organisation=organisation))
                  .values_list("pk", flat=True))
    photos = set(Photo.objects.filter(hazard_id__in=hazards).values_list("pk", flat=True))
    return Scope(features, hazards, zones, photos)


def markers_outside(scope: Scope, world: World) -> set[str]:
    """Strings that only an answer leaking an out-of-scope object would contain."""
    found = {f.code for f in world.features if f.pk not in scope.features}
    found |= {f"MSG{h.feature.code}" for h in world.hazards if h.pk not in scope.hazards}
    found |= {z.name for z in world.zones if z.pk not in scope.zones}
    found |= {p.image.name.rsplit("/", 1)[-1] for p in world.photos if p.pk not in scope.photos}
    return found
