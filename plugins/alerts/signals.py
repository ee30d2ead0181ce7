"""Receivers of the host's extension points."""

from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.models import Locale

from safespace.signals import page_banners
from screen.signals import screen_notices

from . import selectors
from .models import RANK, Severity


def _locale():
    try:
        return Locale.objects.get_for_language(translation.get_language())
    except Locale.DoesNotExist:
        return None


@receiver(page_banners, dispatch_uid="alerts_page_banners")
def alert_banners(sender, request=None, **kwargs):
    """A banner per current alert, most urgent first; each can be dismissed in the browser."""
    alerts = selectors.alerts_current(now=timezone.now(), locale=_locale())
    if not alerts:
        return None
    return render_to_string("alerts/banner.html", {"alerts": alerts, "index": selectors.alert_index(locale=_locale())},
                            request=request)


def _screen_text(page) -> str:
    found = page.contains.strip().rstrip(".")
    return f"{found}. {page.advice.strip()}" if page.advice.strip() else found


@receiver(screen_notices, dispatch_uid="alerts_screen_notices")
def alert_notices(sender, screen=None, now=None, until=None, languages=(), **kwargs):
    """Every alert on the screen while it is valid; "danger" as the urgent band."""
    from django.conf import settings

    notices = []
    for versions in selectors.alerts_by_language(start_before=until, end_after=now):
        source = versions.get(settings.LANGUAGE_CODE) or min(versions.values(), key=lambda p: p.pk)
        shown = {code: versions.get(code) or source for code in languages}
        labels = {}
        for code in languages:
            with translation.override(code):
                labels[code] = str(Severity(source.severity).label)
        notices.append({
            "id": source.translation_key,
            "rank": RANK.get(source.severity, 0),
            "start": source.valid_from,
            "end": source.valid_until,
            "urgent": source.severity == Severity.DANGER,
            "label": labels,
            "title": {code: page.title for code, page in shown.items()},
            "text": {code: _screen_text(page) for code, page in shown.items()},
        })
    notices.sort(key=lambda n: -n.pop("rank"))
    return notices


def _announce(sender, instance, **kwargs):
    """A newly published current alert goes to the subscribed phones (once per alert)."""
    from django.db import transaction

    from plugins.api.registry import is_enabled

    from . import services
    from .models import AlertPage

    page = instance.specific if not isinstance(instance, AlertPage) else instance
    if not isinstance(page, AlertPage) or not page.is_current() or not is_enabled(page.get_site(), "alerts"):
        return
    transaction.on_commit(lambda: services.alert_push_fanout(page=page))


def _connect_publishing():
    from wagtail.signals import page_published

    from .models import AlertPage

    page_published.connect(_announce, sender=AlertPage, dispatch_uid="alerts_announce_by_push")


_connect_publishing()
