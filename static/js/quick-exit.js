/* Quick exit (issue 18). The link already points at the neutral site, so it
   works without JavaScript; here it replaces this page in the history, so
   Back does not come back, and pressing Esc twice does the same. The page is
   hidden at once, before the neutral site has loaded. */
(function () {
  "use strict";
  var link = document.querySelector("a[data-quick-exit]");
  if (!link) { return; }
  var target = link.href;
  var lastEscape = 0;

  function leave(event) {
    if (event) { event.preventDefault(); }
    document.documentElement.classList.add("quick-exiting");
    document.title = "";
    window.location.replace(target);
  }

  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.repeat) { return; }
    var now = Date.now();
    if (now - lastEscape < 1500) {
      leave(event);
    } else {
      lastEscape = now;
    }
  });
})();
