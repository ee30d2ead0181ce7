"""Demo: service counts switched on, the indicators agreed in assembly, and a
few months of plausible counts, including small ones the public page hides."""

from __future__ import annotations

import collections
import datetime as dt
import random

from django.utils import timezone
from wagtail.models import Site

from plugins.api.services import plugin_enable

from . import services
from .models import Category, Count, Indicator, IndicatorText

AGREED = "assemblea de gener de 2026"
START = dt.date(2026, 1, 1)

# key, category, name {ca, es, en}, unit {ca, es, en}, description {en}, typical per open day, publishable
INDICATORS = [
    ("smoked", Category.CONSUMPTION,
     {"ca": "Sala: consum fumat", "es": "Sala: consumo fumado", "en": "Room: smoked"},
     {"ca": "usos", "es": "usos", "en": "uses"}, 9.0, True),
    ("injected", Category.CONSUMPTION,
     {"ca": "Sala: consum injectat", "es": "Sala: consumo inyectado", "en": "Room: injected"},
     {"ca": "usos", "es": "usos", "en": "uses"}, 4.0, True),
    ("snorted", Category.CONSUMPTION,
     {"ca": "Sala: consum esnifat", "es": "Sala: consumo esnifado", "en": "Room: snorted"},
     {"ca": "usos", "es": "usos", "en": "uses"}, 1.2, True),
    ("swallowed", Category.CONSUMPTION,
     {"ca": "Sala: consum oral", "es": "Sala: consumo oral", "en": "Room: swallowed"},
     {"ca": "usos", "es": "usos", "en": "uses"}, 0.12, True),
    ("legal", Category.ADVICE,
     {"ca": "Assessorament legal", "es": "Asesoría legal", "en": "Legal advice"},
     {"ca": "sessions", "es": "sesiones", "en": "sessions"}, 0.9, True),
    ("kits", Category.SUPPLIES,
     {"ca": "Kits de reducció de danys", "es": "Kits de reducción de daños", "en": "Harm-reduction kits"},
     {"ca": "kits", "es": "kits", "en": "kits"}, 14.0, True),
    ("naloxone", Category.SUPPLIES,
     {"ca": "Kits de naloxona", "es": "Kits de naloxona", "en": "Naloxone kits"},
     {"ca": "kits", "es": "kits", "en": "kits"}, 0.15, True),
    ("meals", Category.BASIC_NEEDS,
     {"ca": "Àpats", "es": "Comidas", "en": "Meals"},
     {"ca": "àpats", "es": "comidas", "en": "meals"}, 22.0, True),
    ("showers", Category.BASIC_NEEDS,
     {"ca": "Dutxes", "es": "Duchas", "en": "Showers"},
     {"ca": "dutxes", "es": "duchas", "en": "showers"}, 6.0, False),
]

DESCRIPTIONS = {
    "smoked": "Each time someone uses the accompanied consumption room to smoke.",
    "injected": "Each time someone uses the accompanied consumption room to inject.",
    "snorted": "Each time someone uses the accompanied consumption room to snort.",
    "swallowed": "Each time someone uses the accompanied consumption room to swallow a substance.",
    "legal": "A session with the legal advisor, whatever its length.",
    "kits": "Each harm-reduction kit handed out (syringes, foil, straws, condoms...).",
    "naloxone": "Each naloxone kit handed out, with the explanation of how to use it.",
    "meals": "Each meal served at lunch or dinner.",
    "showers": "Each shower taken.",
}
DESCRIPTIONS_CA = {
    "smoked": "Cada vegada que algú fa servir la sala de consum acompanyat per fumar.",
    "injected": "Cada vegada que algú fa servir la sala de consum acompanyat per injectar-se.",
    "snorted": "Cada vegada que algú fa servir la sala de consum acompanyat per esnifar.",
    "swallowed": "Cada vegada que algú fa servir la sala de consum acompanyat per consumir per via oral.",
    "legal": "Una sessió amb l'assessora legal, duri el que duri.",
    "kits": "Cada kit de reducció de danys lliurat (xeringues, paper d'alumini, canyetes, preservatius...).",
    "naloxone": "Cada kit de naloxona lliurat, amb l'explicació de com fer-lo servir.",
    "meals": "Cada àpat servit al dinar o al sopar.",
    "showers": "Cada dutxa.",
}
OPEN_HOURS = range(10, 20)  # local time


def _ensure_plugin(site: Site) -> None:
    plugin_enable(site=site, label="servicecounts")


def _indicators() -> dict[str, Indicator]:
    result = {}
    for order, (key, category, name, unit, _rate, publishable) in enumerate(INDICATORS):
        indicator = Indicator.objects.filter(
            texts_key__in=IndicatorText.objects.filter(locale__language_code="en", name=name["en"]).values("translation_key"),
            replaces__isnull=True,
        ).first()
        if indicator is None:
            indicator = services.indicator_create(
                name=name, unit=unit, category=category, publishable=publishable, agreed=AGREED,
                description={"en": DESCRIPTIONS[key], "ca": DESCRIPTIONS_CA[key]},
                active_from=START, active_until=None, order=(order + 1) * 10,
            )
        result[key] = indicator
    return result


def load_demo(*, stdout=None) -> None:
    site = Site.objects.get(is_default_site=True)
    _ensure_plugin(site)
    indicators = _indicators()
    if Count.objects.filter(indicator__in=indicators.values()).exists():
        return
    rng = random.Random(2026)
    today = timezone.localdate()
    day = max(START, today - dt.timedelta(days=150))
    per_hour = collections.Counter()  # one write per hour, as many taps in it add up to
    while day < today:
        open_day = day.weekday() < 5 or (day.weekday() == 5 and rng.random() < 0.5)
        if open_day:
            for key, indicator in indicators.items():
                rate = next(r for k, _c, _n, _u, r, _p in INDICATORS if k == key)
                total = sum(1 for _ in range(int(rate * 3) + 1) if rng.random() < rate / (int(rate * 3) + 1))
                for _ in range(total):
                    hour = timezone.make_aware(dt.datetime.combine(day, dt.time(rng.choice(OPEN_HOURS))))
                    per_hour[indicator.pk, services.hour_bucket(hour)] += 1
        day += dt.timedelta(days=1)
    for (indicator_id, hour), taps in per_hour.items():
        services.count_add(indicator_id=indicator_id, hour=hour, delta=taps)
    if stdout is not None:
        stdout.write(f"  service counts: {len(indicators)} indicators, counts since {max(START, today - dt.timedelta(days=150))}")
