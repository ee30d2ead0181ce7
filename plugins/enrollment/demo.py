"""Demo: enrollment switched on, with sign-up for a few activities and some codes signed up.

Regulars also held places in the past weeks' sessions, so that rosters (and
the attendance demo, which reads them through the agenda's
``occurrence_roster``) have something to show. Loading twice changes nothing.
"""

import datetime as dt


from django.conf import settings
from django.utils import timezone
from wagtail.models import Site

from agenda.models import ActivityPage
from agenda.selectors import activity_upcoming, occurrences_between
from agenda.services import occurrence_persist
from plugins.api.services import plugin_enable

from . import services
from .models import Enrollment, Mode, Offer

# activity slug (default language), mode, places, codes already signed up for the next session
OFFERS = [
    ("taller-de-costura", Mode.OCCURRENCE, 6, ["menta-koala-27", "lluna-roja", "sol-de-tarda", "perla-12"]),
    ("massatge", Mode.OCCURRENCE, 4, ["brisa-31", "gata-negra", "violeta-8", "canela-44", "mar-blava"]),
    ("escriptura-de-vida", Mode.SERIES, 8, ["pluma-libre", "cometa-19"]),
    ("cuinem-juntes", Mode.OCCURRENCE, 8, []),
]
# activity slug: codes that held a place in every session of the past weeks
PAST = {
    "taller-de-costura": ["menta-koala-27", "lluna-roja", "sol-de-tarda", "perla-12"],
    "cuinem-juntes": ["canela-44", "mar-blava", "nube-jade-15"],
}
WEEKS_BACK = 6


def load_demo(*, stdout=None) -> None:
    site = Site.objects.get(is_default_site=True)
    plugin_enable(site=site, label="enrollment")

    for slug, mode, capacity, codes in OFFERS:
        activity = ActivityPage.objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE).first()
        if activity is None or Offer.objects.filter(activity_key=activity.translation_key).exists():
            continue
        offer = Offer(activity_key=activity.translation_key, mode=mode)
        offer.capacity = capacity  # the activity's "Places": one number for its page and for sign-up
        services.offer_save(offer=offer)
        upcoming = activity_upcoming(page=activity, limit=1)
        if not upcoming or Enrollment.objects.filter(offer=offer).exists():
            continue
        session = upcoming[0]
        row = None if mode == Mode.SERIES else occurrence_persist(event=session.event, original_start=session.original_start)
        for code in codes:
            services.enrollment_create(
                offer=offer, occurrence=row, session_start=session.start, session_end=session.end,
                code=code, by_staff=True,
            )
    _past_places()


def _past_places() -> None:
    now = timezone.now()
    for slug, codes in PAST.items():
        activity = ActivityPage.objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE).first()
        offer = activity and Offer.objects.filter(activity_key=activity.translation_key, mode=Mode.OCCURRENCE).first()
        if offer is None:
            continue
        for occ in occurrences_between(start=now - dt.timedelta(weeks=WEEKS_BACK), end=now,
                                       activity_key=activity.translation_key, include_cancelled=False):
            if occ.end >= now:
                continue
            row = occurrence_persist(event=occ.event, original_start=occ.original_start)
            for code in codes:
                if not Enrollment.objects.filter(offer=offer, occurrence=row, code=code).exists():
                    services.enrollment_create(
                        offer=offer, occurrence=row, session_start=occ.start, session_end=occ.end,
                        code=code, by_staff=True,
                    )
