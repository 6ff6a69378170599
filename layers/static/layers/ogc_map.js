/* The OGC API HTML pages' map: the page's items (CRS84, which Leaflet's GeoJSON layer reads), each
   with its name as a tooltip, built as text (a name is whatever someone typed). */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ogc-data").textContent);
  var map = L.map("ogc-map");
  window.ogcMap = map;  // the browser tests open tooltips on it
  var layer = L.geoJSON(data, {
    onEachFeature: function (feature, shape) {
      var name = feature.properties.name || feature.id;
      shape.bindTooltip(window.gsDom.el("span", {"class": "ogc-tooltip", text: name}));
    }
  }).addTo(map);
  if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds(), {maxZoom: 16}); } else { map.setView([23.13, 113.35], 9); }
});
