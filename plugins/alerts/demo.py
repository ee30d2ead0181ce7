"""Demo: the alerts plugin on, an alerts page in every language, two current
alerts (one "danger", one "caution") and one that has expired, in Catalan,
Spanish and English. The demo screen then shows the danger alert as its band.

Windows are set relative to when the demo is loaded, so a fresh demo always
has current alerts.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from plugins.api.services import plugin_enable
from safespace.demo import DEFAULT_LANGUAGE, default_home, locales, page_in_languages

from .models import AlertIndexPage, AlertPage

INDEX = {
    "ca": {"title": "Alertes", "slug": "alertes", "intro": "Substàncies perilloses que circulen ara, segons els serveis d'anàlisi."},
    "es": {"title": "Alertas", "slug": "alertas", "intro": "Sustancias peligrosas que circulan ahora, según los servicios de análisis."},
    "en": {"title": "Alerts", "slug": "alerts", "intro": "Dangerous substances going around now, according to drug-checking services."},
}

# slug, severity, days (from, until) relative to now, text per language
ALERTS = [
    ("fentanil-heroina", "danger", (-2, 28), {
        "ca": {"title": "Fentanil en heroïna", "sold_as": "heroïna", "contains": "heroïna amb fentanil",
               "advice": "No consumeixis sol. Comença amb molt poca quantitat. Porta naloxona i aprèn a fer-la servir.",
               "seen_where": "Barcelona, Raval"},
        "es": {"title": "Fentanilo en heroína", "sold_as": "heroína", "contains": "heroína con fentanilo",
               "advice": "No consumas solo. Empieza con muy poca cantidad. Lleva naloxona y aprende a usarla.",
               "seen_where": "Barcelona, Raval"},
        "en": {"title": "Fentanyl in heroin", "sold_as": "heroin", "contains": "heroin with fentanyl",
               "advice": "Don't use alone. Start with a very small amount. Carry naloxone and learn to use it.",
               "seen_where": "Barcelona, Raval"},
    }),
    ("pastilles-dosi-alta", "caution", (-5, 25), {
        "ca": {"title": "Pastilles taronja amb molta MDMA", "sold_as": "MDMA (pastilla taronja, logo de corona)",
               "contains": "270 mg d'MDMA per pastilla", "advice": "Pren-ne un quart com a molt i espera dues hores.",
               "seen_where": "Festivals de Catalunya"},
        "es": {"title": "Pastillas naranjas con mucha MDMA", "sold_as": "MDMA (pastilla naranja, logo de corona)",
               "contains": "270 mg de MDMA por pastilla", "advice": "Toma un cuarto como mucho y espera dos horas.",
               "seen_where": "Festivales de Cataluña"},
        "en": {"title": "Orange pills with a lot of MDMA", "sold_as": "MDMA (orange pill, crown logo)",
               "contains": "270 mg of MDMA per pill", "advice": "Take a quarter at most and wait two hours.",
               "seen_where": "Festivals in Catalonia"},
    }),
    ("catinones-mdma", "warning", (-60, -10), {
        "ca": {"title": "Catinones venudes com a MDMA", "sold_as": "MDMA (cristall)", "contains": "3-MMC",
               "advice": "Analitza-ho abans. No barregis.", "seen_where": "Girona"},
        "es": {"title": "Catinonas vendidas como MDMA", "sold_as": "MDMA (cristal)", "contains": "3-MMC",
               "advice": "Analízalo antes. No mezcles.", "seen_where": "Girona"},
        "en": {"title": "Cathinones sold as MDMA", "sold_as": "MDMA (crystal)", "contains": "3-MMC",
               "advice": "Have it tested first. Don't mix.", "seen_where": "Girona"},
    }),
]


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    site = Site.objects.get(is_default_site=True)
    plugin_enable(site=site, label="alerts")

    home = default_home()
    index_fields = {code: {k: v for k, v in f.items() if code != DEFAULT_LANGUAGE or k != "slug"} for code, f in INDEX.items()}
    index = page_in_languages(parent=home, model=AlertIndexPage, slug=INDEX[DEFAULT_LANGUAGE]["slug"], fields=index_fields)
    now = timezone.now().replace(second=0, microsecond=0)
    for slug, severity, (start, end), texts in ALERTS:
        window = {"severity": severity, "source": "Energy Control", "seen_on": (now + dt.timedelta(days=start)).date(),
                  "valid_from": now + dt.timedelta(days=start), "valid_until": now + dt.timedelta(days=end)}
        fields = {code: {**text, **window} for code, text in texts.items()}
        page_in_languages(parent=index[DEFAULT_LANGUAGE], model=AlertPage, slug=slug, fields=fields)
    if stdout is not None:
        stdout.write(f"  alerts: {len(ALERTS)} (2 current, 1 expired)")
