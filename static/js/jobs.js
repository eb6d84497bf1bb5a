// Poll a background job's status and update its progress bar until it is done or failed.
(function () {
  var box = document.getElementById("job");
  if (!box) { return; }
  var labels = { queued: "排队中", running: "进行中", done: "已完成", failed: "失败" };
  if (document.documentElement.lang === "en") {
    labels = { queued: "Queued", running: "Running", done: "Done", failed: "Failed" };
  }
  function update(job) {
    box.querySelector("progress").value = job.percent;
    box.querySelector(".job-percent").textContent = job.percent + "%";
    box.querySelector(".job-message").textContent = job.message || "";
    var badge = box.querySelector(".job-state");
    badge.textContent = labels[job.state] || job.state;
    badge.className = "job-state badge " + (job.state === "done" ? "bg-success" : job.state === "failed" ? "bg-danger" : "bg-secondary");
    if (job.download) { box.querySelector(".job-download").classList.remove("d-none"); }
    return job.state === "done" || job.state === "failed";
  }
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) { if (!update(job)) { setTimeout(poll, 1000); } })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (box.dataset.state !== "done" && box.dataset.state !== "failed") { poll(); }
})();
