/* The "Menu" button that folds the main menu on narrow screens. It is in the
   page from the start and shown by CSS under html.js (see js-enabled.js), so
   nothing moves when this script runs; it only makes the button work. */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-toggle");
  if (!button || !document.getElementById("main-menu")) { return; }
  button.addEventListener("click", function () {
    var open = header.classList.toggle("menu-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
