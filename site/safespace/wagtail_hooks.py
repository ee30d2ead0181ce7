from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, staff, twofactor
from .models import Footer, MainMenu
from .space_admin import SpaceScopedViewSetMixin

twofactor_urls = [
    path("setup/", twofactor.setup, name="setup"),
    path("verify/", twofactor.verify, name="verify"),
    path("recovery/", twofactor.recovery, name="recovery"),
]


@hooks.register("register_admin_urls")
def twofactor_admin_urls():
    return [path("2fa/", include((twofactor_urls, "safespace_2fa"), namespace="safespace_2fa"))]


@hooks.register("register_admin_urls")
def participant_data_urls():
    return [path("participant-data/", admin_views.participant_data, name="safespace_participant_data")]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_settings_menu_item")
def participant_data_menu_item():
    return PermissionMenuItem(
        _("Participant data"), reverse("safespace_participant_data"), icon_name="user", order=900,
        permission=admin_views.PERMISSION,
    )


# Bulk actions on users follow the rule of safespace/staff.py.
hooks.register("before_bulk_action", staff.guard_bulk_user_actions)


@hooks.register("before_serve_page")
def only_the_spaces_languages(page, request, serve_args, serve_kwargs):
    """A page in a language its space does not publish is not served there (safespace/spaces.py)."""
    from django.http import Http404

    from .spaces import locale_code, space_languages

    if locale_code(page.locale_id) not in space_languages(request):
        raise Http404


# Each space's menu and footer (safespace/spaces.py): staff of a space list and edit their space's only.
class MainMenuViewSet(SpaceScopedViewSetMixin, SnippetViewSet):
    model = MainMenu
    icon = "list-ul"
    list_display = ["__str__", "site"]


class FooterViewSet(SpaceScopedViewSetMixin, SnippetViewSet):
    model = Footer
    icon = "doc-empty"
    list_display = ["__str__", "site"]


register_snippet(MainMenuViewSet)
register_snippet(FooterViewSet)
