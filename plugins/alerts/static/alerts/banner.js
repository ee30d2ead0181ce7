// Dismissable alert banners: the choice is kept in this browser only
// (localStorage), per alert and per published revision, so an updated
// alert shows again. Without JavaScript the banners simply stay.
(function () {
    "use strict";
    var PREFIX = "safespace-alert-dismissed:";
    var script = document.currentScript;
    var label = (script && script.getAttribute("data-dismiss-label")) || "Dismiss";

    function stored(key) {
        try { return window.localStorage.getItem(PREFIX + key) === "1"; } catch (e) { return false; }
    }
    function store(key) {
        try { window.localStorage.setItem(PREFIX + key, "1"); } catch (e) { /* private mode: hide for this page only */ }
    }

    function setUp() {
        var banners = document.querySelectorAll(".alert-banner[data-alert-key]");
        Array.prototype.forEach.call(banners, function (banner) {
            var key = banner.getAttribute("data-alert-key");
            if (stored(key)) { banner.hidden = true; return; }
            var button = document.createElement("button");
            button.type = "button";
            button.className = "alert-banner__dismiss";
            button.setAttribute("aria-label", label);
            button.textContent = "×";
            button.addEventListener("click", function () {
                store(key);
                banner.hidden = true;
                var main = document.getElementById("main");
                if (main) { main.focus(); }
            });
            banner.querySelector(".alert-banner__inner").appendChild(button);
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUp);
    } else {
        setUp();
    }
}());
