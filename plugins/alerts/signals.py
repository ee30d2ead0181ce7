"""Receivers of the host's extension points."""

from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.models import Locale

from safespace.signals import page_banners

from . import selectors


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
