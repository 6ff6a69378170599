/* The trace page's map: the plants within scope, the receiving sites coloured by their worst test
   status and a line from each plant to each site it delivered to; every label set as text (gsDom). */
window.geoServerTraceMap = function (map) {
  "use strict";
  var data = JSON.parse(document.getElementById("trace-data").textContent);
  var colours = { failed: "#c62828", pending: "#f9a825", passed: "#2e7d32" };
  var group = L.featureGroup().addTo(map);
  var plants = {};
  data.plants.forEach(function (plant) {
    var geometry = JSON.parse(plant.geojson);
    var latlng = L.latLng(geometry.coordinates[1], geometry.coordinates[0]);
    plants[plant.id] = latlng;
    var marker = L.circleMarker(latlng, { radius: 9, color: "#4e342e", fillColor: "#4e342e", fillOpacity: 0.9,
                                          className: "trace-plant" });
    marker.bindPopup(gsDom.el("a", { href: "/features/" + plant.id + "/", text: plant.code + " " + plant.name }));
    group.addLayer(marker);
  });
  data.sites.forEach(function (site) {
    var colour = colours[site.status] || colours.pending;
    var point = JSON.parse(site.point).coordinates;
    var to = L.latLng(point[1], point[0]);
    site.plants.forEach(function (plantId) {
      if (plants[plantId]) {
        group.addLayer(L.polyline([plants[plantId], to], { color: colour, weight: 2, dashArray: "6 4",
                                                           className: "trace-line" }));
      }
    });
    var layer = L.geoJSON(JSON.parse(site.geojson), {
      style: { color: colour, weight: 2, fillOpacity: 0.35, className: "trace-site trace-" + site.status },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 8, color: colour, fillColor: colour, fillOpacity: 0.8,
                                        className: "trace-site trace-" + site.status });
      }
    });
    // A site the enterprise only delivered to is named without a link: its record is not the enterprise's.
    var label = site.code + " " + site.name + " · " + site.parts.join("; ");
    layer.bindPopup(site.in_scope ? gsDom.el("a", { href: "/features/" + site.id + "/", text: label })
                                  : gsDom.el("span", { text: label }));
    group.addLayer(layer);
  });
  if (group.getLayers().length) map.fitBounds(group.getBounds(), { maxZoom: 15, padding: [20, 20] });
};
