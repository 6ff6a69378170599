/* The supervision map: one vector-tile layer per catalogue layer, from /tiles/<layer>/<z>/<x>/<y>.mvt.
   Below a layer's detail zoom the server sends squares counting the features in them (and a lone
   feature as itself); a popup shows either the feature with a link to its record or the count. */
(function () {
  "use strict";
  // Stacking order of the tile layers: areas under polygons under lines under points under hazards.
  var Z_INDEX = { areas: 1, MultiPolygon: 2, Polygon: 3, LineString: 4, Point: 5, supervision: 6 };
  var cellKeys = 0;

  // Leaflet 1.8+ takes a clicked circle for a marker and asks for its latlng, which the plugin's
  // point symbolizers lack (the click then throws); without getLatLng it uses the mouse position.
  var createLayer = L.VectorGrid.prototype._createLayer;
  L.VectorGrid.prototype._createLayer = function (feature) {
    var symbolizer = createLayer.apply(this, arguments);
    if (feature.type === 1) symbolizer.getLatLng = null;
    return symbolizer;
  };

  var el = window.gsDom.el;

  function riskOf(config, value) {
    return config.risk.filter(function (r) { return r.value === value; })[0] || config.risk[0];
  }

  function riskRow(risk) {
    return el("div", {}, [el("span", { "class": "risk-dot", style: "background:" + risk.colour }), risk.label]);
  }

  function detailRow(props, detail, config) {
    var value = props[detail.name];
    if (value == null || value === "") return null;
    var labels = config.values[detail.name] || {};
    var shown = labels[String(value)] || value;
    return el("div", { "class": "popup-" + detail.name, text: detail.title + ": " + shown });
  }

  // A popup's content as nodes: a feature's name and district are user data, shown as text.
  function popupContent(props, def, config) {
    var risk = riskOf(config, props.risk);
    if (props.id == null) {
      return el("div", { "class": "popup" }, [el("strong", { text: def.title }),
        el("div", { text: config.labels.grouped.replace("{count}", props.count) }), riskRow(risk)]);
    }
    var details = (def.details || []).map(function (d) { return detailRow(props, d, config); });
    var href = (def.record_url || config.record_url).replace("{id}", props.id);
    return el("div", { "class": "popup" }, [
      el("strong", { text: props[def.label || "name"] }),
      el("div", { text: def.title }),
      el("div", { text: props.district_name || "—" }),
      riskRow(risk)
    ].concat(details, [el("a", { "class": "open-record", href: href, text: config.labels.open })]));
  }

  function featureStyle(def, colours) {
    var isLine = def.geometry.indexOf("LineString") >= 0;
    var fillOpacity = def.kind === "fund_center" ? 0.15 : 0.65;
    var zone = def.group === "patrols";  // patrol zones: an outline over the features, barely filled
    return function (props) {
      var fill = zone ? def.outline : colours[props.risk] || colours.none;
      var className = "gs-" + def.id + (props.id == null ? " gs-cell" : " gs-feature-" + props.id);
      if (props.id == null) {
        return { stroke: false, fill: true, fillColor: fill, fillOpacity: 0.5, className: className };
      }
      if (isLine) return { color: fill, weight: 3, opacity: 0.9, className: className };
      if (zone) return { color: def.outline, weight: 2, dashArray: "6 3", fill: true, fillColor: fill, fillOpacity: 0.06,
                         className: className };
      return { color: def.outline, weight: 1, fill: true, fillColor: fill, fillOpacity: fillOpacity, radius: 6,
               className: className };
    };
  }

  function tileLayer(def, config, style, interactive) {
    var styles = {};
    styles[def.id] = style;
    return L.vectorGrid.protobuf(config.tiles_url.replace("{layer}", def.id), {
      vectorTileLayerStyles: styles,
      interactive: interactive,
      // The plugin hands styles and popups a feature's properties but not its MVT id: copy it over.
      // Squares have no id; each gets its own key so that the plugin keeps them all.
      getFeatureId: function (feature) {
        feature.properties.id = feature.id;
        return feature.id == null ? "cell-" + (cellKeys += 1) : feature.id;
      },
      fetchOptions: { credentials: "same-origin" },
      minZoom: def.minZoom || 0,
      maxZoom: def.maxZoom || 22,
      zIndex: Z_INDEX[def.group] || Z_INDEX[def.geometry] || 3
    });
  }

  function shownCounts(layer) {
    // Features crossing tile edges come in every tile they touch: count ids once; squares nest in tiles.
    var ids = {}, features = 0, grouped = 0;
    Object.keys(layer._vectorTiles || {}).forEach(function (key) {
      var drawn = layer._vectorTiles[key]._features || {};
      Object.keys(drawn).forEach(function (id) {
        var props = drawn[id].feature.properties;
        if (props.id == null) { grouped += props.count; } else if (!ids[id]) { ids[id] = true; features += 1; }
      });
    });
    return { features: features, grouped: grouped };
  }

  function legendControl(config) {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      return el("div", { "class": "legend" }, [el("div", { "class": "legend-title", text: config.labels.risk })]
        .concat(config.risk.map(riskRow), [el("div", { "class": "status", id: "map-status" })]));
    };
    return legend;
  }

  function statusUpdater(map, config, states) {
    return function () {
      var lines = states.filter(function (s) { return map.hasLayer(s.layer); }).map(function (s) {
        var zoom = map.getZoom();
        if (zoom < s.def.minZoom || zoom > s.def.maxZoom) return el("div", { text: s.def.title + ": " + config.labels.zoomIn });
        var counts = shownCounts(s.layer);
        return el("div", { text: s.def.title + ": " + config.labels.shown.replace("{shown}", counts.features + counts.grouped) });
      });
      var box = document.getElementById("map-status");
      box.textContent = "";
      lines.forEach(function (line) { box.appendChild(line); });
    };
  }

  function track(map, state, onChange) {
    // data-loaded_<layer> tells tests (and curious people) how many features the view holds.
    state.layer.on("load", function () {
      var counts = shownCounts(state.layer);
      map.getContainer().dataset["loaded_" + state.def.id] = String(counts.features + counts.grouped);
      onChange();
    });
  }

  window.geoServerMapInit = function (map) {
    var config = JSON.parse(document.getElementById("map-config").textContent);
    var colours = {};
    config.risk.forEach(function (r) { colours[r.value] = r.colour; });
    var overlays = {}, states = [];
    var byId = {};  // every tile layer by its catalogue id, for the view in the URL (map_view.js)
    var status = function () {};

    config.areas.forEach(function (def) {
      var area = Object.assign({ group: "areas" }, def);
      var style = { color: def.outline, weight: 1.5, fill: true, fillOpacity: 0.03, className: "gs-" + def.id };
      var layer = tileLayer(area, config, function (props) {
        // A choropleth (basins by their share of red/orange reaches) fills by the risk class of its share.
        var fill = def.choropleth ? { fillColor: colours[props.risk] || colours.none, fillOpacity: 0.35 } : {};
        return Object.assign({}, style, fill, { className: style.className + " gs-feature-" + props.id });
      }, false);
      overlays[window.gsDom.text(def.title)] = def.choropleth ? layer : layer.addTo(map);
      byId[def.id] = layer;
      track(map, { def: area, layer: layer }, function () { status(); });
    });
    config.layers.forEach(function (def) {
      var layer = tileLayer(def, config, featureStyle(def, colours), true);
      // Some layers (hazards) wait in the layer control until ticked.
      if (def.shown !== false) layer.addTo(map);
      layer.on("click", function (e) {
        L.popup().setLatLng(e.latlng).setContent(popupContent(e.layer.properties, def, config)).openOn(map);
      });
      overlays[window.gsDom.text(def.title)] = layer;
      byId[def.id] = layer;
      var state = { def: def, layer: layer };
      states.push(state);
      track(map, state, function () { status(); });
    });
    L.control.layers(null, overlays, { collapsed: false }).addTo(map);
    legendControl(config).addTo(map);
    status = statusUpdater(map, config, states);
    map.on("zoomend overlayadd overlayremove", status);

    // Other scripts (exports, drawing tools) add their controls to the map from this event.
    document.dispatchEvent(new CustomEvent("geoserver:map", { detail: { map: map, config: config, layers: byId } }));

    var params = new URLSearchParams(window.location.search);
    if (params.get("lat") && params.get("lng")) {
      map.setView([parseFloat(params.get("lat")), parseFloat(params.get("lng"))], parseInt(params.get("z") || "15", 10));
    }
    status();
  };
})();
