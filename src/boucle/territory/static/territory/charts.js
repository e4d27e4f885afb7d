/* The charts of a material flow study, drawn with Apache ECharts (served by Boucle itself).
 *
 * Each chart is an element with data-chart="<id>": <id> is a <script type="application/json">
 * that Django's json_script wrote, holding the figures and their labels in the page's
 * language (boucle/territory/charts.py). No inline script and no inline style are needed, so
 * the Content Security Policy allows the page as it is. The tables beside each chart carry the
 * same figures, for those who do not see it. Charts are drawn again when HTMX swaps in the
 * results of another territory or year.
 */
(function () {
  "use strict";

  var language = document.documentElement.lang || "fr";
  var whole = new Intl.NumberFormat(language, { maximumFractionDigits: 0 });
  var hundredths = new Intl.NumberFormat(language, { maximumFractionDigits: 2 });
  // A colour per material category (MF1 to MF6) and kind of flow.
  var COLOURS = {
    MF1: "#2e7d32", MF2: "#546e7a", MF3: "#a1887f", MF4: "#37474f", MF5: "#7b1fa2",
    MF6: "#8d6e63", DPO: "#c62828", BI: "#90a4ae", stock: "#1565c0", economy: "#00796b",
    other: "#9e9e9e"
  };

  function unitFormatter(format, unit) {
    return function (value) {
      return value === null || value === undefined ? "—" : format.format(value) + " " + unit;
    };
  }

  function sankeyOption(data) {
    return {
      tooltip: { trigger: "item", valueFormatter: unitFormatter(whole, data.unit) },
      series: [{
        type: "sankey",
        left: "1%",
        right: "1%",
        top: 10,
        bottom: 10,
        nodeGap: 10,
        emphasis: { focus: "adjacency" },
        data: data.nodes.map(function (node) {
          return { name: node.name, itemStyle: { color: COLOURS[node.group] || COLOURS.other } };
        }),
        links: data.links,
        lineStyle: { color: "gradient", curveness: 0.5, opacity: 0.35 },
        label: { fontSize: 11 },
        levels: [
          { depth: 0, label: { position: "right" } },
          { depth: 1, label: { position: "top", fontWeight: "bold" } },
          { depth: 2, label: { position: "left" } }
        ]
      }]
    };
  }

  function lineOption(data) {
    return {
      tooltip: { trigger: "axis", valueFormatter: unitFormatter(whole, data.unit) },
      legend: { type: "scroll", top: 0 },
      grid: { left: 16, right: 24, top: 40, bottom: 24, containLabel: true },
      xAxis: { type: "category", data: data.x },
      yAxis: {
        type: "value",
        axisLabel: { formatter: function (value) { return whole.format(value); } }
      },
      series: data.series.map(function (line) {
        return { name: line.name, type: "line", data: line.data, symbolSize: 7 };
      })
    };
  }

  function barOption(data) {
    // The territory shown above the chart, and the reference, stand out from the others.
    var bars = {
      type: "bar",
      name: data.unit,
      data: data.values.map(function (value, index) {
        var group = (data.groups || [])[index];
        var colour = group === "selected" ? COLOURS.stock : group === "reference" ? COLOURS.DPO : COLOURS.economy;
        return { value: value, itemStyle: { color: colour } };
      })
    };
    if (data.reference) {
      bars.markLine = {
        symbol: "none",
        lineStyle: { color: COLOURS.DPO, type: "dashed", width: 2 },
        label: { formatter: data.reference.name, position: "insideEndTop" },
        data: [{ name: data.reference.name, yAxis: data.reference.value }]
      };
    }
    return {
      tooltip: { trigger: "axis", valueFormatter: unitFormatter(hundredths, data.unit) },
      grid: { left: 16, right: 24, top: 40, bottom: 16, containLabel: true },
      xAxis: { type: "category", data: data.x, axisLabel: { rotate: 40, interval: 0 } },
      yAxis: {
        type: "value",
        name: data.unit,
        axisLabel: { formatter: function (value) { return hundredths.format(value); } }
      },
      series: [bars]
    };
  }

  var OPTIONS = { sankey: sankeyOption, line: lineOption, bar: barOption };

  function draw(element) {
    if (element.dataset.chartDrawn) {
      return;
    }
    var source = document.getElementById(element.dataset.chart);
    var data = source ? JSON.parse(source.textContent) : null;
    if (!data || !OPTIONS[data.kind] || typeof window.echarts === "undefined") {
      return;
    }
    var option = OPTIONS[data.kind](data);
    option.animation = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    window.echarts.init(element, null, { renderer: "canvas" }).setOption(option);
    element.dataset.chartDrawn = "true";
  }

  function drawAll() {
    document.querySelectorAll("[data-chart]").forEach(draw);
  }

  function charts(root) {
    return Array.prototype.map.call(root.querySelectorAll("[data-chart]"), function (element) {
      return window.echarts && window.echarts.getInstanceByDom(element);
    }).filter(Boolean);
  }

  document.addEventListener("DOMContentLoaded", drawAll);
  // HTMX swaps in another territory or year: free the old charts, draw the new ones.
  document.addEventListener("htmx:beforeSwap", function (event) {
    charts(event.detail.target).forEach(function (chart) { chart.dispose(); });
  });
  document.addEventListener("htmx:afterSettle", drawAll);
  window.addEventListener("resize", function () {
    charts(document).forEach(function (chart) { chart.resize(); });
  });
})();
