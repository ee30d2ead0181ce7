from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import user_has_any_page_permission
from wagtail.models import Site
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from plugins.api.menu import register_plugin_menu_item
from plugins.api.registry import is_enabled
from plugins.api.urls import register_plugin_admin_urls, register_plugin_viewset

from . import admin_views, reports, services, texts_admin
from .models import Indicator
from .viewsets import IndicatorViewSet

admin_urlpatterns = [
    path("", admin_views.tally, name="tally"),
    path("taps/", admin_views.taps, name="taps"),
    path("sheet/", admin_views.sheet, name="sheet"),
    path("report/", reports.Report.as_view(), name="report"),
]


register_plugin_admin_urls("servicecounts", admin_urlpatterns)
register_permission_policy(Indicator, services.policy)
# /admin/servicecounts/indicators/: "servicecounts_indicators:index", ":add", ":edit", ":new_version"
register_plugin_viewset("servicecounts", IndicatorViewSet("servicecounts_indicators", url_prefix="servicecounts/indicators"))
register_snippet(texts_admin.IndicatorTextSnippets)


# Before wagtail-localize's own hook (order 0), which opens its editor and publishes from it.
@hooks.register("before_edit_snippet", order=-1)
def counted_text_publish(request, instance):
    return texts_admin.publish_refused(request, instance)


@hooks.register("before_delete_snippet")
def counted_text_delete(request, instances):
    return texts_admin.delete_refused(request, instances)


register_plugin_menu_item("servicecounts", _("Count services"), "servicecounts_admin:tally", icon_name="tablet-alt",
                          order=270, permission="servicecounts.tally")
register_plugin_menu_item("servicecounts", _("Service counts"), "servicecounts_admin:report", icon_name="table",
                          order=271, permission="servicecounts.view_report")


@hooks.register("safespace_admin_landing")
def counters_land_on_the_tally(request):
    """Staff who count services and have no pages to look after start at the tally, not an empty dashboard."""
    user = request.user
    if user.is_superuser or not user.has_perm("servicecounts.tally") or user_has_any_page_permission(user):
        return None
    if not is_enabled(Site.find_for_request(request), "servicecounts"):
        return None
    return reverse("servicecounts_admin:tally")
