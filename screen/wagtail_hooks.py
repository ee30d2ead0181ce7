"""Screens and announcements in Wagtail's admin, under one "Screens" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from safespace.space_admin import SpaceScopedViewSetMixin

from .models import Announcement, Screen


class ScreenViewSet(SpaceScopedViewSetMixin, SnippetViewSet):
    model = Screen
    icon = "desktop"
    menu_label = _("Screens")
    list_display = ["name", "orientation", "days_ahead", "address"]


class AnnouncementViewSet(SpaceScopedViewSetMixin, SnippetViewSet):
    model = Announcement
    icon = "info-circle"
    menu_label = _("Announcements")
    list_display = ["title", "starts_at", "ends_at"]


class ScreenViewSetGroup(SnippetViewSetGroup):
    items = (ScreenViewSet, AnnouncementViewSet)
    menu_icon = "desktop"
    menu_label = _("Screens")
    menu_name = "screens"


register_snippet(ScreenViewSetGroup)
