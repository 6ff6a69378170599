"""Basemaps by setting: GEO_SERVER["BASEMAPS"] (env GEO_SERVER_BASEMAPS, JSON) read into Basemap
entries, checked at startup (a system check), and the image sources the CSP must allow for them.

A GCJ-02 source (Amap, Tencent, the Chinese Google tiles) is refused, not converted: our data is WGS84 /
CGCS2000, and GCJ-02 tiles would sit ~500 m off it in Guangzhou (DOMAIN.md, Coordinates).
"""

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error

TYPES = ("xyz", "wmts", "tianditu", "mbtiles")
# CGCS2000 differs from WGS84 by centimetres: both draw on our data without offset.
CRSES = ("wgs84", "cgcs2000", "gcj02")
TIANDITU_LAYERS = {"vec": "cva", "img": "cia"}  # a base layer and its annotation (place names) overlay
TIANDITU_SOURCE = "https://*.tianditu.gov.cn"
# Hosts that publish GCJ-02 tiles whatever an entry says of its crs.
GCJ02_HOSTS = ("autonavi.com", "amap.com", "map.qq.com", "gtimg.com", "google.cn")
# WMTS KVP/RESTful placeholders, written the XYZ way Leaflet fills.
WMTS_PLACEHOLDERS = {"{TileMatrix}": "{z}", "{TileRow}": "{y}", "{TileCol}": "{x}"}
_ID = re.compile(r"^[a-z0-9_-]{1,40}$")
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class Basemap:
    id: str
    type: str
    title_zh: str
    title_en: str
    url: str = ""
    subdomains: str = ""
    attribution: str = ""
    crs: str = "wgs84"
    key: str = ""
    layer: str = "vec"
    path: str = ""
    max_zoom: int = 18

    def title(self, language: str) -> str:
        return self.title_en if language.startswith("en") else self.title_zh


def _url_problems(name: str, url: str) -> list[str]:
    if not url:
        return [f"{name}: an xyz or wmts basemap needs a url template"]
    parts = urlsplit(url)
    problems = [] if parts.scheme in ("http", "https") and parts.netloc else [f"{name}: url {url!r} is not http(s)"]
    if not all(p in url for p in ("{z}", "{x}", "{y}")):
        problems.append(f"{name}: url must hold {{z}}, {{x}} and {{y}} (or WMTS {{TileMatrix}}, {{TileRow}}, {{TileCol}})")
    host = parts.netloc.split(":")[0].lower()
    if any(host == h or host.endswith("." + h) for h in GCJ02_HOSTS):
        problems.append(f"{name}: {host} publishes GCJ-02 tiles; refused (our data is WGS84/CGCS2000 and these "
                        "tiles would be offset by ~500 m)")
    return problems


def _entry(raw: object, index: int) -> tuple[Basemap | None, list[str]]:
    """One configured entry as a Basemap, or the reasons it is refused."""
    if not isinstance(raw, dict):
        return None, [f"basemap #{index}: an entry must be an object, not {type(raw).__name__}"]
    ident = str(raw.get("id", ""))
    name = f"basemap {ident!r}" if ident else f"basemap #{index}"
    kind, crs = raw.get("type", "xyz"), raw.get("crs", "cgcs2000" if raw.get("type") == "tianditu" else "wgs84")
    problems = [] if _ID.match(ident) else [f"{name}: id must be 1-40 of a-z, 0-9, _ and -"]
    unknown = sorted(set(raw) - {"id", "type", "title_zh", "title_en", "url", "template", "subdomains",
                                 "attribution", "crs", "key", "layer", "path", "max_zoom"})
    problems += [f"{name}: unknown option {option!r}" for option in unknown]
    if kind not in TYPES:
        return None, problems + [f"{name}: type {kind!r} is not one of {', '.join(TYPES)}"]
    if crs == "gcj02":
        problems.append(f"{name}: GCJ-02 tiles are refused: our data is WGS84/CGCS2000 and would be drawn "
                        "~500 m off them; use a WGS84, CGCS2000 or Web Mercator (WGS84) source")
    elif crs not in CRSES:
        problems.append(f"{name}: crs {crs!r} is not one of wgs84, cgcs2000")
    url = str(raw.get("url") or raw.get("template") or "")
    for placeholder, xyz in WMTS_PLACEHOLDERS.items():
        url = url.replace(placeholder, xyz)
    if kind in ("xyz", "wmts"):
        problems += _url_problems(name, url)
    if kind == "tianditu":
        if not raw.get("key"):
            problems.append(f"{name}: a tianditu basemap needs its key (tk) from console.tianditu.gov.cn")
        if raw.get("layer", "vec") not in TIANDITU_LAYERS:
            problems.append(f"{name}: tianditu layer must be vec or img")
    if kind == "mbtiles" and not raw.get("path"):
        problems.append(f"{name}: an mbtiles basemap needs the path of its file")
    max_zoom = raw.get("max_zoom", 18)
    if not isinstance(max_zoom, int) or not 0 <= max_zoom <= 22:
        problems.append(f"{name}: max_zoom must be a whole number 0..22")
    if problems:
        return None, problems
    subdomains = raw.get("subdomains", "01234567" if kind == "tianditu" else "abc")
    return Basemap(id=ident, type=kind, title_zh=str(raw.get("title_zh") or raw.get("title_en") or ident),
                   title_en=str(raw.get("title_en") or raw.get("title_zh") or ident), url=url,
                   subdomains="".join(subdomains) if isinstance(subdomains, list) else str(subdomains),
                   attribution=str(raw.get("attribution", "天地图 Tianditu" if kind == "tianditu" else "")),
                   crs=crs, key=str(raw.get("key", "")), layer=raw.get("layer", "vec"), path=str(raw.get("path", "")),
                   max_zoom=max_zoom), []


def parse_basemaps(entries: object, legacy_url: str = "", legacy_attribution: str = "") -> tuple[list, list]:
    """(basemaps, problems) from the setting; BASEMAP_URL, when set, is a one-entry XYZ shorthand first."""
    if isinstance(entries, str):
        return [], [f"GEO_SERVER_BASEMAPS is not JSON: {entries[:60]!r}"]
    if not isinstance(entries, (list, tuple)):
        return [], ["GEO_SERVER['BASEMAPS'] must be a list of basemaps"]
    if legacy_url:
        entries = [{"id": "basemap", "type": "xyz", "url": legacy_url, "attribution": legacy_attribution,
                    "title_zh": "底图", "title_en": "Basemap"}, *entries]
    basemaps, problems, seen = [], [], set()
    for index, raw in enumerate(entries):
        basemap, refused = _entry(raw, index)
        problems += refused
        if basemap and basemap.id in seen:
            problems.append(f"two basemaps have the id {basemap.id!r}")
        elif basemap:
            seen.add(basemap.id)
            basemaps.append(basemap)
    return basemaps, problems


def configured_basemaps() -> list[Basemap]:
    """The valid configured basemaps; the system check reports the others."""
    options = settings.GEO_SERVER
    return parse_basemaps(options.get("BASEMAPS", []), options.get("BASEMAP_URL", ""),
                          options.get("BASEMAP_ATTRIBUTION", ""))[0]


def basemap_source(url: str) -> str | None:
    """The CSP source that lets a tile URL template load: https://{s}.tile.example.org/{z}/{x}/{y}.png
    gives https://*.tile.example.org; a placeholder CSP cannot express gives the scheme alone."""
    if not url:
        return None
    parts = urlsplit(url)
    host = _PLACEHOLDER.sub("*", parts.netloc)
    # CSP allows a wildcard only as a whole leftmost label (and a whole port).
    labels = host.split(":")[0].split(".")
    if any("*" in label for label in labels[1:]) or (labels[0] != "*" and "*" in labels[0]):
        return f"{parts.scheme}:"
    return f"{parts.scheme}://{host}"


def image_sources(basemaps: list[Basemap]) -> list[str]:
    """Every host the basemaps' tiles come from, once each; an MBTiles file comes from 'self'."""
    sources = []
    for basemap in basemaps:
        source = TIANDITU_SOURCE if basemap.type == "tianditu" else basemap_source(basemap.url)
        if source and source not in sources:
            sources.append(source)
    return sources


def check_basemaps(app_configs=None, **kwargs) -> list[Error]:
    options = settings.GEO_SERVER
    problems = parse_basemaps(options.get("BASEMAPS", []), options.get("BASEMAP_URL", ""),
                              options.get("BASEMAP_ATTRIBUTION", ""))[1]
    basemaps = configured_basemaps()
    problems += [f"basemap {b.id!r}: no MBTiles file at {b.path}" for b in basemaps
                 if b.type == "mbtiles" and not os.path.isfile(b.path)]
    return [Error(problem, id="geo_server.E101") for problem in problems]
