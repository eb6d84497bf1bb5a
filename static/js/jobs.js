// Poll a background job's status and update its progress bar until it is done or failed.
// The server sends the state, message and summary already in the reader's language.
(function () {
  var box = document.getElementById("job");
  if (!box) { return; }
  function update(job) {
    var failed = job.state === "failed";
    box.querySelector("progress").value = job.percent;
    box.querySelector(".job-percent").textContent = job.percent + "%";
    box.querySelector(".job-message").textContent = failed ? "" : (job.message || "");
    var badge = box.querySelector(".job-state");
    badge.textContent = job.state_label || job.state;
    badge.className = "job-state badge " + (job.state === "done" ? "bg-success" : failed ? "bg-danger" : "bg-secondary");
    if (failed) {
      if (job.message) { box.querySelector(".job-reason").textContent = job.message; }
      box.querySelector(".job-error").classList.remove("d-none");
    }
    if (job.download) { box.querySelector(".job-download").classList.remove("d-none"); }
    var summary = box.querySelector(".job-summary");
    if (summary && job.summary) {
      summary.textContent = job.summary;
      summary.classList.remove("d-none");
    }
    var back = box.querySelector(".job-back");
    if (back && job.back) {
      back.href = job.back.url;
      back.textContent = job.back.label;
    }
    return job.state === "done" || failed;
  }
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (job) { if (!update(job)) { setTimeout(poll, 1000); } })
      .catch(function () { setTimeout(poll, 3000); });
  }
  if (box.dataset.state !== "done" && box.dataset.state !== "failed") { poll(); }
})();
