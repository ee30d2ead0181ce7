/* The Easy read switch. Without JavaScript it is a link to ?easy=1 (or 0);
   here it becomes a toggle button whose choice is kept in localStorage, so
   every activity page on this device opens with the easy-read summary. The
   server never learns the choice: cached pages stay the same for everyone. */
(function () {
  "use strict";
  var link = document.querySelector("a[data-easy-read-toggle]");
  if (!link) { return; }
  var root = document.documentElement;
  var params = new URLSearchParams(window.location.search);
  if (params.get("easy") === "1" || params.get("easy") === "0") {
    remember(params.get("easy") === "1");
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.textContent = link.getAttribute("data-label");
  link.parentNode.replaceChild(button, link);
  show(root.classList.contains("easy-read-chosen"));

  function remember(on) {
    try { window.localStorage.setItem("safespace.easyRead", on ? "1" : "0"); } catch (e) { /* not kept */ }
    root.classList.toggle("easy-read-chosen", on);
  }
  function show(on) {
    button.setAttribute("aria-pressed", on ? "true" : "false");
    var section = document.querySelector(".easy-read");
    if (section) { section.classList.remove("easy-read--on", "easy-read--off"); }
  }
  button.addEventListener("click", function () {
    var on = !root.classList.contains("easy-read-chosen");
    remember(on);
    show(on);
  });
})();
