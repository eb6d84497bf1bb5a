// Self-summary pages: a live count of 字 under the text (blanks and line breaks not counted, as the server
// counts them: hrflow.assessment.operations.summary_length). The server refuses a longer summary whatever this shows.
(function () {
  document.querySelectorAll("[data-summary-counter]").forEach(function (counter) {
    var area = document.getElementById(counter.dataset.summaryCounter);
    var limit = parseInt(counter.dataset.limit, 10);
    if (!area) { return; }
    function update() {
      var n = area.value.replace(/\s/g, "").length;
      counter.querySelector(".as-count").textContent = n;
      counter.classList.toggle("text-danger", n > limit);
      counter.classList.toggle("text-muted", n <= limit);
    }
    area.addEventListener("input", update);
    update();
  });
})();
