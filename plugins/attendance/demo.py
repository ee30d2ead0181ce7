"""Demo: attendance switched on, and sheets for a few past sessions of the demo activities.

Runs after the agenda and enrollment demos: a session's roster comes from
whichever plugin answers the agenda's ``occurrence_roster`` (enrollment's demo
signs regulars up for past sessions). Sessions that already have a sheet are
left alone, so loading twice changes nothing.
"""

import datetime as dt
import random
import uuid

from django.conf import settings
from django.utils import timezone
from wagtail.models import Site

from agenda.models import ActivityPage
from agenda.selectors import occurrences_between
from agenda.services import occurrence_persist
from plugins.api.services import plugin_enable

from . import selectors, services
from .models import Sheet

# activity slug (default language): (codes that come often, typical head count without a code)
ACTIVITIES = {
    "taller-de-costura": (["menta-koala-27", "lluna-roja", "sol-de-tarda", "perla-12", "roca-bosque-40"], 2),
    "cuinem-juntes": (["canela-44", "mar-blava", "nube-jade-15"], 4),
    "ioga-suau": (["brisa-31", "violeta-8", "gata-negra"], 3),
    "assemblea": (["lluna-roja", "perla-12", "canela-44", "brisa-31", "koala-sol-63", "trebol-lila-22"], 6),
}
WEEKS_BACK = 6


def load_demo(*, stdout=None) -> None:
    site = Site.objects.get(is_default_site=True)
    plugin_enable(site=site, label="attendance")

    now = timezone.now()
    rng = random.Random(8)  # the same demo every time
    for slug, (regulars, head_count) in ACTIVITIES.items():
        activity = ActivityPage.objects.filter(slug=slug, locale__language_code=settings.LANGUAGE_CODE).first()
        if activity is None:
            continue
        sessions = [
            o for o in occurrences_between(start=now - dt.timedelta(weeks=WEEKS_BACK), end=now,
                                           activity_key=activity.translation_key, include_cancelled=False)
            if o.end < now
        ]
        for number, occ in enumerate(sessions):
            row = occurrence_persist(event=occ.event, original_start=occ.original_start)
            if Sheet.objects.filter(occurrence=row).exists():
                continue
            roster: dict[str, bool] = {}
            walk_ins = [code for code in regulars if rng.random() < 0.6]
            expected = selectors.roster_for(site=site, occurrence=occ, occurrence_id=row.pk)
            if expected is not None:
                roster = {code: rng.random() < 0.75 for code in expected}
                walk_ins = [code for code in regulars if code not in roster and rng.random() < 0.5]
            sheet = services.sheet_get_or_create(
                occurrence=row, activity_key=activity.translation_key,
                category_key=activity.category.translation_key if activity.category else None,
                session_start=occ.start, session_end=occ.end,
            )
            services.sheet_record(
                sheet=sheet, submission=uuid.uuid4(), version=None, user=None, with_enrollment=expected is not None,
                state=services.SheetState(roster=roster, walk_ins=walk_ins, anonymous=max(0, head_count + rng.randint(-2, 3))),
            )
            if number < len(sessions) - 1:  # the latest stays open, for facilitators to try
                services.sheet_close(sheet=sheet, user=None)
