"""Admin views for facilitators: sessions, rosters and offers."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Locale

from agenda.models import ActivityPage
from agenda.selectors import occurrence_at, occurrences_between

from . import selectors, services
from .forms import OfferForm, StaffEnrolForm
from .models import Enrollment, Mode, Offer

DAYS_AHEAD = 14


def _require(request, perm: str):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _activities_by_key() -> dict:
    """One ActivityPage per activity, in the default language where it exists."""
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    pages: dict = {}
    for page in ActivityPage.objects.order_by("title"):
        if page.translation_key not in pages or page.locale_id == getattr(default, "pk", None):
            pages[page.translation_key] = page
    return pages


def index(request):
    _require(request, "enrollment.view_enrollment")
    now = timezone.now()
    offers = {o.activity_key: o for o in Offer.objects.all()}
    activities = _activities_by_key()
    occurrences = [
        occ for occ in occurrences_between(start=now - dt.timedelta(hours=3), end=now + dt.timedelta(days=DAYS_AHEAD), request=request)
        if occ.activity.translation_key in offers
    ]
    places = selectors.places_by_occurrence(occurrences=occurrences)
    sessions = [(occ, places.get(occ.key)) for occ in occurrences]
    return render(
        request,
        "enrollment/admin/index.html",
        {
            "sessions": sessions,
            "offers": [(offers[key], activities.get(key)) for key in offers],
            "can_edit": request.user.has_perm("enrollment.change_offer"),
            "can_erase": request.user.has_perm("safespace.manage_participant_data"),
            "days": DAYS_AHEAD,
        },
    )


def _places_of(activity_key: str) -> int | None:
    """The places already on the activity's page, to start the offer from."""
    from agenda.selectors import activity_capacities

    try:
        key = uuid.UUID(activity_key)
    except ValueError:
        return None
    return activity_capacities(keys=[key]).get(key)


def offer_edit(request, offer_id: int | None = None):
    _require(request, "enrollment.change_offer")
    offer = get_object_or_404(Offer, pk=offer_id) if offer_id else Offer()
    activities = _activities_by_key()
    taken = set(Offer.objects.exclude(pk=offer.pk).values_list("activity_key", flat=True))
    choices = [(str(key), page.title) for key, page in activities.items() if key not in taken]
    if offer.pk is None and not choices:
        messages.warning(request, _("Every activity already takes sign-ups, or there are no activities yet."))
        return redirect("enrollment_admin:index")
    initial = None if offer.pk else {"capacity": _places_of(request.GET.get("activity", "")) or 12,
                                     "activity": request.GET.get("activity", "")}
    form = OfferForm(request.POST or None, instance=offer, activity_choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        offer = form.save(commit=False)
        if offer.pk is None:
            offer.activity_key = form.cleaned_data["activity"]
        promoted = services.offer_save(offer=offer)
        messages.success(request, _("Saved."))
        if promoted:
            messages.info(request, ngettext(
                "%(n)d person moved up from the waiting list.", "%(n)d people moved up from the waiting list.", len(promoted),
            ) % {"n": len(promoted)})
        return redirect("enrollment_admin:index")
    return render(request, "enrollment/admin/offer_form.html", {"form": form, "offer": offer}, status=400 if form.errors else 200)


def _session(request, offer: Offer, stamp: str | None):
    activities = _activities_by_key()
    activity = activities.get(offer.activity_key)
    if activity is None:
        raise Http404
    if offer.mode == Mode.SERIES:
        from agenda.selectors import activity_upcoming

        upcoming = activity_upcoming(page=activity, limit=1, request=request)
        occurrence = upcoming[0] if upcoming else None
        return activity, occurrence, None
    occurrence = occurrence_at(page=activity, stamp=stamp or "", request=request)
    if occurrence is None:
        raise Http404
    from agenda.services import occurrence_persist

    return activity, occurrence, occurrence_persist(event=occurrence.event, original_start=occurrence.original_start)


def roster(request, offer_id: int, stamp: str | None = None):
    _require(request, "enrollment.view_enrollment")
    offer = get_object_or_404(Offer, pk=offer_id)
    activity, occurrence, row = _session(request, offer, stamp)
    can_change = request.user.has_perm("enrollment.change_enrollment")
    form = StaffEnrolForm(request.POST or None) if can_change else None

    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "enrol" and form.is_valid():
                if occurrence is None:
                    raise services.EnrollmentError(_("This activity has no sessions coming up."))
                enrollment = services.enrollment_create(
                    offer=offer, occurrence=row, session_start=occurrence.start, session_end=occurrence.end,
                    code=form.cleaned_data["code"], by_staff=True,
                )
                messages.success(request, _("%(code)s is signed up (%(status)s).") % {
                    "code": enrollment.code, "status": enrollment.get_status_display()})
                return redirect(request.path)
            if action == "link":
                # A lost private link cannot be recovered (only its hash is kept): issue a new one,
                # shown once here for the facilitator to hand over. The old one stops working.
                enrollment = get_object_or_404(Enrollment, pk=request.POST.get("enrollment") or 0, offer=offer)
                from wagtail.models import Site

                site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
                token = services.private_link_replace(site=site, code=enrollment.code)
                messages.success(request, _("New private link for %(code)s (shown only once): %(url)s") % {
                    "code": enrollment.code, "url": services.private_link_url(token=token)})
                return redirect(request.path)
            if action in ("cancel", "promote"):
                enrollment = get_object_or_404(Enrollment, pk=request.POST.get("enrollment") or 0, offer=offer)
                if action == "cancel":
                    promoted = services.enrollment_cancel(enrollment=enrollment)
                    messages.success(request, _("%(code)s is cancelled.") % {"code": enrollment.code})
                    if promoted:
                        messages.info(request, _("%(code)s moved up from the waiting list.") % {"code": promoted.code})
                else:
                    services.enrollment_promote(enrollment=enrollment)
                    messages.success(request, _("%(code)s has a place now.") % {"code": enrollment.code})
                return redirect(request.path)
            if action != "enrol":
                messages.error(request, _("Unknown action."))
                return redirect(request.path)
        except services.EnrollmentError as error:
            if form is not None and error.field == "code":
                form.add_error("code", error.message)
            else:
                messages.error(request, error.message)

    lists = selectors.roster(offer=offer, occurrence_id=row.pk if row else None)
    places = selectors.places_for(offer=offer, occurrence=occurrence, session_start=occurrence.start) if occurrence else None
    context = {
        "offer": offer, "activity": activity, "occurrence": occurrence, "lists": lists, "places": places,
        "form": form, "can_change": can_change,
    }
    template = "enrollment/admin/roster_print.html" if request.GET.get("print") else "enrollment/admin/roster.html"
    return render(request, template, context, status=400 if form is not None and form.errors else 200)


def erase_moved(request):
    """The old address of erasing a code, now Settings → Participant data, for bookmarks."""
    from safespace.roles import MANAGE_PARTICIPANT_DATA

    _require(request, MANAGE_PARTICIPANT_DATA)
    return redirect("safespace_participant_data")
