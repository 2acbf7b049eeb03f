// Draws the dashboard's charts from the tables beside them (CSP: no inline script, so the data
// is the page itself). Each <canvas data-tabel="id"> reads <table id="id">: the row headers are
// the labels, each column header with data-reeks is a series (data-kleur its colour).
// Without Chart.js nothing happens and the tables remain.
(function () {
  "use strict";

  function reeksen(tabel) {
    var koppen = Array.prototype.slice.call(tabel.querySelectorAll("thead th"));
    var rijen = Array.prototype.slice.call(tabel.querySelectorAll("tbody tr")).filter(function (r) {
      return r.querySelector("th[scope=row]");
    });
    var labels = rijen.map(function (r) { return r.querySelector("th[scope=row]").textContent.trim(); });
    var datasets = [];
    koppen.forEach(function (kop, kolom) {
      if (!kop.dataset.reeks) { return; }
      datasets.push({
        label: kop.dataset.reeks,
        backgroundColor: kop.dataset.kleur || "#01689b",
        data: rijen.map(function (r) {
          var cel = r.children[kolom];
          return cel ? Number(cel.textContent.trim()) || 0 : 0;
        })
      });
    });
    return { labels: labels, datasets: datasets };
  }

  function teken() {
    if (typeof window.Chart === "undefined") { return; }
    document.querySelectorAll("canvas[data-tabel]").forEach(function (canvas) {
      var tabel = document.getElementById(canvas.dataset.tabel);
      if (!tabel) { return; }
      var gestapeld = tabel.dataset.grafiek === "gestapeld";
      var data = reeksen(tabel);
      canvas.chart = new window.Chart(canvas, {
        type: "bar",
        data: data,
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          indexAxis: gestapeld ? "y" : "x",
          scales: {
            x: { stacked: gestapeld, beginAtZero: true, ticks: { precision: 0 } },
            y: { stacked: gestapeld, beginAtZero: true, ticks: { precision: 0 } }
          },
          plugins: { legend: { display: data.datasets.length > 1 } }
        }
      });
      canvas.dataset.getekend = "ja";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", teken);
  } else {
    teken();
  }
})();
