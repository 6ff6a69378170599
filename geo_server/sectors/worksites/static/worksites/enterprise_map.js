/* The enterprise page's map: its sites within the viewer's jurisdiction, each with its code and
   name as text (gsDom), linked to the site's record. */
window.geoServerEnterpriseMap = function (map) {
  "use strict";
  var sites = JSON.parse(document.getElementById("enterprise-sites").textContent);
  var group = L.featureGroup().addTo(map);
  sites.forEach(function (site) {
    var layer = L.geoJSON(JSON.parse(site.geometry), {
      style: { color: "#1f5fa8", weight: 2, fillOpacity: 0.3 },
      pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 7 }); }
    });
    layer.bindPopup(gsDom.el("a", { href: "/features/" + site.id + "/", text: site.code + " " + site.name }));
    group.addLayer(layer);
  });
  if (sites.length) map.fitBounds(group.getBounds(), { maxZoom: 15, padding: [20, 20] });
};
