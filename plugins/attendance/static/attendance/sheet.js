// Progressive: + and − buttons for the head count. The form works without this file.
(function () {
  "use strict";
  var input = document.getElementById("att-anonymous");
  if (!input || input.disabled) { return; }
  var max = parseInt(input.getAttribute("max"), 10) || 999;
  document.querySelectorAll("[data-att-step]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var value = parseInt(input.value, 10);
      if (isNaN(value)) { value = 0; }
      value = Math.min(max, Math.max(0, value + parseInt(button.getAttribute("data-att-step"), 10)));
      input.value = String(value);
    });
  });
})();
