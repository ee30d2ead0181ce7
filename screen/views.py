"""The screen's three addresses: the page, its data and its QR codes.

No login: the token in the address is the key. An unknown token answers a
plain 404, the same whether the token was never valid or has been replaced.
"""

from __future__ import annotations

from django.http import HttpResponse, HttpResponseNotFound, JsonResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from agenda import pictograms
from safespace import spaces
from safespace.errors import json_endpoint

from . import display, qr, selectors
from .labels import labels_for
from .models import Screen

NOT_FOUND = "Not found.\n"


def _final(response: HttpResponse) -> HttpResponse:
    # Django's LocaleMiddleware would redirect a 404 outside the language
    # prefix to /<lang>/screen/..., which Wagtail's page route always matches.
    response.final_404 = True
    return response


def _not_found() -> HttpResponse:
    return _final(HttpResponseNotFound(NOT_FOUND, content_type="text/plain; charset=utf-8"))


def _private(response: HttpResponse) -> HttpResponse:
    # The address is a secret: keep it out of caches, search engines and referrers.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _screen_or_none(token: str, request=None) -> Screen | None:
    """The screen at this address, if it belongs to the space of the host it is read at."""
    screen = selectors.screen_by_token(token=token)
    if screen is not None and request is not None and spaces.space_for_request(request).pk != screen.site_id:
        return None
    return screen


@require_GET
def show(request, token: str):
    screen = _screen_or_none(token, request)
    if screen is None:
        return _not_found()
    now = timezone.now()
    data = selectors.screen_data(screen=screen, request=request, now=now)
    language = data["languages"][0]
    state = display.display_state(data, language=language, now_ms=display.now_ms(now))
    context = {
        "screen": screen,
        "data": data,
        "state": state,
        "clock": timezone.localtime(now).strftime("%H:%M"),
        "qr_languages": data["languages"],
        "refresh_seconds": screen.refresh_seconds,
        "rotate_seconds": screen.rotate_seconds,
        # A pictogram chosen later shows from the next load of the page.
        "pictogram_sprite": pictograms.sprite((item.get("pictogram") or {}).get("name") for item in data["items"]),
    }
    return _private(TemplateResponse(request, "screen/screen.html", context))


@json_endpoint
@require_GET
def data(request, token: str):
    screen = _screen_or_none(token, request)
    if screen is None:
        return _final(_private(JsonResponse({"error": "No screen at this address."}, status=404)))
    payload = selectors.screen_data(screen=screen, request=request)
    return _private(JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")}))


@require_GET
def service_worker(request, token: str):
    """The screen's service worker (templates/screen/sw.js): served under the
    screen's address so that its scope is this screen and nothing else."""
    if _screen_or_none(token, request) is None:
        return _not_found()
    return _private(TemplateResponse(request, "screen/sw.js", {}, content_type="text/javascript; charset=utf-8"))


@require_GET
def qr_code(request, token: str, language: str):
    screen = _screen_or_none(token, request)
    if screen is None or language not in screen.language_list():
        return _not_found()
    url = selectors.agenda_urls(languages=[language], request=request, site=screen.site)[language]
    response = HttpResponse(qr.qr_svg(url=url, title=labels_for(language)["qr"]), content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


