/* Where the map looks, kept in the URL, and its search box. The map opens on the user's jurisdiction
   (bounds from the server) unless the URL says otherwise; #map=z/lat/lon&layers=a,b follows every
   pan, zoom and layer toggle (history.replaceState), so a copied link opens the same view. The search
   box asks /api/search and flies to the picked feature, opening a popup with its record link. */
(function () {
  "use strict";
  var el = window.gsDom.el;
  var FEATURE_ZOOM = 17;  // a searched point feature is shown at street level

  function parseHash(hash) {
    var params = new URLSearchParams(hash.replace(/^#/, ""));
    var parts = (params.get("map") || "").split("/").map(Number);
    var state = {};
    if (parts.length === 3 && parts.every(isFinite)) state.view = { zoom: parts[0], center: [parts[1], parts[2]] };
    if (params.has("layers")) state.layers = params.get("layers").split(",").filter(Boolean);
    return state;
  }

  function shownIds(map, layers) {
    return Object.keys(layers).filter(function (id) { return map.hasLayer(layers[id]); });
  }

  function applyLayers(map, layers, ids) {
    Object.keys(layers).forEach(function (id) {
      var wanted = ids.indexOf(id) >= 0, shown = map.hasLayer(layers[id]);
      if (wanted && !shown) layers[id].addTo(map);
      if (!wanted && shown) map.removeLayer(layers[id]);
    });
  }

  function apply(map, layers, state) {
    if (state.layers) applyLayers(map, layers, state.layers);
    if (state.view) map.setView(state.view.center, state.view.zoom);
    return Boolean(state.view);
  }

  // The older ?lat=&lng=&z= link form is read once by map.js, then replaced by the hash.
  function writeUrl(map, layers) {
    var c = map.getCenter();
    var params = new URLSearchParams(window.location.search);
    ["lat", "lng", "z"].forEach(function (name) { params.delete(name); });
    var search = params.toString();
    var hash = "#map=" + map.getZoom() + "/" + c.lat.toFixed(5) + "/" + c.lng.toFixed(5) +
      "&layers=" + shownIds(map, layers).join(",");
    window.history.replaceState(window.history.state, "", window.location.pathname + (search ? "?" + search : "") + hash);
    map.getContainer().dataset.bounds = map.getBounds().toBBoxString();  // west,south,east,north, for tests
  }

  function resultPopup(result, labels) {
    return el("div", { "class": "popup search-popup" }, [
      el("strong", { text: result.name }), el("div", { text: result.title + " · " + result.code }),
      el("div", { text: result.district || "—" }),
      el("a", { "class": "open-record", href: result.url, text: labels.open })]);
  }

  function flyTo(map, layers, result, labels) {
    if (result.type === "feature" && layers[result.layer] && !map.hasLayer(layers[result.layer])) {
      layers[result.layer].addTo(map);
    }
    map.once("moveend", function () {
      if (result.type === "feature") L.popup().setLatLng(result.point).setContent(resultPopup(result, labels)).openOn(map);
    });
    map.flyToBounds(result.bounds, { maxZoom: result.type === "feature" ? FEATURE_ZOOM : 16, duration: 0.8 });
  }

  function resultItem(result, pick) {
    var line = result.type === "feature" ? result.code + " " + result.name : result.name;
    if (result.matched) line += " · " + result.matched;  // the address it was found by
    var button = el("button", { type: "button", "class": "map-search-result", dataset: { type: result.type, id: result.id } },
      [el("span", { text: line }), el("small", { text: result.title + (result.district ? " · " + result.district : "") })]);
    button.addEventListener("click", function () { pick(result); });
    return el("li", {}, [button]);
  }

  function searchControl(map, layers, view) {
    var control = L.control({ position: "topleft" });
    control.onAdd = function () {
      var input = el("input", { type: "search", "class": "map-search-input", placeholder: view.labels.search,
                                "aria-label": view.labels.search, maxlength: "64" });
      var list = el("ul", { "class": "map-search-results" });
      var box = el("form", { "class": "map-search leaflet-bar", role: "search" }, [input, list]);
      var asked = 0;
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      function pick(result) { list.textContent = ""; flyTo(map, layers, result, view.labels); }
      function show(data) {
        var results = (data.features || []).concat(data.areas || []);
        list.textContent = "";
        if (!results.length) list.appendChild(el("li", { "class": "map-search-none", text: view.labels.noMatch }));
        results.forEach(function (result) { list.appendChild(resultItem(result, pick)); });
        box.dataset.results = String(results.length);
      }
      box.addEventListener("submit", function (event) {
        event.preventDefault();
        var q = input.value.trim(), ticket = (asked += 1);
        if (!q) return;
        fetch(view.search_url + "?q=" + encodeURIComponent(q), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) { if (ticket === asked) show(data); });
      });
      return box;
    };
    return control;
  }

  document.addEventListener("geoserver:map", function (event) {
    var map = event.detail.map, layers = event.detail.layers || {};
    var view = JSON.parse(document.getElementById("map-view").textContent);
    // A view in the URL wins: the hash here, or ?lat=&lng= which map.js applies just after this event.
    var linked = apply(map, layers, parseHash(window.location.hash)) || new URLSearchParams(window.location.search).has("lat");
    if (!linked && view.bounds) map.fitBounds(view.bounds, { maxZoom: 16 });
    searchControl(map, layers, view).addTo(map);
    var write = function () { writeUrl(map, layers); };
    map.on("moveend overlayadd overlayremove", write);
    window.addEventListener("hashchange", function () { apply(map, layers, parseHash(window.location.hash)); write(); });
    // After map.js has read ?lat=&lng= (it does so once this event returns), which write() removes.
    window.setTimeout(write, 0);
  });
})();
