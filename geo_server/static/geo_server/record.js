/* The record page's mini-map: the feature's own geometry, fitted to the view. */
window.geoServerRecordMap = function (map) {
  "use strict";
  var geometry = JSON.parse(JSON.parse(document.getElementById("feature-geometry").textContent));
  var layer = L.geoJSON(geometry, {
    style: { color: "#c62828", weight: 3, fillOpacity: 0.3 },
    pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 8 }); }
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] });
};
