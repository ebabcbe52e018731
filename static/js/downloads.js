// 下载中心: poll each unfinished job's row (not Celery) and move its progress bar.
(function () {
  function poll(row) {
    fetch(row.dataset.statusUrl, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (job) {
        var bar = row.querySelector(".progress-bar");
        bar.style.width = job.percent + "%";
        bar.textContent = job.total === null ? "" : job.done + " / " + job.total;
        row.querySelector(".job-status").textContent = job.status_display;
        if (job.status === "done") {
          row.querySelector(".job-file").innerHTML = '<a class="btn btn-sm btn-success" href="' + job.file_url + '">下载</a>';
          bar.classList.remove("progress-bar-animated");
          return;
        }
        if (job.status === "failed") {
          row.querySelector(".job-file").textContent = job.error;
          bar.classList.add("bg-danger");
          return;
        }
        setTimeout(function () { poll(row); }, 1000);
      })
      .catch(function () { setTimeout(function () { poll(row); }, 3000); });
  }
  document.querySelectorAll("tr[data-status-url][data-running='1']").forEach(poll);
})();
