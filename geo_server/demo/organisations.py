"""Demo organisations (one per jurisdiction level plus enterprises) and one demo user per role."""

from django.db import transaction

from geo_server.accounts.models import Organisation, User
from geo_server.demo.names import CONTRACTORS
from geo_server.features.models import AdminArea

CONCRETE_ENTERPRISES = ("广州穗建混凝土有限公司", "广州粤华建材有限公司", "广州珠江混凝土有限公司")
DEMO_PASSWORD = "geo-demo-2026"


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
    concrete = [_organisation(name, "", "enterprise", "440100") for name in CONCRETE_ENTERPRISES]
    contractors = [_organisation(name, "", "enterprise", "440100") for name in CONTRACTORS]
    return {
        "concrete": [(o.pk, o.name) for o in concrete],
        "contractors": [(o.pk, o.name) for o in contractors],
    }


# username, role, organisation name, river-chief level, description
DEMO_USERS = (
    ("admin", "supervisor", "广东省住房和城乡建设厅", "", "superuser; sees everything"),
    ("province", "supervisor", "广东省住房和城乡建设厅", "", "province supervisor; all of Guangdong"),
    ("city", "supervisor", "广州市住房和城乡建设局", "", "city supervisor; all of Guangzhou"),
    ("tianhe", "district_officer", "天河区住房和建设局", "", "district officer; Tianhe only"),
    ("chief_haizhu", "river_chief", "海珠区住房和建设局", "district", "district-level river chief; Haizhu"),
    ("chief_street", "river_chief", "沙面街道办事处", "village", "village-level river chief; one street"),
    ("inspector", "inspector", "番禺区住房和建设局", "", "water-works inspector; Panyu"),
    ("enterprise", "enterprise_user", "广州穗建混凝土有限公司", "", "enterprise user; its own plants only"),
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
