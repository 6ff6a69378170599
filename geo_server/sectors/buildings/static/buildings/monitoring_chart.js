/* One chart per monitoring point: the readings, the limit as a dashed red line and the fitted
   (Theil-Sen) trend to where it reaches the limit. Data from json_script; labels are plain text. */
(function () {
  "use strict";
  var holder = document.getElementById("monitoring-charts");
  var source = document.getElementById("monitoring-chart-data");
  if (!holder || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var charts = [];
  data.points.forEach(function (point) {
    var node = document.createElement("div");
    node.className = "monitoring-chart";
    node.setAttribute("data-point", point.point);
    node.style.width = "100%";
    node.style.height = "280px";
    holder.appendChild(node);
    var chart = window.echarts.init(node);
    chart.setOption({
      title: { text: point.point + " · " + point.quantity + " (" + point.unit + ")", textStyle: { fontSize: 13 } },
      tooltip: { trigger: "axis" },
      legend: { top: 0, right: 0, data: [data.labels.readings, data.labels.trend] },
      grid: { left: 56, right: 72, top: 40, bottom: 28 },
      xAxis: { type: "time" },
      yAxis: { type: "value", scale: true, max: function (v) { return Math.max(v.max, point.limit) * 1.05; } },
      series: [
        { name: data.labels.readings, type: "line", showSymbol: false, data: point.readings, itemStyle: { color: "#1f5fa8" },
          markLine: { symbol: "none", lineStyle: { color: "#c62828", type: "dashed" },
                      label: { formatter: data.labels.limit + " " + point.limit },
                      data: [{ yAxis: point.limit }] } },
        { name: data.labels.trend, type: "line", showSymbol: false, data: point.trend,
          lineStyle: { color: "#d98c00", type: "dotted", width: 2 }, itemStyle: { color: "#d98c00" } }
      ]
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
