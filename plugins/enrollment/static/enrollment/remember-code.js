/* "Remember my code on this device": opt-in, kept only in this browser's
   localStorage and never sent anywhere (the box has no name, so the form does
   not post it). Unticking forgets the code at the next sign-up. */
(function () {
  "use strict";
  var KEY = "safespace.enrollment.code";
  var box = document.getElementById("remember-code");
  var field = document.getElementById("id_code");
  if (!box || !field) return;
  var wrapper = document.getElementById("remember-code-field");
  if (wrapper) wrapper.hidden = false;  // without JavaScript the box would do nothing
  var stored = null;
  try { stored = window.localStorage.getItem(KEY); } catch (e) { return; }
  // Fill in only on a fresh form (not over what someone just typed and got back with an error).
  if (stored && !field.hasAttribute("aria-invalid") && !document.getElementById("errors")) {
    field.value = stored;
    box.checked = true;
  } else if (stored) {
    box.checked = true;
  }
  field.form.addEventListener("submit", function () {
    try {
      if (box.checked && field.value.trim()) window.localStorage.setItem(KEY, field.value.trim());
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* storage off: nothing is kept */ }
  });
})();
