/* The supervision map: one Leaflet layer per kind, fetched by bounding box from /api/features. */
(function () {
  "use strict";
  var PAGE = 2000;

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function popupHtml(props, config) {
    var risk = config.risk.filter(function (r) { return r.value === props.risk; })[0];
    return '<div class="popup"><strong>' + escapeHtml(props.name) + "</strong>" +
      "<div>" + escapeHtml(props.kind_label) + "</div>" +
      "<div>" + escapeHtml(props.district || "—") + "</div>" +
      '<div><span class="risk-dot" style="background:' + risk.colour + '"></span>' + escapeHtml(risk.label) + "</div>" +
      '<a class="open-record" href="' + escapeHtml(props.url) + '">' + escapeHtml(config.labels.open) + "</a></div>";
  }

  function featureLayer(def, config, colours) {
    var isLine = def.geometry.indexOf("LineString") >= 0;
    return L.geoJSON(null, {
      pane: def.kind === "fund_center" ? "fundPane" : "overlayPane",
      style: function (f) {
        var fill = colours[f.properties.risk];
        return isLine
          ? { color: fill, weight: 3, opacity: 0.9, className: "gs-" + def.id }
          : { color: def.outline, weight: 1, fillColor: fill, fillOpacity: def.kind === "fund_center" ? 0.15 : 0.65,
              className: "gs-" + def.id };
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 6, className: "gs-" + def.id });
      },
      onEachFeature: function (f, layer) { layer.bindPopup(popupHtml(f.properties, config)); }
    });
  }

  function legendControl(config) {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "legend");
      var rows = config.risk.map(function (r) {
        return '<div><span class="risk-dot" style="background:' + r.colour + '"></span>' + escapeHtml(r.label) + "</div>";
      });
      div.innerHTML = '<div class="legend-title">' + escapeHtml(config.labels.risk) + "</div>" + rows.join("") +
        '<div class="status" id="map-status"></div>';
      return div;
    };
    return legend;
  }

  window.geoServerMapInit = function (map) {
    var config = JSON.parse(document.getElementById("map-config").textContent);
    var colours = {};
    config.risk.forEach(function (r) { colours[r.value] = r.colour; });
    map.createPane("fundPane").style.zIndex = 350;
    var overlays = {};
    var loaders = [];

    config.areas.forEach(function (def) {
      var layer = L.geoJSON(null, {
        interactive: false, style: { color: def.outline, weight: 1.5, fillOpacity: 0.03, className: "gs-" + def.id }
      });
      fetch(config.areas_url + "?level=" + def.id, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (data) {
          layer.addData(data);
          map.getContainer().dataset["loaded_" + def.id] = String(data.features.length);
        });
      overlays[def.title] = layer.addTo(map);
    });

    config.layers.forEach(function (def) {
      var layer = featureLayer(def, config, colours).addTo(map);
      overlays[def.title] = layer;
      var state = { def: def, layer: layer, controller: null, shown: 0, matched: 0, note: "" };
      loaders.push(state);
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    legendControl(config).addTo(map);

    function showStatus() {
      var lines = loaders.filter(function (s) { return map.hasLayer(s.layer); }).map(function (s) {
        var count = s.matched > s.shown ? config.labels.shownOf : config.labels.shown;
        return escapeHtml(s.def.title) + ": " +
          escapeHtml(s.note || count.replace("{shown}", s.shown).replace("{matched}", s.matched));
      });
      document.getElementById("map-status").innerHTML = lines.join("<br>");
    }

    function load(state) {
      if (state.controller) state.controller.abort();
      var zoom = map.getZoom();
      if (!map.hasLayer(state.layer)) return;
      if (zoom < state.def.minZoom || zoom > state.def.maxZoom) {
        state.layer.clearLayers(); state.shown = 0; state.note = config.labels.zoomIn; showStatus();
        return;
      }
      state.note = "";
      state.controller = new AbortController();
      var url = config.features_url + "?kind=" + state.def.kind + "&limit=" + PAGE +
        "&bbox=" + map.getBounds().pad(0.1).toBBoxString();
      fetch(url, { signal: state.controller.signal, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          state.layer.clearLayers();
          state.layer.addData(data);
          state.shown = data.numberReturned; state.matched = data.numberMatched;
          showStatus();
          map.getContainer().dataset["loaded_" + state.def.id] = String(data.numberReturned);
        })
        .catch(function (err) { if (err.name !== "AbortError") { state.note = String(err); showStatus(); } });
    }

    // Other scripts (exports, tiles, drawing tools) add their controls to the map from this event.
    document.dispatchEvent(new CustomEvent("geoserver:map", { detail: { map: map, config: config } }));

    function refresh() { loaders.forEach(load); }
    map.on("moveend", refresh);
    map.on("overlayadd", refresh);
    var params = new URLSearchParams(window.location.search);
    if (params.get("lat") && params.get("lng")) {
      map.setView([parseFloat(params.get("lat")), parseFloat(params.get("lng"))], parseInt(params.get("z") || "15", 10));
    } else {
      refresh();
    }
  };
})();
