// The statistics page: the tables' numbers (from the page's JSON) as stacked bars per month.
(function () {
  "use strict";

  const payload = JSON.parse(document.getElementById("stats-data").textContent);
  const labels = payload.labels;
  const PALETTE = [
    "#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d",
    "#ea580c", "#4f46e5", "#0d9488", "#b91c1c", "#a16207", "#9333ea", "#475569", "#15803d",
    "#be185d", "#1d4ed8", "#c2410c", "#047857", "#6d28d9",
  ];

  function draw(elementId, table) {
    const element = document.getElementById(elementId);
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption({
      aria: { enabled: true },
      color: PALETTE,
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 40 },
      xAxis: { type: "category", data: table.months },
      yAxis: { type: "value", minInterval: 1 },
      series: table.groups.map((group) => ({
        name: labels[group] || group,
        type: "bar",
        stack: "events",
        data: table.series[group],
      })),
    });
    window.addEventListener("resize", () => chart.resize());
    element.dataset.series = String(table.groups.length);
  }

  draw("chart-by-type", payload.data.by_type);
  draw("chart-by-region", payload.data.by_region);
})();
