/* Basemaps and place names on the supervision map. The configured basemaps (settings
   GEO_SERVER["BASEMAPS"], handed over in the map config) go into a switcher, the first one shown;
   district and street names from /basemaps/context/labels.json orient the map with or without a basemap,
   each level from its own zoom on; without one, the real water and rivers (/basemaps/context/water.json) too. */
(function () {
  "use strict";
  var el = window.gsDom.el;

  var PANE = "gsBasemap";

  function basemapLayer(def) {
    return L.layerGroup(def.layers.map(function (tiles) {
      return L.tileLayer(tiles.url, { subdomains: tiles.subdomains || "abc", attribution: tiles.attribution,
                                      maxNativeZoom: tiles.maxZoom, maxZoom: 19, pane: PANE });
    }));
  }

  var WATER_STYLES = {
    water: { stroke: false, fill: true, fillColor: "#b3d1e6", fillOpacity: 0.9, className: "gs-water" },
    river: { color: "#7fb2d9", weight: 2, opacity: 0.9, className: "gs-river" }
  };

  // Water and rivers for orientation, drawn only while no basemap is shown (a basemap has its own).
  function waterLayer(map, config) {
    map.createPane("gsWater").style.zIndex = 180;
    var layer = L.geoJSON(null, { interactive: false, pane: "gsWater",
      style: function (feature) { return WATER_STYLES[feature.properties.kind]; } });
    fetch(config.context_water_url, { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (body) { layer.addData(body); });
    return layer;
  }

  // District outlines on a page's small map (the main map has them as vector tiles).
  function addAreas(map, config) {
    if (!config.context_areas_url) return;
    map.createPane("gsAreas").style.zIndex = 190;
    fetch(config.context_areas_url, { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (body) {
      L.geoJSON(body, { interactive: false, pane: "gsAreas",
        style: { color: "#455a64", weight: 1.5, fill: false, className: "gs-context-district" } }).addTo(map);
    });
  }

  function addSwitcher(map, config) {
    // django-leaflet draws GEO_SERVER_BASEMAP_URL by itself; the switcher holds it (and the others)
    // now, so the page's own copy goes. No other tile layer exists yet when the map is announced.
    map.eachLayer(function (layer) { if (layer instanceof L.TileLayer) map.removeLayer(layer); });
    var water = waterLayer(map, config);
    if (!config.basemaps.length) { water.addTo(map); return; }
    // A pane of its own under the tile pane, so every vector-tile layer draws over the basemap.
    map.createPane(PANE).style.zIndex = 150;
    var bases = {};
    config.basemaps.forEach(function (def, index) {
      var layer = basemapLayer(def);
      bases[window.gsDom.text(def.title)] = layer;
      if (index === 0) layer.addTo(map);
    });
    var none = L.layerGroup();
    bases[window.gsDom.text(config.labels.noBasemap)] = none;
    map.on("baselayerchange", function (event) {
      if (event.layer === none) { water.addTo(map); } else { map.removeLayer(water); }
    });
    L.control.layers(bases, null, { collapsed: true, position: "topleft" }).addTo(map);
  }

  function labelMarker(label) {
    // A name is text from the database: a node with textContent, never HTML.
    var icon = L.divIcon({ className: "gs-place gs-place-" + label.level, iconSize: null,
                           html: el("span", { text: label.name }) });
    return L.marker([label.lat, label.lng], { icon: icon, interactive: false, keyboard: false });
  }

  function addPlaceNames(map, config) {
    var levels = {};
    fetch(config.context_labels_url, { credentials: "same-origin" }).then(function (response) {
      return response.json();
    }).then(function (body) {
      body.labels.forEach(function (label) {
        var level = levels[label.level] || (levels[label.level] = { minZoom: label.minZoom, group: L.layerGroup() });
        level.group.addLayer(labelMarker(label));
      });
      var show = function () {
        Object.keys(levels).forEach(function (name) {
          var level = levels[name], wanted = map.getZoom() >= level.minZoom;
          if (wanted !== map.hasLayer(level.group)) wanted ? level.group.addTo(map) : map.removeLayer(level.group);
        });
        map.getContainer().dataset.placeNames = String(map.getContainer().querySelectorAll(".gs-place").length);
      };
      map.on("zoomend", show);
      show();
    });
  }

  function setUp(map, config) {
    addSwitcher(map, config);
    addAreas(map, config);
    addPlaceNames(map, config);
  }

  // The main map hands over its config; another page's map (a record, zone drawing) names the
  // config's URL on this script's tag and is set up when django-leaflet announces it.
  var configUrl = document.currentScript && document.currentScript.dataset.configUrl;
  if (configUrl) {
    window.addEventListener("map:init", function (event) {
      var map = event.detail.map;
      fetch(configUrl, { credentials: "same-origin" }).then(function (response) {
        return response.json();
      }).then(function (config) { setUp(map, config); });
    });
  } else {
    document.addEventListener("geoserver:map", function (event) { setUp(event.detail.map, event.detail.config); });
  }
})();
