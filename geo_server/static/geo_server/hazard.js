/* The hazard page's mini-map: the hazard's geometry in red, its photos' EXIF locations in blue. */
window.geoServerHazardMap = function (map) {
  "use strict";
  var data = JSON.parse(document.getElementById("hazard-map-data").textContent);
  var group = L.featureGroup().addTo(map);
  L.geoJSON(data.hazard, {
    style: { color: "#c62828", weight: 3, fillOpacity: 0.3 },
    pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 9, color: "#c62828" }); }
  }).addTo(group);
  var el = window.gsDom.el;
  data.photos.forEach(function (photo) {
    var link = el("a", { href: photo.url, target: "_blank" }, [el("img", { src: photo.thumbnail, width: 160 })]);
    var popup = el("div", {}, [link, photo.taken_at ? el("br") : null, photo.taken_at || null]);
    L.circleMarker([photo.lat, photo.lon], { radius: 6, color: "#1565c0", fillOpacity: 0.8, className: "photo-marker" })
      .bindPopup(popup).addTo(group);
  });
  map.fitBounds(group.getBounds(), { maxZoom: 17, padding: [24, 24] });
};
