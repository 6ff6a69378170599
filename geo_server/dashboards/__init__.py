"""Dashboards for every sector: panels declared as scoped queries (geo_server.sector.Dashboard),
drawn by one page with ECharts, exported as PNG, CSV, xlsx and a monthly PDF report.

What a panel's `data(user, filters)` returns, per chart (numbers as JSON numbers, names in the
request's language):

- "kpi":      {"tiles": [{"key", "label", "value", "unit", "href"}]}  (href optional: its list or map page)
- "ranking":  {"columns": [{"key", "label", "type": "string|number|integer|percent"}],
               "rows": [{<key>: value, ..., "area": code-or-None, "href": url-or-None}], "sort": key}
- "table":    the shape of a ranking, shown in its own order
- "pie":      {"items": [{"key", "name", "value"}]}
- "bar", "stacked_bar": {"categories": [str], "category_areas": [code-or-None] (optional: a click
               filters to the area), "category_months": ["YYYY-MM"] (optional: a click drills down to
               the month), "series": [{"key", "name", "data": [number]}]}
- "line":     {"categories": ["YYYY-MM"], "series": [{"key", "name", "data": [number|None]}],
               "thresholds": [{"name", "value"}], "bands": [{"name", "lower": [..], "upper": [..]}]}
- "choropleth": {"level": "city|district|street", "areas": [{"code", "name", "value"}], "unit": str}
               (outlines from /dashboards/areas.geojson; a click filters to the area)
"""
