/* The hazard list's map: the page's hazards as markers coloured by level, kept in step with the table.
   Click a row: the map flies to its hazard, highlights it and opens its popup. Click a marker: its row
   is highlighted and scrolled into view. The map's centre and the chosen hazard are mirrored on the
   map element (data-center, data-selected) for tests and for anyone curious. */
(function () {
  "use strict";
  var BASE = { radius: 8, weight: 1, color: "#263238", fillOpacity: 0.85 };
  var CHOSEN = { radius: 12, weight: 3, color: "#000000", fillOpacity: 1 };

  var el = window.gsDom.el;

  // The popup as nodes: the feature's name is user data, shown as text.
  function popupContent(props, labels) {
    var deadline = props.deadline ? el("div", {}, [labels.deadline + ": " + props.deadline,
      props.overdue ? " " : null, props.overdue ? el("strong", { text: labels.overdue }) : null]) : null;
    return el("div", { "class": "popup" }, [
      el("strong", { text: props.name }),
      el("div", { text: props.level_label + " · " + props.state_label }),
      deadline,
      el("a", { "class": "open-hazard", href: props.url, text: labels.open })
    ]);
  }

  window.geoServerHazardMap = function (map) {
    var data = JSON.parse(document.getElementById("hazard-geojson").textContent);
    var config = JSON.parse(document.getElementById("hazard-map-config").textContent);
    var container = map.getContainer();
    var markers = {}, chosen = null;

    function styleOf(props, extra) {
      return Object.assign({}, BASE, { fillColor: config.colours[props.level] || "#757575" }, extra || {});
    }

    function rowOf(id) {
      return document.querySelector("table.hazard-list tr[data-hazard='" + id + "']");
    }

    function choose(id, fromMap) {
      var marker = markers[id];
      if (!marker) return;
      if (chosen !== null && markers[chosen]) markers[chosen].setStyle(styleOf(markers[chosen].feature.properties));
      document.querySelectorAll("table.hazard-list tr.highlighted").forEach(function (r) { r.classList.remove("highlighted"); });
      chosen = id;
      marker.setStyle(styleOf(marker.feature.properties, CHOSEN)).bringToFront();
      var row = rowOf(id);
      if (row) {
        row.classList.add("highlighted");
        if (fromMap) row.scrollIntoView({ block: "nearest", behavior: "smooth" });
      }
      container.dataset.selected = String(id);
      if (!fromMap) {
        marker.openPopup();
        map.flyTo(marker.getLatLng(), Math.max(map.getZoom(), 15), { duration: 0.6 });
      }
    }

    if (config.districts_tiles && L.vectorGrid) {
      // District outlines for orientation: the map has no basemap unless one is configured.
      L.vectorGrid.protobuf(config.districts_tiles, {
        vectorTileLayerStyles: { district: { color: "#455a64", weight: 1, fill: false } },
        interactive: false, fetchOptions: { credentials: "same-origin" }
      }).addTo(map);
    }
    var layer = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, Object.assign(styleOf(feature.properties),
          { className: "hazard-marker hazard-marker-" + feature.id }));
      },
      onEachFeature: function (feature, marker) {
        markers[feature.id] = marker;
        marker.bindPopup(popupContent(feature.properties, config.labels), { autoPan: false });
        marker.on("click", function () { choose(feature.id, true); });
      }
    }).addTo(map);

    document.querySelectorAll("table.hazard-list tr[data-hazard]").forEach(function (row) {
      row.addEventListener("click", function (event) {
        if (event.target.closest("a, input, label")) return;  // links and ticks keep their own job
        choose(parseInt(row.dataset.hazard, 10), false);
      });
    });
    map.on("moveend", function () {
      var centre = map.getCenter();
      container.dataset.center = centre.lat.toFixed(5) + "," + centre.lng.toFixed(5);
    });
    if (data.features.length) {
      map.fitBounds(layer.getBounds(), { maxZoom: 14, padding: [30, 30], animate: false });
    }
    container.dataset.center = map.getCenter().lat.toFixed(5) + "," + map.getCenter().lng.toFixed(5);
    container.dataset.markers = String(data.features.length);
  };
})();

/* The bulk actions: tick rows (or all on the page with the header's box); the count and the buttons
   follow the ticks. The server checks every id again. */
(function () {
  "use strict";
  var form = document.getElementById("bulk");
  if (!form) return;
  var all = document.querySelector("table.hazard-list input.select-page");
  var boxes = Array.prototype.slice.call(document.querySelectorAll("table.hazard-list input[name=ids]"));
  var count = form.querySelector(".selected-count");

  function update() {
    var ticked = boxes.filter(function (box) { return box.checked; }).length;
    count.dataset.count = String(ticked);
    count.querySelector("output").textContent = String(ticked);
    form.querySelectorAll("button").forEach(function (button) { button.disabled = ticked === 0; });
    if (all) {
      all.checked = ticked > 0 && ticked === boxes.length;
      all.indeterminate = ticked > 0 && ticked < boxes.length;
    }
  }

  boxes.forEach(function (box) { box.addEventListener("change", update); });
  if (all) {
    all.disabled = boxes.length === 0;
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
      update();
    });
  }
  update();
}());
