"""Admin views of the resources app: "mark as reviewed", and wagtail-localize's
translation tools kept behind the review by a second person."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Page
from wagtail_localize.views.update_translations import UpdateTranslationsView as LocalizeUpdateTranslationsView

from safespace import publishing

from . import services
from .models import ResourcePage


def _next_url(request, fallback: str) -> str:
    candidate = request.POST.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def mark_reviewed(request, page_id: int):
    """POST: today's date in "last reviewed on", for whoever may edit the resource."""
    page = get_object_or_404(ResourcePage, pk=page_id)
    # Permission before method: people who may not edit learn nothing more than a 403.
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return _mark_reviewed_post(request, page)


@require_POST
def _mark_reviewed_post(request, page):
    from django.urls import reverse

    _revision, published = services.resource_mark_reviewed(resource=page, user=request.user)
    if published:
        message = _("“%(title)s” is marked as reviewed today; the public page shows the new date.")
    else:
        message = _(
            "“%(title)s” is marked as reviewed today in its draft; the date goes live when the draft is published."
        )
    messages.success(request, message % {"title": page.get_admin_display_title()})
    return redirect(_next_url(request, reverse("wagtailadmin_pages:edit", args=[page.pk])))


class UpdateTranslationsView(LocalizeUpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", without "Publish immediately"
    for people whose pages are published after review.

    wagtail-localize checks only ``submit_translation`` here, not the pages'
    ``publish`` permission, so without this view its checkbox would publish
    every translation for anyone who may translate. The sync itself still
    happens; each translation is then sent to review from its translation
    editor.
    """

    template_name = "resources/admin/update_translations.html"

    def needs_review(self) -> bool:
        instance = self.object.get_source_instance()
        return isinstance(instance, Page) and publishing.publishes_after_review(instance, self.request.user)

    def get_form(self):
        form = super().get_form()
        if self.needs_review():
            # Disabled: a posted "on" is ignored; the template says why instead of the checkbox.
            field = form.fields["publish_translations"]
            field.disabled = True
            field.widget = forms.HiddenInput()
        return form

    def form_valid(self, form):
        if self.needs_review() and self.request.POST.get("publish_translations"):
            messages.warning(
                self.request,
                _("The translations were updated but not published: they need a review by a second person."),
            )
        return super().form_valid(form)


def submit_translation_for_review(request, translation, page):
    """The translation editor's "Submit for review" (see wagtail_hooks.submit_translation_for_review)."""
    from wagtail_localize.models import SourceDeletedError

    try:
        services.translation_submit_for_review(translation=translation, user=request.user)
    except (ValidationError, SourceDeletedError) as error:
        detail = "; ".join(error.messages) if isinstance(error, ValidationError) else ""
        messages.error(
            request,
            _("The translation could not be submitted for review. Your translated text is kept. %(detail)s")
            % {"detail": detail},
        )
    else:
        messages.success(
            request,
            _("“%(title)s” in %(language)s is submitted for review; a second person publishes it.")
            % {"title": page.get_admin_display_title(), "language": translation.target_locale.get_display_name()},
        )
    return redirect(request.path)
