from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.permissions import register_permission_policy

from plugins.api.menu import register_plugin_menu_item
from plugins.api.urls import register_plugin_admin_urls, register_plugin_viewset

from . import admin_views, services
from .models import Offer

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("roster/<int:offer_id>/series/", admin_views.roster, name="roster_series"),
    path("roster/<int:offer_id>/<str:stamp>/", admin_views.roster, name="roster"),
    path("erase/", admin_views.erase_moved, name="erase_moved"),
]


register_plugin_admin_urls("enrollment", admin_urlpatterns)
register_permission_policy(Offer, services.offer_policy)
# /admin/enrollment/offers/new/, .../edit/<id>/: "enrollment_offers:add", "enrollment_offers:edit"
register_plugin_viewset("enrollment", admin_views.OfferViewSet("enrollment_offers", url_prefix="enrollment/offers"))


register_plugin_menu_item("enrollment", _("Enrollment"), "enrollment_admin:index", icon_name="group", order=260,
                          permission="enrollment.view_enrollment")
