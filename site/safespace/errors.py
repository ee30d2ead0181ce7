"""Errors answered in the form the asker reads: JSON to machines, HTML to people.

- ``json_endpoint`` marks a view whose answers are JSON (the agenda's JSON,
  the screen's data, the tally API). Whatever goes wrong on its way, in the
  view or in a middleware before it, the answer is JSON too.
- ``server_error`` (``handler500``): a database that does not answer is a 503
  ("try again in a minute"), anything else a 500; JSON for JSON endpoints and
  for requests that ask for JSON, the plain 500.html page otherwise.
- ``bad_request`` (``handler400``): the same choice for Django's own 400s
  (an unknown host, a body too large).
- ``error_response`` is for middleware that refuse a request themselves
  (safespace.middleware.RequestGuardMiddleware).
"""

from __future__ import annotations

import functools
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import defaults


def json_endpoint(view):
    """Mark ``view`` as answering JSON, so that its errors are JSON too."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    wrapper.json_endpoint = True
    return wrapper


def wants_json(request) -> bool:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        match = None
    except Exception:  # a path the resolver cannot even read
        match = None
    if match is not None and getattr(match.func, "json_endpoint", False):
        return True
    if request.content_type == "application/json" or request.GET.get("format") == "json":
        return True
    try:
        return request.get_preferred_type(["text/html", "application/json"]) == "application/json"
    except Exception:  # a malformed Accept header
        return False


def error_response(request, message: str, *, status: int) -> HttpResponse:
    """A short answer that needs no database, no template context and no session."""
    if wants_json(request):
        return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    body = (
        '<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n'
        "<body>\n<h1>{title}</h1>\n<p>{message}</p>\n</body></html>\n"
    ).format(language=escape(get_language() or settings.LANGUAGE_CODE),
             title=escape(_("We could not accept this request")), message=escape(message))
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def server_error(request, *args, **kwargs):
    exception = sys.exc_info()[1]
    # Connection refused, lost or timed out: the errors of a database that is not there.
    if isinstance(exception, (OperationalError, InterfaceError)):
        status, message = 503, _("The database is not answering. Try again in a minute.")
    else:
        status, message = 500, _("Something went wrong on our side. Try again in a little while.")
    if wants_json(request):
        response = JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})
    else:
        response = defaults.server_error(request)
        response.status_code = status
    if status == 503:
        response["Retry-After"] = "60"
    return response


def bad_request(request, exception, *args, **kwargs):
    if wants_json(request):
        return JsonResponse({"error": _("This request could not be understood.")}, status=400)
    return defaults.bad_request(request, exception)
