/* The assessment dashboard's charts, drawn with the locally served ECharts, and the small helpers of its pages.
 *
 * - [data-assessment-chart="completion"]: a bar per indicator with a target, its completion in per cent,
 *   with a line at 100%. Data: the json_script element named by data-source,
 *   {labels: [...], values: [...], urls: [...], name, target}. Clicking a bar opens the rows it counts.
 * - [data-assessment-chart="trend"]: the cumulative actual by month of the indicator chosen in the
 *   select named by data-select, against its target. Data: {months: [...], actual, target,
 *   indicators: [{code, name, unit, target, values: [12 cumulative values], url}]}.
 * - [data-print]: a button that prints the page (Chromium can save it as PDF).
 * - select[data-sides]: choosing a region sets the side select to the side its option belongs to.
 *
 * The tables beside the charts hold the same numbers, so the pages read without scripts too.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var echartsUrl = script && script.getAttribute("data-echarts");
  var charts = [];
  var reducedMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var MET = "#1a7f37", NEAR = "#b7791f", BEHIND = "#b3261e", TARGET = "#5b636e";

  function data(element) {
    var source = document.getElementById(element.getAttribute("data-source"));
    return source ? JSON.parse(source.textContent) : null;
  }

  function number(value) {
    return Number(value).toLocaleString(undefined, { maximumFractionDigits: 2 });
  }

  function colour(value) {
    return value >= 100 ? MET : value >= 80 ? NEAR : BEHIND;
  }

  function completion(element, spec) {
    element.style.height = Math.max(240, spec.labels.length * 30 + 60) + "px";
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      animation: !reducedMotion,
      aria: { enabled: true },
      grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: function (value) { return number(value) + "%"; }
      },
      xAxis: { type: "value", axisLabel: { formatter: "{value}%" }, max: function (v) { return Math.max(100, Math.ceil(v.max / 10) * 10); } },
      yAxis: { type: "category", data: spec.labels, inverse: true, axisLabel: { width: 150, overflow: "truncate" } },
      series: [{
        name: spec.name,
        type: "bar",
        cursor: "pointer",
        data: spec.values.map(function (value) { return { value: value, itemStyle: { color: colour(value) } }; }),
        label: { show: true, position: "right", formatter: function (p) { return number(p.value) + "%"; } },
        markLine: {
          symbol: "none",
          silent: true,
          lineStyle: { color: TARGET, type: "dashed" },
          label: { formatter: spec.target + " 100%" },
          data: [{ xAxis: 100 }]
        }
      }]
    });
    chart.on("click", function (event) {
      var url = spec.urls[event.dataIndex];
      if (url) { window.location.assign(url); }
    });
    return chart;
  }

  function trend(element, spec) {
    var select = document.getElementById(element.getAttribute("data-select"));
    var chart = window.echarts.init(element, null, { renderer: "svg" });

    function chosen() {
      var code = select ? select.value : "";
      for (var i = 0; i < spec.indicators.length; i += 1) {
        if (spec.indicators[i].code === code) { return spec.indicators[i]; }
      }
      return spec.indicators[0];
    }

    function show() {
      var indicator = chosen();
      if (!indicator) { return; }
      var series = [{
        name: spec.actual, type: "line", data: indicator.values, cursor: "pointer", symbolSize: 6,
        areaStyle: { opacity: 0.08 }, itemStyle: { color: "#0b57d0" }
      }];
      if (indicator.target !== null) {
        series.push({
          name: spec.target, type: "line", symbol: "none", silent: true,
          data: spec.months.map(function () { return indicator.target; }),
          lineStyle: { type: "dashed", color: TARGET }, itemStyle: { color: TARGET }
        });
      }
      chart.setOption({
        animation: !reducedMotion,
        aria: { enabled: true },
        title: { text: indicator.name + " (" + indicator.unit + ")", left: 0, textStyle: { fontSize: 13 } },
        legend: { top: 0, right: 0, data: series.map(function (s) { return s.name; }) },
        grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis", valueFormatter: number },
        xAxis: { type: "category", data: spec.months, boundaryGap: false },
        yAxis: { type: "value", min: 0 },
        series: series
      }, true);
      Array.prototype.forEach.call(document.querySelectorAll("[data-trend-row]"), function (row) {
        row.classList.toggle("chosen", row.getAttribute("data-trend-row") === indicator.code);
      });
    }

    chart.on("click", function () {
      var indicator = chosen();
      if (indicator && indicator.url) { window.location.assign(indicator.url); }
    });
    if (select) { select.addEventListener("change", show); }
    show();
    return chart;
  }

  function draw() {
    var kinds = { completion: completion, trend: trend };
    Array.prototype.forEach.call(document.querySelectorAll("[data-assessment-chart]"), function (element) {
      var spec = data(element);
      var kind = kinds[element.getAttribute("data-assessment-chart")];
      if (!spec || !kind || element.getAttribute("data-drawn")) { return; }
      charts.push(kind(element, spec));
      element.setAttribute("data-drawn", "true");
    });
  }

  function startCharts() {
    if (!document.querySelector("[data-assessment-chart]")) { return; }
    if (window.echarts) { draw(); return; }
    if (!echartsUrl) { return; }
    var loader = document.createElement("script");
    loader.src = echartsUrl;
    loader.onload = draw;
    document.head.appendChild(loader);
  }

  function startHelpers() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    Array.prototype.forEach.call(document.querySelectorAll("select[data-sides]"), function (select) {
      var sides = document.getElementById(select.getAttribute("data-sides"));
      select.addEventListener("change", function () {
        var option = select.options[select.selectedIndex];
        var side = option && option.parentNode.getAttribute("data-side");
        if (sides && side) { sides.value = side; }
      });
    });
  }

  function start() {
    startHelpers();
    startCharts();
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
