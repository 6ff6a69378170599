import json

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin

from basins.models import (
    Basin, MonitoringPoint, PatrolRequirement, PollutionSource, Rainfall, ReachChief, RiskModelRun,
    RiverReachDetail, WaterSample,
)
from geo_server.admin_base import ReadOnlyAdmin
from geo_server.features.admin import DetailAdmin


@admin.register(Basin)
class BasinAdmin(LeafletGeoAdmin):
    list_display = ("code", "name", "name_en", "synthetic")
    list_filter = ("synthetic",)
    search_fields = ("code", "name", "name_en")
    ordering = ("code",)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("geom")


@admin.register(RiverReachDetail)
class RiverReachDetailAdmin(DetailAdmin):
    list_display = ("feature", "river_name", "main_stem", "length_m", "width_m")
    list_filter = ("main_stem",)
    search_fields = DetailAdmin.search_fields + ("river_name", "river_name_en")


@admin.register(PatrolRequirement)
class PatrolRequirementAdmin(admin.ModelAdmin):
    """The differentiated patrol-frequency matrix: administrators edit the cells; source says which are [S]."""

    list_display = ("level", "colour", "patrols", "period", "min_minutes", "min_km", "source", "note")
    list_editable = ("patrols", "period", "min_minutes", "min_km", "source")
    list_filter = ("level", "colour", "source")
    ordering = ("level", "colour")


@admin.register(ReachChief)
class ReachChiefAdmin(admin.ModelAdmin):
    list_display = ("reach", "level", "chief")
    list_filter = ("level",)
    list_select_related = ("reach", "chief")
    raw_id_fields = ("reach", "chief")
    search_fields = ("reach__code", "reach__name", "chief__username")

    def get_queryset(self, request):
        return super().get_queryset(request).defer("reach__geom")


@admin.register(MonitoringPoint)
class MonitoringPointAdmin(LeafletGeoAdmin):
    list_display = ("code", "reach", "chainage_m", "synthetic")
    list_select_related = ("reach",)
    raw_id_fields = ("reach",)
    search_fields = ("code", "reach__code")
    readonly_fields = ("chainage_m",)


@admin.register(WaterSample)
class WaterSampleAdmin(admin.ModelAdmin):
    list_display = ("point", "taken_at", "transparency_cm", "dissolved_oxygen_mg_l", "orp_mv", "ammonia_n_mg_l",
                    "depth_cm", "synthetic")
    list_select_related = ("point",)
    raw_id_fields = ("point",)
    search_fields = ("point__code",)
    date_hierarchy = "taken_at"


@admin.register(PollutionSource)
class PollutionSourceAdmin(LeafletGeoAdmin):
    list_display = ("code", "kind", "name", "reach", "synthetic")
    list_filter = ("kind", "synthetic")
    raw_id_fields = ("reach",)
    search_fields = ("code", "name")


@admin.register(Rainfall)
class RainfallAdmin(admin.ModelAdmin):
    list_display = ("basin", "day", "mm", "synthetic")
    list_filter = ("basin",)
    date_hierarchy = "day"


def _metric(run: RiskModelRun, who: str, name: str) -> str:
    value = (run.metrics.get(who) or {}).get(name)
    return "—" if value is None else f"{value:.3f}"


@admin.register(RiskModelRun)
class RiskModelRunAdmin(ReadOnlyAdmin):
    """Runs are records of what the model did: listed and shown, never added, edited or deleted here."""

    list_display = ("id", "model_version", "basin_label", "started_at", "duration_s", "label_count", "held_out",
                    "model_auc", "baseline_auc", "model_precision", "baseline_precision")
    list_filter = ("model_version", "basin_code")
    date_hierarchy = "started_at"
    fields = ("model_version", "basin_code", "started_at", "finished_at", "duration_s", "label_count",
              "metrics_table", "parameters_json", "training_reach_ids")
    readonly_fields = fields

    @admin.display(description=_("basin"))
    def basin_label(self, run):
        return run.basin_code or _("every basin")

    @admin.display(description=_("training labels"))
    def label_count(self, run):
        return len(run.training_reach_ids)

    @admin.display(description=_("held-out reaches"))
    def held_out(self, run):
        return run.metrics.get("held_out")

    @admin.display(description=_("model ROC AUC"))
    def model_auc(self, run):
        return _metric(run, "model", "roc_auc")

    @admin.display(description=_("baseline ROC AUC"))
    def baseline_auc(self, run):
        return _metric(run, "baseline", "roc_auc")

    @admin.display(description=_("model precision@10%"))
    def model_precision(self, run):
        return _metric(run, "model", "precision_at_10")

    @admin.display(description=_("baseline precision@10%"))
    def baseline_precision(self, run):
        return _metric(run, "baseline", "precision_at_10")

    @admin.display(description=_("metrics on held-out reaches"))
    def metrics_table(self, run):
        body = format_html_join("", "<tr><th>{}</th><td>{}</td><td>{}</td><td>{}</td></tr>", (
            (who, _metric(run, who, "roc_auc"), _metric(run, who, "precision_at_10"),
             _metric(run, who, "expected_precision_at_10"))
            for who in ("model", "baseline", "oracle") if who in run.metrics))
        return format_html('<table class="risk-metrics"><tr><th></th><th>ROC AUC</th><th>{}</th><th>{}</th></tr>{}'
                           "</table>", _("precision@10%"), _("expected precision@10%"), body)

    @admin.display(description=_("parameters"))
    def parameters_json(self, run):
        return format_html("<pre>{}</pre>", json.dumps(run.parameters, ensure_ascii=False, indent=2))
