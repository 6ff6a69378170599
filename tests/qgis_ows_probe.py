"""Run by /usr/bin/python3 (Debian's python3-qgis), offscreen: opens a WMS and a WFS layer of
geo_server's /ows with HTTP Basic credentials and prints what QGIS sees, as JSON.

Usage: python3 tests/qgis_ows_probe.py URL USER PASSWORD LAYER LON LAT [LON LAT ...]
(the WMS layer is identified at each point: GetFeatureInfo as HTML, as QGIS's identify tool asks)
"""

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (QgsApplication, QgsPointXY, QgsRaster, QgsRasterLayer, QgsRectangle, QgsVectorLayer)  # noqa: E402


def identify_html(wms: QgsRasterLayer, lon: float, lat: float) -> str:
    """A click on the point in a 256 x 256 px view 0.02 degrees wide, as QGIS's identify tool sends it."""
    view = QgsRectangle(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01)
    result = wms.dataProvider().identify(QgsPointXY(lon, lat), QgsRaster.IdentifyFormatHtml, view, 256, 256)
    if not result.isValid():
        return "error: " + result.error().summary()
    return "".join(value for value in result.results().values() if isinstance(value, str))


def main(url: str, user: str, password: str, layer: str, points: list[tuple[float, float]]) -> dict:
    app = QgsApplication([], False)
    app.setPrefixPath("/usr", True)  # Debian's QGIS: without it no data provider (WFS, WMS) is found
    app.initQgis()
    try:
        # Username and password in the data source, as QGIS's connection dialog stores them without authcfg.
        wfs = QgsVectorLayer(f"pagingEnabled='true' preferCoordinatesForWfsT11='false' restrictToRequestBBOX='0' "
                             f"srsname='EPSG:4326' typename='ms:{layer}' url='{url}' version='2.0.0' "
                             f"username='{user}' password='{password}'", "wfs", "WFS")
        seen = {"wfs_valid": wfs.isValid(), "wfs_count": wfs.featureCount(),
                "wfs_codes": sorted(f["code"] for f in wfs.getFeatures()) if wfs.isValid() else []}
        wms = QgsRasterLayer(f"contextualWMSLegend=0&crs=EPSG:4326&dpiMode=7&featureCount=10&format=image/png"
                             f"&layers={layer}&styles=&url={url}&username={user}&password={password}"
                             "&version=1.3.0", "wms", "wms")
        seen["wms_valid"] = wms.isValid()
        seen["wms_html"] = [identify_html(wms, lon, lat) for lon, lat in points] if wms.isValid() else []
        del wfs, wms  # before exitQgis, which unloads their providers
        return seen
    finally:
        app.exitQgis()


if __name__ == "__main__":
    url, user, password, layer, *coordinates = sys.argv[1:]
    points = [(float(lon), float(lat)) for lon, lat in zip(coordinates[::2], coordinates[1::2])]
    print(json.dumps(main(url, user, password, layer, points), ensure_ascii=False))
