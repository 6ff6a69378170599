/* The dashboard page: every panel fetches its chart dict from /api/dashboards/<id>/panels/<panel>
   with the page's filters (start, end, area: kept in the URL) and draws it with ECharts, or as tiles
   and tables built from DOM nodes (text only: names are whatever someone typed). Clicking an area on
   a choropleth, or a bar that names an area, filters every panel to that area; a bar that names a
   month drills down to it. Each chart exports as PNG, each panel's data as CSV and xlsx. */
(function () {
  "use strict";
  var el = window.gsDom.el;
  var config = JSON.parse(document.getElementById("dashboard-config").textContent);
  var grid = document.getElementById("dashboard-grid");
  var form = document.getElementById("dashboard-filters");
  var labels = grid.dataset;
  var panels = [];
  var areaNames = {};
  var geometries = {};
  var state = readState();

  /* Drawing: one function per chart type, all from the contract's chart dicts. */
  var charts = (function () {
    var CANVAS = ["pie", "bar", "stacked_bar", "line", "choropleth"];
    var TOOLTIP = { renderMode: "richText", confine: true };

    function canvas(chart) { return CANVAS.indexOf(chart) >= 0; }

    function draw(panel, data, actions) {
      if (!canvas(panel.chart)) {
        if (panel.chart_) { panel.chart_.dispose(); panel.chart_ = null; }
        panel.body.replaceChildren(panel.chart === "kpi" ? tiles(data) : table(panel, data, actions));
        return;
      }
      if (isEmpty(panel.chart, data)) {
        if (panel.chart_) { panel.chart_.dispose(); panel.chart_ = null; }
        panel.body.replaceChildren(el("p", { "class": "status empty", text: labels.empty }));
        return;
      }
      if (!panel.chart_) {
        var box = el("div", { "class": "chart" });
        panel.body.replaceChildren(box);
        panel.chart_ = window.echarts.init(box);
      }
      var chart = panel.chart_;
      chart.off("click");
      chart.setOption(OPTIONS[panel.chart](data, panel), true);
      chart.on("click", function (params) { clicked(panel.chart, data, params, actions); });
    }

    function isEmpty(chart, data) {
      if (chart === "pie") return !data.items.length;
      if (chart === "choropleth") return !data.geojson.features.length;
      return !data.categories.length;
    }

    function clicked(chart, data, params, actions) {
      if (chart === "choropleth") {
        actions.area(params.name, (findArea(data, params.name) || {}).name);
      } else if (chart === "bar" || chart === "stacked_bar") {
        var i = params.dataIndex;
        if (data.category_areas && data.category_areas[i]) actions.area(data.category_areas[i], data.categories[i]);
        else if (data.category_months && data.category_months[i]) actions.month(data.category_months[i]);
      }
    }

    function findArea(data, code) {
      return data.areas.filter(function (a) { return a.code === code; })[0] ||
        data.geojson.features.map(function (f) { return f.properties; }).filter(function (p) { return p.code === code; })[0];
    }

    // Counts get whole-number ticks.
    function valueAxis(data, panel) {
      var whole = data.series.every(function (s) {
        return s.data.every(function (v) { return v === null || Number.isInteger(v); });
      });
      return { type: "value", name: panel.unit || "", minInterval: whole ? 1 : 0 };
    }

    function pie(data) {
      return { tooltip: Object.assign({ trigger: "item" }, TOOLTIP), legend: { bottom: 0, type: "scroll" },
               series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"],
                          data: data.items.map(function (i) { return { name: i.name, value: i.value }; }) }] };
    }

    function bar(data, panel) {
      var stacked = panel.chart === "stacked_bar";
      return {
        tooltip: Object.assign({ trigger: "axis" }, TOOLTIP), legend: { bottom: 0, type: "scroll" },
        grid: { left: 50, right: 20, top: 20, bottom: 60 },
        xAxis: { type: "category", data: data.categories, axisLabel: { rotate: data.categories.length > 6 ? 30 : 0 } },
        yAxis: valueAxis(data, panel),
        series: data.series.map(function (s) {
          return { type: "bar", name: s.name, data: s.data, stack: stacked ? "all" : undefined, cursor: "pointer" };
        })
      };
    }

    function line(data, panel) {
      var series = data.series.map(function (s, i) {
        var item = { type: "line", name: s.name, data: s.data, connectNulls: false };
        if (i === 0 && (data.thresholds || []).length) {
          item.markLine = { symbol: "none", data: data.thresholds.map(function (t) {
            return { name: t.name, yAxis: t.value, label: { formatter: t.name } };
          }) };
        }
        return item;
      });
      (data.bands || []).forEach(function (band, i) {
        var stack = "band" + i;
        series.push({ type: "line", name: band.name, data: band.lower, stack: stack, symbol: "none",
                      lineStyle: { opacity: 0 }, tooltip: { show: false } });
        series.push({ type: "line", name: band.name, stack: stack, symbol: "none", lineStyle: { opacity: 0 },
                      areaStyle: { opacity: 0.2 }, data: band.upper.map(function (u, j) {
                        return u === null || band.lower[j] === null ? null : u - band.lower[j];
                      }) });
      });
      return { tooltip: Object.assign({ trigger: "axis" }, TOOLTIP), legend: { bottom: 0, type: "scroll" },
               grid: { left: 50, right: 60, top: 20, bottom: 60 },
               // Ratios and balances move within a band far from zero: the axis fits the data.
               xAxis: { type: "category", data: data.categories },
               yAxis: Object.assign(valueAxis(data, panel), { scale: true }),
               series: series };
    }

    // Areas related to the selected one by their codes (440106 lies in 440100, which lies in 440000).
    function prefix(code) { return code.replace(/(00)+$/, ""); }
    function related(code, selected) {
      if (!selected) return true;
      return code.indexOf(prefix(selected)) === 0 || selected.indexOf(prefix(code)) === 0;
    }

    function choropleth(data, panel) {
      var features = data.geojson.features.filter(function (f) { return related(f.properties.code, data.selected); });
      if (!features.length) features = data.geojson.features;
      var name = "areas-" + panel.id + "-" + (data.selected || "all");
      window.echarts.registerMap(name, { type: "FeatureCollection", features: features });
      var values = data.areas.map(function (a) { return a.value; });
      var names = {};
      features.forEach(function (f) { names[f.properties.code] = f.properties.name; });
      data.areas.forEach(function (a) { names[a.code] = a.name; });
      return {
        tooltip: Object.assign({ trigger: "item", formatter: function (p) {
          return (names[p.name] || p.name) + ": " + (isNaN(p.value) ? 0 : p.value) + " " + (data.unit || "");
        } }, TOOLTIP),
        visualMap: { min: 0, max: Math.max.apply(null, values.concat([1])), calculable: true, left: 0, bottom: 0,
                     inRange: { color: ["#e3f2fd", "#1565c0"] } },
        series: [{ type: "map", map: name, nameProperty: "code", roam: true, selectedMode: false,
                   itemStyle: { areaColor: "#eceff1", borderColor: "#90a4ae" },
                   emphasis: { label: { show: false } },
                   data: data.areas.map(function (a) { return { name: a.code, value: a.value }; }) }]
      };
    }

    var OPTIONS = { pie: pie, bar: bar, stacked_bar: bar, line: line, choropleth: choropleth };

    function tiles(data) {
      return el("div", { "class": "kpi-tiles" }, data.tiles.map(function (t) {
        var value = t.value === null || t.value === undefined ? "—" : String(t.value);
        return el(t.href ? "a" : "div", { "class": "kpi-tile", href: t.href || null, dataset: { key: t.key } }, [
          el("span", { "class": "value", text: value + (t.unit && t.value !== null ? " " + t.unit : "") }),
          el("span", { "class": "label", text: t.label })]);
      }));
    }

    function table(panel, data, actions) {
      var rows = data.rows.slice();
      var sortKey = panel.chart === "ranking" ? (panel.sortKey || data.sort) : null;
      if (sortKey) {
        rows.sort(function (a, b) {
          var x = a[sortKey], y = b[sortKey];
          if (typeof x === "number" && typeof y === "number") return y - x;
          return String(x === null ? "" : x).localeCompare(String(y === null ? "" : y));
        });
      }
      var head = el("tr", {}, data.columns.map(function (c) {
        var th = el("th", { text: c.label, dataset: { key: c.key } });
        if (panel.chart === "ranking") {
          th.style.cursor = "pointer";
          th.addEventListener("click", function () {
            panel.sortKey = c.key;
            panel.body.replaceChildren(table(panel, data, actions));
          });
        }
        return th;
      }));
      var body = rows.map(function (row) {
        var tr = el("tr", { dataset: { area: row.area || "" } }, data.columns.map(function (c, i) {
          var text = format(row[c.key], c.type);
          if (i === 0 && row.href) return el("td", {}, [el("a", { href: row.href, text: text })]);
          return el("td", { "class": c.type === "string" ? "" : "n", text: text });
        }));
        if (row.area) {
          tr.style.cursor = "pointer";
          tr.addEventListener("click", function (event) {
            if (event.target.tagName !== "A") actions.area(row.area, String(row[data.columns[0].key]));
          });
        }
        return tr;
      });
      return el("div", { "class": "table-wrap" }, [el("table", { "class": "data" }, [
        el("thead", {}, [head]), el("tbody", {}, body)])]);
    }

    function format(value, type) {
      if (value === null || value === undefined) return "—";
      if (type === "percent") return (value * 100).toFixed(1) + "%";
      if (type === "number") return Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 });
      return String(value);
    }

    return { canvas: canvas, draw: draw };
  })();


  function readState() {
    var params = new URLSearchParams(window.location.search);
    return { start: params.get("start") || config.defaults.start, end: params.get("end") || config.defaults.end,
             area: params.get("area") || "" };
  }

  function query(extra) {
    var params = new URLSearchParams();
    ["start", "end", "area"].forEach(function (key) { if (state[key]) params.set(key, state[key]); });
    Object.keys(extra || {}).forEach(function (key) { params.set(key, extra[key]); });
    return params.toString();
  }

  function setFilters(changes) {
    Object.assign(state, changes);
    window.history.pushState(null, "", "?" + query());
    refresh();
  }

  function refresh() {
    form.elements.start.value = state.start;
    form.elements.end.value = state.end;
    var areaBox = form.querySelector(".area-filter");
    areaBox.hidden = !state.area;
    document.getElementById("dashboard-area").textContent = areaNames[state.area] || state.area;
    var report = new URLSearchParams({ month: state.end });
    if (state.area) report.set("area", state.area);
    document.getElementById("dashboard-report").setAttribute("href", config.report + "?" + report.toString());
    panels.forEach(load);
  }

  function panelUrl(panel, extra) {
    return config.api.replace("PANEL", panel.id) + "?" + query(extra);
  }

  function build(panel) {
    var png = el("button", { type: "button", "class": "png", text: labels.png });
    var csv = el("a", { "class": "csv", text: labels.csv });
    var xlsx = el("a", { "class": "xlsx", text: labels.xlsx });
    var body = el("div", { "class": "body" });
    var node = el("section", { "class": "card dashboard-panel", style: "grid-column: span " + panel.width,
                               dataset: { panel: panel.id, chart: panel.chart } }, [
      el("header", {}, [el("h2", { text: panel.title }), el("div", { "class": "exports" }, [png, csv, xlsx])]),
      body]);
    grid.appendChild(node);
    png.hidden = !charts.canvas(panel.chart);
    png.addEventListener("click", function () {
      if (!panel.chart_) return;
      var url = panel.chart_.getDataURL({ type: "png", pixelRatio: 2, backgroundColor: "#fff" });
      el("a", { href: url, download: config.id + "-" + panel.id + ".png" }).click();
    });
    Object.assign(panel, { node: node, body: body, csv: csv, xlsx: xlsx, seq: 0 });
  }

  function load(panel) {
    var seq = ++panel.seq;
    panel.csv.setAttribute("href", panelUrl(panel, { format: "csv" }));
    panel.xlsx.setAttribute("href", panelUrl(panel, { format: "xlsx" }));
    panel.node.dataset.state = "loading";
    fetch(panelUrl(panel), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) throw new Error(body.message || response.statusText);
          return body;
        });
      })
      .then(function (data) { return prepare(panel, data); })
      .then(function (data) {
        if (seq !== panel.seq) return;
        charts.draw(panel, data, actions);
        panel.node.dataset.state = "ready";
      })
      .catch(function (error) {
        if (seq !== panel.seq) return;
        if (panel.chart_) { panel.chart_.dispose(); panel.chart_ = null; }
        panel.body.replaceChildren(el("p", { "class": "status error", text: labels.error + ": " + error.message }));
        panel.node.dataset.state = "error";
      });
  }

  // A choropleth needs its areas' outlines (fetched once per level) before it can draw.
  function prepare(panel, data) {
    if (panel.chart !== "choropleth") return data;
    (data.areas || []).forEach(function (a) { areaNames[a.code] = a.name; });
    var level = data.level || "district";
    if (!geometries[level]) {
      geometries[level] = fetch(config.areas + "?level=" + encodeURIComponent(level), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.statusText);
          return response.json();
        });
    }
    return geometries[level].then(function (geojson) {
      geojson.features.forEach(function (f) { areaNames[f.properties.code] = f.properties.name; });
      return Object.assign({}, data, { geojson: geojson, selected: state.area });
    });
  }

  var actions = {
    area: function (code, name) {
      if (!code || code === state.area) return;
      if (name) areaNames[code] = name;
      setFilters({ area: code });
    },
    month: function (month) { if (month) setFilters({ start: month, end: month }); }
  };

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    setFilters({ start: form.elements.start.value, end: form.elements.end.value });
  });
  document.getElementById("dashboard-area-clear").addEventListener("click", function () { setFilters({ area: "" }); });
  window.addEventListener("popstate", function () { state = readState(); refresh(); });
  window.addEventListener("resize", function () {
    panels.forEach(function (panel) { if (panel.chart_) panel.chart_.resize(); });
  });

  config.panels.forEach(function (panel) { panels.push(panel); build(panel); });
  if (!new URLSearchParams(window.location.search).get("start")) {
    window.history.replaceState(null, "", "?" + query());
  }
  refresh();
})();
