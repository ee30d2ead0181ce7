"""Web push: subscribing, the encrypted fan-out through a local push-service stand-in, and forgetting gone endpoints.

Headless Chromium cannot subscribe to a real push service here (a real
subscribe asks Google's FCM for an endpoint over the network). Here: the
subscription JSON a browser sends is what the views are tested with, and the
stand-in decrypts with the subscription's private keys as a phone would. The
browser's part is in tests/browser/test_alerts_push.py: the worker's
registration at the site's origin and its push handler (a push delivered
through DevTools) for real, push.js's subscribe and unsubscribe with only the
browser's push service replaced (its docstring says which part is tested how).
"""

import json

import pytest

from plugins.alerts import push, services
from plugins.alerts.models import PushSent, PushSubscription

from .pushservice import PushService

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.fixture
def vapid(settings):
    private, public = push.vapid_keys_new()
    settings.ALERTS_VAPID_PRIVATE_KEY, settings.ALERTS_VAPID_PUBLIC_KEY = private, public
    settings.ALERTS_VAPID_SUBJECT = "mailto:alerts@example.org"
    return public


def _subscribe(client, body, content_type="application/json"):
    return client.post("/ca/plugins/alerts/push/subscribe/", body if isinstance(body, str) else json.dumps(body),
                       content_type=content_type)


def test_a_subscription_keeps_the_endpoint_and_keys_only(vapid, alerts_on, home, client):
    subscription = {"endpoint": "https://push.example/abc", "keys": {"p256dh": "BAbc_-", "auth": "xyz"}}
    assert _subscribe(client, subscription).status_code == 201
    assert _subscribe(client, subscription).status_code == 201  # again: the same row
    row = PushSubscription.objects.get()
    assert (row.endpoint, row.p256dh, row.auth) == ("https://push.example/abc", "BAbc_-", "xyz")
    # Nothing about a person: the push service's address, its keys, and the space it was made on.
    assert {f.name for f in PushSubscription._meta.get_fields()} == {"id", "endpoint", "p256dh", "auth", "created_at", "site"}
    assert client.post("/ca/plugins/alerts/push/unsubscribe/", json.dumps(subscription),
                       content_type="application/json").status_code == 200
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("body, content_type", [
    ("endpoint=https://x", "application/x-www-form-urlencoded"),
    ("{not json", "application/json"),
    ("[]", "application/json"),
    (json.dumps({"endpoint": "http://push.example/a", "keys": {"p256dh": "a", "auth": "b"}}), "application/json"),
    (json.dumps({"endpoint": "https://push.example/a", "keys": {"p256dh": "a b", "auth": "b"}}), "application/json"),
    (json.dumps({"endpoint": "https://push.example/a"}), "application/json"),
])
def test_a_bad_subscription_gets_a_400(vapid, alerts_on, home, client, body, content_type):
    response = _subscribe(client, body, content_type)
    assert response.status_code == 400 and response.json()["error"]


def test_no_subscribing_while_the_plugin_is_off(vapid, home, client):
    assert _subscribe(client, {"endpoint": "https://p.example/a", "keys": {"p256dh": "a", "auth": "b"}}).status_code == 404


def test_the_alerts_page_says_what_the_push_service_learns(vapid, alert_index, alerts_on, client):
    html = client.get(alert_index.url).content.decode()
    privacy = html.split('class="alert-push__privacy"')[1].split("</p>")[0]
    assert "Google" in privacy and "Apple" in privacy  # in the page's language (ca)
    assert f'data-key="{vapid}"' in html


def test_publishing_pushes_the_encrypted_alert_and_forgets_gone_endpoints(
    vapid, alert_factory, alerts_on, django_capture_on_commit_callbacks,
):
    with PushService() as service:
        for _ in range(3):
            services.push_subscription_save(**_fields(service.subscription()))
        services.push_subscription_save(**_fields(service.subscription("gone-1")))
        with django_capture_on_commit_callbacks(execute=True):
            page = alert_factory(title="Fentanyl in heroin")  # published: the queue runs at once in tests
        assert len(service.received) == 3
        message = service.received[0]
        assert message["title"] == {"ca": "Fentanyl in heroin"} and message["severity"] == "danger"
        assert message["url"]["ca"].endswith(page.url)
        assert service.headers[0]["content-encoding"] == "aes128gcm"
        assert service.headers[0]["authorization"].startswith("vapid t=")
    assert PushSubscription.objects.count() == 3  # the 410 one is gone
    assert PushSent.objects.filter(translation_key=page.translation_key).exists()


def test_an_alert_is_pushed_once_not_at_every_revision(vapid, alert_factory, alerts_on, django_capture_on_commit_callbacks):
    with PushService() as service:
        services.push_subscription_save(**_fields(service.subscription()))
        with django_capture_on_commit_callbacks(execute=True):
            page = alert_factory()
            page.advice = "Test it first."
            page.save_revision().publish()
        assert len(service.received) == 1


def test_the_fan_out_is_a_task_per_batch(vapid, alert_factory, alerts_on, monkeypatch):
    from plugins.alerts import tasks

    batches = []
    monkeypatch.setattr(tasks, "push_batch", lambda payload, ids: batches.append(ids))
    monkeypatch.setattr(services, "PUSH_BATCH", 2)
    for n in range(5):
        PushSubscription.objects.create(endpoint=f"https://p.example/{n}", p256dh="a", auth="b")
    page = alert_factory(publish=False)
    assert services.alert_push_fanout(page=page) == 3
    assert [len(b) for b in batches] == [2, 2, 1]


def _fields(subscription):
    return {"endpoint": subscription["endpoint"], **subscription["keys"]}


def test_the_service_worker_is_served_from_the_plugin_and_not_while_off(site, home, client):
    assert client.get("/ca/plugins/alerts/push/sw.js").status_code == 404
    from plugins.models import SitePlugins

    switches = SitePlugins.for_site(site)
    switches.enabled = ["alerts"]
    switches.save()
    response = client.get("/ca/plugins/alerts/push/sw.js")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert b"showNotification" in response.content


# --- An alert approved for later is pushed when it starts ------------------------------

def test_an_alert_approved_for_later_is_pushed_when_it_starts_and_once(
    vapid, alert_factory, alerts_on, django_capture_on_commit_callbacks, time_machine,
):
    import datetime as dt

    from django.utils import timezone

    from plugins.alerts import tasks

    time_machine.move_to(dt.datetime(2026, 3, 28, 23, 50, tzinfo=dt.timezone.utc), tick=False)
    start = timezone.now() + dt.timedelta(hours=2)  # 03:50 Madrid, just after the spring change
    with PushService() as service:
        services.push_subscription_save(**_fields(service.subscription()))
        with django_capture_on_commit_callbacks(execute=True):
            page = alert_factory(title="Cathinones sold as MDMA", valid_from=start,
                                 valid_until=start + dt.timedelta(days=7))
        assert service.received == []  # approved, not started: nothing on the phones yet
        time_machine.move_to(start - dt.timedelta(seconds=1), tick=False)
        tasks.boundaries()
        assert service.received == [] and not PushSent.objects.exists()
        time_machine.move_to(start + dt.timedelta(seconds=30), tick=False)
        tasks.boundaries()
        assert [m["title"] for m in service.received] == [{"ca": "Cathinones sold as MDMA"}]
        assert PushSent.objects.filter(translation_key=page.translation_key).exists()
        time_machine.move_to(start + dt.timedelta(minutes=1, seconds=30), tick=False)
        tasks.boundaries()  # the next run, and a new revision: not again
        with django_capture_on_commit_callbacks(execute=True):
            page.advice = "Test it first."
            page.save_revision().publish()
        assert len(service.received) == 1


def test_a_worker_that_was_down_at_the_start_pushes_when_it_is_back_but_not_stale_alerts(
    vapid, alert_factory, alerts_on, time_machine,
):
    import datetime as dt

    from django.core.cache import cache
    from django.utils import timezone

    from plugins.alerts import tasks

    time_machine.move_to(dt.datetime(2026, 12, 31, 22, 59, tzinfo=dt.timezone.utc), tick=False)
    now = timezone.now()
    with PushService() as service:
        services.push_subscription_save(**_fields(service.subscription()))
        later = alert_factory(title="Later", valid_from=now + dt.timedelta(minutes=1))  # 00:00 on 1 January, Madrid
        # Started two days ago and never pushed (publication's on_commit push is not run here,
        # as if push was off then): not news any more.
        stale = alert_factory(title="Stale", valid_from=now - dt.timedelta(days=2))
        ended = alert_factory(title="Ended", publish=False, valid_from=now - dt.timedelta(hours=3),
                              valid_until=now - dt.timedelta(hours=1))
        ended.save_revision().publish()
        # The worker comes back three hours after the start, having lost its cache.
        cache.clear()
        time_machine.move_to(later.valid_from + dt.timedelta(hours=3), tick=False)
        tasks.boundaries()
        assert [m["title"] for m in service.received] == [{"ca": "Later"}]
        assert not PushSent.objects.filter(translation_key__in=[stale.translation_key, ended.translation_key]).exists()


def test_an_alert_that_starts_is_not_pushed_where_the_plugin_is_off(vapid, alert_factory, site, time_machine):
    import datetime as dt

    from django.utils import timezone

    from plugins.alerts import tasks

    time_machine.move_to(dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.timezone.utc), tick=False)  # autumn change
    with PushService() as service:
        services.push_subscription_save(**_fields(service.subscription()))
        page = alert_factory(valid_from=timezone.now() + dt.timedelta(minutes=1))
        time_machine.move_to(page.valid_from + dt.timedelta(minutes=1), tick=False)
        tasks.boundaries()
        assert service.received == [] and not PushSent.objects.exists()
