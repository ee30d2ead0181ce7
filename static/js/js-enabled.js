/* Loaded in <head> without defer, so it runs before the first paint: the
   stylesheet can then fold the phone menu from the start (html.js) instead of
   a later script folding it and shifting the page. Without JavaScript the
   class never appears and the menu stays open. */
document.documentElement.classList.add("js");
