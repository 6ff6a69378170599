"""The print map (issue #15): one area's features, hazards and context on an A4/A3 landscape sheet,
drawn server-side as SVG from PostGIS, as an HTML page and as a PDF of that page (WeasyPrint)."""
