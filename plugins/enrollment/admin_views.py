"""Admin for facilitators: the sessions to come, rosters, and offers (a Wagtail ModelViewSet)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.views import generic
from wagtail.log_actions import log
from wagtail.models import Site
from wagtail.permission_policies import ModelPermissionPolicy

from agenda.selectors import activity_upcoming, occurrence_at, occurrences_between
from agenda.services import occurrence_persist

from . import selectors, services
from .forms import OfferForm, RosterForm
from .models import Mode, Offer

DAYS_AHEAD = 14


def index(request):
    if not request.user.has_perm("enrollment.view_enrollment"):
        raise PermissionDenied
    now = timezone.now()
    offers = {o.activity_key: o for o in Offer.objects.all()}
    activities = selectors.activities_by_key()
    occurrences = [occ for occ in occurrences_between(start=now - dt.timedelta(hours=3), end=now + dt.timedelta(days=DAYS_AHEAD),
                                                      request=request) if occ.activity.translation_key in offers]
    places = selectors.places_by_occurrence(occurrences=occurrences)
    return render(request, "enrollment/admin/index.html", {
        "sessions": [(occ, places.get(occ.key)) for occ in occurrences],
        "offers": [(offers[key], activities.get(key)) for key in offers],
        "can_edit": request.user.has_perm("enrollment.change_offer"),
        "can_erase": request.user.has_perm("safespace.manage_participant_data"),
        "days": DAYS_AHEAD,
    })


def _session(request, offer: Offer, stamp: str | None):
    """The activity, the session signed up for (a series: its next one, maybe None) and its stored row."""
    activity = selectors.activities_by_key().get(offer.activity_key)
    if activity is None:
        raise Http404
    if offer.mode == Mode.SERIES:
        return activity, next(iter(activity_upcoming(page=activity, limit=1, request=request)), None), None
    occurrence = occurrence_at(page=activity, stamp=stamp or "", request=request)
    if occurrence is None:
        raise Http404
    return activity, occurrence, occurrence_persist(event=occurrence.event, original_start=occurrence.original_start)


def roster(request, offer_id: int, stamp: str | None = None):
    if not request.user.has_perm("enrollment.view_enrollment"):
        raise PermissionDenied
    offer = get_object_or_404(Offer, pk=offer_id)
    activity, occurrence, row = _session(request, offer, stamp)
    can_change = request.user.has_perm("enrollment.change_enrollment")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    form = RosterForm(request.POST or None, offer=offer) if can_change else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            said = services.roster_act(offer=offer, session=occurrence, row=row, site=Site.find_for_request(request)
                                       or Site.objects.get(is_default_site=True), **form.cleaned_data)
        except services.EnrollmentError as error:
            form.add_error("code" if error.field == "code" else None, error.message)
        else:
            for level, text in said:
                getattr(messages, level)(request, text)
            return redirect(request.path)
    for name, errors in (form.errors.items() if form is not None else ()):
        if name != "code":  # the code's errors show beside its box
            messages.error(request, " ".join(errors))
    context = {
        "offer": offer, "activity": activity, "occurrence": occurrence, "form": form, "can_change": can_change,
        "lists": selectors.roster(offer=offer, occurrence_id=row.pk if row else None),
        "places": selectors.places_for(offer=offer, occurrence=occurrence, session_start=occurrence.start) if occurrence else None,
    }
    template = "enrollment/admin/roster_print.html" if request.GET.get("print") else "enrollment/admin/roster.html"
    return render(request, template, context, status=400 if form is not None and form.errors else 200)


def erase_moved(request):
    """The old address of erasing a code, now Settings → Participant data, for bookmarks."""
    if not request.user.has_perm("safespace.manage_participant_data"):
        raise PermissionDenied
    return redirect("safespace_participant_data")


# --- Offers: Wagtail's ModelViewSet, saved through services.offer_save ---------------------------


class OfferPermissionPolicy(ModelPermissionPolicy):
    """Django's permissions, but no deleting: an offer's sign-ups hang on it; pause it ("Taking sign-ups")."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)


class OfferSave:
    def save_instance(self):
        offer = self.form.save(commit=False)
        created = offer.pk is None
        self.promoted = services.offer_save(offer=offer)
        log(instance=offer, action="wagtail.create" if created else "wagtail.edit", user=self.request.user)
        return offer

    def save_action(self):
        response = redirect("enrollment_admin:index")
        messages.success(self.request, _("Saved."))
        if self.promoted:
            messages.info(self.request, ngettext("%(n)d person moved up from the waiting list.",
                                                 "%(n)d people moved up from the waiting list.",
                                                 len(self.promoted)) % {"n": len(self.promoted)})
        return response

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class OfferCreateView(OfferSave, generic.CreateView):
    def get(self, request, *args, **kwargs):
        if not selectors.offer_activity_choices(offer=Offer()):
            messages.warning(request, _("Every activity already takes sign-ups, or there are no activities yet."))
            return redirect("enrollment_admin:index")
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        activity = self.request.GET.get("activity", "")
        return {"capacity": selectors.activity_places(activity) or 12, "activity": activity}


class OfferEditView(OfferSave, generic.EditView):
    pass


class OfferViewSet(ModelViewSet):
    model = Offer
    icon = "group"
    add_view_class = OfferCreateView
    edit_view_class = OfferEditView
    copy_view_enabled = False
    list_display = ["__str__", "mode", "active"]
    menu_label = gettext_lazy("Sign-up settings")

    def get_form_class(self, for_update=False):
        return OfferForm
