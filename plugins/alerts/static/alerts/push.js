// Opt-in web push on the alerts page: subscribe this browser with the
// space's VAPID key and send the subscription (endpoint and keys only).
(function () {
  "use strict";
  var box = document.getElementById("alert-push");
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)) { return; }
  var on = document.getElementById("alert-push-on"), off = document.getElementById("alert-push-off");
  var status = document.getElementById("alert-push-status");

  function key(base64) {
    var padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = window.atob(padded), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }
  function post(url, subscription) {
    return fetch(url, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(subscription) });
  }
  function show(subscribed, message) {
    on.hidden = subscribed; off.hidden = !subscribed;
    status.textContent = message || (subscribed ? box.getAttribute("data-on") : box.getAttribute("data-off"));
  }

  navigator.serviceWorker.register(box.getAttribute("data-sw")).then(function (registration) {
    box.hidden = false;
    registration.pushManager.getSubscription().then(function (s) { show(!!s); });
    on.addEventListener("click", function () {
      registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key(box.getAttribute("data-key")) })
        .then(function (s) { return post(box.getAttribute("data-subscribe"), s.toJSON()).then(function () { show(true); }); })
        .catch(function () { show(false, box.getAttribute("data-denied")); });
    });
    off.addEventListener("click", function () {
      registration.pushManager.getSubscription().then(function (s) {
        if (!s) { show(false); return; }
        return post(box.getAttribute("data-unsubscribe"), s.toJSON()).then(function () { return s.unsubscribe(); })
          .then(function () { show(false); });
      });
    });
  }).catch(function () { /* no service worker: the page just does not offer it */ });
}());
