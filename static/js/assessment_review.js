// The head's review page (templates/assessment/review.html): small behaviour only; the server saves.
// - "全部评为" buttons rate every duty item (or 德能勤绩廉) in place; without this script they post the form
//   and the server does the same.
// - Leaving the page by a link while something typed is unsaved asks first; the buttons that move to
//   another person post the form, which saves it.
(function () {
  var form = document.getElementById("review-form");
  if (!form) { return; }
  var dirty = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { dirty = false; });

  form.querySelectorAll(".as-fill").forEach(function (group) {
    var prefix = group.dataset.fill;
    group.querySelectorAll("button[value]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        form.querySelectorAll('input[type="radio"][name^="' + prefix + '"]').forEach(function (radio) {
          if (radio.value === button.value && !radio.disabled) { radio.checked = true; }
        });
        dirty = true;
      });
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (!dirty) { return; }
    event.preventDefault();
    event.returnValue = form.dataset.unsaved;
  });
})();
