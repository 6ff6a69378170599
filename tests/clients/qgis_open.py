"""Opens layers in QGIS (python3-qgis, offscreen) as a desktop user would, and prints what QGIS saw.

Run by the tests with Debian's /usr/bin/python3 (QGIS's bindings are built for it), not the project's
venv: `python3 qgis_open.py SPEC.json` where SPEC is a list of layers:
{"name", "provider" ("oapif", "WFS", "wms", "vectortile"), "uri", "user", "password",
 "subset" (optional), "field" (optional: a field whose values to list), "style_url" (vector tiles),
 "render" (optional: {"bbox": [lon, lat, lon, lat], "size": pixels, "colours": {name: "#rrggbb"}}),
 "identify" (optional, WMS: [[lon, lat], ...], where to click with the identify tool; GetFeatureInfo as HTML)}.
Credentials go through a Basic authentication configuration in QGIS's own encrypted store, the way
a user sets it up (Settings > Options > Authentication). Prints one JSON line per layer.
"""

import json
import os
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QGIS_AUTH_DB_DIR_PATH", tempfile.mkdtemp(prefix="qgis-auth-"))

from qgis.core import (QgsApplication, QgsAuthMethodConfig, QgsCoordinateReferenceSystem,  # noqa: E402
                       QgsCoordinateTransform, QgsFeatureRequest, QgsMapRendererSequentialJob, QgsMapSettings,
                       QgsPointXY, QgsProject, QgsRaster, QgsRasterLayer, QgsRectangle, QgsVectorLayer,
                       QgsVectorTileLayer)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402


def auth_config(user: str, password: str) -> str:
    manager = QgsApplication.authManager()
    if not manager.masterPasswordHashInDatabase():
        manager.setMasterPassword("qgis-test-master", True)
    config = QgsAuthMethodConfig()
    config.setName(f"geo_server {user}")
    config.setMethod("Basic")
    config.setConfig("username", user)
    config.setConfig("password", password)
    manager.storeAuthenticationConfig(config)
    return config.id()


def open_layer(spec: dict) -> dict:
    authcfg = auth_config(spec["user"], spec["password"]) if spec.get("user") else ""
    provider, uri = spec["provider"], spec["uri"]
    if provider in ("oapif", "WFS"):
        uri = f"{uri} authcfg='{authcfg}'" if authcfg else uri
        layer = QgsVectorLayer(uri, spec["name"], provider)
    elif provider == "wms":
        layer = QgsRasterLayer(f"{uri}&authcfg={authcfg}" if authcfg else uri, spec["name"], "wms")
    elif provider == "vectortile":
        if spec.get("style_url"):
            uri = f"{uri}&styleUrl={spec['style_url']}"
        layer = QgsVectorTileLayer(f"{uri}&authcfg={authcfg}" if authcfg else uri, spec["name"])
    else:
        raise SystemExit(f"unknown provider {provider}")
    result = {"name": spec["name"], "valid": layer.isValid()}
    if not layer.isValid():
        result["error"] = layer.error().summary() if hasattr(layer, "error") else ""
        return result
    if isinstance(layer, QgsVectorLayer):
        if spec.get("subset"):
            result["subset_set"] = layer.setSubsetString(spec["subset"])
        field = spec.get("field")
        values = [f[field] for f in layer.getFeatures(QgsFeatureRequest())] if field else []
        result["count"] = len(values) if field else sum(1 for _ in layer.getFeatures())
        result["values"] = sorted(str(v) for v in values)
        extent = layer.extent()
        result["extent"] = [extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()]
    elif isinstance(layer, QgsVectorTileLayer):
        if spec.get("style_url"):
            message, result["style_loaded"] = layer.loadDefaultStyle()
        result["source_zoom"] = [layer.sourceMinZoom(), layer.sourceMaxZoom()]
    else:
        result["bands"] = layer.bandCount()
        result["identified"] = [identify_html(layer, lon, lat) for lon, lat in spec.get("identify", [])]
    if spec.get("render"):
        result["pixels"] = rendered_colours(layer, spec["render"])
    return result


def identify_html(layer: QgsRasterLayer, lon: float, lat: float) -> str:
    """A click on the point in a 256 x 256 px view 0.02 degrees wide, as the identify tool sends it."""
    view = QgsRectangle(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01)
    result = layer.dataProvider().identify(QgsPointXY(lon, lat), QgsRaster.IdentifyFormatHtml, view, 256, 256)
    if not result.isValid():
        return "error: " + result.error().summary()
    return "".join(value for value in result.results().values() if isinstance(value, str))


def rendered_colours(layer, render: dict) -> dict:
    """Draws `layer` over render["bbox"] (lon/lat) in Web Mercator at render["size"] pixels and
    counts the pixels near each of render["colours"] ({name: "#rrggbb"})."""
    settings = QgsMapSettings()
    mercator = QgsCoordinateReferenceSystem("EPSG:3857")
    settings.setDestinationCrs(mercator)
    to_mercator = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), mercator, QgsProject.instance())
    settings.setExtent(to_mercator.transformBoundingBox(QgsRectangle(*render["bbox"])))
    settings.setOutputSize(QSize(render["size"], render["size"]))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setLayers([layer])
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    wanted = {name: QColor(hex_) for name, hex_ in render["colours"].items()}
    counts = {name: 0 for name in wanted}
    counts["ink"] = 0  # anything not the white background
    for x in range(image.width()):
        for y in range(image.height()):
            pixel = QColor(image.pixel(x, y))
            counts["ink"] += (pixel.red(), pixel.green(), pixel.blue()) != (255, 255, 255)
            for name, colour in wanted.items():
                if (abs(pixel.red() - colour.red()) + abs(pixel.green() - colour.green())
                        + abs(pixel.blue() - colour.blue())) <= 24:
                    counts[name] += 1
    return counts


def main() -> None:
    specs = json.load(open(sys.argv[1], encoding="utf-8"))
    app = QgsApplication([], False)
    app.initQgis()
    try:
        for spec in specs:
            print(json.dumps(open_layer(spec), ensure_ascii=False), flush=True)
    finally:
        app.exitQgis()


if __name__ == "__main__":
    main()
