"""The WMTS 1.0.0 XML documents: the capabilities (KVP and RESTful bindings) and the OWS exception report."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from layers.ows import wmts

WMTS_NS = "http://www.opengis.net/wmts/1.0"
OWS_NS = "http://www.opengis.net/ows/1.1"
XLINK_NS = "http://www.w3.org/1999/xlink"


def _serialised(root: ET.Element) -> bytes:
    """The document as UTF-8 XML with WMTS as the default namespace and `ows:` and `xlink:` prefixes.
    ElementTree's prefix registry is one per process and other code registers prefixes too (another
    default namespace registered there made this document come out as `ns0:Contents`, which QGIS's
    WMTS reader, matching tag names, took for no capabilities): so the prefixes are set again right
    before each document is written, not once at import. (`tostring`'s own `default_namespace` refuses
    the documents' unqualified attributes.)"""
    ET.register_namespace("", WMTS_NS)
    ET.register_namespace("ows", OWS_NS)
    ET.register_namespace("xlink", XLINK_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@dataclass(frozen=True)
class CapabilitiesContext:
    title: str
    abstract: str
    kvp_url: str  # the /ows address, ending in "?"
    rest_base: str  # the RESTful root: .../ows/wmts/1.0.0
    extent: tuple[float, float, float, float]  # lon/lat
    layers: list[tuple[str, str]]  # (identifier, title in the request's language)


def _ows(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{OWS_NS}}}{tag}", attributes)
    element.text = text
    return element


def _wmts(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{WMTS_NS}}}{tag}", attributes)
    element.text = text
    return element


def capabilities(context: CapabilitiesContext) -> bytes:
    root = ET.Element(f"{{{WMTS_NS}}}Capabilities", {"version": "1.0.0"})
    identification = _ows(root, "ServiceIdentification")
    _ows(identification, "Title", context.title)
    _ows(identification, "Abstract", context.abstract)
    _ows(identification, "ServiceType", "OGC WMTS")
    _ows(identification, "ServiceTypeVersion", "1.0.0")
    operations = _ows(root, "OperationsMetadata")
    for name in ("GetCapabilities", "GetTile"):
        get = _ows(_ows(_ows(_ows(operations, "Operation", name=name), "DCP"), "HTTP"), "Get",
                   **{f"{{{XLINK_NS}}}href": context.kvp_url})
        _ows(_ows(_ows(get, "Constraint", name="GetEncoding"), "AllowedValues"), "Value", "KVP")
    contents = _wmts(root, "Contents")
    for identifier, title in context.layers:
        _layer(contents, context, identifier, title)
    _tile_matrix_set(contents)
    _wmts(root, "ServiceMetadataURL", **{f"{{{XLINK_NS}}}href": f"{context.rest_base}/WMTSCapabilities.xml"})
    return _serialised(root)


def _layer(contents: ET.Element, context: CapabilitiesContext, identifier: str, title: str) -> None:
    layer = _wmts(contents, "Layer")
    _ows(layer, "Title", title)
    box = _ows(layer, "WGS84BoundingBox")
    _ows(box, "LowerCorner", f"{context.extent[0]} {context.extent[1]}")
    _ows(box, "UpperCorner", f"{context.extent[2]} {context.extent[3]}")
    _ows(layer, "Identifier", identifier)
    _ows(_wmts(layer, "Style", isDefault="true"), "Identifier", wmts.STYLE)
    _wmts(layer, "Format", wmts.FORMAT)
    _wmts(_wmts(layer, "TileMatrixSetLink"), "TileMatrixSet", wmts.TILE_MATRIX_SET)
    _wmts(layer, "ResourceURL", format=wmts.FORMAT, resourceType="tile",
          template=f"{context.rest_base}/{identifier}/{{Style}}/{{TileMatrixSet}}/{{TileMatrix}}/{{TileRow}}/"
                   "{TileCol}.png")


def _tile_matrix_set(contents: ET.Element) -> None:
    matrix_set = _wmts(contents, "TileMatrixSet")
    _ows(matrix_set, "Identifier", wmts.TILE_MATRIX_SET)
    _ows(matrix_set, "SupportedCRS", wmts.CRS)
    _wmts(matrix_set, "WellKnownScaleSet", wmts.WELL_KNOWN_SCALE_SET)
    for matrix in wmts.tile_matrices():
        element = _wmts(matrix_set, "TileMatrix")
        _ows(element, "Identifier", matrix["id"])
        _wmts(element, "ScaleDenominator", repr(matrix["scale"]))
        _wmts(element, "TopLeftCorner", f"{-wmts.HALF_WORLD} {wmts.HALF_WORLD}")
        for tag in ("TileWidth", "TileHeight"):
            _wmts(element, tag, str(wmts.TILE_SIZE))
        for tag in ("MatrixWidth", "MatrixHeight"):
            _wmts(element, tag, str(matrix["size"]))


def exception_report(error: wmts.WmtsError, language: str) -> bytes:
    root = ET.Element(f"{{{OWS_NS}}}ExceptionReport", {"version": "1.1.0", "xml:lang": language})
    exception = _ows(root, "Exception", exceptionCode=error.code, locator=error.locator)
    _ows(exception, "ExceptionText", error.message)
    return _serialised(root)
