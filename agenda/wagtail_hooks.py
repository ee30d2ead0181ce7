"""The agenda in Wagtail's admin: its snippets under one "Agenda" menu, and
a warning after saving an activity that overlaps another in the same room."""

from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import selectors
from .models import ActivityPage, Category, Closure, Room


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    list_display = ["name", "slug"]
    menu_label = _("Categories")


class RoomViewSet(SnippetViewSet):
    model = Room
    icon = "home"
    list_display = ["name", "slug", "directions"]
    menu_label = _("Rooms and places")


class ClosureViewSet(SnippetViewSet):
    model = Closure
    icon = "warning"
    list_display = ["start_date", "end_date", "reason"]
    menu_label = _("Closures")


class AgendaViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, RoomViewSet, ClosureViewSet)
    menu_icon = "date"
    menu_label = _("Agenda")
    menu_name = "agenda"


register_snippet(AgendaViewSetGroup)

MAX_LISTED = 5


def warn_about_overlaps(request, page):
    page = page.specific
    if not isinstance(page, ActivityPage):
        return
    pairs = selectors.activity_overlaps(page=page)
    if not pairs:
        return
    listed = format_html_join(
        "", "<li>{} {}, {} ({})</li>",
        ((a.start.strftime("%Y-%m-%d"), a.start.strftime("%H:%M"), b.title, b.room.name) for a, b in pairs[:MAX_LISTED]),
    )
    hidden = len(pairs) - MAX_LISTED
    more = ngettext(" and %(count)s more", " and %(count)s more", hidden) % {"count": hidden} if hidden > 0 else ""
    messages.warning(
        request,
        format_html(
            "{} <ul>{}</ul>{}",
            _("This activity overlaps with another one in the same room:"), listed, more,
        ),
    )


@hooks.register("after_publish_page")
def agenda_overlaps_after_publish(request, page):
    warn_about_overlaps(request, page)
