"""Demo: enrollment switched on, with sign-up for a few activities and some codes signed up."""

from django.conf import settings
from wagtail.models import Site

from agenda.models import ActivityPage
from agenda.selectors import activity_upcoming
from agenda.services import occurrence_persist
from plugins.models import SitePlugins

from . import services
from .models import Enrollment, Mode, Offer

# activity slug (default language), mode, places, codes already signed up for the next session
OFFERS = [
    ("taller-de-costura", Mode.OCCURRENCE, 6, ["menta-koala-27", "lluna-roja", "sol-de-tarda", "perla-12"]),
    ("massatge", Mode.OCCURRENCE, 4, ["brisa-31", "gata-negra", "violeta-8", "canela-44", "mar-blava"]),
    ("escriptura-de-vida", Mode.SERIES, 8, ["pluma-libre", "cometa-19"]),
    ("cuinem-juntes", Mode.OCCURRENCE, 8, []),
]


def load_demo(*, stdout=None) -> None:
    site = Site.objects.get(is_default_site=True)
    plugins = SitePlugins.for_site(site)
    if "enrollment" not in plugins.enabled:
        plugins.enabled = sorted({*plugins.enabled, "enrollment"})
        plugins.save()

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
