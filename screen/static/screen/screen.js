/* The screen at the space. Plain ES5 for old browsers; no framework.
 *
 * The first HTML already shows the agenda. This script then keeps it alive:
 * - every minute (data-refresh) it fetches data.json; on failure it keeps the
 *   last good data, shows a quiet "offline" mark and tries again later;
 * - "now", "later today" and the coming days are worked out here, from the
 *   data it holds against the browser's own clock, so an offline screen still
 *   moves on as the day goes;
 * - languages rotate every data-rotate seconds; a list that does not fit
 *   shrinks in two steps, then pages through.
 * For weeks without a reload: one interval, two timeout chains (refresh,
 * rotation), no growing arrays, no listeners on rendered nodes; lists are
 * replaced wholesale (tests/screen/soak.py measures it).
 * A service worker (templates/screen/sw.js) keeps the last good page and
 * data, for a display that restarts while the server is down.
 */
(function () {
  "use strict";
  var root = document.getElementById("scr");
  var source = document.getElementById("scr-data");
  if (!root || !source || !window.JSON) { return; }

  var data;
  try { data = JSON.parse(source.textContent); } catch (e) { return; }

  function byId(id) { return document.getElementById(id); }
  var el = {
    time: byId("scr-time"), date: byId("scr-date"), status: byId("scr-status"),
    now: byId("scr-now"), next: byId("scr-next"), coming: byId("scr-coming"), ann: byId("scr-ann"), notices: byId("scr-notices"),
    hNow: byId("scr-h-now"), hNext: byId("scr-h-next"), hComing: byId("scr-h-coming"),
    pagerNow: byId("scr-pager-now"), pagerNext: byId("scr-pager-next"), pagerComing: byId("scr-pager-coming"), qrText: byId("scr-qr-text")
  };
  var qrImages = root.querySelectorAll ? root.querySelectorAll(".scr-qr__img") : [];
  var dataUrl = root.getAttribute("data-url");

  function seconds(attr, fallback, low, high) {
    var n = parseInt(root.getAttribute(attr), 10);
    if (!(n >= low)) { n = fallback; }
    return Math.min(n, high);
  }
  var refreshMs = seconds("data-refresh", 60, 1, 60) * 1000;
  var rotateMs = seconds("data-rotate", 20, 3, 600) * 1000;

  var state = {
    lang: 0, page: 0, pages: 1, offline: false, lastGood: Date.now(),
    signature: "", dataStamp: 0, fetching: false
  };

  function languages() { return (data.languages && data.languages.length) ? data.languages : ["en"]; }
  function currentLang() { var l = languages(); return l[state.lang % l.length]; }
  function labels() {
    var l = data.labels || {};
    return l[currentLang()] || l[languages()[0]] || {};
  }
  function text(map) {
    if (!map) { return ""; }
    var v = map[currentLang()];
    if (v) { return v; }
    for (var k in map) { if (map.hasOwnProperty(k) && map[k]) { return map[k]; } }
    return "";
  }

  /* --- Clock, in the space's time zone whatever the device thinks --- */
  var formats = {};
  function format(kind, lang) {
    var key = kind + lang;
    if (!formats.hasOwnProperty(key)) {
      var options = kind === "t" ? { hour: "2-digit", minute: "2-digit", hour12: false }
        : { weekday: "long", day: "numeric", month: "long" };
      options.timeZone = data.timezone;
      try { formats[key] = new Intl.DateTimeFormat(lang, options); } catch (e) { formats[key] = null; }
    }
    return formats[key];
  }
  function pad(n) { return n < 10 ? "0" + n : "" + n; }
  function clockText(ms) {
    var f = format("t", currentLang());
    var d = new Date(ms);
    return f ? f.format(d) : pad(d.getHours()) + ":" + pad(d.getMinutes());
  }
  function dayAt(ms) {
    var days = data.days || [];
    for (var i = 0; i < days.length; i++) {
      if (days[i].start <= ms && ms < days[i].end) { return days[i]; }
    }
    return null;
  }
  function dateText(ms, today) {
    if (today) { return text(today.label); }
    var f = format("d", currentLang());
    var s = f ? f.format(new Date(ms)) : "";
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  /* --- Building nodes (textContent only: no HTML from data) --- */
  function node(tag, className, content) {
    var n = document.createElement(tag);
    if (className) { n.className = className; }
    if (content) { n.textContent = content; }
    return n;
  }
  /* The category's pictogram, as item.html draws it: one of the set from the
     page's sprite, or an uploaded picture. Decorative beside the title. */
  var SVG = "http://www.w3.org/2000/svg";
  function pictogramNode(p) {
    if (!p) { return null; }
    if (p.src) {
      var img = node("img", "scr-picto");
      img.src = p.src; img.alt = ""; img.width = 96; img.height = 96;
      return img;
    }
    if (!p.name || !document.getElementById("picto-" + p.name)) { return null; }
    var svg = document.createElementNS(SVG, "svg");
    var attrs = {"class": "scr-picto", fill: "none", stroke: "currentColor", "stroke-width": "2",
                 "stroke-linecap": "round", "stroke-linejoin": "round", "aria-hidden": "true", focusable: "false"};
    for (var name in attrs) { svg.setAttribute(name, attrs[name]); }
    var use = document.createElementNS(SVG, "use");
    use.setAttribute("href", "#picto-" + p.name);
    svg.appendChild(use);
    return svg;
  }
  function itemNode(item, L) {
    var li = node("li", "scr-item" + (item.cancelled ? " is-cancelled" : (item.moved ? " is-moved" : "")));
    li.setAttribute("data-id", item.id);
    li.appendChild(node("span", "scr-item__time", item.time));
    var picto = pictogramNode(item.pictogram);
    if (picto) { li.appendChild(picto); }
    var body = node("span", "scr-item__body");
    body.appendChild(node("span", "scr-item__title", text(item.title)));
    if (text(item.easy_read)) { body.appendChild(node("span", "scr-item__easy", text(item.easy_read))); }
    var meta = [];
    if (text(item.room)) { meta.push(text(item.room)); }
    if (text(item.category)) { meta.push(text(item.category)); }
    if (meta.length) { body.appendChild(node("span", "scr-item__meta", meta.join(" · "))); }
    var flag = "", note = [], places = "";
    if (item.cancelled) {
      flag = L.cancelled;
    } else if (item.moved) {
      flag = L.moved;
      var was = [];
      if (item.was_time) { was.push(item.was_time); }
      if (text(item.was_room)) { was.push(text(item.was_room)); }
      if (was.length) { note.push(L.was + " " + was.join(", ")); }
    }
    if (flag && text(item.reason)) { note.push(text(item.reason)); }
    if (item.places && !item.cancelled) {
      var left = item.places.left;
      places = left <= 0 ? L.full : left + " " + (left === 1 ? L.place : L.places);
    }
    if (flag || places) {
      var extra = node("span", "scr-item__extra");
      if (flag) { extra.appendChild(node("b", "scr-flag", flag)); }
      if (note.length) { extra.appendChild(node("span", "scr-note", note.join(" · "))); }
      if (places) { extra.appendChild(node("span", "scr-places" + (left <= 0 ? " is-full" : ""), places)); }
      body.appendChild(extra);
    }
    li.appendChild(body);
    return li;
  }
  var SVG = "http://www.w3.org/2000/svg";
  function svgNode(tag, attrs) {
    var n = document.createElementNS(SVG, tag);
    for (var k in attrs) { if (attrs.hasOwnProperty(k)) { n.setAttribute(k, attrs[k]); } }
    return n;
  }
  // The same markup as templates/screen/notice.html.
  function noticeNode(n) {
    var box = node("div", "scr-notice" + (n.urgent ? " scr-notice--urgent" : ""));
    var icon = svgNode("svg", { "class": "scr-notice__icon", "aria-hidden": "true", viewBox: "0 0 24 24" });
    icon.appendChild(svgNode("path", { d: "M12 1.5 23.5 22H.5z", fill: "currentColor" }));
    icon.appendChild(svgNode("rect", { x: "10.6", y: "8.5", width: "2.8", height: "7", rx: "1", "class": "scr-notice__mark" }));
    icon.appendChild(svgNode("rect", { x: "10.6", y: "16.6", width: "2.8", height: "2.6", rx: "1", "class": "scr-notice__mark" }));
    box.appendChild(icon);
    var body = node("div", "scr-notice__body");
    body.appendChild(node("p", "scr-notice__label", text(n.label)));
    body.appendChild(node("p", "scr-notice__title", text(n.title)));
    if (text(n.text)) { body.appendChild(node("p", "scr-notice__text", text(n.text))); }
    box.appendChild(body);
    return box;
  }

  function replace(list, fragment) {
    while (list.firstChild) { list.removeChild(list.firstChild); }
    list.appendChild(fragment);
  }
  function setText(n, value) { if (n && n.textContent !== value) { n.textContent = value; } }

  /* --- Fitting: shrink in two steps, then page through --- */
  var FIT = ["", " fit-1", " fit-2"];
  function isHead(n) { return n.className.indexOf("scr-dayhead") >= 0; }
  function fit(list, base, page) {
    var kids = list.children, i;
    for (i = 0; i < kids.length; i++) { kids[i].className = kids[i].className.replace(" is-off", "").replace(" is-first", ""); }
    for (i = 0; i < FIT.length; i++) {
      list.className = base + FIT[i];
      if (list.scrollHeight <= list.clientHeight + 1) { return 1; }
    }
    // starts[p]: first row of page p; heads[p]: the day heading repeated on
    // top of page p when it begins in the middle of a day (-1 if none).
    var height = list.clientHeight, starts = [0], heads = [-1], lastHead = -1;
    var top = kids.length ? kids[0].offsetTop : 0;
    for (i = 0; i < kids.length; i++) {
      var k = kids[i];
      if (i > starts[starts.length - 1] && k.offsetTop + k.offsetHeight - top > height) {
        var at = i, head = lastHead;
        // Never leave a day's heading alone at the bottom of a page.
        if (isHead(kids[i - 1]) && i - 1 > starts[starts.length - 1]) { at = i - 1; head = -1; }
        if (isHead(kids[at])) { head = -1; }
        starts.push(at);
        heads.push(head);
        top = kids[at].offsetTop - (head >= 0 ? kids[head].offsetHeight + 12 : 0);
      }
      if (isHead(k)) { lastHead = i; }
    }
    var p = page % starts.length, from = starts[p], to = p + 1 < starts.length ? starts[p + 1] : kids.length;
    for (i = 0; i < kids.length; i++) {
      if ((i < from || i >= to) && i !== heads[p]) { kids[i].className += " is-off"; }
    }
    var first = heads[p] >= 0 ? heads[p] : from;
    if (kids[first]) { kids[first].className += " is-first"; }
    if (heads[p] >= 0 && kids[from]) { kids[from].className += " is-first"; }
    return starts.length;
  }
  function pager(span, pages) {
    setText(span, pages > 1 ? " " + ((state.page % pages) + 1) + "/" + pages : "");
  }

  /* --- Rendering what is on, at this moment, in this language --- */
  function fill(list, items, L, emptyText) {
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < items.length; i++) {
      fragment.appendChild(items[i].head ? node("li", "scr-dayhead", items[i].head) : itemNode(items[i], L));
    }
    if (!items.length) { fragment.appendChild(node("li", "scr-empty", emptyText)); }
    replace(list, fragment);
  }

  function render(force) {
    var ms = Date.now();
    var minute = Math.floor(ms / 60000);
    var signature = [currentLang(), state.page, minute, state.dataStamp, state.offline].join("|");
    setText(el.time, clockText(ms));
    if (!force && signature === state.signature) { return; }
    state.signature = signature;

    var lang = currentLang(), L = labels(), items = data.items || [], days = data.days || [];
    var today = dayAt(ms), i, j;
    document.documentElement.lang = lang;
    setText(el.date, dateText(ms, today));
    setText(el.hNow.firstChild, L.now);
    setText(el.hNext.firstChild, L.next);
    setText(el.hComing.firstChild, L.coming);

    var now = [], later = [], coming = [];
    for (i = 0; i < items.length; i++) {
      var it = items[i];
      if (it.start <= ms && ms < it.end) { now.push(it); }
      else if (today && it.day === today.date && it.start > ms) { later.push(it); }
    }
    var after = today ? today.end : ms;
    for (i = 0; i < days.length; i++) {
      if (days[i].start < after) { continue; }
      var head = false;
      for (j = 0; j < items.length; j++) {
        if (items[j].day !== days[i].date) { continue; }
        if (!head) { coming.push({ head: text(days[i].label) }); head = true; }
        coming.push(items[j]);
      }
    }
    fill(el.now, now, L, L.nothing_now);
    fill(el.next, later, L, L.nothing_next);
    fill(el.coming, coming, L, L.nothing_coming);

    var anns = data.announcements || [], fragment = document.createDocumentFragment(), shown = 0;
    for (i = 0; i < anns.length; i++) {
      if (!(anns[i].start <= ms && ms < anns[i].end)) { continue; }
      var box = node("div", "scr-ann__item");
      box.appendChild(node("p", "scr-ann__title", text(anns[i].title)));
      if (text(anns[i].text)) { box.appendChild(node("p", "scr-ann__text", text(anns[i].text))); }
      fragment.appendChild(box);
      shown++;
    }
    replace(el.ann, fragment);
    if (shown) { el.ann.removeAttribute("hidden"); } else { el.ann.setAttribute("hidden", ""); }

    // Notices from plugins (screen.signals.screen_notices): shown between
    // their start and end by this clock, so they leave on time even offline.
    if (el.notices) {
      var notices = data.notices || [], nFragment = document.createDocumentFragment(), nShown = 0;
      for (i = 0; i < notices.length; i++) {
        var n = notices[i];
        if (!(n.start <= ms && ms < n.end)) { continue; }
        nFragment.appendChild(noticeNode(n));
        nShown++;
      }
      replace(el.notices, nFragment);
      if (nShown) { el.notices.removeAttribute("hidden"); } else { el.notices.setAttribute("hidden", ""); }
    }

    for (i = 0; i < qrImages.length; i++) {
      if (qrImages[i].getAttribute("data-lang") === lang) { qrImages[i].removeAttribute("hidden"); }
      else { qrImages[i].setAttribute("hidden", ""); }
    }
    if (el.qrText) {
      setText(el.qrText.firstChild, L.qr + " ");
      setText(el.qrText.lastChild, (data.agenda_url || {})[lang] || "");
    }
    root.className = "scr scr--" + (data.orientation === "portrait" ? "portrait" : "landscape") + (state.offline ? " is-offline" : "");
    if (state.offline) {
      setText(el.status, L.offline + " · " + L.updated + " " + clockText(state.lastGood));
      el.status.removeAttribute("hidden");
    } else {
      el.status.setAttribute("hidden", "");
    }

    // In document order within each column: a list's room depends on what comes before it.
    var pages = Math.max(
      fit(el.now, "scr-list scr-list--now", state.page),
      fit(el.next, "scr-list scr-list--next", state.page),
      shown ? fit(el.ann, "scr-ann", state.page) : 1,
      fit(el.coming, "scr-list scr-list--coming", state.page)
    );
    state.pages = pages;
    pager(el.pagerNow, el.now.querySelector(".is-off") ? pages : 1);
    pager(el.pagerNext, el.next.querySelector(".is-off") ? pages : 1);
    pager(el.pagerComing, el.coming.querySelector(".is-off") ? pages : 1);
  }

  /* --- Data from the server, every minute; the last good data on failure --- */
  function schedule() {
    var every = (data.refresh_seconds > 0 ? Math.min(data.refresh_seconds, 60) * 1000 : refreshMs);
    window.setTimeout(load, Math.min(every, refreshMs));
  }
  function offline() {
    state.offline = true;
    render(true);
  }
  function load() {
    if (state.fetching) { return; }
    state.fetching = true;
    var xhr = new XMLHttpRequest();
    var done = false;
    // copy: the service worker answered with its last good copy (the
    // server is unreachable); shown if newer than what is held, still offline.
    function finish(fresh, copy) {
      if (done) { return; }
      done = true;
      state.fetching = false;
      xhr.onload = xhr.onerror = xhr.ontimeout = xhr.onabort = null;
      if (fresh && (!copy || fresh.generated > state.lastGood)) {
        data = fresh;
        state.lastGood = fresh.generated || Date.now();
        state.dataStamp = state.lastGood;
        if (state.lang >= languages().length) { state.lang = 0; }
      }
      if (fresh && !copy) {
        state.offline = false;
        render(true);
      } else {
        offline();
      }
      schedule();
    }
    xhr.onload = function () {
      var fresh = null;
      if (xhr.status === 200) {
        try { fresh = JSON.parse(xhr.responseText); } catch (e) { fresh = null; }
      }
      finish(fresh && fresh.items && fresh.days && fresh.labels ? fresh : null, !!xhr.getResponseHeader("X-Screen-Offline"));
    };
    xhr.onerror = xhr.ontimeout = xhr.onabort = function () { finish(null); };
    try {
      xhr.open("GET", dataUrl, true);
      xhr.timeout = 20000;
      xhr.setRequestHeader("Accept", "application/json");
      xhr.send();
    } catch (e) {
      finish(null);
    }
  }

  function rotate() {
    state.page += 1;
    if (state.page >= state.pages) {
      state.page = 0;
      state.lang = (state.lang + 1) % languages().length;
    }
    render(true);
    window.setTimeout(rotate, rotateMs);
  }

  state.dataStamp = data.generated || 0;
  state.lastGood = data.generated || state.lastGood;
  render(true);
  root.setAttribute("data-live", "");
  window.setInterval(function () { render(false); }, 1000);
  window.setTimeout(rotate, rotateMs);
  // Data older than a refresh: this page is a copy kept by the service
  // worker (the display restarted while the server was away); ask at once,
  // for newer data or for the offline mark.
  if (Date.now() - state.lastGood > refreshMs) { load(); } else { schedule(); }

  // A display that restarts while the server is down then shows its last
  // agenda instead of the browser's error page (secure contexts only).
  var worker = root.getAttribute("data-sw");
  if (worker && navigator.serviceWorker && navigator.serviceWorker.register) {
    try { navigator.serviceWorker.register(worker).then(null, function () {}); } catch (e) { /* no worker: no copy */ }
  }
}());
