"""Web Push subscriptions (opt-in on the alerts page) and the service worker that shows them."""

import json
import re

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import push, services

_KEY = re.compile(r"^[A-Za-z0-9_-]+={0,2}$")


def _subscription(request) -> tuple[dict | None, str]:
    # Only application/json: a cross-site form cannot send it without a CORS
    # preflight, which this view never answers, so no CSRF token is needed.
    if request.content_type != "application/json":
        return None, "Send the subscription as application/json."
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, "The subscription is not valid JSON."
    if not isinstance(data, dict):
        return None, "The subscription must be a JSON object."
    endpoint = data.get("endpoint")
    keys = data.get("keys") if isinstance(data.get("keys"), dict) else {}
    if not isinstance(endpoint, str) or not endpoint.startswith("https://") or len(endpoint) > 1000 or "\x00" in endpoint:
        return None, "The endpoint must be an https address of at most 1000 characters."
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    for value, size in ((p256dh, 200), (auth, 100)):
        if not isinstance(value, str) or not value or len(value) > size or not _KEY.match(value):
            return None, "The subscription's keys are missing or not base64url."
    return {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}, ""


@csrf_exempt
@require_POST
def push_subscribe(request):
    fields, error = _subscription(request)
    if fields is None:
        return JsonResponse({"error": error}, status=400)
    if not push.enabled():
        return JsonResponse({"error": "Push notifications are not set up here."}, status=404)
    services.push_subscription_save(**fields)
    return JsonResponse({"ok": True}, status=201)


@csrf_exempt
@require_POST
def push_unsubscribe(request):
    fields, error = _subscription(request)
    if fields is None:
        return JsonResponse({"error": error}, status=400)
    services.push_subscription_delete(endpoint=fields["endpoint"])
    return JsonResponse({"ok": True})


@require_GET
def service_worker(request):
    response = HttpResponse(render_to_string("alerts/push_sw.js"), content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response
