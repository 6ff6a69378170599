// Patrol zone pages: draw one polygon into the form's hidden field, or show a saved zone.
(function () {
  "use strict";

  function showJson(map, id, style) {
    var node = document.getElementById(id);
    if (!node) return null;
    var data = JSON.parse(node.textContent);
    var layer = L.geoJSON(typeof data === "string" ? JSON.parse(data) : data, {style: style}).addTo(map);
    map.fitBounds(layer.getBounds());
    return layer;
  }

  window.zoneDrawInit = function (map) {
    window.zoneMap = map;  // for the browser tests, which click at known coordinates
    var field = document.getElementById("zone-geometry");
    var drawn = new L.FeatureGroup().addTo(map);
    if (field.value) {
      L.geoJSON(JSON.parse(field.value)).eachLayer(function (layer) { drawn.addLayer(layer); });
      if (drawn.getLayers().length) map.fitBounds(drawn.getBounds());
    }
    showJson(map, "zone-repaired", {color: "#c62828", dashArray: "6 4", fill: false});
    map.addControl(new L.Control.Draw({
      draw: {polygon: {allowIntersection: true}, polyline: false, rectangle: false, circle: false,
             marker: false, circlemarker: false},
      edit: {featureGroup: drawn}
    }));
    function store() {
      var layers = drawn.getLayers();
      field.value = layers.length ? JSON.stringify(layers[layers.length - 1].toGeoJSON().geometry) : "";
      field.dispatchEvent(new Event("change"));  // zone_preview.js counts what the outline covers
    }
    map.on(L.Draw.Event.CREATED, function (event) {
      drawn.clearLayers();
      drawn.addLayer(event.layer);
      store();
    });
    map.on(L.Draw.Event.EDITED, store);
    map.on(L.Draw.Event.DELETED, store);
  };

  // The compliance page: zones filled by their current status, each linking to its page.
  var STATUS_COLOURS = {done: "#2e7d32", due: "#f9a825", overdue: "#c62828"};
  window.zoneComplianceInit = function (map) {
    var data = JSON.parse(document.getElementById("compliance-zones").textContent);
    var layer = L.geoJSON(data, {
      style: function (f) {
        var colour = STATUS_COLOURS[f.properties.status] || "#607d8b";
        return {color: colour, weight: 2, fillColor: colour, fillOpacity: 0.35,
                className: "zone-status zone-" + f.id + " " + f.properties.status};
      },
      onEachFeature: function (f, l) {
        l.bindPopup(window.gsDom.el("a", {href: f.properties.url, text: f.properties.name + " · " + f.properties.label}));
      }
    }).addTo(map);
    if (data.features.length) map.fitBounds(layer.getBounds());
  };

  window.zoneShowInit = function (map) {
    showJson(map, "zone-geojson", {color: "#ad1457"});
  };
})();
