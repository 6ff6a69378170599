/* The export button on the map: layers, format, CRS, area (district, map view or a drawn shape), filters. */
(function () {
  "use strict";
  var FORMATS = [["gpkg", "GeoPackage"], ["shp", "Shapefile (zip)"], ["geojson", "GeoJSON"], ["csv", "CSV"],
    ["xlsx", "Excel (xlsx)"],
    ["kml", "KML"]];
  var CRS = [["4326", "WGS84 (EPSG:4326)"], ["4490", "CGCS2000 (EPSG:4490)"], ["4547", "CGCS2000 / 114E (EPSG:4547)"]];
  var LONLAT_ONLY = { geojson: true, kml: true };
  var TEXT = {
    zh: { export: "导出", layers: "图层", format: "格式", crs: "坐标系", area: "范围", all: "我的辖区",
      view: "当前视图", draw: "绘制多边形", rectangle: "绘制矩形", risk: "风险等级", download: "下载",
      print: "打印地图（区）", drawFirst: "请先在地图上绘制范围", failed: "导出失败：" },
    en: { export: "Export", layers: "Layers", format: "Format", crs: "CRS", area: "Area", all: "My jurisdiction",
      view: "Current map view", draw: "Draw a polygon", rectangle: "Draw a rectangle", risk: "Risk level",
      download: "Download", print: "Print map (district)", drawFirst: "Draw the area on the map first",
      failed: "Export failed: " }
  };
  var text = TEXT[(document.documentElement.lang || "zh").indexOf("en") === 0 ? "en" : "zh"];

  function option(value, label) {
    var o = document.createElement("option");
    o.value = value; o.textContent = label;
    return o;
  }

  function field(form, label, control) {
    var row = L.DomUtil.create("label", "export-row", form);
    row.appendChild(document.createTextNode(label + " "));
    row.appendChild(control);
    return control;
  }

  function select(name, pairs) {
    var s = document.createElement("select");
    s.name = name;
    pairs.forEach(function (p) { s.appendChild(option(p[0], p[1])); });
    return s;
  }

  function checkboxes(form, name, pairs, title) {
    var el = window.gsDom.el;
    var box = L.DomUtil.create("fieldset", "export-" + name, form);
    box.appendChild(el("legend", { text: title }));
    pairs.forEach(function (p) {
      box.appendChild(el("label", {}, [el("input", { type: "checkbox", name: name, value: p[0] }), " " + p[1]]));
    });
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function filename(response) {
    var header = response.headers.get("Content-Disposition") || "";
    var utf8 = header.match(/filename\*=UTF-8''([^;]+)/);
    return utf8 ? decodeURIComponent(utf8[1]) : "export";
  }

  function saveBlob(blob, name) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob); link.download = name;
    document.body.appendChild(link); link.click(); link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  function query(form, map) {
    var params = new URLSearchParams();
    form.querySelectorAll("input[name=layer]:checked").forEach(function (i) { params.append("layer", i.value); });
    params.set("format", form.format.value);
    if (!LONLAT_ONLY[form.format.value]) params.set("crs", form.crs.value);
    var risks = Array.prototype.map.call(form.querySelectorAll("input[name=risk]:checked"), function (i) { return i.value; });
    if (risks.length) params.set("risk", risks.join(","));
    var area = form.area.value;
    if (area === "view") params.set("bbox", map.getBounds().toBBoxString());
    else if (area.indexOf("district:") === 0) params.set("district", area.slice(9));
    return params;
  }

  function download(form, map, state, urls) {
    var params = query(form, map);
    var drawn = form.area.value === "draw" || form.area.value === "rectangle";
    if (drawn && !state.shape) { window.alert(text.drawFirst); return; }
    var request = drawn
      ? fetch(urls.export + "?" + params, { method: "POST", credentials: "same-origin", body: JSON.stringify(state.shape),
          headers: { "Content-Type": "application/geo+json", "X-CSRFToken": csrfToken() } })
      : fetch(urls.export + "?" + params, { credentials: "same-origin" });
    request.then(function (response) {
      if (!response.ok) return response.json().then(function (e) { throw new Error(e.message); });
      return response.blob().then(function (blob) { saveBlob(blob, filename(response)); });
    }).catch(function (err) { window.alert(text.failed + err.message); });
  }

  function startDrawing(map, state, kind) {
    if (!L.Draw) return;
    var tool = kind === "rectangle" ? new L.Draw.Rectangle(map) : new L.Draw.Polygon(map);
    map.once(L.Draw.Event.CREATED, function (event) {
      if (state.layer) map.removeLayer(state.layer);
      state.layer = event.layer.addTo(map);
      state.shape = event.layer.toGeoJSON().geometry;
    });
    tool.enable();
  }

  function exportControl(map, config, urls) {
    var control = L.control({ position: "topleft" });
    var state = { shape: null, layer: null };
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "leaflet-bar export-control");
      var button = L.DomUtil.create("a", "export-button", div);
      button.href = "#"; button.textContent = text.export; button.setAttribute("role", "button");
      var form = L.DomUtil.create("form", "export-form", div);
      form.hidden = true;
      checkboxes(form, "layer", config.layers.concat(config.areas).map(function (l) { return [l.id, l.title]; }), text.layers);
      field(form, text.format, select("format", FORMATS));
      var crs = field(form, text.crs, select("crs", CRS));
      var area = field(form, text.area, select("area", [["all", text.all], ["view", text.view], ["draw", text.draw],
        ["rectangle", text.rectangle]]));
      checkboxes(form, "risk", config.risk.map(function (r) { return [r.value, r.label]; }), text.risk);
      var submit = L.DomUtil.create("button", "export-download", form);
      submit.type = "submit"; submit.textContent = text.download;
      var print = L.DomUtil.create("a", "export-print", form);
      print.textContent = text.print; print.hidden = true; print.target = "_blank"; print.rel = "noopener";
      // Ticked at first: the first layer the map shows from the start (not zones or hazards).
      var first = config.layers.filter(function (l) { return l.shown !== false; })[0] || config.layers[0];
      form.querySelector("input[name=layer][value='" + first.id + "']").checked = true;
      form.format.onchange = function () { crs.disabled = !!LONLAT_ONLY[form.format.value]; };
      area.onchange = function () {
        var district = area.value.indexOf("district:") === 0;
        print.hidden = !district;
        // The print sheet (A4 landscape; the sheet page offers its PDF).
        if (district) print.href = urls.printsheet + "?area=" + encodeURIComponent(area.value.slice(9));
        if (area.value === "draw" || area.value === "rectangle") startDrawing(map, state, area.value);
      };
      fetch(config.areas_url + "?level=district", { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (data) {
          data.features.forEach(function (f) {
            area.appendChild(option("district:" + f.properties.code, f.properties.name));
          });
        });
      L.DomEvent.on(button, "click", function (e) { L.DomEvent.preventDefault(e); form.hidden = !form.hidden; });
      L.DomEvent.on(form, "submit", function (e) { L.DomEvent.preventDefault(e); download(form, map, state, urls); });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    return control;
  }

  document.addEventListener("geoserver:map", function (event) {
    var script = document.getElementById("export-script");
    var urls = { export: script.dataset.exportUrl, printsheet: script.dataset.printsheetUrl };
    exportControl(event.detail.map, event.detail.config, urls).addTo(event.detail.map);
  });
})();
