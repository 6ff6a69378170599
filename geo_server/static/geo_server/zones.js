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
    }
    map.on(L.Draw.Event.CREATED, function (event) {
      drawn.clearLayers();
      drawn.addLayer(event.layer);
      store();
    });
    map.on(L.Draw.Event.EDITED, store);
    map.on(L.Draw.Event.DELETED, store);
  };

  window.zoneShowInit = function (map) {
    showJson(map, "zone-geojson", {color: "#ad1457"});
  };
})();
