"""Demo screens: one landscape screen for the whole space rotating through
Catalan, Spanish and English, one portrait screen at the workshop room's
door, and three announcements in three languages. Runs after the agenda's
demo (INSTALLED_APPS order). Loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safespace.addresses import absolute_url
from safespace.demo import DEFAULT_LANGUAGE, locales

SCREENS = [
    # name, orientation, languages, room slugs, days ahead
    ("Entrada", "landscape", ["ca", "es", "en"], [], 3),
    ("Porta del taller", "portrait", ["ca", "es"], ["workshop"], 2),
]

# texts per language, start and end in days from today
ANNOUNCEMENTS = [
    ({
        "ca": ("Revisió de salut gratuïta", "Dijous de 10 a 13 h, amb infermera. Sense cita."),
        "es": ("Revisión de salud gratuita", "Jueves de 10 a 13 h, con enfermera. Sin cita."),
        "en": ("Free health check", "Thursday 10:00–13:00 with a nurse. No appointment."),
    }, -2, 5),
    ({
        "ca": ("Tenim naloxona", "Demana-la a l’equip: és gratuïta i t’ensenyem a fer-la servir."),
        "es": ("Tenemos naloxona", "Pídela al equipo: es gratuita y te enseñamos a usarla."),
        "en": ("We have naloxone", "Ask the team: it is free and we show you how to use it."),
    }, -10, 60),
    ({
        "ca": ("Assemblea extraordinària", "El divendres vinent decidim l’horari d’estiu."),
        "es": ("Asamblea extraordinaria", "El próximo viernes decidimos el horario de verano."),
        "en": ("Extraordinary assembly", "Next Friday we decide the summer opening hours."),
    }, 3, 10),
]


def _announcements(screens) -> None:
    from .models import Announcement

    all_locales = locales()
    today = timezone.localdate()
    for texts, first, last in ANNOUNCEMENTS:
        title, text = texts[DEFAULT_LANGUAGE]
        source = Announcement.objects.filter(locale=all_locales[DEFAULT_LANGUAGE], title=title).first()
        if source is None:
            tz = timezone.get_current_timezone()
            source = Announcement.objects.create(
                locale=all_locales[DEFAULT_LANGUAGE], title=title, text=text,
                starts_at=dt.datetime.combine(today + dt.timedelta(days=first), dt.time(8, 0), tzinfo=tz),
                ends_at=dt.datetime.combine(today + dt.timedelta(days=last), dt.time(21, 0), tzinfo=tz),
            )
        for code, (title, text) in texts.items():
            if code == DEFAULT_LANGUAGE or code not in all_locales:
                continue
            if not Announcement.objects.filter(translation_key=source.translation_key, locale=all_locales[code]).exists():
                translated = source.copy_for_translation(all_locales[code])
                translated.title, translated.text = title, text
                translated.save()


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    from agenda.models import Room

    from .models import Screen

    made = []
    for name, orientation, languages, room_slugs, days in SCREENS:
        screen = Screen.objects.filter(name=name).first()
        if screen is None:
            screen = Screen.objects.create(
                name=name, orientation=orientation, days_ahead=days,
                languages=[code for code in languages if code in dict(settings.LANGUAGES)],
            )
            rooms = Room.objects.filter(slug__in=room_slugs, locale__language_code=DEFAULT_LANGUAGE)
            screen.rooms.set(rooms)
        made.append(screen)
    _announcements(made)
    # The second demo space's screen at its door (safespace.demo's second space).
    from safespace.demo import second_space

    space = second_space()
    if space is not None:
        screen = Screen.objects.filter(name="Espai Violeta", site=space).first()
        if screen is None:
            screen = Screen.objects.create(name="Espai Violeta", site=space, orientation="landscape", days_ahead=3,
                                           languages=[code for code in ("ca", "es") if code in dict(settings.LANGUAGES)])
        made.append(screen)
    if stdout is not None:
        for screen in made:
            stdout.write(f"  screen “{screen.name}” ({screen.orientation}): {absolute_url(screen.get_absolute_url(), site=screen.site)}")
