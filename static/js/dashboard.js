// Dashboard: navigation selects and the trend chart (Chart.js, vendored).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("select[data-navigate]").forEach((select) => {
    select.addEventListener("change", () => { window.location.href = select.value; });
  });
  const dataNode = document.getElementById("trend-data");
  const canvas = document.getElementById("trend-chart");
  if (!dataNode || !canvas || !window.Chart) return;
  const data = JSON.parse(dataNode.textContent);
  const language = document.documentElement.lang === "vi" ? "vi-VN" : "en-GB";
  const chart = new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: "", data: [], backgroundColor: "#0d6efd" }] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      locale: language,
      plugins: { legend: { display: false } },
    },
  });
  const select = document.getElementById("trend-indicator");
  const show = (index) => {
    const series = data.series[index];
    if (!series) return;
    chart.data.datasets[0].label = series.name;
    chart.data.datasets[0].data = series.values;
    chart.update();
  };
  select.addEventListener("change", () => show(Number(select.value)));
  // The chart opens on the first indicator with figures (the selector's choice).
  const first = data.default || 0;
  select.value = String(first);
  show(first);
});
