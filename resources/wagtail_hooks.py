"""Admin: taxonomy snippets, reports (due for review, translation status),
a dashboard panel, "Mark as reviewed", and "Submit for review" in
wagtail-localize's translation editor. Who publishes after review is the
host's rule (safespace.publishing: Communications holds no publish permission)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from safespace import publishing

from . import admin_views, selectors
from .models import Audience, Format, ResourcePage, Substance, Topic, WayOfUse


class _TermViewSet(SnippetViewSet):
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    ordering = ["sort_order", "name"]


def _viewset(term_model, icon_name):
    return type(f"{term_model.__name__}ViewSet", (_TermViewSet,), {"model": term_model, "icon": icon_name})


class LibraryTaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Library taxonomy")
    menu_icon = "tag"
    menu_order = 250
    items = (
        _viewset(Substance, "tag"),
        _viewset(WayOfUse, "tag"),
        _viewset(Topic, "tag"),
        _viewset(Audience, "group"),
        _viewset(Format, "doc-full"),
    )


register_snippet(LibraryTaxonomyGroup)


# --- Reports ----------------------------------------------------------------


class ResourcesDueForReviewView(ReportView):
    """Resources whose review date has passed: check facts, then update "last reviewed"."""

    page_title = _("Resources due for review")
    header_icon = "time"
    results_template_name = "resources/admin/due_for_review_results.html"
    index_url_name = "resources_admin:due_for_review"
    index_results_url_name = "resources_admin:due_for_review_results"
    list_export = ["title", "locale", "last_reviewed_on", "last_reviewed_by", "review_due_on"]
    export_headings = {"locale": _("Language"), "review_due_on": _("Due on")}
    # Without a policy, any_permission_required checks nothing (the matrix test caught it).
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]

    def get_queryset(self):
        return selectors.resources_due_for_review()


class TranslationStatusView(ReportView):
    """Pages of the default language whose translations are missing, drafts or out of date."""

    page_title = _("Translation status")
    header_icon = "site"
    results_template_name = "resources/admin/translation_status_results.html"
    index_url_name = "resources_admin:translation_status"
    index_results_url_name = "resources_admin:translation_status_results"
    paginate_by = 100
    permission_policy = PagePermissionPolicy()
    any_permission_required = ["add", "change", "publish"]

    def get_queryset(self):
        rows = selectors.translation_status()
        if self.request.GET.get("all") != "1":
            rows = [row for row in rows if row.needs_work]
        return rows

    def get_context_data(self, *args, **kwargs):
        from django.conf import settings

        context = super().get_context_data(*args, **kwargs)
        context["languages"] = [(c, n) for c, n in settings.LANGUAGES if c != settings.LANGUAGE_CODE]
        context["show_all"] = self.request.GET.get("all") == "1"
        return context


@hooks.register("register_admin_urls", order=-10)
def register_admin_urls():
    urls = [
        path("<int:page_id>/mark-reviewed/", admin_views.mark_reviewed, name="mark_reviewed"),
        path("due-for-review/", ResourcesDueForReviewView.as_view(), name="due_for_review"),
        path("due-for-review/results/", ResourcesDueForReviewView.as_view(results_only=True), name="due_for_review_results"),
        path("translation-status/", TranslationStatusView.as_view(), name="translation_status"),
        path(
            "translation-status/results/",
            TranslationStatusView.as_view(results_only=True),
            name="translation_status_results",
        ),
    ]
    return [
        path("resources/reports/", (urls, "resources_admin", "resources_admin")),
        # Ahead of wagtail-localize's own view at the same address (this hook runs first).
        path(
            "localize/update/<int:translation_source_id>/",
            admin_views.UpdateTranslationsView.as_view(),
            name="resources_update_translations",
        ),
    ]


class _ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return PagePermissionPolicy().user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_reports_menu_item")
def register_due_for_review_menu_item():
    return _ReportMenuItem(
        _("Resources due for review"), reverse("resources_admin:due_for_review"), icon_name="time", order=700
    )


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return _ReportMenuItem(
        _("Translation status"), reverse("resources_admin:translation_status"), icon_name="site", order=710
    )


class DueForReviewPanel(Component):
    name = "resources_due_for_review"
    template_name = "resources/admin/due_for_review_panel.html"
    order = 150

    def __init__(self, due, soon):
        self.due, self.soon = due, soon

    def get_context_data(self, parent_context):
        return {"due": self.due, "soon": self.soon, "report_url": reverse("resources_admin:due_for_review")}


@hooks.register("construct_homepage_panels")
def add_due_for_review_panel(request, panels):
    if not _ReportMenuItem("", "").is_shown(request):
        return
    due = list(selectors.resources_due_for_review()[:8])
    soon = selectors.resources_due_for_review(within_days=30).count() - selectors.resources_due_for_review().count()
    panels.append(DueForReviewPanel(due, soon))


# --- Translations go through the same review ----------------------------------

SUBMIT_TRANSLATION = "resources-submit-translation"


def _enabled_translation(page):
    from wagtail_localize.models import Translation

    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source", "target_locale")
        .first()
    )


@hooks.register("before_edit_page", order=-10)
def submit_translation_for_review(request, page):
    """wagtail-localize's translation editor takes over the edit view of a
    translated page. It honours the page's ``publish`` permission (no
    "Publish in …" button, and its ``action=publish`` answers
    PermissionDenied), so Communications cannot publish a translation alone;
    but it has no workflow. Our "Submit for review" (in the template
    ``wagtail_localize/admin/edit_translation.html``) posts here, ahead of
    wagtail-localize's own hook, and starts the page's workflow."""
    if request.method != "POST" or SUBMIT_TRANSLATION not in request.POST:
        return None
    if not publishing.publishes_after_review(page, request.user):
        return None
    translation = _enabled_translation(page)
    if translation is None:
        return None
    return admin_views.submit_translation_for_review(request, translation, page)


# --- "Mark as reviewed" -------------------------------------------------------


def _mark_reviewed_button(page, user, next_url=None, priority=55):
    specific_class = page.specific_class
    if specific_class is None or not issubclass(specific_class, ResourcePage):
        return
    if not page.permissions_for_user(user).can_edit():
        return
    attrs = {
        "data-controller": "w-action",
        "data-action": "w-action#post",
        "data-w-action-url-value": reverse("resources_admin:mark_reviewed", args=[page.pk]),
    }
    yield Button(_("Mark as reviewed today"), icon_name="tick", attrs=attrs, priority=priority)


@hooks.register("register_page_header_buttons")
def mark_reviewed_header_button(page, user, view_name=None, next_url=None):
    yield from _mark_reviewed_button(page, user, next_url)


@hooks.register("register_page_listing_more_buttons")
def mark_reviewed_listing_button(page, user, next_url=None):
    yield from _mark_reviewed_button(page, user, next_url)
