"""plugins.api.admin: the permission policy the plugins' admin views share."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from plugins.api.admin import PermissionPolicy
from plugins.enrollment.models import Offer


def _grant(user, *names):
    for name in names:
        app_label, codename = name.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return type(user).objects.get(pk=user.pk)  # a fresh instance: Django caches permissions per instance


def test_without_delete_nobody_deletes_not_even_a_superuser(superuser, user_factory):
    policy = PermissionPolicy(Offer, deletable=False)
    editor = _grant(user_factory(), "enrollment.change_offer", "enrollment.delete_offer")
    assert policy.user_has_permission(editor, "change") and policy.user_has_permission(superuser, "add")
    assert not policy.user_has_permission(editor, "delete")
    assert not policy.user_has_permission(superuser, "delete")
    assert not policy.user_has_any_permission(editor, ["delete"])
    assert PermissionPolicy(Offer).user_has_permission(editor, "delete")  # deletable by default


def test_actions_name_any_apps_permission(user_factory):
    policy = PermissionPolicy(Offer, actions={"erase": "safespace.manage_participant_data"})
    assert not policy.user_has_permission(user_factory(), "erase")
    assert policy.user_has_permission(_grant(user_factory(), "safespace.manage_participant_data"), "erase")


def test_a_function_view_answers_403_without_the_action(user_factory):
    policy = PermissionPolicy(Offer)

    @policy.required("change")
    def view(request):
        return "answered"

    request = RequestFactory().get("/")
    request.user = user_factory()
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = _grant(request.user, "enrollment.change_offer")
    assert view(request) == "answered"
    assert view.__module__ == __name__  # the guard finds a view's plugin by its module
