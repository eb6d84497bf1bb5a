// User form: the department list matters only for department heads, so show it only for them.
(function () {
  document.querySelectorAll(".admin-departments[data-role-field]").forEach(function (box) {
    var role = document.getElementById(box.dataset.roleField);
    if (!role) { return; }
    function sync() {
      var invalid = box.querySelector(".is-invalid");
      box.classList.toggle("d-none", role.value !== "head" && !invalid);
    }
    role.addEventListener("change", sync);
    sync();
  });
})();
