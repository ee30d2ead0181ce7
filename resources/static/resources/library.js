// The library's filters fold behind "Filters" on phones. On wide screens there is room:
// open them. Without scripts they stay a working <details> (open when filters are active).
(function () {
  var disclosure = document.querySelector("[data-filters-disclosure]");
  if (disclosure && window.matchMedia("(min-width: 56rem)").matches) {
    disclosure.open = true;
  }
})();
