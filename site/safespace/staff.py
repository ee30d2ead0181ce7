"""Staff accounts: who may manage whom, the account page, and signing out.

The rule for managing accounts (Wagtail's users and groups views, and their
bulk actions): nobody grants rights they do not hold, and nobody changes the
credentials of someone who holds rights they lack. "Rights" are everything a
user may do: the superuser flag, model permissions, and page and collection
permissions (a permission on a page or collection covers its subtree).

Wired in through Wagtail's own customisation points: ``apps.UsersConfig``
replaces "wagtail.users" in INSTALLED_APPS and names our user and group
viewsets; wagtail_hooks.py guards the bulk actions on users;
safespace/urls.py puts ``AccountView`` and ``LogoutView`` before Wagtail's.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail import hooks
from wagtail.admin.forms.account import NameEmailForm
from wagtail.admin.views import account as account_views
from wagtail.admin.views import home as home_views
from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import groups as groups_views
from wagtail.users.views import users as users_views

from .space_admin import SpaceScopedViewSetMixin, groups_scope, user_space_ids, users_scope

# --- Rights -------------------------------------------------------------------
# A right is ("model", "app.codename"), ("page", tree path, "app.codename") or
# ("collection", tree path, "app.codename"). A superuser holds everything.

SUPERUSER = ("superuser",)


def _codename(permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def group_rights(groups) -> set[tuple]:
    """The rights that ``groups`` (a queryset of Group) give."""
    rights = {
        ("model", _codename(p))
        for p in Permission.objects.filter(group__in=groups).select_related("content_type").distinct()
    }
    for gpp in GroupPagePermission.objects.filter(group__in=groups).select_related("page", "permission__content_type"):
        rights.add(("page", gpp.page.path, _codename(gpp.permission)))
    for gcp in GroupCollectionPermission.objects.filter(group__in=groups).select_related(
        "collection", "permission__content_type"
    ):
        rights.add(("collection", gcp.collection.path, _codename(gcp.permission)))
    return rights


def user_rights(user) -> set[tuple]:
    """Everything ``user`` may do, active or not (an inactive account can be reactivated)."""
    if user.is_superuser:
        return {SUPERUSER}
    rights = group_rights(Group.objects.filter(user=user))
    rights |= {("model", _codename(p)) for p in user.user_permissions.select_related("content_type")}
    return rights


def missing_rights(held: set[tuple], wanted: set[tuple]) -> set[tuple]:
    """The rights in ``wanted`` that ``held`` does not cover."""
    if SUPERUSER in held:
        return set()
    missing = set()
    for right in wanted:
        if right in held:
            continue
        if right[0] in ("page", "collection"):
            kind, path, codename = right
            if any(h[0] == kind and h[2] == codename and path.startswith(h[1]) for h in held):
                continue
        missing.add(right)
    return missing


def outranks(user, other) -> bool:
    """Whether ``other`` holds a right that ``user`` lacks."""
    return bool(missing_rights(user_rights(user), user_rights(other)))


def grantable_groups(user):
    """The groups of ``user``'s spaces whose every right ``user`` holds."""
    if user.is_superuser:
        return Group.objects.all()
    held = user_rights(user)
    candidates = groups_scope(Group.objects.all(), user)
    pks = [g.pk for g in candidates if not missing_rights(held, group_rights(Group.objects.filter(pk=g.pk)))]
    return Group.objects.filter(pk__in=pks)


def describe(rights: set[tuple]) -> str:
    """A short, readable list of rights, for error messages."""
    names = sorted(
        _("superuser") if right == SUPERUSER else right[-1] + ("" if right[0] == "model" else f" ({right[0]})")
        for right in rights
    )
    return ", ".join(names[:6]) + (" …" if len(names) > 6 else "")


# --- Forms --------------------------------------------------------------------


class OptionalNamesMixin:
    """Our staff need neither a surname nor an e-mail address (Wagtail requires both)."""

    optional_fields = ("first_name", "last_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.optional_fields:
            if name in self.fields:
                self.fields[name].required = False


class GuardedUserFormMixin(OptionalNamesMixin):
    """Only a superuser may use the superuser switch; only roles within your own rights are offered."""

    def __init__(self, *args, editor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editor is None or editor.is_superuser:
            return
        if "is_superuser" in self.fields:
            # Shown, so nobody wonders where it went; a disabled field ignores what is posted.
            self.fields["is_superuser"].disabled = True
            self.fields["is_superuser"].help_text = _("Only a superuser can give or take this.")
        self.fields["groups"].queryset = grantable_groups(editor)


class StaffUserCreationForm(GuardedUserFormMixin, UserCreationForm):
    pass


class StaffUserEditForm(GuardedUserFormMixin, UserEditForm):
    pass


class StaffNameEmailForm(OptionalNamesMixin, NameEmailForm):
    pass


# --- Users and groups ---------------------------------------------------------


class EditorFormMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "editor": self.request.user}


class OutrankedMixin:
    """Refuse to touch an account that holds rights the editor lacks."""

    def dispatch(self, request, *args, **kwargs):
        if outranks(request.user, self.get_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UserCreateView(EditorFormMixin, users_views.CreateView):
    pass


class UserEditView(OutrankedMixin, EditorFormMixin, users_views.EditView):
    pass


class UserDeleteView(OutrankedMixin, users_views.DeleteView):
    pass


class UserIndexView(users_views.IndexView):
    """Staff of the editor's spaces only (safespace/space_admin.py)."""

    def get_base_queryset(self):
        return users_scope(super().get_base_queryset(), self.request.user)


class UserViewSet(SpaceScopedViewSetMixin, users_views.UserViewSet):
    index_view_class = UserIndexView
    add_view_class = UserCreateView
    edit_view_class = UserEditView
    delete_view_class = UserDeleteView

    def space_filter(self, queryset, user):
        return users_scope(queryset, user)

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm


class GroupRightsMixin:
    """A group may be saved only with rights the editor holds.

    The rights come from the group's form and from every permission panel
    (pages, collections, and whatever apps register), so they are checked on
    what was saved, inside a transaction that is rolled back on refusal.
    """

    def process_form(self):
        if self.request.user.is_superuser:
            return super().process_form()
        held = user_rights(self.request.user)
        existing = self.object.pk
        with transaction.atomic():
            response = super().process_form()
            saved = response.status_code in (301, 302) and self.object.pk is not None
            missing = missing_rights(held, group_rights(Group.objects.filter(pk=self.object.pk))) if saved else set()
            if missing:
                transaction.set_rollback(True)
        if not missing:
            return response
        list(messages.get_messages(self.request))  # drops the "saved" message
        self.object = Group.objects.get(pk=existing) if existing else Group()
        self.produced_error_message = _("You cannot give a group rights you do not have yourself: %(rights)s.") % {
            "rights": describe(missing)
        }
        form = self.valid_form
        form.add_error(None, self.produced_error_message)
        return self.form_invalid(form)

    def form_valid(self, form):
        self.valid_form = form
        return super().form_valid(form)


class GroupCreateView(GroupRightsMixin, groups_views.CreateView):
    def save_instance(self):
        # A group made by a space's administrator is a group of their space.
        from .models import SpaceGroup

        instance = super().save_instance()
        ids = user_space_ids(self.request.user)
        if ids:
            SpaceGroup.objects.get_or_create(group=instance, defaults={"site_id": min(ids)})
        return instance


class GroupEditView(GroupRightsMixin, groups_views.EditView):
    pass


class GroupIndexView(groups_views.IndexView):
    """The groups of the editor's spaces only (safespace/space_admin.py)."""

    def get_base_queryset(self):
        return groups_scope(super().get_base_queryset(), self.request.user)


class GroupViewSet(SpaceScopedViewSetMixin, groups_views.GroupViewSet):
    index_view_class = GroupIndexView
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView

    def space_filter(self, queryset, user):
        return groups_scope(queryset, user)


def guard_bulk_user_actions(request, action_type, objects, action_class_instance):
    """Bulk actions on users follow the same rule: no outranking account, no role beyond yours."""
    if action_class_instance.model is not get_user_model() or request.user.is_superuser:
        return None
    held = user_rights(request.user)
    reachable = set(users_scope(get_user_model().objects.filter(pk__in=[u.pk for u in objects]), request.user)
                    .values_list("pk", flat=True))
    refused = any(user.pk not in reachable for user in objects)
    refused = refused or any(missing_rights(held, user_rights(user)) for user in objects)
    if action_type == "assign_role":
        role = action_class_instance.cleaned_form.cleaned_data["role"]
        refused = refused or bool(missing_rights(held, group_rights(Group.objects.filter(pk=role.pk))))
        refused = refused or not groups_scope(Group.objects.filter(pk=role.pk), request.user).exists()
    if refused:
        raise PermissionDenied
    return None


# --- The dashboard, the account page and signing out ------------------------------


class HomeView(home_views.HomeView):
    """Wagtail's dashboard, unless the user has a place of their own to land on.

    Extension point: functions registered with Wagtail's
    ``hooks.register("safespace_admin_landing")`` take the request and return
    the URL where this user should land instead of the dashboard, or None.
    The first URL wins (hooks run in registration order). A plugin uses it
    for staff whose only work is the plugin's, e.g. counters and the tally.
    """

    def get(self, request, *args, **kwargs):
        for landing in hooks.get_hooks("safespace_admin_landing"):
            url = landing(request)
            if url:
                return redirect(url)
        return super().get(request, *args, **kwargs)



class AccountView(account_views.AccountView):
    """Wagtail's account page, where name and e-mail are optional.

    All its panels are saved together, so a required surname kept staff
    without one from choosing their admin language.
    """

    def get_panels(self):
        panels = super().get_panels()
        for panel in panels:
            if isinstance(panel, account_views.NameEmailSettingsPanel):
                panel.form_class = StaffNameEmailForm
        return panels


class LogoutView(account_views.LogoutView):
    """Wagtail's sign-out, by POST only.

    Django answers a GET with 405, but Wagtail's view deletes the session
    cookie on the way out whatever the answer was, while the session stays
    valid on the server: a GET must change nothing.
    """

    http_method_names = ["post", "options"]

    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return HttpResponseNotAllowed(["POST"])
        return super().dispatch(request, *args, **kwargs)


def staff_admin_view(view_class):
    """``view_class`` as Wagtail's admin URLs serve their own views."""
    return never_cache(require_admin_access(view_class.as_view()))
