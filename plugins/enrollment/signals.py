"""How enrollment answers the agenda's extension points."""

from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse

from agenda.signals import (
    activity_blocks,
    activity_edit_panels,
    occurrence_actions,
    occurrence_extra_data,
    occurrence_places,
    occurrence_rescheduled,
    occurrence_roster,
)

from plugins.api import disclosure

from . import selectors
from .models import Mode


def _enrol_url(activity, occurrence, offer) -> str:
    if offer.mode == Mode.SERIES:
        return reverse("plugins:enrollment:enrol_series", args=[activity.pk])
    return reverse("plugins:enrollment:enrol", args=[activity.pk, occurrence.stamp])


@receiver(occurrence_actions, dispatch_uid="enrollment_occurrence_actions")
def occurrence_box(sender, occurrence, request, **kwargs):
    offer = selectors.offer_for_activity_key(occurrence.activity.translation_key)
    if offer is None or occurrence.cancelled:
        return None
    if not disclosure.places_visible(occurrence.start):
        # After the start, capacity minus places left would be the exact number signed up.
        return render_to_string("enrollment/box_started.html", {"offer": offer}, request=request)
    places = selectors.places_for(offer=offer, occurrence=occurrence, session_start=occurrence.start)
    return render_to_string(
        "enrollment/box.html",
        {"places": places, "offer": offer, "url": _enrol_url(occurrence.activity, occurrence, offer)},
        request=request,
    )


@receiver(activity_blocks, dispatch_uid="enrollment_activity_blocks")
def activity_box(sender, activity, request, **kwargs):
    offer = selectors.offer_for_activity_key(activity.translation_key)
    if offer is None:
        return None
    if offer.mode == Mode.OCCURRENCE:
        return render_to_string("enrollment/box_sessions.html", {"offer": offer}, request=request)
    from agenda.selectors import activity_upcoming

    upcoming = [o for o in activity_upcoming(page=activity, limit=2, request=request) if disclosure.places_visible(o.start)]
    if not upcoming:
        return None
    places = selectors.places_for(offer=offer, occurrence=upcoming[0], session_start=upcoming[0].start)
    return render_to_string(
        "enrollment/box.html",
        {"places": places, "offer": offer, "url": _enrol_url(activity, upcoming[0], offer)},
        request=request,
    )


def _places_for_batch(occurrences, request) -> dict:
    """Places of every occurrence of a response, read once (two queries) and kept on the request."""
    cached = getattr(request, "_enrollment_places", None)
    if cached is not None and cached[0] is occurrences:
        return cached[1]
    places = selectors.places_by_occurrence(occurrences=occurrences)
    if request is not None:
        request._enrollment_places = (occurrences, places)
    return places


def _places_before_start(occurrence, occurrences, request):
    """The session's places, or None once it has started (capacity minus places left
    would then be the exact number signed up) or when it takes no sign-ups."""
    if occurrence.cancelled or not disclosure.places_visible(occurrence.start):
        return None
    return _places_for_batch(occurrences if occurrences is not None else [occurrence], request).get(occurrence.key)


@receiver(occurrence_extra_data, dispatch_uid="enrollment_occurrence_extra_data")
def extra_places(sender, occurrence, occurrences=None, request=None, **kwargs):
    """Places left, for integrations, only before the session starts. Never a code."""
    places = _places_before_start(occurrence, occurrences, request)
    if places is None:
        return None
    return {"capacity": places.capacity, "places_left": places.left, "waiting": places.waiting, "open": places.is_open()}


@receiver(occurrence_places, dispatch_uid="enrollment_occurrence_places")
def places_left(sender, occurrence, occurrences=None, request=None, **kwargs):
    """Places left for the wall screen: two counts, only before the session starts."""
    places = _places_before_start(occurrence, occurrences, request)
    return None if places is None else {"left": places.left, "capacity": places.capacity}


@receiver(occurrence_roster, dispatch_uid="enrollment_occurrence_roster")
def confirmed_roster(sender, occurrence, occurrence_id=None, **kwargs):
    """Who holds a confirmed place, for the attendance sheet (codes only)."""
    return selectors.confirmed_codes(activity_key=occurrence.activity.translation_key, occurrence_id=occurrence_id)


# --- Data rights and retention (core signals, called whatever the switch) ---

from safespace.signals import participant_erase, participant_export, retention_apply  # noqa: E402

from . import services  # noqa: E402
from .models import Enrollment, PrivateLink  # noqa: E402


@receiver(participant_export, dispatch_uid="enrollment_participant_export")
def export_code(sender, code, **kwargs):
    rows = Enrollment.objects.filter(code=code).select_related("offer").order_by("created_at")
    data = {
        "enrollments": [
            {
                "activity": str(e.offer.activity_key),
                "session_start": e.session_start.isoformat(),
                "status": e.status,
                "signed_up_at": e.created_at.isoformat(),
                "contact": e.contact,
            }
            for e in rows
        ]
    } if rows else {}
    # The token itself is not kept (only its hash), so it cannot be exported: only that a link exists.
    links = PrivateLink.objects.filter(code=code).order_by("pk")
    if links:
        data["private_links"] = [
            {"made_at": link.created_at.isoformat(), "replaced_at": link.replaced_at.isoformat() if link.replaced_at else None}
            for link in links
        ]
    return data


@receiver(occurrence_rescheduled, dispatch_uid="enrollment_occurrence_rescheduled")
def follow_rescheduled_session(sender, occurrence, **kwargs):
    return services.enrollments_reschedule(occurrence=occurrence)


@receiver(participant_erase, dispatch_uid="enrollment_participant_erase")
def erase_code(sender, code, **kwargs):
    return services.code_erase(code=code)


@receiver(retention_apply, dispatch_uid="enrollment_retention_apply")
def apply_retention(sender, now, **kwargs):
    return {
        "contacts_forgotten": services.contacts_purge(now=now),
        "enrollments_folded_into_counts": services.enrollments_purge(now=now),
        "private_links_forgotten": services.private_links_purge(now=now),
    }


@receiver(activity_edit_panels, dispatch_uid="enrollment_activity_edit_panels")
def activity_edit_panel(sender, activity, request, **kwargs):
    """Sign-up settings at a glance in the activity's edit form, with a link to change them."""
    if activity.pk is None or not request.user.has_perm("enrollment.view_offer"):
        return None
    from .models import Offer

    offer = Offer.objects.filter(activity_key=activity.translation_key).first()
    return render_to_string(
        "enrollment/admin/edit_panel.html",
        {"offer": offer, "activity": activity, "can_edit": request.user.has_perm("enrollment.change_offer")},
        request=request,
    )
