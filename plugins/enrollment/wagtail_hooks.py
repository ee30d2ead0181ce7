from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from plugins.api.menu import PluginMenuItem
from plugins.api.urls import register_plugin_admin_urls

from . import admin_views

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("offers/new/", admin_views.offer_edit, name="offer_new"),
    path("offers/<int:offer_id>/", admin_views.offer_edit, name="offer_edit"),
    path("roster/<int:offer_id>/series/", admin_views.roster, name="roster_series"),
    path("roster/<int:offer_id>/<str:stamp>/", admin_views.roster, name="roster"),
    path("erase/", admin_views.erase_moved, name="erase_moved"),
]


register_plugin_admin_urls("enrollment", admin_urlpatterns)


@hooks.register("register_admin_menu_item")
def enrollment_menu_item():
    return PluginMenuItem(
        _("Enrollment"), reverse("enrollment_admin:index"), icon_name="group", order=260,
        plugin="enrollment", permission="enrollment.view_enrollment",
    )
