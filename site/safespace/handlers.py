"""Receivers of Wagtail's signals for every page type of the site."""

from django.dispatch import receiver
from wagtail.signals import page_published

from . import services


@receiver(page_published, dispatch_uid="safespace_translated_slug_on_publish")
def translated_slug_on_publish(sender, instance, revision=None, **kwargs):
    services.page_slug_from_title(page=instance, revision=revision)
