"""Staff belong to spaces: what a user may reach in the admin, space by space.

Pages are scoped by Wagtail's own page permissions, given on each space's
subtree (``services.space_create``). Wagtail has no per-site permissions for
snippets, so rows that belong to a space (a ``site`` key: rooms, closures,
screens, announcements, main menus, footers) are scoped here, in three places:

- the snippet viewsets' querysets (``SpaceScopedViewSetMixin``): the list
  shows the user's spaces' rows only;
- object access: every URL of such a viewset that names an object answers
  404 for an object of another space, whatever the view (edit, delete,
  history, usage, revisions...);
- forms (``SpaceOwnedForm``): the space and every related row offered
  (a screen's rooms, an announcement's screens) come from the user's spaces,
  and a row may only point at rows of its own space.

A user's spaces are those of their groups (``SpaceGroup``). A superuser, or a
member of the "Network administrators" group, reaches every space: the
network's administrators.
"""

from __future__ import annotations

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from django.contrib.admin.utils import unquote

from . import roles

SPACE_FIELD = "site"


def user_is_network(user) -> bool:
    """Whether ``user`` reaches every space (superuser, or in the network administrators' group)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_safespace_network", None)
    if cached is None:
        cached = user.groups.filter(name=roles.NETWORK_ADMINISTRATORS).exists()
        user._safespace_network = cached
    return cached


def user_space_ids(user) -> set[int] | None:
    """The ids of the spaces ``user`` works in; None means every space (the network)."""
    if user_is_network(user):
        return None
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_safespace_spaces", None)
    if cached is None:
        from .models import SpaceGroup

        cached = set(SpaceGroup.objects.filter(group__user=user).values_list("site_id", flat=True))
        user._safespace_spaces = cached
    return cached


def user_spaces(user):
    """The Sites ``user`` works in, as a queryset."""
    from wagtail.models import Site

    ids = user_space_ids(user)
    return Site.objects.all() if ids is None else Site.objects.filter(pk__in=ids)


def space_scope(queryset, user, *, field: str = SPACE_FIELD):
    """``queryset`` narrowed to the rows of ``user``'s spaces."""
    ids = user_space_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def user_may_reach(user, site_id) -> bool:
    ids = user_space_ids(user)
    return ids is None or site_id in ids


def _has_space(model) -> bool:
    try:
        field = model._meta.get_field(SPACE_FIELD)
    except Exception:  # FieldDoesNotExist
        return False
    return getattr(field.remote_field, "model", None) is not None and field.remote_field.model._meta.label == "wagtailcore.Site"


def users_scope(queryset, user):
    """Staff accounts ``user`` may see: those whose every group is of ``user``'s
    spaces, and accounts without a group (new ones; superusers, whom the rule
    on rights in staff.py keeps out of reach)."""
    from django.contrib.auth.models import Group

    ids = user_space_ids(user)
    if ids is None:
        return queryset
    foreign = Group.objects.exclude(space__site_id__in=ids)
    return queryset.exclude(groups__in=foreign)


def groups_scope(queryset, user):
    """The groups of ``user``'s spaces."""
    ids = user_space_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(space__site_id__in=ids)


class SpaceScopedViewSetMixin:
    """For a SnippetViewSet (or ModelViewSet) of a model with a ``site`` key.

    ``space_filter(queryset, user)`` says which rows a user reaches; by
    default the rows of their spaces.
    """

    space_field = SPACE_FIELD

    def space_filter(self, queryset, user):
        return space_scope(queryset, user, field=self.space_field)

    def get_queryset(self, request):
        # Snippet viewsets give this to their index view; a ModelViewSet's index view scopes itself.
        parent = getattr(super(), "get_queryset", None)
        queryset = parent(request) if parent is not None else None
        if queryset is None:
            queryset = self.model._default_manager.all()
        return self.space_filter(queryset, request.user)

    def get_urlpatterns(self):
        return [self._space_guarded(pattern) for pattern in super().get_urlpatterns()]

    def _space_guarded(self, pattern):
        if not isinstance(pattern, URLPattern) or "pk" not in pattern.pattern.regex.groupindex:
            return pattern
        view = pattern.callback
        model, space_filter = self.model, self.space_filter

        @functools.wraps(view)
        def guarded(request, *args, **kwargs):
            try:
                found = space_filter(model._default_manager.filter(pk=unquote(str(kwargs["pk"]))), request.user)
                reachable = found.exists()
            except (ValueError, TypeError, ValidationError):
                reachable = False
            if not reachable:
                raise Http404
            return view(request, *args, **kwargs)

        return URLPattern(pattern.pattern, guarded, pattern.default_args, pattern.name)


class SpaceOwnedForm(WagtailAdminModelForm):
    """The admin form of a row that belongs to a space.

    The space is one of the user's (chosen for them when they have one);
    related rows that belong to spaces are offered from the user's spaces,
    and must be of the row's own space.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        ids = user_space_ids(user) if user is not None else None
        space = self.fields.get(SPACE_FIELD)
        if space is not None:
            space.empty_label = None
            if ids is not None:
                space.queryset = space.queryset.filter(pk__in=ids)
            choices = list(space.queryset.values_list("pk", flat=True)[:2])
            if len(choices) == 1:
                # One space to choose from (a single-space install, or staff of one
                # space): no question to ask, the row is that space's.
                del self.fields[SPACE_FIELD]
                if not self.instance.pk:
                    setattr(self.instance, f"{SPACE_FIELD}_id", choices[0])
        if ids is None:
            return
        for name, field in self.fields.items():
            if name == SPACE_FIELD or not isinstance(field, forms.ModelChoiceField):
                continue
            if _has_space(field.queryset.model):
                field.queryset = field.queryset.filter(**{f"{SPACE_FIELD}__in": ids})

    def clean(self):
        cleaned = super().clean()
        site = cleaned.get(SPACE_FIELD) if SPACE_FIELD in self.fields else None
        site_id = getattr(site, "pk", None) or getattr(self.instance, f"{SPACE_FIELD}_id", None)
        if site_id is None:
            return cleaned
        for name, field in self.fields.items():
            if name == SPACE_FIELD or not isinstance(field, forms.ModelChoiceField):
                continue
            if not _has_space(field.queryset.model):
                continue
            value = cleaned.get(name)
            chosen = list(value) if isinstance(field, forms.ModelMultipleChoiceField) and value is not None else [value]
            if any(obj is not None and getattr(obj, f"{SPACE_FIELD}_id") != site_id for obj in chosen):
                self.add_error(name, _("Choose only what belongs to the same space."))
        return cleaned
