"""Admin for facilitators: the sessions to come, rosters, and offers (a Wagtail ModelViewSet).

The lists come from ``selectors``, what a facilitator does from ``forms.RosterForm`` and
``services.roster_act``, an offer is saved by ``services.offer_save``; access is ``services.policy``.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site

from plugins.api.admin import ServiceSaveMixin, tell

from . import selectors, services
from .forms import OfferForm, RosterForm
from .models import Offer
from .services import offer_policy, policy


@policy.required("view")
def index(request):
    can = {"can_edit": offer_policy.user_has_permission(request.user, "change"),
           "can_erase": policy.user_has_permission(request.user, "erase")}
    return render(request, "enrollment/admin/index.html", {**selectors.facilitator_sessions(request=request), **can})


@policy.required("view")
def roster(request, offer_id: int, stamp: str | None = None):
    offer = get_object_or_404(Offer, pk=offer_id)
    found = selectors.roster_session(offer=offer, stamp=stamp, request=request)
    if found is None:
        raise Http404
    activity, occurrence, row = found
    can_change = policy.user_has_permission(request.user, "change")
    if request.method == "POST":
        policy.require(request.user, "change")
    form = RosterForm(request.POST or None, offer=offer) if can_change else None
    if form is not None and form.is_bound and form.is_valid():
        try:
            tell(request, services.roster_act(offer=offer, session=occurrence, row=row, site=Site.find_for_request(request)
                                              or Site.objects.get(is_default_site=True), **form.cleaned_data))
            return redirect(request.path)
        except services.EnrollmentError as error:
            form.add_error("code" if error.field == "code" else None, error.message)
    if form is not None:
        tell(request, form.said())
    context = {
        "offer": offer, "activity": activity, "occurrence": occurrence, "form": form, "can_change": can_change,
        "lists": selectors.roster(offer=offer, occurrence_id=row.pk if row else None),
        "places": selectors.places_for(offer=offer, occurrence=occurrence, session_start=occurrence.start) if occurrence else None,
    }
    template = "enrollment/admin/roster_print.html" if request.GET.get("print") else "enrollment/admin/roster.html"
    return render(request, template, context, status=400 if form is not None and form.errors else 200)


@policy.required("erase")
def erase_moved(request):
    """The old address of erasing a code, now Settings → Participant data, for bookmarks."""
    return redirect("safespace_participant_data")


# --- Offers: Wagtail's ModelViewSet, saved through services.offer_save ---------------------------


class OfferSave(ServiceSaveMixin):
    success_url_name = "enrollment_admin:index"

    def save_object(self, form):
        offer = form.save(commit=False)
        self.promoted = services.offer_save(offer=offer)
        return offer

    def saved_messages(self):
        said, n = super().saved_messages(), len(self.promoted)
        if n:
            said.append(("info", ngettext("%(n)d person moved up from the waiting list.",
                                          "%(n)d people moved up from the waiting list.", n) % {"n": n}))
        return said


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
