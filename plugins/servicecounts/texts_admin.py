"""Indicator names in the admin: the doors to a counted indicator's texts answer a refusal with a 400.

The rule itself is the model's (``models.written_changes``, applied by
``IndicatorText.clean`` and ``IndicatorText.meaning_locked``); this module
only turns its refusals into a page that says why, for the three doors Wagtail
and wagtail-localize open on an ``IndicatorText``: the snippet form, the
translation editor's "Publish", and the delete views (one or many at once).
"""

from __future__ import annotations

from django.contrib import messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import EditView

from .models import IndicatorText
from .viewsets import IndicatorTextViewSet


class IndicatorTextEditView(EditView):
    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class IndicatorTextSnippets(IndicatorTextViewSet):
    edit_view_class = IndicatorTextEditView


def publish_refused(request, text) -> TemplateResponse | None:
    """wagtail-localize's "Publish" of a translation that would change a counted indicator's text: its
    editor again, with the reason and a 400, and nothing saved (the translated strings stay as typed).

    wagtail-localize itself would only redirect with a general message (it calls the same ``clean``); other
    validation errors are left to it."""
    if (not isinstance(text, IndicatorText) or request.method != "POST" or request.POST.get("action") != "publish"
            or (translation := text.translation()) is None):
        return None
    changed = translation.source.get_ephemeral_translated_instance(translation.target_locale,
                                                                   fallback=True).meaning_changes()
    if changed:
        from wagtail_localize.views.edit_translation import edit_translation

        fields = ", ".join(str(IndicatorText._meta.get_field(name).verbose_name) for name in changed)
        messages.error(request, _(
            "Not published (%(language)s): this indicator already has counts, so the text already written "
            "(%(fields)s) cannot change. Put the translation back as it was, or make a new version of the indicator."
        ) % {"language": translation.target_locale.get_display_name(), "fields": fields})
        request.method = "GET"  # the editor as it opens, with what the translator typed
        response = edit_translation(request, translation, text)
        response.status_code = 400
        return response
    return None


def delete_refused(request, instances) -> TemplateResponse | None:
    """Deleting a counted indicator's written text (one or several at once) is refused with a 400."""
    locked = [text for text in instances if isinstance(text, IndicatorText) and text.meaning_locked()]
    if not locked:
        return None
    return TemplateResponse(request, "servicecounts/admin/text_locked.html", {"texts": locked}, status=400)
