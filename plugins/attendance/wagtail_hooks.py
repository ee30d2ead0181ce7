from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from plugins.api.menu import PluginMenuItem
from plugins.api.urls import register_plugin_admin_urls

from . import admin_views, services

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("sheet/<int:activity_id>/<str:stamp>/", admin_views.sheet, name="sheet"),
    path("reports/", admin_views.Reports.as_view(), name="reports"),
    path("reports/csv/", admin_views.reports_csv, name="reports_csv"),
]


register_plugin_admin_urls("attendance", admin_urlpatterns)


@hooks.register("register_admin_menu_item")
def attendance_menu_item():
    return PluginMenuItem(
        _("Attendance"), reverse("attendance_admin:index"), icon_name="tasks", order=265,
        plugin="attendance", permission="attendance.view_sheet",
    )


@hooks.register("register_log_actions")
def attendance_log_actions(actions):
    actions.register_action(services.ACTION_RECORD, _("Attendance recorded"), _("Attendance recorded"))
    actions.register_action(services.ACTION_CLOSE, _("Attendance sheet closed"), _("Attendance sheet closed"))
    actions.register_action(services.ACTION_REOPEN, _("Attendance sheet reopened"), _("Attendance sheet reopened"))
