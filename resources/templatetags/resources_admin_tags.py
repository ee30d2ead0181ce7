"""Admin-only template tags of the resources app."""

from django import template

register = template.Library()


@register.inclusion_tag("resources/admin/translation_review_bar.html", takes_context=True)
def translation_review_bar(context, page, translation):
    """The translation editor's "Submit for review", for people who may not publish directly."""
    from resources.admin_views import translation_needs_review
    from resources.wagtail_hooks import SUBMIT_TRANSLATION

    request = context["request"]
    shown = translation_needs_review(page, request.user)
    state = page.current_workflow_state if shown else None
    return {
        "shown": shown,
        "action_name": SUBMIT_TRANSLATION,
        "language": translation.target_locale.get_display_name(),
        "state": state,
        "in_review": state is not None and state.status == state.STATUS_IN_PROGRESS,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
