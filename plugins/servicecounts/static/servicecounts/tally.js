// The tally screen: each tap gets an id made here, goes into a queue kept in
// localStorage, and is sent to the server in batches; the server counts each
// id once, so sending again after a dropped connection is always safe.
// Without this script the buttons are plain forms (one POST per tap).
(function () {
  "use strict";
  var root = document.getElementById("sc-tally");
  if (!root || !window.fetch || !window.localStorage) return;

  var KEY = "servicecounts.queue.v1";
  var BATCH = 100;
  var url = root.dataset.tapUrl;
  var shift = root.dataset.shift;
  var statusBox = document.getElementById("sc-status");
  var recentList = document.getElementById("sc-recent-list");
  var recentEmpty = document.getElementById("sc-recent-empty");
  var serverTotals = {};
  var labels = {};
  var sending = false;
  var failures = 0;
  var timer = null;
  var problem = "";
  // The words come from the page, in the admin's language (a JSON script element).
  var strings = JSON.parse(document.getElementById("sc-strings").textContent);
  // "Last taps" show the space's time, as the server writes it, whatever the device's zone.
  var clock = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: root.dataset.timeZone || undefined
  });

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) { return String(values[name]); });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }
  function save(queue) { localStorage.setItem(KEY, JSON.stringify(queue)); }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    var input = root.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function pendingDelta(indicator) {
    return load().reduce(function (sum, item) {
      return sum + (item.shift === shift && String(item.indicator) === String(indicator) ? item.delta : 0);
    }, 0);
  }

  function render() {
    root.querySelectorAll("[data-total-for]").forEach(function (el) {
      var id = el.dataset.totalFor;
      el.textContent = String((serverTotals[id] || 0) + pendingDelta(id));
    });
    var waiting = load().length;
    statusBox.classList.toggle("is-queued", waiting > 0);
    var text;
    if (waiting) {
      text = fill(waiting === 1 ? strings.waiting_one : strings.waiting_other, {count: waiting});
    } else {
      text = strings.saved;
    }
    statusBox.textContent = problem ? text + " " + problem : text;
    statusBox.dataset.queued = String(waiting);
    recentEmpty.hidden = recentList.children.length > 0;
    recentList.querySelectorAll("li").forEach(function (li) {
      var queued = load().some(function (item) { return item.id === li.dataset.tapId; });
      li.classList.toggle("is-pending", queued);
    });
  }

  function addRecent(tapId, indicator) {
    var li = document.createElement("li");
    li.dataset.tapId = tapId;
    li.dataset.indicator = indicator;
    var form = document.createElement("form");
    form.className = "sc-undo-form";
    var span = document.createElement("span");
    var now = new Date();
    var time = document.createElement("time");
    time.dateTime = now.toISOString();
    time.textContent = clock.format(now);
    span.textContent = labels[indicator] + ", ";
    span.appendChild(time);
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "button button-small button-secondary";
    button.textContent = strings.undo;
    var sr = document.createElement("span");
    sr.className = "w-sr-only";
    sr.textContent = ": " + labels[indicator];
    button.appendChild(sr);
    form.appendChild(span);
    form.appendChild(button);
    li.appendChild(form);
    recentList.insertBefore(li, recentList.firstChild);
    while (recentList.children.length > 8) recentList.removeChild(recentList.lastChild);
  }

  function enqueue(item) {
    var queue = load();
    queue.push(item);
    save(queue);
    render();
    flushSoon(0);
  }

  function flushSoon(delay) {
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delay);
  }

  function retryLater() {
    failures += 1;
    var delay = Math.min(30000, 1000 * Math.pow(2, failures - 1)) * (0.75 + Math.random() / 2);
    flushSoon(delay);
  }

  function flush() {
    timer = null;
    if (sending) return;
    var batch = load().slice(0, BATCH);
    if (!batch.length) { failures = 0; render(); return; }
    sending = true;
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken(), "X-Requested-With": "XMLHttpRequest"},
      body: JSON.stringify({taps: batch})
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      return (json ? response.json() : Promise.resolve(null)).then(function (body) {
        return {status: response.status, body: body, redirected: response.redirected};
      });
    }).then(function (answer) {
      sending = false;
      var partial = answer.status === 400 && answer.body && answer.body.errors && answer.body.results;
      if ((answer.status === 200 || partial) && answer.body && !answer.redirected) {
        // The server took each tap in "results" (counted, or a duplicate of one
        // it had) and refused each in "errors" (by its index in the batch): both
        // leave the queue, so nothing taken is sent twice and nothing refused
        // blocks the taps behind it.
        var done = {};
        answer.body.results.forEach(function (r) { done[r.id] = true; });
        if (partial) {
          answer.body.errors.forEach(function (e) {
            var item = batch[e.index];
            if (item && (!e.id || e.id === item.id)) done[item.id] = true;
          });
        }
        save(load().filter(function (item) { return !done[item.id]; }));
        if (answer.body.shift && answer.body.shift.id === shift) {
          serverTotals = {};
          Object.keys(answer.body.shift.totals).forEach(function (k) { serverTotals[k] = answer.body.shift.totals[k]; });
        }
        failures = 0;
        problem = partial ? fill(strings.refused, {reason: answer.body.errors[0].error || answer.body.error}) : "";
        render();
        if (load().length) flushSoon(0);
        return;
      }
      if (answer.status === 403 || answer.redirected) {
        problem = strings.logged_out;
      } else {
        problem = "";
      }
      render();
      retryLater();
    }).catch(function () {
      sending = false;
      problem = "";
      render();
      retryLater();
    });
  }

  root.querySelectorAll("[data-total-for]").forEach(function (el) {
    serverTotals[el.dataset.totalFor] = parseInt(el.dataset.serverTotal, 10) || 0;
  });
  root.querySelectorAll(".sc-tap-form").forEach(function (form) {
    labels[form.dataset.indicator] = form.dataset.label;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var id = uuid();
      var indicator = parseInt(form.dataset.indicator, 10);
      enqueue({id: id, indicator: indicator, delta: 1, at: new Date().toISOString(), shift: shift});
      addRecent(id, indicator);
      render();
      var button = form.querySelector("button");
      button.classList.add("is-tapped");
      setTimeout(function () { button.classList.remove("is-tapped"); }, 150);
    });
  });
  recentList.addEventListener("submit", function (event) {
    var form = event.target.closest("form");
    var li = event.target.closest("li");
    if (!form || !li) return;
    event.preventDefault();
    enqueue({id: uuid(), undoes: li.dataset.tapId, indicator: parseInt(li.dataset.indicator, 10), delta: -1,
             at: new Date().toISOString(), shift: shift});
    li.parentNode.removeChild(li);
    statusBox.focus && render();
  });

  // Taps still queued from before a reload go back into the list of last taps.
  var queued = load();
  var undone = {};
  queued.forEach(function (item) { if (item.undoes) undone[item.undoes] = true; });
  queued.forEach(function (item) {
    if (!item.undoes && !undone[item.id] && item.shift === shift && labels[item.indicator]) addRecent(item.id, item.indicator);
  });
  window.addEventListener("online", function () { failures = 0; flushSoon(0); });
  render();
  flushSoon(0);
})();
