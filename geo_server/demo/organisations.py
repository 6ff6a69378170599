"""Demo organisations (one per jurisdiction level plus enterprises) and one demo user per role.

Besides the offices that supervise, the parties that must fix things: concrete enterprises and
general contractors (sites, water projects), one synthetic property manager per district (its
buildings) and each city's housing provident fund center (its own hazards)."""

from django.db import transaction

from geo_server.accounts.models import Organisation, User
from geo_server.demo.names import CONTRACTORS
from geo_server.features.models import AdminArea

CONCRETE_ENTERPRISES = ("广州穗建混凝土有限公司", "广州粤华建材有限公司", "广州珠江混凝土有限公司")
DEMO_PASSWORD = "geo-demo-2026"
MANAGER_SUFFIX = "物业管理有限公司（演示）"


def _organisation(name: str, name_en: str, type_: str, area_code: str, parent=None) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        name=name,
        defaults={"name_en": name_en, "type": type_, "jurisdiction": AdminArea.objects.get(code=area_code),
                  "parent": parent},
    )
    return organisation


@transaction.atomic
def ensure_organisations() -> dict[str, list[tuple[int, str]]]:
    """Create the demo organisations; returns the enterprises the generators assign objects to."""
    province = _organisation("广东省住房和城乡建设厅", "Guangdong Housing and Urban-Rural Development Department",
                             "province_bureau", "440000")
    city = _organisation("广州市住房和城乡建设局", "Guangzhou Housing and Urban-Rural Development Bureau",
                         "city_bureau", "440100", province)
    for district in AdminArea.objects.filter(level="district", parent__code="440100").order_by("code"):
        office = _organisation(f"{district.name}住房和建设局", f"{district.name_en} Housing and Construction Bureau",
                               "district_office", district.code, city)
        street = AdminArea.objects.filter(parent=district).order_by("code").first()
        _organisation(f"{street.name}办事处", f"{street.name} office", "street_office", street.code, office)
        # 人社: supervises construction wages with the district's 住建 office (co-supervision).
        _organisation(f"{district.name}人力资源和社会保障局", f"{district.name_en} Human Resources and Social Security Bureau",
                      "labour_office", district.code)
    concrete = [_organisation(name, "", "enterprise", "440100") for name in CONCRETE_ENTERPRISES]
    contractors = [_organisation(name, "", "enterprise", "440100") for name in CONTRACTORS]
    return {
        "concrete": [(o.pk, o.name) for o in concrete],
        "contractors": [(o.pk, o.name) for o in contractors],
        "managers": [(o.pk, o.name) for o in _property_managers()],
        "fund_centers": [(o.pk, o.name) for o in _fund_centers()],
    }


def _property_managers() -> list[Organisation]:
    """One synthetic property manager per Guangzhou district, answering for its buildings."""
    return [_organisation(f"{district.name}{MANAGER_SUFFIX}", f"{district.name_en} property management (synthetic)",
                          "enterprise", district.code)
            for district in AdminArea.objects.filter(level="district", parent__code="440100").order_by("code")]


def _fund_centers() -> list[Organisation]:
    """Each city's fund center as an organisation: it answers for its own center's hazards."""
    return [_organisation(f"{city.name}住房公积金管理中心", f"{city.name_en} Housing Provident Fund Management Center",
                          "enterprise", city.code)
            for city in AdminArea.objects.filter(level="city").order_by("code")]


# username, role, organisation name, river-chief level, description
DEMO_USERS = (
    ("admin", "supervisor", "广东省住房和城乡建设厅", "", "superuser; sees everything"),
    ("province", "supervisor", "广东省住房和城乡建设厅", "", "province supervisor; all of Guangdong"),
    ("city", "supervisor", "广州市住房和城乡建设局", "", "city supervisor; all of Guangzhou"),
    ("tianhe", "district_officer", "天河区住房和建设局", "", "district officer; Tianhe only"),
    ("labour", "district_officer", "天河区人力资源和社会保障局", "", "人社 labour officer; Tianhe's sites' wages"),
    ("chief_haizhu", "river_chief", "海珠区住房和建设局", "district", "district-level river chief; Haizhu"),
    ("chief_street", "river_chief", "沙面街道办事处", "village", "village-level river chief; one street"),
    ("inspector", "inspector", "番禺区住房和建设局", "", "water-works inspector; Panyu"),
    ("enterprise", "enterprise_user", "广州穗建混凝土有限公司", "", "enterprise user; its own plants only"),
    ("manager", "enterprise_user", "天河区" + MANAGER_SUFFIX, "", "property manager; replies for Tianhe's buildings"),
    ("contractor", "enterprise_user", CONTRACTORS[0], "", "general contractor; its sites and water projects"),
    ("fund", "enterprise_user", "广州市住房公积金管理中心", "", "Guangzhou fund center; its own hazards"),
    ("enterprise2", "enterprise_user", "广州粤华建材有限公司", "", "enterprise user; its own concrete plants"),
    ("enterprise3", "enterprise_user", "广州珠江混凝土有限公司", "", "enterprise user; its own concrete plants"),
    ("viewer", "read_only", "广州市住房和城乡建设局", "", "read-only; all of Guangzhou"),
)


@transaction.atomic
def ensure_demo_users() -> list[tuple[str, str, str, str]]:
    """Create (or reset) the demo accounts; returns (username, password, role, description) rows."""
    rows = []
    for username, role, organisation_name, chief_level, description in DEMO_USERS:
        user, _created = User.objects.get_or_create(username=username)
        user.organisation = Organisation.objects.get(name=organisation_name)
        user.role = role
        user.river_chief_level = chief_level
        user.is_superuser = user.is_staff = username == "admin"
        user.set_password(DEMO_PASSWORD)
        user.save()
        rows.append((username, DEMO_PASSWORD, role, description))
    return rows
