/* On narrow screens, fold the main menu behind a "Menu" button.
   Without JavaScript the menu simply stays open. */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var menu = document.getElementById("main-menu");
  if (!header || !menu || !window.matchMedia) { return; }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "menu-toggle";
  button.setAttribute("aria-controls", "main-menu");
  button.setAttribute("aria-expanded", "false");
  button.textContent = menu.getAttribute("data-toggle-label") || "Menu";
  button.addEventListener("click", function () {
    var open = header.classList.toggle("menu-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  var inner = header.querySelector(".site-header__inner");
  inner.insertBefore(button, inner.querySelector(".lang-switcher"));
  header.classList.add("has-menu-toggle");
})();
