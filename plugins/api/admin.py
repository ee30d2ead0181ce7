"""Plugin admin views on Wagtail's own classes: who may do what, and saving through a service.

- ``PermissionPolicy(Model, actions={"report": "<label>.view_reports"}, deletable=True)``:
  Wagtail's ``ModelPermissionPolicy`` over the model's Django permissions, plus
  actions named by a permission of their own (any app's). ``deletable=False``
  refuses "delete" to everyone, superusers included: for a model whose rows
  others hang on (pause or retire one instead). Give it to a viewset with
  Wagtail's ``register_permission_policy(Model, policy)``, to a Wagtail view as
  ``permission_policy``, and to a function view as ``@policy.required("action")``
  (403 otherwise); ``policy.require(user, action)`` checks inside a view.
- ``ServiceSaveMixin``: a viewset's create or edit view whose object a service
  saves. The service's refusal is the form's error, a form with errors answers
  400, and a saved object is logged as Wagtail logs it, then the view says what
  happened (``tell``) and goes back to the list.
- ``tell(request, said)``: show a service's ``[(level, text), ...]`` as admin messages.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail.admin.views.generic import CreateView
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy

__all__ = ["PermissionPolicy", "ServiceSaveMixin", "tell"]


class PermissionPolicy(ModelPermissionPolicy):
    """A model's permissions; ``actions`` maps extra action names to a full permission name."""

    def __init__(self, model, *, actions: dict[str, str] | None = None, deletable: bool = True, **kwargs):
        super().__init__(model, **kwargs)
        self.actions = dict(actions or {})
        self.deletable = deletable

    def _get_permission_codename(self, action):
        if action in self.actions:
            return self.actions[action].partition(".")[2]
        return super()._get_permission_codename(action)

    def _get_permission_name(self, action):
        return self.actions.get(action) or super()._get_permission_name(action)

    def user_has_permission(self, user, action):
        return (self.deletable or action != "delete") and super().user_has_permission(user, action)

    def require(self, user, action: str) -> None:
        """PermissionDenied (a 403) unless ``user`` may do ``action``."""
        if not self.user_has_permission(user, action):
            raise PermissionDenied

    def required(self, action: str):
        """A function view's decorator: 403 unless the request's user may do ``action``."""

        def decorator(view):
            @wraps(view)
            def checked(request, *args, **kwargs):
                self.require(request.user, action)
                return view(request, *args, **kwargs)

            return checked

        return decorator


def tell(request, said) -> None:
    """Show what a service said, ``[(level, text), ...]`` with a level of ``django.contrib.messages``."""
    for level, text in said:
        getattr(messages, level)(request, text)


class ServiceSaveMixin:
    """Before Wagtail's ``CreateView`` or ``EditView``: the object is saved by ``save_object(form)``.

    ``refusals``: the service's exceptions (with ``.message``) shown as the form's
    error; ``saved_messages()``: what to say after saving; ``success_url_name``:
    where to go then (the viewset's list by default).
    """

    refusals: tuple[type[Exception], ...] = ()
    success_url_name: str | None = None

    def save_object(self, form):
        raise NotImplementedError

    def saved_messages(self) -> list[tuple[str, str]]:
        return [("success", _("Saved."))]

    def save_instance(self):
        instance = self.save_object(self.form)
        log(instance=instance, action="wagtail.create" if isinstance(self, CreateView) else "wagtail.edit",
            user=self.request.user)
        return instance

    def save_action(self):
        tell(self.request, self.saved_messages())
        return redirect(self.success_url_name or self.index_url_name)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except self.refusals as refusal:
            form.add_error(None, refusal.message)
            return self.form_invalid(form)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response
