/* The enterprise import job page: poll the job's row until it is finished, then reload to show the
   result. Runs only while the page marks the job as pending or running (data-poll on #job-bar). */
(function () {
  "use strict";
  var bar = document.getElementById("job-bar");
  if (!bar || !bar.hasAttribute("data-poll")) { return; }
  function poll() {
    fetch("?format=json", {headers: {"Accept": "application/json"}}).then(function (r) { return r.json(); }).then(function (d) {
      bar.style.width = d.progress + "%";
      bar.textContent = d.progress + "%";
      if (d.status === "pending" || d.status === "running") { setTimeout(poll, 1500); } else { location.reload(); }
    });
  }
  poll();
})();
