"""The screen's few words, in each language it can rotate through.

They live here rather than in .po files because a screen shows several
languages at once (the browser switches between them without asking the
server), so every language's words travel in the same response. A language
without its own entry falls back to English.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats, translation
from django.utils.text import capfirst

LABELS: dict[str, dict[str, str]] = {
    "ca": {
        "now": "Ara",
        "next": "Avui, més tard",
        "coming": "Els propers dies",
        "nothing_now": "Ara no hi ha cap activitat.",
        "nothing_next": "Avui no hi ha res més.",
        "nothing_coming": "Res programat.",
        "cancelled": "Anul·lada",
        "moved": "Canvi",
        "was": "abans",
        "places": "places lliures",
        "place": "plaça lliure",
        "full": "Complet",
        "offline": "Sense connexió",
        "updated": "dades de les",
        "qr": "Tota l’agenda al mòbil",
        "announcements": "Avisos",
        "page": "pàgina",
        "today": "Avui",
        "tomorrow": "Demà",
    },
    "es": {
        "now": "Ahora",
        "next": "Hoy, más tarde",
        "coming": "Los próximos días",
        "nothing_now": "Ahora no hay ninguna actividad.",
        "nothing_next": "Hoy no hay nada más.",
        "nothing_coming": "Nada programado.",
        "cancelled": "Anulada",
        "moved": "Cambio",
        "was": "antes",
        "places": "plazas libres",
        "place": "plaza libre",
        "full": "Completo",
        "offline": "Sin conexión",
        "updated": "datos de las",
        "qr": "Toda la agenda en el móvil",
        "announcements": "Avisos",
        "page": "página",
        "today": "Hoy",
        "tomorrow": "Mañana",
    },
    "en": {
        "now": "Now",
        "next": "Later today",
        "coming": "Coming days",
        "nothing_now": "Nothing on right now.",
        "nothing_next": "Nothing else today.",
        "nothing_coming": "Nothing planned.",
        "cancelled": "Cancelled",
        "moved": "Changed",
        "was": "was",
        "places": "places left",
        "place": "place left",
        "full": "Full",
        "offline": "Offline",
        "updated": "data from",
        "qr": "The whole agenda on your phone",
        "announcements": "Notices",
        "page": "page",
        "today": "Today",
        "tomorrow": "Tomorrow",
    },
}


def labels_for(language: str) -> dict[str, str]:
    return LABELS.get(language) or LABELS["en"]


def day_label(day: dt.date, language: str) -> str:
    """"Dimarts 14 d'abril", "Martes 14 de abril", "Tuesday 14 April"."""
    with translation.override(language):
        return capfirst(formats.date_format(day, "WEEKDAY_MONTH_DAY_FORMAT"))
