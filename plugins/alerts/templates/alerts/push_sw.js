// Shows an alert pushed by the space (plugins/alerts), in the phone's language when the alert has it.
self.addEventListener("push", function (event) {
  var data = {};
  try { data = event.data ? event.data.json() : {}; } catch (e) { data = {}; }
  var langs = (self.navigator && self.navigator.languages) || [];
  var code = data["default"];
  for (var i = 0; i < langs.length; i++) {
    var short = String(langs[i]).slice(0, 2);
    if (data.title && data.title[short]) { code = short; break; }
  }
  var pick = function (map) { return (map && (map[code] || map[data["default"]])) || ""; };
  event.waitUntil(self.registration.showNotification(pick(data.title) || "Alert", {
    body: pick(data.body), tag: "alert-" + data.id, data: { url: pick(data.url) }
  }));
});
self.addEventListener("notificationclick", function (event) {
  event.notification.close();
  var url = event.notification.data && event.notification.data.url;
  if (url) { event.waitUntil(self.clients.openWindow(url)); }
});
