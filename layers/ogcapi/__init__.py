"""OGC API - Features (Part 1 core, GeoJSON, HTML, OpenAPI 3.0; Part 2 CRS) over the layer catalogue.

One module per concern: `landing` (landing page, conformance), `openapi`, `collections`
(metadata, extents, queryables), `query` (parsing the items parameters), `items` (all items SQL),
`crs` (the allowlist), `responses` (content negotiation, JSON/HTML). The core functions take
parsed input and return plain data; `views` only parses, calls one function and renders.
"""
