"""The agenda in Wagtail's admin: its snippets under one "Agenda" menu, and
a warning after saving an activity that overlaps another in the same room."""

from django.contrib import messages
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from django.db.models import Q
from wagtail.models import Locale
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from safespace.space_admin import SpaceScopedViewSetMixin

from . import selectors
from .models import ActivityPage, Category, Closure, Room


class OnePerTranslationIndexView(IndexView):
    """Lists each category, room or closure once, in the default language (its
    translations are one click away in the edit view), instead of once per
    language. With the language filter set, that language's rows."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.request.GET.get("locale"):
            return queryset
        default = Locale.get_default()
        sources = self.model._default_manager.filter(locale=default).values("translation_key")
        return queryset.filter(Q(locale=default) | ~Q(translation_key__in=sources))


class CategoryViewSet(SnippetViewSet):
    model = Category
    index_view_class = OnePerTranslationIndexView
    icon = "tag"
    list_display = ["name", "slug"]
    menu_label = gettext_lazy("Categories")


class RoomViewSet(SpaceScopedViewSetMixin, SnippetViewSet):
    model = Room
    index_view_class = OnePerTranslationIndexView
    icon = "home"
    list_display = ["name", "slug", "directions"]
    menu_label = gettext_lazy("Rooms and places")


class ClosureViewSet(SpaceScopedViewSetMixin, SnippetViewSet):
    model = Closure
    index_view_class = OnePerTranslationIndexView
    icon = "warning"
    list_display = ["start_date", "end_date", "reason"]
    menu_label = gettext_lazy("Closures")


class AgendaViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, RoomViewSet, ClosureViewSet)
    menu_icon = "date"
    menu_label = gettext_lazy("Agenda")
    menu_name = "agenda"


register_snippet(AgendaViewSetGroup)

MAX_LISTED = 5


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "WEEKDAY_MONTH_DAY_TIME_FORMAT")


def _overlap_lines(pairs) -> list[str]:
    """One line per other activity, room and weekly time: a weekly clash is one line, not one per week."""
    groups: dict = {}
    for a, b in pairs:
        local = timezone.localtime(a.start)
        key = (b.activity.translation_key, b.room.translation_key, local.weekday(), local.time())
        groups.setdefault(key, {})[(a.start, b.start)] = (a, b)
    lines = []
    for found in groups.values():
        ordered = [found[k] for k in sorted(found)]
        (a, b), more = ordered[0], len(ordered) - 1
        line = _("%(when)s: %(title)s (%(room)s)") % {"when": _when(a.start), "title": b.title, "room": b.room.name}
        if more:
            line += ngettext(", and %(count)d more session until %(last)s", ", and %(count)d more sessions until %(last)s",
                             more) % {"count": more, "last": _when(ordered[-1][0].start)}
        lines.append(line)
    return lines


def warn_about_overlaps(request, page):
    page = page.specific
    if not isinstance(page, ActivityPage):
        return
    lines = _overlap_lines(selectors.activity_overlaps(page=page))
    if not lines:
        return
    listed = format_html_join("", "<li>{}</li>", ((line,) for line in lines[:MAX_LISTED]))
    hidden = len(lines) - MAX_LISTED
    more = ngettext(" and %(count)s more", " and %(count)s more", hidden) % {"count": hidden} if hidden > 0 else ""
    messages.warning(
        request,
        format_html(
            "{} <ul>{}</ul>{}",
            _("This activity overlaps with another one in the same room:"), listed, more,
        ),
    )


def warn_about_closures(request, page):
    page = page.specific
    if not isinstance(page, ActivityPage):
        return
    for change, closure in selectors.moves_onto_closures(page=page):
        day = formats.date_format(change.new_date, "WEEKDAY_MONTH_DAY_FORMAT")
        original = formats.date_format(change.original_date, "WEEKDAY_MONTH_DAY_FORMAT")
        if closure.reason:
            text = _("The session of %(original)s moves to %(day)s, when the space is closed (%(reason)s): "
                     "it will show as cancelled.") % {"original": original, "day": day, "reason": closure.reason}
        else:
            text = _("The session of %(original)s moves to %(day)s, when the space is closed: "
                     "it will show as cancelled.") % {"original": original, "day": day}
        messages.warning(request, text)


@hooks.register("after_publish_page")
def agenda_overlaps_after_publish(request, page):
    warn_about_overlaps(request, page)


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def agenda_closures_after_save(request, page):
    warn_about_closures(request, page)
