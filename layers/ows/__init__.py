"""WMS 1.3 and WFS 2.0 (and 1.1) at /ows, served by MapServer through mapscript: one map per request,
built in code from the layer catalogue, each layer reading the user's scoped rows from PostGIS."""
