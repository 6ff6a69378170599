/* Raster overlays (elevation, land mask, synthetic impervious surface and population) as PNG tile layers.
   Off by default; a second layer control lists them, and a legend shows the ramp of each one shown. */
(function () {
  "use strict";
  var script = document.currentScript;
  var OPACITY = 0.7;

  var el = window.gsDom.el;

  // Layer-control labels and attributions are HTML to Leaflet: escaped text.
  function label(raster) {
    return window.gsDom.text(raster.title);
  }

  function gradient(raster) {
    var stops = raster.colours.map(function (stop) { return stop[1] + " " + Math.round(stop[0] * 100) + "%"; });
    return "linear-gradient(to right, " + stops.join(", ") + ")";
  }

  function legendRow(raster) {
    return el("div", { "class": "raster-legend-row", dataset: { raster: raster.id } }, [
      el("div", { "class": "legend-title", text: raster.title }),
      el("div", { "class": "raster-ramp", style: "background:" + gradient(raster) }),
      el("div", { "class": "raster-range" }, [el("span", { text: raster.min }), el("span", { text: raster.units }),
        el("span", { text: raster.max })])
    ]);
  }

  function tileLayer(raster) {
    var b = raster.bounds;
    return L.tileLayer(raster.tiles, {
      opacity: OPACITY, bounds: [[b[1], b[0]], [b[3], b[2]]], maxZoom: 22,
      attribution: window.gsDom.text(raster.attribution), className: "gs-raster gs-raster-" + raster.id
    });
  }

  function addRasters(map, rasters) {
    var overlays = {};
    var shown = [];
    var legend = L.control({ position: "bottomleft" });
    legend.onAdd = function () { return L.DomUtil.create("div", "legend raster-legend"); };
    legend.addTo(map);

    rasters.forEach(function (raster) {
      var layer = tileLayer(raster);
      layer.on("add", function () { shown.push(raster); render(); });
      layer.on("remove", function () { shown = shown.filter(function (r) { return r !== raster; }); render(); });
      overlays[label(raster)] = layer;
    });
    var control = L.control.layers(null, overlays, { collapsed: false, position: "bottomleft" }).addTo(map);
    var heading = L.DomUtil.create("div", "legend-title");
    heading.textContent = script.dataset.heading;
    control.getContainer().insertBefore(heading, control.getContainer().firstChild);
    map.getContainer().dataset.rasters = String(rasters.length);

    function render() {
      var container = legend.getContainer();
      container.textContent = "";
      shown.forEach(function (raster) { container.appendChild(legendRow(raster)); });
      container.style.display = shown.length ? "" : "none";
    }
    render();
  }

  document.addEventListener("geoserver:map", function (event) {
    var map = event.detail.map;
    fetch(script.dataset.url, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        var available = data.rasters.filter(function (raster) { return raster.available; });
        if (available.length) addRasters(map, available);
        else map.getContainer().dataset.rasters = "0";
      });
  });
})();
