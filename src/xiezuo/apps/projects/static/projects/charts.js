/* Bar charts of the projects board, drawn with the locally served ECharts.
 *
 * Each chart is an element with data-chart="<id of a json_script element>" holding
 *   {labels: [...], unit: "...", series: [{name, values: [...]}, ...], urls: [...]}
 * Clicking a bar opens urls[index], the filtered project list the number counts. The table next to each
 * chart shows the same numbers, so the page reads without scripts too.
 *
 * A page with several boards includes this file once per board: only the first copy runs, loads
 * ECharts once, and draws every chart on the page.
 */
(function () {
  "use strict";
  if (window.xiezuoCharts) {
    return;
  }
  var script = document.currentScript;
  var echartsUrl = script && script.getAttribute("data-echarts");
  var charts = [];
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function options(spec) {
    var many = spec.series.length > 1;
    return {
      animation: !reducedMotion,
      aria: { enabled: true },
      color: ["#b3261e", "#1a7f37", "#0b57d0", "#8a5a00", "#5b636e"],
      grid: { left: 8, right: 24, top: many ? 28 : 8, bottom: 8, containLabel: true },
      legend: many ? { top: 0, data: spec.series.map(function (s) { return s.name; }) } : undefined,
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: function (value) {
          return Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 }) + (spec.unit ? " " + spec.unit : "");
        }
      },
      xAxis: { type: "value", splitNumber: 3, minInterval: spec.unit ? 0 : 1, axisLabel: { hideOverlap: true } },
      yAxis: { type: "category", data: spec.labels, inverse: true, axisLabel: { width: 110, overflow: "truncate" } },
      series: spec.series.map(function (s) {
        return { name: s.name, type: "bar", data: s.values, cursor: "pointer", label: { show: !many, position: "right" } };
      })
    };
  }

  function draw() {
    var elements = document.querySelectorAll("[data-chart]");
    Array.prototype.forEach.call(elements, function (element) {
      if (element.getAttribute("data-drawn")) {
        return;
      }
      var source = document.getElementById(element.getAttribute("data-chart"));
      if (!source) {
        return;
      }
      var spec = JSON.parse(source.textContent);
      var chart = window.echarts.init(element, null, { renderer: "svg" });
      chart.setOption(options(spec));
      chart.on("click", function (event) {
        var url = spec.urls && spec.urls[event.dataIndex];
        if (url) {
          window.location.assign(url);
        }
      });
      element.setAttribute("data-drawn", "true");
      charts.push(chart);
    });
  }

  function start() {
    if (window.echarts) {
      draw();
      return;
    }
    if (!echartsUrl) {
      return;
    }
    var loader = document.createElement("script");
    loader.src = echartsUrl;
    loader.onload = draw;
    document.head.appendChild(loader);
  }

  window.xiezuoCharts = { draw: draw };
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
