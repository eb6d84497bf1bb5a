// hrflow: small behaviour shared by every page (loaded by base.html; the CSP forbids inline scripts).

// ---- forms (base.html): after a refused submit, put the cursor in the first field with an error,
// so keyboard and screen-reader users land where the fix is needed and the field scrolls into view.
(function () {
  var invalid = document.querySelector("main .is-invalid");
  if (!invalid) { return; }
  var field = invalid.matches("input, select, textarea") ? invalid : invalid.querySelector("input, select, textarea");
  if (field) { field.focus(); }
})();
