"""Public views: sign up for a session or series, and cancel with a private link."""

from __future__ import annotations

import functools

import django_ratelimit as ratelimit
from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django_ratelimit.core import is_ratelimited
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Site

from agenda.models import ActivityPage
from agenda.selectors import activity_upcoming, occurrence_at
from agenda.services import occurrence_persist

from plugins.api import disclosure, sites

from . import calendar, selectors, services
from .forms import EnrolForm
from .models import Enrollment, Mode, Status


def _activity(page_id: int) -> ActivityPage:
    """The live activity, in the request's language where it is translated (Wagtail's ``localized``)."""
    page = get_object_or_404(ActivityPage.objects.live().select_related("locale"), pk=page_id)
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        language = None
    # Already in the request's language (the form's own links are): no query for the locale.
    return page if page.locale.language_code == language else page.localized


def _limited(request, *, group: str = "enrollment.enrol", increment: bool = True, method="POST") -> bool:
    rate = settings.ENROLLMENT_RATE
    return is_ratelimited(request, group=group, key="ip", rate=rate, method=method, increment=increment)


def private_page(view):
    """Pages whose address or content holds a token: never cached anywhere, and the
    address never leaves in a Referer header (a link clicked on them would carry it)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        # never_cache: "max-age=0, no-cache, no-store, must-revalidate, private".
        response = never_cache(view)(request, *args, **kwargs)
        response["Referrer-Policy"] = "no-referrer"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


@never_cache
def enrol(request, page_id: int, stamp: str | None = None):
    activity = _activity(page_id)
    offer = selectors.offer_for_activity_key(activity.translation_key)
    if offer is None:
        raise Http404(_("This activity takes no sign-ups."))

    if offer.mode == Mode.SERIES:
        if stamp is not None:
            raise Http404
        upcoming = activity_upcoming(page=activity, limit=1, request=request)
        if not upcoming:
            raise Http404(_("This activity has no sessions coming up."))
        occurrence = upcoming[0]
    else:
        if stamp is None:
            raise Http404
        occurrence = occurrence_at(page=activity, stamp=stamp, request=request)
        if occurrence is None:
            raise Http404(_("There is no session at that time."))

    # Closed and answer pages show no places (after the start they would give the number signed up).
    context = {"activity": activity, "occurrence": occurrence, "offer": offer}
    if occurrence.cancelled:
        return render(request, "enrollment/closed.html", {**context, "reason": _("This session is cancelled.")}, status=410)
    if not disclosure.places_visible(occurrence.start):
        return render(request, "enrollment/closed.html",
                      {**context, "reason": _("This session has started: sign-up is closed.")}, status=410)

    def form_page(form, status=200):
        places = selectors.places_for(offer=offer, occurrence=occurrence, session_start=occurrence.start)
        return render(request, "enrollment/enrol.html", {**context, "places": places, "form": form}, status=status)

    if request.method == "POST":
        form = EnrolForm(request.POST)
        if _limited(request):
            form.is_valid()
            form.add_error(None, _("Too many sign-ups from this connection. Wait a few minutes and try again."))
            return form_page(form, status=429)
        if form.is_valid():
            try:
                # The session's row, as read with it, or made now (its first sign-up).
                row = None if offer.mode == Mode.SERIES else occurrence.row or occurrence_persist(
                    event=occurrence.event, original_start=occurrence.original_start
                )
                # A private page only for a code that has none: never show or replace someone else's.
                enrollment, token = services.signup_create(
                    site=_site(request),
                    offer=offer,
                    occurrence=row,
                    session_start=occurrence.start,
                    session_end=occurrence.end,
                    code=form.cleaned_data["code"],
                    contact=form.cleaned_data["contact"],
                    consent=form.cleaned_data["consent"],
                )
            except services.EnrollmentError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                cancel_url = services.cancel_url(enrollment=enrollment)
                private_url = services.private_link_url(token=token) if token else ""
                response = render(
                    request, "enrollment/done.html",
                    {**context, "enrollment": enrollment, "cancel_url": cancel_url,
                     "private_url": private_url, "qr": _qr(private_url) if private_url else ""},
                )
                # Only here, not on the form: under no-referrer a browser posts with "Origin: null",
                # which the CSRF check refuses.
                response["Referrer-Policy"] = "no-referrer"
                return response
        return form_page(form, status=400)

    return form_page(EnrolForm(initial={"code": services.code_suggest()}))


@never_cache
def cancel(request, token: str):
    enrollment = get_object_or_404(Enrollment.objects.select_related("offer"), token=token)
    activity = ActivityPage.objects.live().filter(translation_key=enrollment.offer.activity_key).first()
    if activity is not None:
        activity = activity.localized
    context = {"enrollment": enrollment, "activity": activity}
    if request.method == "POST" and enrollment.status != Status.CANCELLED:
        services.enrollment_cancel(enrollment=enrollment)
        enrollment.refresh_from_db()
        return render(request, "enrollment/cancelled.html", context)
    if enrollment.status == Status.CANCELLED:
        return render(request, "enrollment/cancelled.html", context)
    return render(request, "enrollment/cancel.html", context)


# --- A code's private page ("my sign-ups"), opened only by its secret token ---


def _site(request) -> Site:
    return Site.find_for_request(request) or Site.objects.get(is_default_site=True)


def _link_or_refusal(request, token: str):
    """(link, None) for a good token; (None, response) for a bad one: a clear 404,
    or a 429 once a connection has tried too many. Misses are counted like sign-ups."""
    group = "enrollment.mine_unknown"
    if _limited(request, group=group, increment=False, method=ratelimit.ALL):
        return None, render(request, "enrollment/mine_unknown.html", {"too_many": True}, status=429)
    link = selectors.private_link_for_token(token)
    if link is None:
        _limited(request, group=group, method=ratelimit.ALL)
        return None, render(request, "enrollment/mine_unknown.html", {}, status=404)
    return link, None


def _activities(keys) -> dict:
    pages = {}
    for page in ActivityPage.objects.live().filter(translation_key__in=set(keys)):
        if page.translation_key not in pages:
            pages[page.translation_key] = page.localized
    return pages


def _code_scope(link):
    """A code's own page covers its space, or every space when the network shares codes."""
    return sites.scope(sites.code_scope(link.site))


def _mine_context(request, link, token: str, **extra) -> dict:
    with _code_scope(link):
        enrollments = selectors.coming_enrollments(code=link.code)
    activities = _activities(e.offer.activity_key for e in enrollments)
    rows = [(e, activities.get(e.offer.activity_key)) for e in enrollments]
    return {"link": link, "token": token, "rows": rows, **extra}


# CSRF: under no-referrer the browser posts these forms with "Origin: null", which Django's
# check refuses. They need no CSRF token: the address holds a 256-bit secret that another
# site cannot know, so it cannot forge the request (whoever knows it can do all this anyway).
@csrf_exempt
@private_page
def mine(request, token: str):
    link, refusal = _link_or_refusal(request, token)
    if refusal:
        return refusal
    if request.method == "POST":
        if _limited(request, group="enrollment.mine"):
            return render(request, "enrollment/mine.html",
                          _mine_context(request, link, token, error=_("Too many changes from this connection. Wait a few minutes and try again.")),
                          status=429)
        action = request.POST.get("action", "")
        if action == "cancel":
            pk = request.POST.get("enrollment", "")
            with _code_scope(link):
                enrollment = Enrollment.objects.filter(pk=int(pk) if pk.isdigit() and len(pk) < 18 else 0, code=link.code).first()
                if enrollment is not None:
                    services.enrollment_cancel(enrollment=enrollment)
            if enrollment is None:
                return render(request, "enrollment/mine.html",
                              _mine_context(request, link, token, error=_("That sign-up is not on this page any more.")), status=400)
            return render(request, "enrollment/mine.html", _mine_context(request, link, token, notice=_("Cancelled. Thank you: someone else can come now.")))
        if action == "replace":
            new_token = services.private_link_replace(site=link.site, code=link.code)
            url = services.private_link_url(token=new_token)
            return render(request, "enrollment/mine_replaced.html", {"url": url, "qr": _qr(url)})
        return render(request, "enrollment/mine.html", _mine_context(request, link, token, error=_("Unknown action.")), status=400)
    return render(request, "enrollment/mine.html", _mine_context(request, link, token))


@private_page
def mine_calendar(request, token: str):
    link, refusal = _link_or_refusal(request, token)
    if refusal:
        return refusal
    with _code_scope(link):
        enrollments = selectors.coming_enrollments(code=link.code)
    activities = _activities(e.offer.activity_key for e in enrollments)
    body = calendar.signups_ics(enrollments=enrollments, activities=activities, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-sign-ups.ics"'
    return response


@csrf_exempt  # see mine()
@private_page
def mine_forget(request, token: str):
    link, refusal = _link_or_refusal(request, token)
    if refusal:
        return refusal
    if request.method == "POST":
        if _limited(request, group="enrollment.mine"):
            return render(request, "enrollment/mine_forget.html", {"token": token, "too_many": True}, status=429)
        if request.POST.get("confirm") != "yes":
            return render(request, "enrollment/mine_forget.html", {"token": token, "unconfirmed": True}, status=400)
        from safespace.services import participant_erase

        with _code_scope(link):
            participant_erase(code=link.code)
        return render(request, "enrollment/mine_forgotten.html", {})
    return render(request, "enrollment/mine_forget.html", {"token": token})


def _qr(url: str):
    from django.utils.safestring import mark_safe

    from screen.qr import qr_svg

    # segno's SVG from our own address: no user text in it, safe to inline (no extra request, no style).
    # quick: drawn once per sign-up (a new token each time), never kept; see qr_svg.
    return mark_safe(qr_svg(url=url, title=_("QR code of your private link"), quick=True).decode())
