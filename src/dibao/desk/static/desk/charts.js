// The desk's chart strip (Apache ECharts, vendored): drawn from the figures the page carries
// (json_script), with ARIA descriptions and decal patterns so that no series is told by colour alone.
(function () {
  "use strict";
  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function draw() {
    var data = read("desk-chart-data");
    var labels = read("desk-chart-labels");
    if (!data || !labels || typeof echarts === "undefined") return;
    var common = {
      aria: { enabled: true, decal: { show: true } },
      // Drawn on the canvas: an HTML tooltip carries style attributes, which the page's
      // Content-Security-Policy refuses.
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.months, axisLabel: { hideOverlap: true } },
      animation: false
    };
    var charts = [];
    var paid = document.getElementById("chart-paid");
    if (paid) {
      var one = echarts.init(paid);
      one.setOption(Object.assign({}, common, {
        yAxis: [
          { type: "value", name: labels.households, minInterval: 1 },
          { type: "value", name: labels.amount, splitLine: { show: false } }
        ],
        series: [
          { name: labels.households, type: "bar", data: data.households },
          {
            name: labels.amount, type: "line", yAxisIndex: 1, symbol: "diamond", symbolSize: 8,
            lineStyle: { type: "dashed" }, data: data.amounts.map(Number)
          }
        ]
      }));
      charts.push(one);
    }
    var applications = document.getElementById("chart-applications");
    if (applications) {
      var two = echarts.init(applications);
      two.setOption(Object.assign({}, common, {
        yAxis: { type: "value", minInterval: 1 },
        series: [
          { name: labels.received, type: "bar", data: data.received },
          { name: labels.decided, type: "bar", data: data.decided }
        ]
      }));
      charts.push(two);
    }
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
