"""Each sector hands the core one declarative Sector: the six kinds are registered with their
detail model, rules, layer, published fields, evidence types, sections, pages and demo."""

import pytest
from django.urls import reverse

from geo_server.features.kinds import Kind, detail_model, register_detail
from geo_server.sector import Sector, known_kinds, register_sector, sector_for, sectors, unregister_sector
from geo_server.supervision.rules import Finding, Rule, get_rule, register_rule, rules_for

SECTOR_MODULES = {
    "building": "geo_server.sectors.buildings.sector", "concrete_plant": "geo_server.sectors.concrete.sector",
    "fund_center": "geo_server.sectors.funds.sector", "water_project": "geo_server.sectors.waterworks.sector",
    "construction_site": "geo_server.sectors.worksites.sector", "river_reach": "basins.sector",
}


def test_every_kind_has_one_sector_with_its_detail_rules_layer_and_demo():
    assert {s.kind for s in sectors()} == set(Kind.values)
    for kind in Kind.values:
        sector = sector_for(kind)
        assert sector.detail is detail_model(kind) is not None, kind
        assert {r.code for r in sector.rules} == {r.code for r in rules_for(kind)} != set(), kind
        assert sector.layer is not None and sector.layer.title_zh and sector.layer.title_en, kind
        assert sector.demo is not None, kind


def test_the_layers_keep_todays_titles_colours_and_zooms():
    building, fund, reach = sector_for("building").layer, sector_for("fund_center").layer, sector_for("river_reach").layer
    assert (building.title_zh, building.outline, building.min_zoom, building.detail_zoom) == ("房屋", "#37474f", 13, 14)
    assert (fund.geometry_type, fund.max_zoom, fund.detail_zoom) == ("MultiPolygon", 10, 0)
    assert (reach.title_en, reach.geometry_type, reach.detail_zoom) == ("River reaches", "LineString", 10)


def test_published_fields_are_real_non_personal_detail_columns():
    for sector in sectors():
        related = sector.detail._meta.get_field("feature").remote_field.related_name
        assert sector.layer_fields, sector.kind
        for published in sector.layer_fields:
            prefix, column = published.source.split("__")
            field = sector.detail._meta.get_field(column)
            assert prefix == related and not getattr(field, "is_personal", False), published
            assert published.title_zh and published.title_en, published
    names = {f.name for f in sector_for("construction_site").layer_fields}
    assert {"general_contractor", "registered_workers"} <= names and "manager_phone" not in names


def test_basins_declare_the_reach_section_and_the_compliance_page():
    sector = sector_for("river_reach")
    assert [s.template for s in sector.record_sections] == ["features/_river_reach.html"]
    assert [reverse(page.url_name) for page in sector.pages] == ["/basins/compliance/"]


@pytest.mark.parametrize("kind", sorted(SECTOR_MODULES))
def test_registering_a_sector_again_changes_nothing(kind):
    """AppConfig.ready() may run again: the same declaration registers again without error."""
    import importlib

    before = sector_for(kind)
    register_sector(importlib.import_module(SECTOR_MODULES[kind]).build_sector())
    assert sector_for(kind).rules == before.rules and detail_model(kind) is before.detail


def test_another_app_may_not_take_a_kind():
    with pytest.raises(ValueError, match="already belongs"):
        register_sector(Sector(kind="building", app_label="impostor"))


def test_a_sector_may_bring_a_kind_the_core_has_never_heard_of():
    kiosk = Sector(kind="kiosk", app_label="kiosks")
    rule = Rule("kiosk.always", "kiosk", lambda row, params, today: Finding(1, "亭", "kiosk"))
    with pytest.raises(ValueError, match="unknown kind"):
        register_rule(rule)
    register_sector(kiosk)
    try:
        assert "kiosk" in known_kinds()
        register_rule(rule)
        assert get_rule("kiosk.always") is rule
        register_detail("kiosk", detail_model("building"))  # the check accepts the kind
    finally:
        from geo_server.features import kinds
        from geo_server.supervision import rules

        rules._rules.pop("kiosk.always", None)
        kinds._detail_models.pop("kiosk", None)
        unregister_sector("kiosk")
    assert "kiosk" not in known_kinds()
