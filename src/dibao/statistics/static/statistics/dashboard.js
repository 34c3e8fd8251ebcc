// The dashboard (Apache ECharts, vendored once in core): the figures are read from the dashboard
// API with the page's area and month, drawn with ARIA descriptions and decal patterns and repeated
// in a table under each chart, so that no series is told by colour alone. The words come from the
// page (json_script); this script holds none.
(function () {
  "use strict";
  var SYMBOLS = ["circle", "rect", "triangle", "diamond", "roundRect", "pin", "arrow"];
  var LINES = ["solid", "dashed", "dotted"];

  function read(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function cell(tag, text, attrs) {
    var node = document.createElement(tag);
    node.textContent = text;
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    return node;
  }
  // A table of `heads` over `rows` (each row: its name, a link or not, then its values).
  function table(box, heads, rows) {
    var grid = document.querySelector("#" + box + " table");
    if (!grid) return;
    grid.textContent = "";
    var head = grid.createTHead().insertRow();
    heads.forEach(function (text, i) { head.appendChild(cell("th", text, i ? { scope: "col", "class": "num" } : { scope: "col" })); });
    var body = grid.createTBody();
    rows.forEach(function (row) {
      var tr = body.insertRow();
      var th = cell("th", "", { scope: "row" });
      if (row.href) {
        th.appendChild(cell("a", row.name, { href: row.href }));
      } else {
        th.textContent = row.name;
      }
      tr.appendChild(th);
      row.values.forEach(function (value) { tr.appendChild(cell("td", String(value), { "class": "num" })); });
    });
  }
  function base(extra) {
    return Object.assign({
      aria: { enabled: true, decal: { show: true } },
      // Drawn on the canvas: an HTML tooltip carries style attributes, which the page's
      // Content-Security-Policy refuses.
      tooltip: { trigger: "axis", renderMode: "richText" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      animation: false
    }, extra);
  }
  function monthly(data, key, kind, stack) {
    return data.programs.map(function (program, i) {
      var series = {
        name: program.program_name, type: kind, data: program[key].map(Number)
      };
      if (kind === "line") {
        series.symbol = SYMBOLS[i % SYMBOLS.length];
        series.symbolSize = 8;
        series.lineStyle = { type: LINES[i % LINES.length] };
      }
      if (stack) series.stack = stack;
      return series;
    });
  }
  function byMonth(data, key) {
    return data.months.map(function (month, i) {
      return { name: month, values: data.programs.map(function (p) { return p[key][i]; }) };
    });
  }
  function draw(data, labels, page) {
    var charts = [];
    function chart(id, option) {
      var node = document.getElementById(id);
      if (!node) return null;
      var one = echarts.init(node);
      one.setOption(base(option));
      charts.push(one);
      return one;
    }
    var months = { type: "category", data: data.months, axisLabel: { hideOverlap: true } };
    var names = data.programs.map(function (p) { return p.program_name; });
    chart("chart-households", {
      xAxis: months, yAxis: { type: "value", minInterval: 1 }, series: monthly(data, "households", "bar")
    });
    table("box-households", [labels.month].concat(names), byMonth(data, "households"));
    chart("chart-persons", {
      xAxis: months, yAxis: { type: "value", minInterval: 1 }, series: monthly(data, "persons", "line")
    });
    table("box-persons", [labels.month].concat(names), byMonth(data, "persons"));
    chart("chart-amount", {
      xAxis: months, yAxis: { type: "value", name: labels.amount }, series: monthly(data, "amount", "bar", "amount")
    });
    table("box-amount", [labels.month].concat(names, [labels.total]), data.months.map(function (month, i) {
      return { name: month, values: data.programs.map(function (p) { return p.amount[i]; }).concat([data.amount[i]]) };
    }));
    chart("chart-flows", {
      xAxis: months, yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: labels["new"], type: "bar", data: data["new"] },
        { name: labels.stopped, type: "bar", data: data.stopped }
      ]
    });
    table("box-flows", [labels.month, labels["new"], labels.stopped], data.months.map(function (month, i) {
      return { name: month, values: [data["new"][i], data.stopped[i]] };
    }));
    var heads = [labels.households, labels.persons, labels.amount, labels["new"], labels.stopped];
    function breakdown(id, box, rows, name, head, href) {
      var axis = { type: "category", data: rows.map(function (r) { return r[name]; }), inverse: true,
        axisLabel: { width: 110, overflow: "truncate" } };
      var one = chart(id, {
        yAxis: axis, xAxis: { type: "value", minInterval: 1 },
        series: [
          { name: labels.households, type: "bar", data: rows.map(function (r) { return r.households; }) },
          { name: labels.persons, type: "bar", data: rows.map(function (r) { return r.persons; }) }
        ]
      });
      table(box, [head].concat(heads), rows.map(function (r) {
        return {
          name: r[name], href: href ? href(r) : null,
          values: [r.households, r.persons, r.amount, r["new"], r.stopped]
        };
      }));
      return one;
    }
    breakdown("chart-classes", "box-classes", data.benefit_classes, "benefit_class_label", labels.benefit_class);
    breakdown("chart-categories", "box-categories", data.categories, "category_name", labels.category);
    var drill = data.drill ? function (r) {
      return page + "?area=" + encodeURIComponent(r.area) + "&month=" + encodeURIComponent(data.month);
    } : null;
    var areas = breakdown("chart-areas", "box-areas", data.areas, "area_name", labels.area, drill);
    if (areas && drill) {
      areas.on("click", function (event) {
        var row = data.areas[event.dataIndex];
        if (row) window.location.href = drill(row);
      });
      areas.getZr().setCursorStyle("pointer");
    }
    window.addEventListener("resize", function () {
      charts.forEach(function (one) { one.resize(); });
    });
  }
  function start() {
    var root = document.getElementById("dashboard");
    var source = read("dashboard-source");
    var labels = read("dashboard-labels");
    var status = document.getElementById("dashboard-status");
    if (!root || !source || !labels || typeof echarts === "undefined") return;
    var url = root.dataset.api + "?area=" + encodeURIComponent(source.area) + "&month=" + encodeURIComponent(source.month);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (!data.programs.length && status) status.textContent = labels.nothing;
        draw(data, labels, root.dataset.page);
        root.dataset.drawn = "1";
      })
      .catch(function () {
        if (status) status.textContent = labels.failed;
      });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
