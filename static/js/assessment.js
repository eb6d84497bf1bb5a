// Assessment pages (templates/assessment/): small behaviour only; the server decides and enforces.

// ---- decision page: the 优秀 counter follows the grades chosen on the page. The server rendered the
// same count; saving more 优秀 than the quota is refused by the server whatever this shows.
(function () {
  var counter = document.getElementById("quota-counter");
  var form = document.getElementById("decision-form");
  if (!counter || !form) { return; }
  var quota = parseInt(counter.dataset.quota, 10);
  var elsewhere = parseInt(counter.dataset.elsewhere, 10);
  function update() {
    // Rows HR cannot change show their grade as text (.as-fixed-grade); a 优秀 among them counts too.
    var chosen = form.querySelectorAll('.as-fixed-grade[data-grade="excellent"]').length;
    form.querySelectorAll("select.as-grade").forEach(function (select) {
      if (select.value === "excellent") { chosen += 1; }
      select.closest("tr").classList.toggle("as-excellent-row", select.value === "excellent");
    });
    var total = elsewhere + chosen;
    var over = total > quota;
    counter.querySelector(".as-quota-count").textContent = total;
    counter.querySelector(".as-quota-left").textContent = Math.max(0, quota - total);
    counter.classList.toggle("as-counter-over", over);
    counter.querySelector(".as-over-message").classList.toggle("d-none", !over);
    counter.querySelector(".as-ok-message").classList.toggle("d-none", over);
  }
  form.addEventListener("change", function (event) {
    if (event.target.matches("select.as-grade")) { update(); }
  });
})();
