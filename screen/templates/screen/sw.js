/* The screen's service worker, served from /screen/<token>/sw.js so that its
 * scope is that screen alone. It keeps the last good page, data.json and the
 * files the page uses, so that a display that restarts while the server or
 * the network is down shows the last agenda, marked offline, instead of the
 * browser's error page.
 *
 * Network first, always: while the server answers, everything comes from it
 * and the copies are only refreshed. On a network error, a timeout or a 5xx,
 * the page and its files come from the copies; data.json comes from its copy
 * with the header X-Screen-Offline, so that screen.js shows it and still says
 * it is offline. A 404 for the page or its data means this address was
 * replaced: the copies are deleted and the worker unregisters itself.
 * Plain ES5 with promises, for old Chromium.
 */
"use strict";
var SCOPE = self.registration.scope;
var PAGE = SCOPE;
var DATA = SCOPE + "data.json";
var CACHE = "screen:" + SCOPE;
var TIMEOUT_MS = 10000;
var ORIGIN = self.location.origin;

function withTimeout(promise) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, TIMEOUT_MS);
    promise.then(function (r) { clearTimeout(timer); resolve(r); }, function (e) { clearTimeout(timer); reject(e); });
  });
}

function keyOf(url) { return url.split("#")[0]; }

// Same-origin files the page refers to (styles, script, QR codes).
function filesOf(html) {
  var found = {}, re = /(?:src|href)="([^"]+)"/g, m;
  while ((m = re.exec(html))) {
    var url = new URL(m[1].replace(/&amp;/g, "&"), PAGE);
    if (url.origin === ORIGIN && url.href !== PAGE) { found[keyOf(url.href)] = true; }
  }
  return found;
}

function cacheable(key) {
  if (key === PAGE || key === DATA) { return true; }
  var path = new URL(key).pathname;
  return path.indexOf("/static/") === 0 || key.indexOf(SCOPE + "qr/") === 0;
}

function forget() {
  return caches["delete"](CACHE).then(function () { return self.registration.unregister(); });
}

// Keep a fresh page and drop the copies it no longer uses.
function keepPage(cache, response) {
  return response.clone().text().then(function (html) {
    var files = filesOf(html);
    return cache.put(PAGE, response).then(function () { return cache.keys(); }).then(function (requests) {
      return Promise.all(requests.map(function (request) {
        var key = keyOf(request.url);
        return key === PAGE || key === DATA || files[key] ? null : cache["delete"](request);
      })).then(function () { return files; });
    });
  });
}

function keep(key, response) {
  return caches.open(CACHE).then(function (cache) {
    return key === PAGE ? keepPage(cache, response) : cache.put(key, response);
  });
}

function fromCopy(key, fallback) {
  return caches.open(CACHE).then(function (cache) { return cache.match(key); }).then(function (hit) {
    if (!hit) { return fallback || Response.error(); }
    if (key !== DATA) { return hit; }
    return hit.text().then(function (body) {
      return new Response(body, { status: 200, headers: {
        "Content-Type": "application/json", "Cache-Control": "no-store", "X-Screen-Offline": "1"
      } });
    });
  }, function () { return fallback || Response.error(); });
}

function networkFirst(event, key) {
  return withTimeout(fetch(event.request)).then(function (response) {
    if (response.status === 404 && (key === PAGE || key === DATA)) {
      event.waitUntil(forget());
      return response;
    }
    if (response.status >= 500) { return fromCopy(key, response); }
    if (response.status === 200 && response.type === "basic") {
      event.waitUntil(keep(key, response.clone()).then(null, function () {}));
    }
    return response;
  }, function () { return fromCopy(key, null); });
}

// Installing fetches the page, its data and its files once, so the copies
// exist before the next restart.
function prefetch() {
  return fetch(PAGE, { cache: "no-store", credentials: "same-origin" }).then(function (response) {
    if (response.status !== 200) { return null; }
    return keep(PAGE, response).then(function (files) {
      var keys = Object.keys(files).filter(cacheable);
      keys.push(DATA);
      return Promise.all(keys.map(function (key) {
        return fetch(key, { cache: "no-store", credentials: "same-origin" }).then(function (r) {
          return r.status === 200 ? keep(key, r) : null;
        });
      }));
    });
  });
}

self.addEventListener("install", function (event) {
  // A failed prefetch must not block the screen: the copies come with use.
  event.waitUntil(prefetch().then(null, function () {}).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var key = keyOf(request.url);
  if (key.indexOf(ORIGIN + "/") !== 0) { return; }
  if (request.mode === "navigate" && key !== PAGE) { return; }
  if (!cacheable(key)) { return; }
  event.respondWith(networkFirst(event, key));
});
