/* 数据驾驶舱: draws the charts of the figures the server counted (json_script "dashboard-data").
 * Every bar, slice and point carries the URL of the list of the rows it counts; a click opens it.
 * Sub-region bars reload the dashboard for that region. Charts resize with the window; in the
 * 大屏 mode (?screen=1) they use ECharts' dark theme. No text is made here: labels come with the data. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  var root = document.getElementById("dashboard");
  if (!source || !root || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var screen = root.dataset.screen === "1";
  if (screen) document.body.classList.add("dash-screen-body");
  var theme = screen ? "dark" : null;
  var primary = screen ? "#3ba0ff" : "#0b4f8a";  // brighter on the dark 大屏
  var palette = [primary, "#d9534f", "#f0ad4e", "#5cb85c", "#5bc0de", "#8e6bbf", "#6c757d"];
  var charts = {};
  window.dashboardCharts = charts;

  function value(v) { return v === null || v === undefined ? 0 : v; }

  function make(id, option) {
    var el = document.getElementById(id);
    if (!el) return null;
    var chart = echarts.init(el, theme, { renderer: "canvas" });
    option.backgroundColor = "transparent";
    option.color = option.color || palette;
    option.textStyle = { fontFamily: "inherit" };
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = params.data && params.data.url;
      if (url) window.location.href = url;
    });
    charts[id] = chart;
    return chart;
  }

  function bars(items) {
    return items.map(function (f) {
      return { value: value(f.value), url: f.url, name: f.label };
    });
  }

  var small = window.matchMedia("(max-width: 576px)").matches;
  var grid = { left: 8, right: 16, top: 30, bottom: 8, containLabel: true };
  // Every category shown; long names (English) wrap within their slot instead of overlapping.
  var axisLabel = { interval: 0, rotate: small ? 30 : 0, fontSize: small ? 10 : 12, width: small ? 64 : 90, overflow: "break" };

  // 隐患等级: a doughnut of 一般 / 重大.
  make("chart-level", {
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    legend: { bottom: 0 },
    color: [primary, "#d9534f"],
    series: [{
      type: "pie", radius: ["40%", "68%"], center: ["50%", "45%"],
      label: { formatter: "{b}\n{c}" },
      data: bars(data.by_level),
    }],
  });

  // 隐患状态 (现状): bars.
  make("chart-status", {
    tooltip: { trigger: "axis" },
    grid: grid,
    xAxis: { type: "category", data: data.by_status.map(function (f) { return f.label; }), axisLabel: axisLabel },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: bars(data.by_status), barMaxWidth: 40, label: { show: true, position: "top" },
      itemStyle: { color: function (p) { return ["#f0ad4e", "#5bc0de", "#8e6bbf", "#5cb85c"][p.dataIndex % 4]; } } }],
  });

  // 重大隐患与挂牌督办.
  make("chart-major", {
    tooltip: { trigger: "axis" },
    grid: grid,
    xAxis: { type: "category", data: data.major.map(function (f) { return f.label; }), axisLabel: axisLabel },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: bars(data.major), barMaxWidth: 36, label: { show: true, position: "top" },
      itemStyle: { color: function (p) { return p.dataIndex < 2 ? "#d9534f" : "#f0ad4e"; } } }],
  });

  // 检查覆盖率: a gauge; a click opens the enterprises inspected.
  var cov = {};
  data.coverage.forEach(function (f) { cov[f.key] = f; });
  make("chart-coverage", {
    tooltip: { formatter: function () {
      return cov.enterprises_inspected.label + "：" + value(cov.enterprises_inspected.value) + "<br>" +
        cov.enterprises_in_scope.label + "：" + value(cov.enterprises_in_scope.value);
    } },
    series: [{
      type: "gauge", min: 0, max: 100, radius: "88%", center: ["50%", "58%"],
      progress: { show: true, width: 14 }, axisLine: { lineStyle: { width: 14 } },
      axisLabel: { fontSize: 10 }, splitLine: { length: 8 }, axisTick: { show: false },
      pointer: { show: false }, title: { offsetCenter: [0, "35%"], fontSize: 13 },
      detail: { valueAnimation: false, formatter: function (v) {
        return cov.coverage_rate.value === null ? "—" : v + "%";
      }, fontSize: screen ? 36 : 26, offsetCenter: [0, "0%"] },
      data: [{ value: value(cov.coverage_rate.value), name: value(cov.enterprises_inspected.value) + " / " +
        value(cov.enterprises_in_scope.value), url: cov.enterprises_inspected.url }],
    }],
  });

  // 月度趋势: found and closed per report month.
  var found = data.trend.length ? data.trend[0].hazards_found : null;
  var labels = data.labels || {};
  function trendSeries(key, type, color) {
    return { name: labels[key] || key, type: type, smooth: false, barMaxWidth: 24, itemStyle: { color: color },
      data: data.trend.map(function (m) { return { value: m[key].value, url: m[key].url, name: m.period }; }) };
  }
  if (found !== null) {
    make("chart-trend", {
      tooltip: { trigger: "axis", formatter: function (items) {
        var m = data.trend[items[0].dataIndex];
        return [m.period + "（" + m.start + " ~ " + m.end + "）"].concat(items.map(function (i) {
          return i.marker + i.seriesName + "：" + i.value;
        })).join("<br>");
      } },
      legend: { top: 0 },
      grid: grid,
      xAxis: { type: "category", data: data.trend.map(function (m) { return m.period; }), axisLabel: { fontSize: small ? 10 : 12 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [trendSeries("hazards_found", "bar", primary), trendSeries("hazards_closed", "line", "#5cb85c")],
    });
  }

  // 分行业: horizontal bars, hazards found and major.
  var industries = data.by_industry.filter(function (r) { return value(r.values.hazards_found.value) > 0; });
  if (!industries.length) industries = data.by_industry;
  industries = industries.slice().reverse();
  function industrySeries(key, color) {
    return { name: labels[key] || key, type: "bar", barMaxWidth: 16, itemStyle: { color: color },
      data: industries.map(function (r) { return { value: r.values[key].value, url: r.values[key].url, name: r.label }; }) };
  }
  make("chart-industry", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: grid,
    yAxis: { type: "category", data: industries.map(function (r) { return r.label; }), axisLabel: { fontSize: small ? 10 : 12 } },
    xAxis: { type: "value", minInterval: 1 },
    series: [industrySeries("hazards_found", primary), industrySeries("major_found", "#d9534f")],
  });

  // 下级区划 (or, at county level, the enterprises): a click on a region's bar reloads the
  // dashboard for it; on an enterprise's bar opens its hazards.
  var rows = data.table.rows.filter(function (r) { return r.kind === "child" || r.kind === "enterprise"; });
  rows = rows.slice(0, 20).reverse();
  function rowSeries(key, color) {
    return { name: labels[key] || key, type: "bar", barMaxWidth: 16, itemStyle: { color: color },
      data: rows.map(function (r) {
        return { value: r.values[key].value, name: r.label,
          url: r.kind === "child" ? r.href : r.values[key].url };
      }) };
  }
  make("chart-regions", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: grid,
    yAxis: { type: "category", data: rows.map(function (r) { return r.label; }), axisLabel: { fontSize: small ? 10 : 12 } },
    xAxis: { type: "value", minInterval: 1 },
    series: [rowSeries("hazards_found", primary), rowSeries("hazards_overdue", "#d9534f")],
  });

  function resizeAll() {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  }
  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) window.clearTimeout(pending);
    pending = window.setTimeout(resizeAll, 100);
  });

  var full = document.getElementById("dash-fullscreen");
  if (full && document.documentElement.requestFullscreen) {
    full.addEventListener("click", function () {
      document.documentElement.requestFullscreen().then(resizeAll).catch(function () { /* refused: stay */ });
    });
  }
})();
