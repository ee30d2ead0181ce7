"""Public views: sign up for a session or series, and cancel with a private link."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.core import is_ratelimited

from agenda.models import ActivityPage
from agenda.selectors import activity_upcoming, occurrence_at
from agenda.services import occurrence_persist

from plugins.api import disclosure

from . import selectors, services
from .forms import EnrolForm
from .models import Enrollment, Mode, Status


def _activity(page_id: int) -> ActivityPage:
    page = get_object_or_404(ActivityPage.objects.live().specific(), pk=page_id)
    return page.localized if page.localized.live else page


def _limited(request) -> bool:
    rate = getattr(settings, "ENROLLMENT_RATE", "20/10m")
    return is_ratelimited(request, group="enrollment.enrol", key="ip", rate=rate, method="POST", increment=True)


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

    places = selectors.places_for(offer=offer, occurrence=occurrence, session_start=occurrence.start)
    context = {"activity": activity, "occurrence": occurrence, "offer": offer, "places": places}
    if occurrence.cancelled:
        return render(request, "enrollment/closed.html", {**context, "reason": _("This session is cancelled.")}, status=410)
    if not disclosure.places_visible(occurrence.start):
        # No places left once it has started: capacity minus places left would be the number signed up.
        context["places"] = None
        return render(request, "enrollment/closed.html",
                      {**context, "reason": _("This session has started: sign-up is closed.")}, status=410)

    if request.method == "POST":
        form = EnrolForm(request.POST)
        if _limited(request):
            form.is_valid()
            form.add_error(None, _("Too many sign-ups from this connection. Wait a few minutes and try again."))
            return render(request, "enrollment/enrol.html", {**context, "form": form}, status=429)
        if form.is_valid():
            try:
                row = None if offer.mode == Mode.SERIES else occurrence_persist(
                    event=occurrence.event, original_start=occurrence.original_start
                )
                enrollment = services.enrollment_create(
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
                return render(
                    request, "enrollment/done.html", {**context, "enrollment": enrollment, "cancel_url": cancel_url}
                )
        return render(request, "enrollment/enrol.html", {**context, "form": form}, status=400)

    form = EnrolForm(initial={"code": services.code_suggest()})
    return render(request, "enrollment/enrol.html", {**context, "form": form})


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
