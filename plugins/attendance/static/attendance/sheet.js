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

// Progressive: shows, as they are typed, the codes the walk-ins box will add. The same
// rules as plugins/api/codes.py (commas or new lines between codes; spaces and hyphens
// inside a code become one hyphen; lower case). Without this file, "Check the codes" does it.
(function () {
  "use strict";
  var box = document.getElementById("att-new-walk-ins");
  var preview = document.getElementById("att-walk-in-preview");
  if (!box || !preview) { return; }
  function normalize(raw) {
    var text = raw.normalize ? raw.normalize("NFKC").toLowerCase().normalize("NFKC") : raw.toLowerCase();
    return text.replace(/[\s-]+/g, "-").replace(/^-+|-+$/g, "");
  }
  function split(raw) {
    var found = [];
    raw.split(/[,;\r\n]+/).forEach(function (part) {
      var code = normalize(part);
      if (code && found.indexOf(code) === -1) { found.push(code); }
    });
    return found;
  }
  function show() {
    var codes = split(box.value);
    preview.textContent = "";
    if (!codes.length) { return; }
    var label = document.createElement("p");
    label.textContent = preview.getAttribute("data-att-preview-label");
    var list = document.createElement("ul");
    list.className = "att-codes";
    codes.forEach(function (code) {
      var item = document.createElement("li");
      item.textContent = code;
      list.appendChild(item);
    });
    preview.appendChild(label);
    preview.appendChild(list);
  }
  box.addEventListener("input", show);
  if (box.value) { show(); }
})();
