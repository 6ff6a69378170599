"""Demo river chiefs (河长) at four levels for the simulated reaches: synthetic accounts that cannot
log in (unusable password), except the demo account chief_haizhu, who is the district-level chief
of Haizhu's reaches (create_demo_users sets its password)."""

from django.contrib.auth.hashers import make_password

from basins.models import ReachChief
from geo_server.accounts.models import Organisation, User
from geo_server.features.models import Feature

HAIZHU = "440105"
CITY_BUREAU = "广州市住房和城乡建设局"


def _chief_accounts(reaches: list[Feature]) -> dict[tuple[str, int], str]:
    """(level, reach id) -> username, and the accounts' organisations."""
    usernames = {}
    for reach in reaches:
        district = "chief_haizhu" if reach.district.code == HAIZHU else f"rc_district_{reach.district.code}"
        usernames[("city", reach.id)] = f"rc_city_{reach.basin.code}"
        usernames[("district", reach.id)] = district
        usernames[("town", reach.id)] = f"rc_town_{reach.street.code}"
        usernames[("village", reach.id)] = f"rc_village_{reach.code}"
    return usernames


LEVEL_TITLES = {"city": "{basin}市级河长", "district": "{district}区级河长", "town": "{street}镇街级河长",
                "village": "{reach}村级河长"}


def chief_name(level: str, reach: Feature) -> str:
    """What pages call a synthetic chief: the water or area it answers for and its level, labelled
    synthetic (合成), never the account's code."""
    title = LEVEL_TITLES[level].format(basin=reach.basin.name, district=reach.district.name, street=reach.street.name,
                                       reach=reach.name)
    return f"{title}（合成）"


def _organisation_for(level: str, reach: Feature, offices: dict[int, Organisation]) -> Organisation | None:
    if level == "city":
        return offices.get("city")
    if level in ("town", "village") and reach.street_id in offices:
        return offices[reach.street_id]
    return offices.get(reach.district_id)


def _ensure_users(reaches: list[Feature], usernames: dict[tuple[str, int], str]) -> dict[str, User]:
    offices = {o.jurisdiction_id: o for o in Organisation.objects.exclude(type="enterprise")}
    offices["city"] = Organisation.objects.filter(name=CITY_BUREAU).first()
    existing = {u.username: u for u in User.objects.filter(username__in=set(usernames.values()))}
    by_id = {reach.id: reach for reach in reaches}
    unusable = make_password(None)
    fresh = {}
    for (level, reach_id), username in usernames.items():
        if username in existing or username in fresh:
            continue
        fresh[username] = User(username=username, password=unusable, role="river_chief", river_chief_level=level,
                               organisation=_organisation_for(level, by_id[reach_id], offices),
                               first_name=chief_name(level, by_id[reach_id]))
    User.objects.bulk_create(fresh.values())
    return {u.username: u for u in User.objects.filter(username__in=set(usernames.values()))}


def assign_demo_chiefs(reach_ids: list[int]) -> int:
    reaches = list(Feature.objects.filter(pk__in=reach_ids, district__isnull=False, street__isnull=False,
                                          basin__isnull=False).select_related("district", "basin", "street"))
    usernames = _chief_accounts(reaches)
    users = _ensure_users(reaches, usernames)
    before = ReachChief.objects.count()
    ReachChief.objects.bulk_create(
        [ReachChief(reach_id=reach_id, level=level, chief=users[name]) for (level, reach_id), name in usernames.items()],
        ignore_conflicts=True,
    )
    return ReachChief.objects.count() - before
