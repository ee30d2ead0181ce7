"""Admin-only template tags of the resources app."""

from django import template

register = template.Library()


@register.inclusion_tag("resources/admin/translation_review_bar.html", takes_context=True)
def translation_review_bar(context, page, translation):
    """The translation editor's "Submit for review", for people who may not publish directly."""
    from resources.wagtail_hooks import SUBMIT_TRANSLATION
    from safespace.publishing import publishes_after_review

    request = context["request"]
    shown = publishes_after_review(page, request.user)
    state = page.current_workflow_state if shown else None
    in_review = state is not None and state.status == state.STATUS_IN_PROGRESS
    return {
        "shown": shown,
        "review_actions": _review_actions(page, state, request.user) if in_review else None,
        "action_name": SUBMIT_TRANSLATION,
        "language": translation.target_locale.get_display_name(),
        "state": state,
        "in_review": in_review,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


def _review_actions(page, state, user) -> dict | None:
    """Where a reviewer approves or asks for changes, from the translation editor.

    The dashboard's "Awaiting your review" links a translation to its edit
    view, which wagtail-localize's editor takes over; Wagtail's workflow
    actions live elsewhere, so the reviewer gets them here. The same URLs and
    task rules as Wagtail's own buttons (the person who submitted gets none).
    """
    from django.urls import reverse

    task_state = state.current_task_state
    if task_state is None:
        return None
    names = {name for name, _label, _needs_data in task_state.task.specific.get_actions(page, user)}
    if not {"approve", "reject"} <= names:
        return None

    def url(name):
        return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, name, task_state.pk])

    return {"approve": url("approve"), "reject": url("reject")}
