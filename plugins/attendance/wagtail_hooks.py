from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from plugins.api.menu import register_plugin_menu_item
from plugins.api.urls import register_plugin_admin_urls

from . import admin_views, services

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("sheet/<int:activity_id>/<str:stamp>/", admin_views.sheet, name="sheet"),
    path("reports/", admin_views.Reports.as_view(), name="reports"),
    path("reports/csv/", admin_views.reports_csv, name="reports_csv"),
]


register_plugin_admin_urls("attendance", admin_urlpatterns)


register_plugin_menu_item("attendance", _("Attendance"), "attendance_admin:index", icon_name="tasks", order=265,
                          permission="attendance.view_sheet")


@hooks.register("register_log_actions")
def attendance_log_actions(actions):
    actions.register_action(services.ACTION_RECORD, _("Attendance recorded"), _("Attendance recorded"))
    actions.register_action(services.ACTION_CLOSE, _("Attendance sheet closed"), _("Attendance sheet closed"))
    actions.register_action(services.ACTION_REOPEN, _("Attendance sheet reopened"), _("Attendance sheet reopened"))
