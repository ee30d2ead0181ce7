"""The alerts page's push opt-in (static alerts/push.js) and the service worker (alerts/push_sw.js) in Chromium.

Headless Chromium cannot subscribe to a real push service here: a real
``pushManager.subscribe()`` asks Chromium's push service (Google's FCM) for an
endpoint over the network, which this machine cannot reach. So, what is tested how:

- Registration (real): the opt-in box appears only once push.js has registered
  the service worker, and the worker's script comes from the site's own origin
  (the plugin's URL), not from another host.
- Subscribe and unsubscribe (push.js real, the browser's push service replaced):
  ``PushManager.prototype.subscribe``/``getSubscription`` are replaced in the page
  by a stand-in that returns a subscription object as Chromium would (endpoint,
  keys, ``toJSON()``, ``unsubscribe()``); push.js's own code passes the site's
  VAPID key, posts the subscription to the site, shows the state, and on "stop"
  posts the unsubscription and unsubscribes. The rows are checked in the database.
- The worker's ``push`` handler (real): DevTools' ``ServiceWorker.deliverPushMessage``
  delivers a payload to the registered worker, as the browser does with what
  the push service hands it after decrypting; the notification it shows is read
  back with ``registration.getNotifications()``.
- The encryption, VAPID and the push service's side are tested without a browser,
  against a local push-service stand-in that decrypts with the subscription's
  keys (tests/plugins/alerts/test_push.py).
"""

import json

import pytest

from tests.browser.helpers import RequestLog

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ENDPOINT = "https://push.example/browser-test"
# Replaces the browser's push service (see the module's docstring); everything else is the browser's own.
PUSH_STAND_IN = """(() => {
  let current = null;
  window.__pushCalls = [];
  const subscription = (json) => ({
    endpoint: json.endpoint, options: {},
    toJSON: () => json,
    unsubscribe: () => { window.__pushCalls.push("unsubscribe"); current = null; return Promise.resolve(true); },
  });
  PushManager.prototype.subscribe = function (options) {
    window.__pushCalls.push("subscribe");
    window.__subscribeOptions = {userVisibleOnly: options.userVisibleOnly,
                                 key: Array.from(new Uint8Array(options.applicationServerKey))};
    current = subscription({endpoint: "%s", expirationTime: null,
                            keys: {p256dh: "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3qBUYIHBQFLXYp5Nksh8U",
                                   auth: "tBHItJI5svbpez7KI4CCXg"}});
    return Promise.resolve(current);
  };
  PushManager.prototype.getSubscription = function () { return Promise.resolve(current); };
})();""" % ENDPOINT


@pytest.fixture
def alerts_page(live_server, home, site, settings):
    from plugins.alerts import push
    from plugins.alerts.models import AlertIndexPage
    from plugins.models import SitePlugins

    private, public = push.vapid_keys_new()
    settings.ALERTS_VAPID_PRIVATE_KEY, settings.ALERTS_VAPID_PUBLIC_KEY = private, public
    settings.ALERTS_VAPID_SUBJECT = "mailto:alerts@example.org"
    switches = SitePlugins.for_site(site)
    switches.enabled = ["alerts"]
    switches.save()
    index = AlertIndexPage(title="Alertes", slug="alertes")
    home.add_child(instance=index)
    index.save_revision().publish()
    return f"{live_server.url}/ca/alertes/", public


def _until(page, function, arg):
    """Wait until ``function(arg)`` (JavaScript) resolves truthy. page.wait_for_function evaluates a
    function given with an argument by eval(), which the site's CSP (script-src 'self') refuses."""
    for _ in range(600):
        if page.evaluate(function, arg):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {function}")


def _worker(page, sw_url):
    return page.evaluate("(url) => navigator.serviceWorker.getRegistration(url).then((r) => r && r.active && r.active.scriptURL)",
                         sw_url)


def test_opt_in_registers_the_worker_here_subscribes_shows_a_push_and_unsubscribes(page, live_server, alerts_page):
    import base64

    from plugins.alerts.models import PushSubscription

    url, public_key = alerts_page
    log = RequestLog(page, live_server.url)
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.add_init_script(PUSH_STAND_IN)
    page.goto(url)
    box = page.locator("#alert-push")
    box.wait_for(state="visible")  # shown only once the worker is registered
    sw_url = box.get_attribute("data-sw")
    _until(page, "(url) => navigator.serviceWorker.getRegistration(url).then((r) => !!(r && r.active))", sw_url)
    assert _worker(page, sw_url) == live_server.url + sw_url
    assert sw_url.startswith("/ca/plugins/alerts/push/")
    assert page.locator("#alert-push-status").inner_text() == box.get_attribute("data-off")

    # Opting in: push.js subscribes with the site's VAPID key and sends endpoint and keys to the site.
    page.locator("#alert-push-on").click()
    _until(page, "() => document.getElementById('alert-push-off').hidden === false", None)
    assert page.locator("#alert-push-status").inner_text() == box.get_attribute("data-on")
    options = page.evaluate("window.__subscribeOptions")
    assert options["userVisibleOnly"] is True
    assert bytes(options["key"]) == base64.urlsafe_b64decode(public_key + "=" * (-len(public_key) % 4))
    row = PushSubscription.objects.get()
    assert row.endpoint == ENDPOINT and row.auth == "tBHItJI5svbpez7KI4CCXg"

    # A push reaches the worker: it shows the alert in the browser's language, linking to its page.
    cdp = page.context.new_cdp_session(page)
    registrations = {}
    cdp.on("ServiceWorker.workerRegistrationUpdated",
           lambda event: registrations.update({r["scopeURL"]: r["registrationId"] for r in event["registrations"]}))
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if registrations:
            break
        page.wait_for_timeout(100)
    scope = next(s for s in registrations if s.startswith(live_server.url + "/ca/plugins/alerts/push/"))
    payload = {"id": "k1", "severity": "danger", "default": "ca",
               "title": {"ca": "Fentanil en heroïna", "en": "Fentanyl in heroin"},
               "body": {"ca": "No consumeixis sol.", "en": "Don't use alone."},
               "url": {"ca": live_server.url + "/ca/alertes/fentanil/", "en": live_server.url + "/en/alerts/fentanyl/"}}
    cdp.send("ServiceWorker.deliverPushMessage",
             {"origin": live_server.url, "registrationId": registrations[scope], "data": json.dumps(payload)})
    _until(page, "(url) => navigator.serviceWorker.getRegistration(url)"
                 ".then((r) => r.getNotifications()).then((n) => n.length === 1)", sw_url)
    shown = page.evaluate("(url) => navigator.serviceWorker.getRegistration(url).then((r) => r.getNotifications())"
                          ".then((n) => n.map((x) => ({title: x.title, body: x.body, tag: x.tag, data: x.data})))", sw_url)
    language = page.evaluate("navigator.language").split("-")[0]
    code = language if language in payload["title"] else "ca"
    assert shown == [{"title": payload["title"][code], "body": payload["body"][code], "tag": "alert-k1",
                      "data": {"url": payload["url"][code]}}]

    # Opting out: push.js tells the site, then unsubscribes the browser.
    page.locator("#alert-push-off").click()
    _until(page, "() => document.getElementById('alert-push-on').hidden === false", None)
    assert page.locator("#alert-push-status").inner_text() == box.get_attribute("data-off")
    assert page.evaluate("window.__pushCalls") == ["subscribe", "unsubscribe"]
    assert not PushSubscription.objects.exists()
    assert log.foreign() == []
