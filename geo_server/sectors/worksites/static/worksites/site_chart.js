/* The site's month chart: owed (attendance days x daily minimum) against paid, in yuan, and the
   unpaid worker-months as bars on a second axis. Data from json_script; labels are plain text. */
(function () {
  "use strict";
  var node = document.getElementById("worksite-chart");
  var source = document.getElementById("worksite-chart-data");
  if (!node || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var chart = window.echarts.init(node);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: [data.labels.owed, data.labels.paid, data.labels.unpaid] },
    grid: { left: 64, right: 48, top: 40, bottom: 28 },
    xAxis: { type: "category", data: data.months },
    yAxis: [{ type: "value", name: data.labels.yuan }, { type: "value", minInterval: 1, splitLine: { show: false } }],
    series: [
      { name: data.labels.owed, type: "line", data: data.owed, itemStyle: { color: "#d98c00" } },
      { name: data.labels.paid, type: "line", data: data.paid, itemStyle: { color: "#1f5fa8" } },
      { name: data.labels.unpaid, type: "bar", yAxisIndex: 1, data: data.unpaid, itemStyle: { color: "#c62828" } }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
